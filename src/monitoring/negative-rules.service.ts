import type { Database } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import { MonitoringErrors } from './monitoring.errors.js'
import { createNegativeRuleRepository, type NegativeRuleEventRow, type NegativeRuleRow } from './negative-rule.repository.js'
import { ALERT_KINDS, type AlertKind, type NegativeCondition } from './monitoring.types.js'

/** Kinds a record can raise; `grade_drop` comes from the evaluation, never from a record. */
export const RECORD_ALERT_KINDS: readonly AlertKind[] = (Object.keys(ALERT_KINDS) as AlertKind[]).filter((k) => k !== 'grade_drop')

/** Most field tests in one rule, and the longest a condition may have to last. */
const MAX_TESTS = 10
const MAX_SUSTAINED_MONTHS = 36

export interface NegativeRuleView {
  itemKey: string
  itemName: string
  kind: AlertKind
  condition: NegativeCondition
  updatedAt: string
  updatedBy: string | null
  /** The Chinese names of the fields the condition tests, by key, from the current catalog (a key it no longer has: absent). */
  fieldNames: Record<string, string>
}

export interface NegativeRuleChange {
  seq: number
  at: string
  changedBy: string
  kind: string
  condition: NegativeCondition
  previousKind: string | null
  previousCondition: NegativeCondition | null
}

export interface NegativeRuleInput {
  kind: string
  condition: { all?: Array<{ field: string; equals?: unknown; absent?: boolean | undefined }> | undefined; sustainedMonths?: number | undefined }
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString()

const rowOf = (r: NegativeRuleRow): Omit<NegativeRuleView, 'fieldNames'> => ({
  itemKey: r.item_key, itemName: r.item_name, kind: r.kind as AlertKind, condition: json<NegativeCondition>(r.condition), updatedAt: iso(r.updated_at), updatedBy: r.updated_by,
})

const changeOf = (r: NegativeRuleEventRow): NegativeRuleChange => ({
  seq: Number(r.seq), at: iso(r.at), changedBy: r.changed_by, kind: r.kind, condition: json<NegativeCondition>(r.condition),
  previousKind: r.previous_kind, previousCondition: r.previous_condition === null ? null : json<NegativeCondition>(r.previous_condition),
})

/**
 * What counts as negative per item (monitoring.negative_rule), for the operator: read, set one item's rule (checked
 * against the catalog: the item and every field it tests must exist, a yes/no field is compared with true or false),
 * and each change's history. Changes take effect with the next change the consumer reads; alerts raised before stay.
 */
export function createNegativeRuleService(deps: { db: Database; catalog: Pick<CatalogService, 'current'>; audit: Pick<AuditService, 'append' | 'appendWithin'>; now?: () => Date }) {
  const { db, catalog, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createNegativeRuleRepository()

  function operatorOnly(p: Principal, write: boolean): void {
    if (p.role === 'operator' || (!write && p.role === 'supervisor')) return
    throw MonitoringErrors.NEGATIVE_RULE_NOT_ALLOWED()
  }

  /** The rule as stored, or NEGATIVE_RULE_INVALID naming the rule's item and the field at fault. */
  function check(itemKey: string, input: NegativeRuleInput): { itemName: string; kind: AlertKind; condition: NegativeCondition } {
    const where = (path: string) => `${itemKey}${path}`
    const resolved = catalog.current().get(itemKey)
    if (!resolved) throw MonitoringErrors.NEGATIVE_RULE_INVALID(itemKey, `目录中没有该信息项 / no such item in the catalog`)
    if (!RECORD_ALERT_KINDS.includes(input.kind as AlertKind)) {
      throw MonitoringErrors.NEGATIVE_RULE_INVALID(where('.kind'), `应为 ${RECORD_ALERT_KINDS.join('、')} 之一 / expected one of ${RECORD_ALERT_KINDS.join(', ')}: ${String(input.kind).slice(0, 40)}`)
    }
    const fields = new Map(resolved.item.fields.map((f) => [f.key, f]))
    const tests = input.condition.all ?? []
    if (tests.length > MAX_TESTS) throw MonitoringErrors.NEGATIVE_RULE_INVALID(where('.condition.all'), `最多 ${MAX_TESTS} 项 / at most ${MAX_TESTS} tests`)
    const all: NonNullable<NegativeCondition['all']> = []
    for (const [i, t] of tests.entries()) {
      const at = where(`.condition.all[${i}]`)
      const field = fields.get(t.field)
      if (!field) throw MonitoringErrors.NEGATIVE_RULE_INVALID(`${at}.field`, `信息项“${resolved.item.name}”没有字段 / item has no field: ${String(t.field).slice(0, 64)}`)
      const hasEquals = t.equals !== undefined
      if (hasEquals === (t.absent === true)) throw MonitoringErrors.NEGATIVE_RULE_INVALID(at, '须且只须给出 equals 或 absent: true 之一 / give exactly one of equals or absent: true')
      if (hasEquals) {
        if (!['boolean', 'number', 'string'].includes(typeof t.equals) || (typeof t.equals === 'string' && t.equals.length > 200) || (typeof t.equals === 'number' && !Number.isFinite(t.equals))) {
          throw MonitoringErrors.NEGATIVE_RULE_INVALID(`${at}.equals`, '应为 true、false、数字或不超过 200 字的文字 / expected true, false, a number or text of at most 200 characters')
        }
        const isBool = typeof t.equals === 'boolean'
        if ((field.type === 'boolean') !== isBool) {
          throw MonitoringErrors.NEGATIVE_RULE_INVALID(`${at}.equals`, field.type === 'boolean' ? `字段 ${field.key} 为是/否，应比较 true 或 false / field ${field.key} is yes/no: compare with true or false` : `字段 ${field.key} 不是是/否字段 / field ${field.key} is not a yes/no field`)
        }
        all.push({ field: field.key, equals: t.equals as string | number | boolean })
      } else all.push({ field: field.key, absent: true })
    }
    const months = input.condition.sustainedMonths
    if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > MAX_SUSTAINED_MONTHS)) {
      throw MonitoringErrors.NEGATIVE_RULE_INVALID(where('.condition.sustainedMonths'), `应为 1 到 ${MAX_SUSTAINED_MONTHS} 的整数 / expected a whole number from 1 to ${MAX_SUSTAINED_MONTHS}`)
    }
    const condition: NegativeCondition = { ...(all.length ? { all } : {}), ...(months !== undefined ? { sustainedMonths: months } : {}) }
    return { itemName: resolved.item.name, kind: input.kind as AlertKind, condition }
  }

  /** A rule as shown: the item's and the tested fields' names as the current catalog has them (people read names, not keys). */
  function viewOf(r: NegativeRuleRow): NegativeRuleView {
    const rule = rowOf(r)
    const item = catalog.current().get(rule.itemKey)?.item
    const fieldNames: Record<string, string> = {}
    for (const t of rule.condition.all ?? []) {
      const name = item?.fields.find((f) => f.key === t.field)?.name
      if (name) fieldNames[t.field] = name
    }
    return { ...rule, itemName: item?.name ?? rule.itemName, fieldNames }
  }

  return {
    async list(p: Principal): Promise<NegativeRuleView[]> {
      operatorOnly(p, false)
      return (await repo.list(db)).map(viewOf)
    },

    /** Sets one item's rule (adds it when the item had none); the change is kept and audited in the same transaction. */
    async put(p: Principal, itemKey: string, input: NegativeRuleInput): Promise<NegativeRuleView> {
      operatorOnly(p, true)
      const rule = check(itemKey, input)
      const at = now()
      return viewOf(await db.transaction(async (tx) => {
        const previous = await repo.forUpdate(tx, itemKey)
        const row = await repo.put(tx, { itemKey, itemName: rule.itemName, kind: rule.kind, condition: rule.condition, at, by: p.username }, previous)
        await audit.appendWithin(tx, {
          actor: actorOf(p), action: 'monitoring.negative_rule.set',
          details: { itemKey, kind: rule.kind, condition: rule.condition, previous: previous ? { kind: previous.kind, condition: json(previous.condition) } : null },
        })
        return row
      }))
    },

    async history(p: Principal, itemKey: string, limit = 50): Promise<NegativeRuleChange[]> {
      operatorOnly(p, false)
      return (await repo.history(db, itemKey, limit)).map(changeOf)
    },
  }
}

export type NegativeRuleService = ReturnType<typeof createNegativeRuleService>

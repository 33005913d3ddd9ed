import { type Database, AppError, DEFAULT_VERIFICATION_LIMITS, type VerificationLimits, beijingAt, beijingDate } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import { RegistryErrors } from '../registry/index.js'
import type { AuditService } from '../audit/index.js'
import { actorOf } from '../audit/index.js'
// Access's modules, not its index: the web app's type check (api-types.ts) reaches this file, and the index brings
// in services whose imports reach the HTTP layer.
import { allowedOrThrow, createAuthorizer, type Authorize } from '../access/index.js'
import { AccessErrors } from '../access/index.js'
import type { Principal } from '../access/index.js'
import type { Grant } from '../access/index.js'
// Not through records' index, which also exports routes: the web app's type check reaches this file (api-types.ts).
import { readSubjectBundle } from '../records/index.js'
import { checkExpression, evaluate, type CheckedExpression, type Expr } from './verification-expression.js'
import { VerificationErrors } from './verification.errors.js'
import { createVerificationRepository, type CutPointRow } from './verification.repository.js'

export const MAX_QUESTIONS = 20

export interface VerificationAnswer {
  id: string
  expression: string
  /** Only true or false: never the values behind it. Unknown (data missing) is false, with `complete: false`. */
  answer: boolean
  complete: boolean
  /** When the hub received the data each referenced item's answer rests on; null where the subject has none. */
  asOf: Record<string, string | null>
  /** Items read whose records are under objection (异议中): the answer rests on data the subject disputes. */
  underObjection: string[]
}

export interface VerificationResult {
  subjectKey: string
  askedAt: string
  answers: VerificationAnswer[]
  grants: Array<{ id: string; mode: string; validUntil: string }>
  audit: { seq: number; hash: string }
}

/** Beijing's calendar date, which months_ago() and days_ago() count from. */

/** Most cut points one field may have: enough for any grading, too few to make a fine ruler. */
export const MAX_CUT_POINTS = 12

/**
 * Every comparison of a restricted number with a literal, anywhere in a question (inside exists/count too):
 * what a binary search would vary.
 */
export function numericThresholds(q: CheckedExpression, isRestricted: (item: string, field: string) => boolean): Array<{ item: string; field: string; value: number }> {
  const out: Array<{ item: string; field: string; value: number }> = []
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case 'compare': {
        for (const [a, b] of [[e.left, e.right], [e.right, e.left]] as const) {
          if (a.kind === 'field' && a.type === 'number' && b.kind === 'literal' && b.type === 'number' && isRestricted(a.item, a.field)) out.push({ item: a.item, field: a.field, value: Number(b.value) })
        }
        walk(e.left)
        walk(e.right)
        return
      }
      case 'not': return walk(e.expr)
      case 'logic': return (walk(e.left), walk(e.right))
      case 'exists':
      case 'count': return e.where ? walk(e.where) : undefined
      default: return undefined
    }
  }
  walk(q.tree)
  return out
}

/**
 * Verification (核验, "可用不可见", 68号文 §十一): an institution asks yes/no questions over a subject's data and gets
 * true or false with the data's as-of dates, never the values. Every question is parsed and checked against the
 * catalog before any data is read. An institution needs a live grant in mode `verify` (or `view`, which is wider)
 * covering each item whose restricted fields a question reads; asking about public fields needs only a login. Every
 * verification is audited, with the questions and the answers given.
 *
 * @example
 * const r = await verifications.verify(bank, '91640100MA76XQ0A8A', { questions: [{ expression: 'not exists(dishonest_judgment_debtor)' }] })
 * r.answers[0] // { answer: true, complete: true, asOf: { dishonest_judgment_debtor: null }, … }
 */
export function createVerificationService(deps: { db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; limits?: VerificationLimits; now?: () => Date
  /** Who may read what (access's one authorisation function); built from the registry's key rule when not given. */
  authorize?: Authorize
}) {
  const { db, catalog, registry, audit } = deps
  const now = deps.now ?? (() => new Date())
  const limits = deps.limits ?? DEFAULT_VERIFICATION_LIMITS
  const repo = createVerificationRepository()
  const authorize = deps.authorize ?? createAuthorizer({ subjectKeyOf: (c) => registry.subjectKeyOf(c) })

  const isRestricted = (item: string, field: string) => catalog.current().get(item)?.item.fields.find((f) => f.key === field)?.sensitivity !== 'public'

  /** An institution compares restricted numbers only with the published cut points; the error lists them. */
  async function requireCutPoints(checked: readonly CheckedExpression[]): Promise<void> {
    const asked = checked.flatMap((q, i) => numericThresholds(q, isRestricted).map((t) => ({ ...t, question: i + 1, expression: q.source })))
    if (asked.length === 0) return
    const published = new Map((await repo.cutPoints(db)).map((c) => [`${c.itemKey}.${c.fieldKey}`, c.points]))
    for (const t of asked) {
      const points = published.get(`${t.item}.${t.field}`) ?? []
      if (!points.includes(t.value)) {
        const allowed = points.length ? points.map(formatPoint).join('、') : '无（该字段不接受数值门槛）'
        throw Object.assign(VerificationErrors.THRESHOLD_NOT_ALLOWED(`${t.item}.${t.field}`, formatPoint(t.value), allowed), { details: { question: t.question, expression: t.expression, allowed: points } })
      }
    }
  }

  /** Spends the institution's question budget for the subject, or refuses; one transaction, so never overspent. */
  async function spendBudget(q: { subjectKey: string; institution: string; grantId: string | null; questions: number; at: Date }): Promise<void> {
    const dayStart = beijingAt(beijingDate(q.at))
    await db.transaction(async (tx) => {
      const used = await repo.asked(tx, { subjectKey: q.subjectKey, institution: q.institution, at: q.at, dayStart, server: db.kind === 'postgres' })
      if (used.minute + q.questions > limits.questionsPerMinute) throw VerificationErrors.RATE_LIMITED(limits.questionsPerMinute)
      if (used.day + q.questions > limits.questionsPerDay) throw VerificationErrors.DAILY_BUDGET_SPENT(limits.questionsPerDay, q.questions, used.day)
      await repo.log(tx, q)
    })
  }

  /** Checks every question; a failure names the question (from 1) in `details`. */
  function checkAll(questions: ReadonlyArray<{ expression: string }>): CheckedExpression[] {
    if (questions.length > MAX_QUESTIONS) throw VerificationErrors.TOO_MANY_QUESTIONS(MAX_QUESTIONS)
    const index = catalog.current()
    return questions.map((q, i) => {
      try {
        return checkExpression(q.expression, index)
      } catch (err) {
        throw Object.assign(err as Error, { details: { question: i + 1, expression: q.expression } })
      }
    })
  }

  /** Items whose reading needs a grant: a restricted field is read, or the item has no public field at all. */
  function needingGrant(checked: readonly CheckedExpression[]): Array<{ itemKey: string; categoryKey: string }> {
    const index = catalog.current()
    const out = new Map<string, string>()
    for (const q of checked) {
      for (const [itemKey, fields] of q.reads) {
        const r = index.get(itemKey)!
        const hasPublic = r.item.fields.some((f) => f.sensitivity === 'public')
        const readsRestricted = [...fields].some((f) => f !== '*' && r.item.fields.find((x) => x.key === f)?.sensitivity !== 'public')
        if (readsRestricted || !hasPublic) out.set(itemKey, r.category.key)
      }
    }
    return [...out].map(([itemKey, categoryKey]) => ({ itemKey, categoryKey }))
  }

  /** What `verify` does, without the audit of refusals. */
  async function answer(p: Principal, code: string, input: { questions: ReadonlyArray<{ id?: string | undefined; expression: string }>; grantId?: string | undefined }): Promise<VerificationResult> {
    const checked = checkAll(input.questions)
    if (p.role === 'institution') await requireCutPoints(checked)
    const subjectKey = registry.subjectKeyOf(code)
    const access = authorize(p, { kind: 'subject-data', use: 'verify', subjectKey, grantId: input.grantId })
    allowedOrThrow(access)
    const itemKeys = [...new Set(checked.flatMap((q) => [...q.reads.keys()]))]
    // Grants and data in one read; the data is looked at only once the grants allow it.
    const bundle = await readSubjectBundle(db, subjectKey, { items: itemKeys, institution: access.institution })
    let used = new Map<string, Grant>()
    if (access.institution !== undefined) {
      const granted = access.withGrants(bundle?.grants ?? [], now(), needingGrant(checked))
      allowedOrThrow(granted)
      used = granted.used
    }
    if (!bundle) throw RegistryErrors.SUBJECT_NOT_FOUND(code)
    const t = now()
    if (p.role === 'institution') {
      const grantId = [...used.values()][0]?.id ?? null
      await spendBudget({ subjectKey, institution: p.organization!, grantId, questions: checked.length, at: t })
    }
    const rows = bundle.records
    const data = new Map<string, Array<Record<string, unknown>>>()
    const asOf = new Map<string, string>()
    const objected = new Set<string>()
    for (const r of rows) {
      if (r.state === 'objected') objected.add(r.item_key)
      const list = data.get(r.item_key) ?? []
      list.push(r.data)
      data.set(r.item_key, list)
      const at = r.received_at
      if (at > (asOf.get(r.item_key) ?? '')) asOf.set(r.item_key, at)
    }
    const today = beijingDate(t)
    const answers: VerificationAnswer[] = checked.map((q, i) => {
      const truth = evaluate(q, data, today)
      return {
        id: input.questions[i]!.id ?? String(i + 1),
        expression: q.source,
        answer: truth === true,
        complete: truth !== null,
        asOf: Object.fromEntries([...q.reads.keys()].map((k) => [k, asOf.get(k) ?? null])),
        underObjection: [...q.reads.keys()].filter((k) => objected.has(k)),
      }
    })
    const grantsUsed = [...new Map([...used.values()].map((g) => [g.id, g])).values()]
    const e = await audit.append({
      actor: actorOf(p),
      action: 'verification.run',
      subjectKey,
      items: itemKeys,
      fields: checked.flatMap((q) => [...q.reads].flatMap(([item, fs]) => [...fs].map((f) => `${item}.${f}`))),
      grantId: grantsUsed[0]?.id ?? null,
      purpose: grantsUsed[0]?.purpose ?? access.purpose,
      details: { questions: answers.map((a) => ({ id: a.id, expression: a.expression, answer: a.answer, complete: a.complete })), ...(grantsUsed.length > 1 ? { grants: grantsUsed.map((g) => g.id) } : {}) },
    })
    return {
      subjectKey,
      askedAt: t.toISOString(),
      answers,
      grants: grantsUsed.map((g) => ({ id: g.id, mode: g.mode, validUntil: g.validUntil.toISOString() })),
      audit: { seq: e.seq, hash: e.hash },
    }
  }

  return {
    /** The published cut points, with the fields' names, for institutions writing questions and the operator. */
    async cutPoints(): Promise<Array<CutPointRow & { itemName: string; fieldName: string }>> {
      const index = catalog.current()
      return (await repo.cutPoints(db)).map((c) => {
        const r = index.get(c.itemKey)
        return { ...c, itemName: r?.item.name ?? c.itemKey, fieldName: r?.item.fields.find((f) => f.key === c.fieldKey)?.name ?? c.fieldKey }
      })
    },

    /**
     * The operator publishes the cut points of a restricted numeric field (an empty list withdraws them: the field
     * then takes no threshold). Audited in the same transaction.
     */
    async setCutPoints(p: Principal, itemKey: string, fieldKey: string, points: readonly number[]): Promise<void> {
      if (p.role !== 'operator') throw AccessErrors.FORBIDDEN(p.role)
      const r = catalog.current().get(itemKey)
      if (!r) throw VerificationErrors.UNKNOWN_ITEM(itemKey)
      const f = r.item.fields.find((x) => x.key === fieldKey)
      if (!f) throw VerificationErrors.UNKNOWN_FIELD(itemKey, fieldKey)
      if (!['integer', 'decimal', 'money'].includes(f.type) || f.sensitivity === 'public') throw VerificationErrors.CUT_POINTS_INVALID(`${itemKey}.${fieldKey} 不是受限的数值字段`)
      if (points.length > MAX_CUT_POINTS) throw VerificationErrors.CUT_POINTS_INVALID(`最多 ${MAX_CUT_POINTS} 个`)
      if (points.some((n) => !Number.isFinite(n))) throw VerificationErrors.CUT_POINTS_INVALID('须为数值')
      const sorted = [...new Set(points)].sort((a, b) => a - b)
      await db.transaction(async (tx) => {
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'verification.cut_points', details: { item: itemKey, field: fieldKey, points: sorted } })
        await repo.setCutPoints(tx, itemKey, fieldKey, sorted, p.username)
      })
    },

    /**
     * Validates questions without running them (for forms that help write them); for an institution, the
     * thresholds too, so a form learns the allowed cut points before it asks. Reads no data, audits nothing.
     */
    async check(p: Principal, questions: ReadonlyArray<{ expression: string }>): Promise<Array<{ items: string[]; fields: string[] }>> {
      const checked = checkAll(questions)
      if (p.role === 'institution') await requireCutPoints(checked)
      return checked.map((q) => ({ items: [...q.reads.keys()], fields: [...q.reads].flatMap(([i, fs]) => [...fs].filter((f) => f !== '*').map((f) => `${i}.${f}`)) }))
    },

    /**
     * Answers an institution's, the subject's own or the operator's questions. Every call is audited, a refused
     * one too (with the refusal's code), so that probing shows in the log.
     */
    async verify(p: Principal, code: string, input: { questions: ReadonlyArray<{ id?: string | undefined; expression: string }>; grantId?: string | undefined }): Promise<VerificationResult> {
      try {
        return await answer(p, code, input)
      } catch (err) {
        if (err instanceof AppError) {
          let subjectKey: string | null = null
          try {
            subjectKey = registry.subjectKeyOf(code)
          } catch {
            /* a code that is not one: logged without a subject */
          }
          await audit.append({
            actor: actorOf(p), action: 'verification.run', subjectKey, grantId: input.grantId ?? null,
            details: { refused: err.code, questions: input.questions.map((q, i) => ({ id: q.id ?? String(i + 1), expression: q.expression })) },
          })
        }
        throw err
      }
    },
  }
}

/** 1000000 → 100万, as people write thresholds. */
function formatPoint(n: number): string {
  if (n !== 0 && n % 1e8 === 0) return `${n / 1e8}亿`
  if (n !== 0 && n % 1e4 === 0) return `${n / 1e4}万`
  return String(n)
}

export type VerificationService = ReturnType<typeof createVerificationService>

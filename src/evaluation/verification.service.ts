import type { Database } from '../core/db/database.js'
import type { CatalogService } from '../catalog/catalog.service.js'
import type { RegistryService } from '../registry/registry.service.js'
import { RegistryErrors } from '../registry/registry.errors.js'
import type { AuditService } from '../audit/audit.service.js'
import { actorOf } from '../audit/audit.types.js'
import type { Principal } from '../access/access.types.js'
import { AccessErrors } from '../access/access.errors.js'
import { grantOf } from '../access/grant.repository.js'
import { coverageOf, requireCoverage } from '../access/grant-coverage.js'
import { MODES_FOR, type Grant } from '../access/grant.types.js'
import { createProfileRepository } from '../records/profile.repository.js'
import { checkExpression, evaluate, type CheckedExpression } from './verification-expression.js'
import { EvaluationErrors } from './evaluation.errors.js'

export const MAX_QUESTIONS = 20

export interface VerificationAnswer {
  id: string
  expression: string
  /** Only true or false: never the values behind it. Unknown (data missing) is false, with `complete: false`. */
  answer: boolean
  complete: boolean
  /** When the hub received the data each referenced item's answer rests on; null where the subject has none. */
  asOf: Record<string, string | null>
}

export interface VerificationResult {
  subjectKey: string
  askedAt: string
  answers: VerificationAnswer[]
  grants: Array<{ id: string; mode: string; validUntil: string }>
  audit: { seq: number; hash: string }
}

/** Beijing's calendar date, which months_ago() and days_ago() count from. */
const beijingDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

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
export function createVerificationService(deps: { db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; now?: () => Date }) {
  const { db, catalog, registry, audit } = deps
  const now = deps.now ?? (() => new Date())
  const records = createProfileRepository()

  /** Checks every question; a failure names the question (from 1) in `details`. */
  function checkAll(questions: ReadonlyArray<{ expression: string }>): CheckedExpression[] {
    if (questions.length > MAX_QUESTIONS) throw EvaluationErrors.TOO_MANY_QUESTIONS(MAX_QUESTIONS)
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

  return {
    /** Validates questions without running them (for forms that help write them). */
    check(questions: ReadonlyArray<{ expression: string }>): Array<{ items: string[]; fields: string[] }> {
      return checkAll(questions).map((q) => ({ items: [...q.reads.keys()], fields: [...q.reads].flatMap(([i, fs]) => [...fs].filter((f) => f !== '*').map((f) => `${i}.${f}`)) }))
    },

    async verify(p: Principal, code: string, input: { questions: ReadonlyArray<{ id?: string | undefined; expression: string }>; grantId?: string | undefined }): Promise<VerificationResult> {
      const checked = checkAll(input.questions)
      const subjectKey = registry.subjectKeyOf(code)
      if (p.role === 'enterprise' && (!p.organization || registry.subjectKeyOf(p.organization) !== subjectKey)) throw AccessErrors.NOT_YOUR_DATA()
      if (p.role !== 'enterprise' && p.role !== 'operator' && p.role !== 'institution') throw AccessErrors.FORBIDDEN(p.role)
      if (p.role === 'institution' && !p.organization) throw AccessErrors.NOT_YOUR_DATA()
      const itemKeys = [...new Set(checked.flatMap((q) => [...q.reads.keys()]))]
      // Grants and data in one read; the data is looked at only once the grants allow it.
      const bundle = await records.bundle(db, subjectKey, { items: itemKeys, institution: p.role === 'institution' ? p.organization! : undefined })
      let used = new Map<string, Grant>()
      if (p.role === 'institution') {
        const t = now()
        const coverage = coverageOf((bundle?.grants ?? []).map((g) => grantOf(g, t)), MODES_FOR.verify, { grantId: input.grantId })
        used = requireCoverage(coverage, needingGrant(checked), 'verify / 核验')
      }
      if (!bundle) throw RegistryErrors.SUBJECT_NOT_FOUND(code)
      const rows = bundle.records
      const data = new Map<string, Array<Record<string, unknown>>>()
      const asOf = new Map<string, string>()
      for (const r of rows) {
        const list = data.get(r.item_key) ?? []
        list.push(r.data)
        data.set(r.item_key, list)
        const at = r.received_at
        if (at > (asOf.get(r.item_key) ?? '')) asOf.set(r.item_key, at)
      }
      const t = now()
      const today = beijingDate(t)
      const answers: VerificationAnswer[] = checked.map((q, i) => {
        const truth = evaluate(q, data, today)
        return {
          id: input.questions[i]!.id ?? String(i + 1),
          expression: q.source,
          answer: truth === true,
          complete: truth !== null,
          asOf: Object.fromEntries([...q.reads.keys()].map((k) => [k, asOf.get(k) ?? null])),
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
        purpose: grantsUsed[0]?.purpose ?? (p.role === 'enterprise' ? '信用主体自查' : p.role === 'operator' ? '数据中心运营管理' : '融资'),
        details: { questions: answers.map((a) => ({ id: a.id, expression: a.expression, answer: a.answer, complete: a.complete })), ...(grantsUsed.length > 1 ? { grants: grantsUsed.map((g) => g.id) } : {}) },
      })
      return {
        subjectKey,
        askedAt: t.toISOString(),
        answers,
        grants: grantsUsed.map((g) => ({ id: g.id, mode: g.mode, validUntil: g.validUntil.toISOString() })),
        audit: { seq: e.seq, hash: e.hash },
      }
    },
  }
}

export type VerificationService = ReturnType<typeof createVerificationService>

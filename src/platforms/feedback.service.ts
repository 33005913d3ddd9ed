import { beijingDate } from '../core/index.js'
import { sm3 } from '../core/index.js'
import { AppError } from '../core/index.js'
import type { Database } from '../core/index.js'
import type { Principal } from '../access/index.js'
import { actorOf, canonicalJson, type AuditService } from '../audit/index.js'
import { validateIdNumber, validateUscc } from '../registry/index.js'
import { platformOf } from './feed.service.js'
import { FeedbackRowErrors, PlatformErrors } from './platforms.errors.js'
import { createPlatformsRepository, receiptOf, type FeedbackRowRecord } from './platforms.repository.js'
import type { FeedbackInput, FeedbackReceipt, FeedbackRowError } from './platforms.types.js'

/** Rows one usage report may hold (XINSHU_FEEDBACK_MAX_ROWS). */
export const DEFAULT_FEEDBACK_MAX_ROWS = 5000

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** Whether `d` is a real calendar date written YYYY-MM-DD. */
export const realDate = (d: string) => ISO_DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d

/**
 * The platforms' reports of how they used the shared data (§七 反馈): queries, matches and loans per subject and day
 * (or per day for the platform as a whole). A report is taken whole or not at all: every refused row is named with
 * its row number, field and reason, so the platform fixes them all at once. Reports are idempotent by the
 * platform's own id: the same report sent twice is stored once and answered with the same receipt; the same id
 * with other content is refused, so a retry can never double the figures and an id can never be reused by mistake.
 *
 * @example
 * await feedback.submit(platform, { id: '2026-12-04-1', rows: [{ subject: '91640100MA76XQ0A8A', date: '2026-12-04', queries: 3, matches: 1, loans: 1, loanAmountFen: 50_000_000 }] })
 */
export function createFeedbackService(deps: { db: Database; audit: AuditService; subjectKeyOf: (code: string) => string; maxRows?: number; now?: () => Date }) {
  const { db, audit } = deps
  const maxRows = deps.maxRows ?? DEFAULT_FEEDBACK_MAX_ROWS
  const now = deps.now ?? (() => new Date())
  const repo = createPlatformsRepository()

  /** The rows as stored, or every reason the report cannot be taken. */
  function check(input: FeedbackInput): { rows: FeedbackRowRecord[]; errors: FeedbackRowError[] } {
    const today = beijingDate(now())
    const errors: FeedbackRowError[] = []
    const rows: FeedbackRowRecord[] = []
    const seen = new Map<string, number>()
    const refuse = (row: number, field: string, e: AppError) => errors.push({ row, field, code: e.code, zh: e.zh, en: e.en })
    input.rows.forEach((r, i) => {
      const row = i + 1
      const before = errors.length
      if (!realDate(r.date)) refuse(row, 'date', FeedbackRowErrors.DATE_INVALID(r.date))
      else if (r.date > today) refuse(row, 'date', FeedbackRowErrors.DATE_FUTURE(r.date))
      let subjectKey = ''
      if (r.subject !== undefined) {
        const code = r.subject.trim().toUpperCase()
        const uscc = validateUscc(code)
        const person = code.length === 18 && /^\d{17}[\dX]$/.test(code) ? validateIdNumber(code, { today }) : undefined
        if (uscc.ok || person?.ok) subjectKey = deps.subjectKeyOf(code)
        else refuse(row, 'subject', FeedbackRowErrors.SUBJECT_INVALID(r.subject.slice(0, 40), person && !person.ok ? person.error.code : uscc.ok ? '' : uscc.error.code))
      }
      const amount = r.loanAmountFen ?? 0
      if (r.loans === 0 && amount > 0) refuse(row, 'loanAmountFen', FeedbackRowErrors.AMOUNT_WITHOUT_LOANS())
      if (r.queries === 0 && r.matches === 0 && r.loans === 0) refuse(row, 'queries', FeedbackRowErrors.ROW_EMPTY())
      const key = `${subjectKey}|${r.date}`
      const first = seen.get(key)
      if (first !== undefined && errors.length === before) refuse(row, r.subject === undefined ? 'date' : 'subject', FeedbackRowErrors.ROW_REPEATED(first))
      if (first === undefined) seen.set(key, row)
      if (errors.length === before) rows.push({ subjectKey, line: row, day: r.date, queries: r.queries, matches: r.matches, loans: r.loans, loanFen: amount })
    })
    return { rows, errors }
  }

  /** Takes a report (or answers an identical one again with its first receipt). */
  async function submit(p: Principal, input: FeedbackInput): Promise<FeedbackReceipt> {
    const platform = platformOf(p)
    if (input.rows.length > maxRows) throw PlatformErrors.FEEDBACK_TOO_LARGE(maxRows, input.rows.length)
    const contentHash = sm3(canonicalJson(input.rows.map((r) => ({ ...r, subject: r.subject?.trim().toUpperCase() ?? null, loanAmountFen: r.loanAmountFen ?? 0 }))))
    const earlier = await repo.feedback(db, platform, input.id)
    if (earlier) {
      if (earlier.content_hash !== contentHash) throw PlatformErrors.FEEDBACK_ID_REUSED(input.id)
      return { ...receiptOf(earlier), replayed: true }
    }
    const { rows, errors } = check(input)
    if (rows.length === 0 && errors.length === 0) errors.push({ row: 0, field: 'rows', code: FeedbackRowErrors.ROW_EMPTY().code, zh: '反馈中没有数据行', en: 'the report has no rows' })
    if (errors.length) {
      const e = PlatformErrors.FEEDBACK_INVALID(errors.length)
      throw new AppError(e.code, e.type, e.zh, e.en, errors.slice(0, 200))
    }
    const sum = (f: (r: FeedbackRowRecord) => number) => rows.reduce((a, r) => a + f(r), 0)
    const header = { platform, id: input.id, contentHash, rows: rows.length, queries: sum((r) => r.queries), matches: sum((r) => r.matches), loans: sum((r) => r.loans), loanFen: sum((r) => r.loanFen), by: p.username, at: now() }
    const stored = await db.transaction(async (tx) => {
      if (!(await repo.insertFeedback(tx, header, rows))) return false
      await audit.appendWithin(tx, { actor: actorOf(p), action: 'feed.feedback', details: { id: input.id, rows: header.rows, queries: header.queries, matches: header.matches, loans: header.loans, loanFen: header.loanFen } })
      return true
    })
    // Sent twice at the same moment: the other one was stored first; answer as a repeat would be answered.
    if (!stored) return submit(p, input)
    return { id: input.id, rows: header.rows, queries: header.queries, matches: header.matches, loans: header.loans, loanAmountFen: header.loanFen, receivedAt: header.at.toISOString() }
  }

  return {
    submit,

    /** One of the platform's own reports; another platform's id is not found. */
    async get(p: Principal, id: string): Promise<FeedbackReceipt> {
      const platform = platformOf(p)
      const row = await repo.feedback(db, platform, id)
      if (!row) throw PlatformErrors.FEEDBACK_NOT_FOUND(id)
      return receiptOf(row)
    },

    /** The platform's latest reports. */
    async list(p: Principal, limit: number): Promise<FeedbackReceipt[]> {
      return repo.recentFeedback(db, platformOf(p), limit)
    },
  }
}

export type FeedbackService = ReturnType<typeof createFeedbackService>

import type { Sql } from '../core/index.js'
import { createEvaluationRepository } from './evaluation.repository.js'
import { createScoreAsOfRepository } from './score-as-of.repository.js'
import type { Value } from './indicator-formula.js'
import type { ScoreReason } from './scoring.js'

/** A stored score, as other contexts read it (scorecards, portraits, financing rules). */
export interface StoredScore {
  subjectKey: string
  scoredAt: Date
  /** The indicator-system version it was computed with. */
  version: number
  score: number
  /** The grade shown: the indicators' grade adjusted by the relations' propagation rules (what financing uses). */
  grade: string
  /** The grade the indicators give, before any adjustment. */
  baseGrade: string
  /** Indicator values by indicator key (null: missing). */
  indicators: Record<string, Value>
  dimensions: Record<string, number>
  reasons: ScoreReason[]
  /** Business date (Beijing) the windows counted back from. */
  asOf: string
}

export interface ScoreSnapshot {
  subjectKey: string
  /** 'YYYY-MM' */
  month: string
  version: number
  score: number
  /** The grade shown (see StoredScore). */
  grade: string
  baseGrade: string
  dimensions: Record<string, number>
}

const repo = createEvaluationRepository()
/** Indicator keys of each version in document order (versions never change once published). */
const orders = new Map<number, string[]>()

async function orderOf(db: Sql, version: number): Promise<string[]> {
  let o = orders.get(version)
  if (!o) {
    for (const v of await repo.versions(db)) orders.set(v.version, v.document.indicators.map((i) => i.key))
    o = orders.get(version) ?? []
  }
  return o
}

async function stored(db: Sql, r: Awaited<ReturnType<typeof repo.latest>>[number]): Promise<StoredScore> {
  const order = await orderOf(db, r.version)
  const indicators: Record<string, Value> = {}
  order.forEach((k, i) => { indicators[k] = r.values[i] ?? null })
  return { subjectKey: r.subject_key, scoredAt: r.scored_at, version: r.version, score: r.score, grade: r.shown_grade ?? r.grade, baseGrade: r.grade, indicators, dimensions: r.dimensions, reasons: r.reasons, asOf: r.as_of }
}

/**
 * The latest stored score of each subject (subjects never scored are absent). No access check: callers that
 * answer a person decide who may see it (the evaluation and portrait routes), and audit the read.
 *
 * @example
 * const [s] = await readLatestScores(db, ['91640100MA76XQ0A8A'])
 * s?.grade // 'B'; s?.indicators.tax_credit_grade // 'A'
 */
export async function readLatestScores(db: Sql, subjectKeys: readonly string[]): Promise<StoredScore[]> {
  const rows = await repo.latest(db, subjectKeys)
  return Promise.all(rows.map((r) => stored(db, r)))
}

/**
 * The grade shown of each subject (subjects never scored are absent): the indicators' grade adjusted by the relations'
 * propagation rules, as stored with its latest score — the one grade reads, financing's credit_grade rule and
 * grade-drop alerts all use. No access check (see readLatestScores).
 *
 * @example
 * (await readShownGrades(db, ['91640100MA76XQ0A8A'])).get('91640100MA76XQ0A8A') // { grade: 'C', baseGrade: 'B' }
 */
export async function readShownGrades(db: Sql, subjectKeys: readonly string[]): Promise<Map<string, { grade: string; baseGrade: string }>> {
  const rows = await repo.latest(db, subjectKeys)
  return new Map(rows.map((r) => [r.subject_key, { grade: r.shown_grade ?? r.grade, baseGrade: r.grade }]))
}

const asOfRepo = createScoreAsOfRepository()

/**
 * The indicator values each subject had at its own moment (point in time), by indicator key: those of the last score
 * stored by then, or undefined when it had not been scored by then. Scorecards read their training loans this way,
 * each borrower as of its loan's start, so that no indicator computed later leaks into what the card learns.
 *
 * @example
 * const [v] = await readIndicatorsAsOf(db, [{ subjectKey: '91640100MA76XQ0A8A', at: new Date('2026-03-01T00:00:00+08:00') }])
 * v?.tax_credit_grade // 'A', as scored before 1 March
 */
export async function readIndicatorsAsOf(db: Sql, queries: ReadonlyArray<{ subjectKey: string; at: Date }>): Promise<Array<Record<string, Value> | undefined>> {
  const rows = await asOfRepo.asOf(db, queries)
  const out: Array<Record<string, Value> | undefined> = []
  for (const r of rows) {
    if (!r) { out.push(undefined); continue }
    const order = await orderOf(db, r.version)
    const indicators: Record<string, Value> = {}
    order.forEach((k, i) => { indicators[k] = r.values[i] ?? null })
    out.push(indicators)
  }
  return out
}

/** A subject's score history, newest first: a row each time the score, grade, bins or version changed. */
export async function readScoreHistory(db: Sql, subjectKey: string, opts: { limit?: number } = {}): Promise<StoredScore[]> {
  const rows = await repo.history(db, subjectKey, Math.min(opts.limit ?? 100, 1000))
  return Promise.all(rows.map((r) => stored(db, r)))
}

/** A subject's monthly snapshots (the month's last score), oldest first, for trend charts. */
export async function readScoreSnapshots(db: Sql, subjectKey: string, opts: { months?: number } = {}): Promise<ScoreSnapshot[]> {
  const rows = await repo.snapshots(db, subjectKey, Math.min(opts.months ?? 24, 120))
  return rows.map((r) => ({ subjectKey: r.subject_key, month: r.month, version: r.version, score: r.score, grade: r.shown_grade ?? r.grade, baseGrade: r.grade, dimensions: r.dimensions }))
}

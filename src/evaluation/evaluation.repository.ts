import type { Sql } from '../core/index.js'
import { copyText, statements } from '../core/index.js'
import type { Value } from './indicator-formula.js'
import type { IndicatorSystemDocument } from './indicator-system.js'
import type { ScoreReason } from './scoring.js'

export interface SystemVersionRow {
  version: number
  name: string
  source: string
  document: IndicatorSystemDocument
  published_at: Date
  published_by: string
}

export interface ScoreRow {
  subject_key: string
  scored_at: Date
  version: number
  score: number
  /** The grade the indicators give (the base grade). */
  grade: string
  /** The grade shown when the relations' propagation rules adjust it; null: the same as `grade`. */
  shown_grade: string | null
  values: Value[]
  bins: number[]
  dimensions: Record<string, number>
  reasons: ScoreReason[]
  as_of: string
}

export interface SnapshotRow {
  subject_key: string
  month: string
  version: number
  score: number
  grade: string
  shown_grade: string | null
  dimensions: Record<string, number>
}

const SCORE_COLUMNS = ['subject_key', 'scored_at', 'version', 'score', 'grade', 'shown_grade', 'values', 'bins', 'dimensions', 'reasons', 'as_of'] as const

const SCORE_LIST = SCORE_COLUMNS.map((c) => `"${c}"`).join(', ')

const SQL = statements('evaluation', {
  versions: 'select version, name, source, document, published_at, published_by from evaluation.system_version order by version desc',
  lockVersions: 'lock table evaluation.system_version in exclusive mode',
  insertVersion: `insert into evaluation.system_version (version, name, source, document, published_at, published_by)
         select coalesce(max(version), 0) + 1, $1, $2, $3::jsonb, $4, $5 from evaluation.system_version returning version`,
  latest: `select distinct on (subject_key) ${SCORE_LIST}
         from evaluation.score where subject_key = any($1::text[]) order by subject_key, scored_at desc`,
  signatures: `select distinct on (subject_key) subject_key, version || '|' || score || '|' || grade || '|' || array_to_string(bins, ',') || '|' || coalesce(shown_grade, grade) as sig
         from evaluation.score where subject_key > $1 and subject_key <= $2 order by subject_key, scored_at desc`,
  history: `select ${SCORE_LIST} from evaluation.score where subject_key = $1 order by scored_at desc limit $2`,
  snapshots: `select subject_key, to_char(month, 'YYYY-MM') as month, version, score, grade, shown_grade, dimensions from evaluation.snapshot
         where subject_key = $1 order by month desc limit $2`,
  createStage: `create temp table if not exists score_stage (subject_key text, version integer, score numeric, grade text, shown_grade text, "values" jsonb,
        bins smallint[], dimensions jsonb, reasons jsonb, as_of date) on commit delete rows`,
  storeScores: `insert into evaluation.score (subject_key, scored_at, version, score, grade, shown_grade, "values", bins, dimensions, reasons, as_of)
         select subject_key, $1, version, score, grade, shown_grade, "values", bins, dimensions, reasons, as_of from pg_temp.score_stage
         on conflict (subject_key, scored_at) do nothing`,
  storeSnapshots: `insert into evaluation.snapshot (subject_key, month, version, score, grade, shown_grade, dimensions)
         select subject_key, date_trunc('month', as_of)::date, version, score, grade, shown_grade, dimensions from pg_temp.score_stage
         on conflict (subject_key, month) do update set version = excluded.version, score = excluded.score, grade = excluded.grade,
           shown_grade = excluded.shown_grade, dimensions = excluded.dimensions`,
  truncateStage: 'truncate pg_temp.score_stage',
  cursor: 'select cursor from evaluation.follower where name = $1',
  moveCursor: `insert into evaluation.follower (name, cursor, updated_at) values ($1, $2, $3)
         on conflict (name) do update set cursor = excluded.cursor, updated_at = excluded.updated_at`,
  startCursor: 'insert into evaluation.follower (name, cursor, updated_at) values ($1, $2, $3) on conflict (name) do nothing',
  startRun: 'insert into evaluation.run (id, kind, version, started_at, started_by) values ($1, $2, $3, $4, $5)',
  finishRun: 'update evaluation.run set finished_at = $2, subjects = $3, changed = $4 where id = $1',
  runs: 'select id, kind, version, started_at, finished_at, subjects, changed, started_by from evaluation.run order by started_at desc limit $1',
  gradeCounts: `select grade, count(*)::int as n from (select distinct on (subject_key) coalesce(shown_grade, grade) as grade from evaluation.score order by subject_key, scored_at desc) s
         group by grade order by grade`,
})

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))

function scoreOf(r: Record<string, unknown>): ScoreRow {
  return {
    subject_key: r.subject_key as string,
    scored_at: r.scored_at as Date,
    version: r.version as number,
    score: Number(r.score),
    grade: r.grade as string,
    shown_grade: (r.shown_grade as string | null) ?? null,
    values: json<Value[]>(r.values),
    bins: (r.bins as number[]).map(Number),
    dimensions: json<Record<string, number>>(r.dimensions),
    reasons: json<ScoreReason[]>(r.reasons),
    as_of: r.as_of as string,
  }
}

/** The evaluation context's tables: versions of the indicator system, score history, monthly snapshots, cursors. */
export function createEvaluationRepository() {
  return {
    async versions(db: Sql): Promise<SystemVersionRow[]> {
      const rows = await db.query<SystemVersionRow>(SQL.versions)
      return rows.map((r) => ({ ...r, document: json<IndicatorSystemDocument>(r.document) }))
    },

    async insertVersion(db: Sql, v: { name: string; source: string; document: IndicatorSystemDocument; at: Date; by: string }): Promise<number> {
      // The table lock orders concurrent publishers: each gets the next number.
      await db.exec(SQL.lockVersions)
      const rows = await db.query<{ version: number }>(SQL.insertVersion, [v.name, v.source, JSON.stringify(v.document), v.at, v.by])
      return rows[0]!.version
    },

    /** The latest score of each subject in the list. */
    async latest(db: Sql, subjects: readonly string[]): Promise<ScoreRow[]> {
      if (subjects.length === 0) return []
      const rows = await db.query<Record<string, unknown>>(SQL.latest, [subjects])
      return rows.map(scoreOf)
    },

    /** What decides whether a new score differs, for the subjects of a key range (a page of the full run). */
    async signatures(db: Sql, range: { after: string; last: string }): Promise<Map<string, string>> {
      const rows = await db.query<{ subject_key: string; sig: string }>(SQL.signatures, [range.after, range.last])
      return new Map(rows.map((r) => [r.subject_key, r.sig]))
    },

    async history(db: Sql, subjectKey: string, limit: number): Promise<ScoreRow[]> {
      const rows = await db.query<Record<string, unknown>>(SQL.history, [subjectKey, limit])
      return rows.map(scoreOf)
    },

    async snapshots(db: Sql, subjectKey: string, months: number): Promise<SnapshotRow[]> {
      const rows = await db.query<Record<string, unknown>>(SQL.snapshots, [subjectKey, months])
      return rows.reverse().map((r) => ({ subject_key: r.subject_key as string, month: r.month as string, version: r.version as number, score: Number(r.score), grade: r.grade as string, shown_grade: (r.shown_grade as string | null) ?? null, dimensions: json<Record<string, number>>(r.dimensions) }))
    },

    /**
     * Stores new scores: a history row each, and the month's snapshot (the month's last score wins). Goes through a
     * COPY stage, so a page of thousands of scores is three statements.
     */
    async store(tx: Sql, rows: ReadonlyArray<Omit<ScoreRow, 'scored_at'>>, at: Date): Promise<void> {
      if (rows.length === 0) return
      await tx.exec(SQL.createStage)
      let text = ''
      for (const r of rows) {
        text += `${copyText(r.subject_key)}\t${r.version}\t${r.score}\t${copyText(r.grade)}\t${copyText(r.shown_grade)}\t${copyText(JSON.stringify(r.values))}\t{${r.bins.join(',')}}\t${copyText(JSON.stringify(r.dimensions))}\t${copyText(JSON.stringify(r.reasons))}\t${r.as_of}\n`
      }
      await tx.copyFrom('pg_temp.score_stage', ['subject_key', 'version', 'score', 'grade', 'shown_grade', 'values', 'bins', 'dimensions', 'reasons', 'as_of'], text)
      await tx.query(SQL.storeScores, [at])
      await tx.query(SQL.storeSnapshots)
      await tx.exec(SQL.truncateStage)
    },

    async cursor(db: Sql, name: string): Promise<string | null> {
      const rows = await db.query<{ cursor: string }>(SQL.cursor, [name])
      return rows[0]?.cursor ?? null
    },

    async moveCursor(tx: Sql, name: string, cursor: string, at: Date): Promise<void> {
      await tx.query(SQL.moveCursor, [name, cursor, at])
    },

    /** Sets the cursor only where the follower has none yet (a full run covers everything before it). */
    async startCursor(tx: Sql, name: string, cursor: string, at: Date): Promise<void> {
      await tx.query(SQL.startCursor, [name, cursor, at])
    },

    async startRun(db: Sql, r: { id: string; kind: string; version: number; at: Date; by: string }): Promise<void> {
      await db.query(SQL.startRun, [r.id, r.kind, r.version, r.at, r.by])
    },

    async finishRun(db: Sql, r: { id: string; at: Date; subjects: number; changed: number }): Promise<void> {
      await db.query(SQL.finishRun, [r.id, r.at, r.subjects, r.changed])
    },

    async runs(db: Sql, limit: number): Promise<Array<{ id: string; kind: string; version: number; started_at: Date; finished_at: Date | null; subjects: number; changed: number; started_by: string }>> {
      return db.query(SQL.runs, [limit])
    },

    /** How many subjects hold each grade now (the operator's overview). */
    async gradeCounts(db: Sql): Promise<Array<{ grade: string; n: number }>> {
      return db.query(SQL.gradeCounts)
    },
  }
}

export type EvaluationRepository = ReturnType<typeof createEvaluationRepository>

import type { Sql } from '../../core/index.js'
import { statements } from '../../core/index.js'
import type { Card, TrainReport } from './train.js'

/** What a training run learnt from: the loans' dates and how many of each outcome, and those left out. */
export interface SampleSummary { from: string | null; to: string | null; loans: number; goods: number; bads: number; excluded: number; subjects: number; observedOn: string }

export interface StoredScorecard {
  id: string
  institution: string
  name: string
  version: number
  characteristics: string[]
  card: Card
  report: TrainReport
  sample: SampleSummary
  createdBy: string
  createdAt: string
}

const SQL = statements('evaluation.scorecard', {
  lockName: 'select pg_advisory_xact_lock(hashtext($1))',
  tryLockTraining: 'select pg_try_advisory_xact_lock($1, hashtext($2)) as ok',
  nextVersion: 'select coalesce(max(version), 0)::int + 1 as v from evaluation.scorecard where institution = $1 and name = $2',
  insert: `insert into evaluation.scorecard (id, institution, name, version, characteristics, card, report, sample, created_by, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  get: 'select * from evaluation.scorecard where institution = $1 and id = $2',
  list: `select id, institution, name, version, characteristics, report, sample, created_by, created_at, null as card
        from evaluation.scorecard where institution = $1 order by created_at desc, name, version desc limit $2`,
})

const rowOf = (r: Record<string, unknown>): StoredScorecard => ({
  id: r.id as string, institution: r.institution as string, name: r.name as string, version: Number(r.version), characteristics: r.characteristics as string[],
  card: r.card as Card, report: r.report as TrainReport, sample: r.sample as SampleSummary, createdBy: r.created_by as string,
  createdAt: new Date(r.created_at as string).toISOString(),
})

/** The first key of the two-key advisory lock of a training run: keeps its space apart from other locks. */
const TRAINING_LOCK_CLASS = 7316120

/** SQL of institutions' scorecards; every read names the institution, so another's card is never found. */
export function createScorecardRepository() {
  return {
    /** Stores a new version of the named card (the next number), in the caller's transaction. */
    async insert(tx: Sql, s: Omit<StoredScorecard, 'version' | 'createdAt'>, at: Date): Promise<number> {
      // The institution's row lock keeps two trainings of the same name from taking the same version.
      await tx.query(SQL.lockName, [`scorecard:${s.institution}:${s.name}`])
      const rows = await tx.query<{ v: number }>(SQL.nextVersion, [s.institution, s.name])
      const version = rows[0]!.v
      await tx.query(SQL.insert, [s.id, s.institution, s.name, version, s.characteristics, JSON.stringify(s.card), JSON.stringify(s.report), JSON.stringify(s.sample), s.createdBy, at.toISOString()])
      return version
    },

    /** Takes the institution's training lock for the rest of `tx` (server only); false when another holds it. */
    async tryLockTraining(tx: Sql, institution: string): Promise<boolean> {
      const rows = await tx.query<{ ok: boolean }>(SQL.tryLockTraining, [TRAINING_LOCK_CLASS, institution])
      return rows[0]!.ok
    },

    async get(sql: Sql, institution: string, id: string): Promise<StoredScorecard | undefined> {
      const rows = await sql.query<Record<string, unknown>>(SQL.get, [institution, id])
      return rows[0] ? rowOf(rows[0]) : undefined
    },

    /** The institution's cards, newest first, without their bins (the list page). */
    async list(sql: Sql, institution: string, limit: number): Promise<Array<Omit<StoredScorecard, 'card'>>> {
      const rows = await sql.query<Record<string, unknown>>(SQL.list, [institution, limit])
      return rows.map(rowOf)
    },
  }
}

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

/** A restricted numeric field's published thresholds. */
export interface CutPointRow {
  itemKey: string
  fieldKey: string
  points: number[]
  setBy: string
  setAt: Date
}

const SQL = statements('verification.verification', {
  cutPoints: 'select item_key, field_key, points, set_by, set_at from verification.cut_point order by item_key, field_key',
  setCutPoints: 'delete from verification.cut_point where item_key = $1 and field_key = $2',
  setCutPoints2: `insert into verification.cut_point (item_key, field_key, points, set_by) values ($1, $2, $3::numeric[], $4)
         on conflict (item_key, field_key) do update set points = excluded.points, set_by = excluded.set_by, set_at = now()`,
  asked: 'select pg_advisory_xact_lock(hashtext($1))',
  asked2: `select coalesce(sum(questions) filter (where asked_at > $3::timestamptz - interval '1 minute'), 0)::int as minute,
                coalesce(sum(questions) filter (where asked_at >= $4::timestamptz), 0)::int as day
         from verification.question_log
         where subject_key = $1 and institution = $2 and asked_at >= least($4::timestamptz, $3::timestamptz - interval '1 minute')
           and asked_at <= $3::timestamptz`,
  log: 'insert into verification.question_log (subject_key, institution, grant_id, asked_at, questions) values ($1, $2, $3, $4, $5)',
})

/** Verification's own tables: the questions institutions asked (for their budget) and the published cut points. */
export function createVerificationRepository() {
  return {
    async cutPoints(db: Sql): Promise<CutPointRow[]> {
      const rows = await db.query<{ item_key: string; field_key: string; points: Array<string | number>; set_by: string; set_at: Date }>(
        SQL.cutPoints)
      return rows.map((r) => ({ itemKey: r.item_key, fieldKey: r.field_key, points: r.points.map(Number), setBy: r.set_by, setAt: r.set_at }))
    },

    async setCutPoints(db: Sql, itemKey: string, fieldKey: string, points: readonly number[], by: string): Promise<void> {
      if (points.length === 0) {
        await db.query(SQL.setCutPoints, [itemKey, fieldKey])
        return
      }
      await db.query(
        SQL.setCutPoints2,
        [itemKey, fieldKey, points.map(String), by],
      )
    },

    /**
     * Questions an institution had answered about a subject since `dayStart` and within the minute before `at`.
     * Takes the pair's lock first (on a server; PGlite has one connection), so two requests at once cannot both
     * spend the last of the budget.
     */
    async asked(tx: Sql, q: { subjectKey: string; institution: string; at: Date; dayStart: Date; server: boolean }): Promise<{ minute: number; day: number }> {
      if (q.server) await tx.query(SQL.asked, [`verify:${q.subjectKey}:${q.institution}`])
      const [r] = await tx.query<{ minute: number; day: number }>(
        SQL.asked2,
        [q.subjectKey, q.institution, q.at, q.dayStart],
      )
      return r!
    },

    async log(tx: Sql, q: { subjectKey: string; institution: string; grantId: string | null; at: Date; questions: number }): Promise<void> {
      await tx.query(SQL.log,
        [q.subjectKey, q.institution, q.grantId, q.at, q.questions])
    },
  }
}

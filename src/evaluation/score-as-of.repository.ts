import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'
import type { Value } from './indicator-formula.js'

const SQL = statements('evaluation.score-as-of', {
  /** For each (subject, moment): the last score stored by then (the score history keeps a row per change). */
  asOf: `select w.i, s.version, s."values"
     from unnest($1::text[], $2::timestamptz[]) with ordinality as w(subject_key, at, i)
     cross join lateral (
       select version, "values" from evaluation.score s
       where s.subject_key = w.subject_key and s.scored_at <= w.at
       order by s.scored_at desc limit 1
     ) s`,
})

/** Subjects per statement; each is one probe of the score history's primary key (subject, scored_at). */
const PAGE = 500

/**
 * The score each subject had at its own moment, from the stored history: the indicator-system version and the
 * indicator values in that version's order, or undefined when the subject had not been scored by then.
 */
export function createScoreAsOfRepository() {
  return {
    async asOf(db: Sql, queries: ReadonlyArray<{ subjectKey: string; at: Date }>): Promise<Array<{ version: number; values: Value[] } | undefined>> {
      const out: Array<{ version: number; values: Value[] } | undefined> = queries.map(() => undefined)
      for (let from = 0; from < queries.length; from += PAGE) {
        const page = queries.slice(from, from + PAGE)
        const rows = await db.query<{ i: number | string; version: number; values: Value[] | string }>(
          SQL.asOf, [page.map((q) => q.subjectKey), page.map((q) => q.at.toISOString())])
        for (const r of rows) out[from + Number(r.i) - 1] = { version: r.version, values: typeof r.values === 'string' ? (JSON.parse(r.values) as Value[]) : r.values }
      }
      return out
    },
  }
}

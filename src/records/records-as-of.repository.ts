import type { Sql } from '../core/index.js'
import { isSealed, statements } from '../core/index.js'
import type { CurrentRecord } from './current-records.js'

/** One subject asked for as of a moment: the records the hub had received by then. */
export interface AsOfQuery { subjectKey: string; at: Date }

const SQL = statements('records.as-of', {
  /**
   * For each (subject, moment): of each of its records of the items, the last version received by that moment. A
   * record withdrawn since (异议 removal, 信用修复's 终止公示) is left out, as everywhere derived values read records:
   * once taken out of use it is not used again, not even for the past.
   */
  asOf: `select w.i, r.item_key, r.data, r.received_at
     from unnest($1::text[], $2::timestamptz[]) with ordinality as w(subject_key, at, i)
     cross join lateral (
       select distinct on (r.item_key, r.record_key) r.item_key, r.record_key, r.data, r.received_at
       from records.record r
       where r.subject_key = w.subject_key and r.item_key = any($3::text[]) and r.received_at <= w.at
         and not exists (select 1 from records.record_state st
           where st.subject_key = r.subject_key and st.item_key = r.item_key and st.record_key = r.record_key and st.state = 'withdrawn')
       order by r.item_key, r.record_key, r.version desc
     ) r`,
})

/** Subjects per statement: each is a probe of the records' primary key (subject first), so a page stays cheap. */
const PAGE = 500

/**
 * The records of many subjects, each as of its own moment (point in time): for every record of the items, the
 * last version the hub had received by then — never what arrived later. Scorecards read their training loans this
 * way (each borrower as of its loan's start) and score a live applicant as of now. One statement per 500 queries,
 * each an index probe by subject key; sealed personal identifiers are left out, as in {@link currentRecordsOf}.
 * Records filed under a subject's name only ('N:' keys) are not read, as the evaluation's aggregates do not.
 *
 * @example
 * const [r] = await readRecordsAsOf(db, [{ subjectKey: '91640100MA76XQ0A8A', at: new Date('2026-03-01T00:00:00+08:00') }], ['tax_payment'])
 * r[0]?.values.vat_paid_last_12_months // as delivered before 1 March
 */
export async function readRecordsAsOf(db: Sql, queries: readonly AsOfQuery[], items: readonly string[]): Promise<CurrentRecord[][]> {
  const out: CurrentRecord[][] = queries.map(() => [])
  if (items.length === 0) return out
  for (let from = 0; from < queries.length; from += PAGE) {
    const page = queries.slice(from, from + PAGE)
    const rows = await db.query<{ i: number | string; item_key: string; data: Record<string, unknown> | string; received_at: Date | string }>(
      SQL.asOf, [page.map((q) => q.subjectKey), page.map((q) => q.at.toISOString()), [...items]])
    for (const r of rows) {
      const data = typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data
      const values: Record<string, unknown> = {}
      for (const k in data) if (!isSealed(data[k])) values[k] = data[k]
      out[from + Number(r.i) - 1]!.push({ itemKey: r.item_key, values, receivedAt: new Date(r.received_at).toISOString() })
    }
  }
  return out
}

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

/** One field's value month by month: the last version of the subject's record received in each month. */
export interface MonthlySeries { item: string; field: string; points: Array<{ month: string; value: number | null }> }

const SQL = statements('records.series', {
  monthly: `select distinct on (item_key, month) item_key, month, data from (
       select item_key, to_char((received_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM') as month, received_at, data
       from records.record where subject_key = $1 and item_key = any($2::text[]) and received_at >= $3
     ) r order by item_key, month, received_at desc`,
})

/**
 * Monthly series of numeric fields from every version the hub keeps of a subject's records (a provider's monthly
 * delivery of 纳税, 社保, 电费 figures becomes a new version each month): for each item, the last version received in
 * each Beijing month of the last `months`. Reads by subject key, on its shard (the primary key's prefix).
 *
 * @example
 * await recordSeries(db, '91640100MA76XQ0A8A', [{ item: 'tax_payment', field: 'vat_paid_last_12_months' }], 24, new Date())
 */
export async function recordSeries(db: Sql, subjectKey: string, fields: ReadonlyArray<{ item: string; field: string }>, months: number, now: Date): Promise<MonthlySeries[]> {
  if (fields.length === 0) return []
  const since = new Date(now.getTime())
  since.setUTCMonth(since.getUTCMonth() - months)
  const rows = await db.query<{ item_key: string; month: string; data: Record<string, unknown> }>(
    SQL.monthly,
    [subjectKey, [...new Set(fields.map((f) => f.item))], since.toISOString()],
  )
  return fields.map(({ item, field }) => ({
    item, field,
    points: rows.filter((r) => r.item_key === item).map((r) => {
      const v = r.data[field]
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
      return { month: r.month, value: Number.isFinite(n) ? n : null }
    }),
  }))
}

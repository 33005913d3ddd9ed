import type { Sql } from '../core/index.js'
import { statements, variants } from '../core/index.js'

/**
 * One aggregate over one item's current records of a subject, computed by the database for many subjects in one
 * pass (the credit evaluation's inputs). Item and field names travel as parameters, never as SQL text.
 */
export interface RecordAggregate {
  op: 'count' | 'exists' | 'recent' | 'count_eq' | 'latest' | 'sum' | 'max' | 'min' | 'avg' | 'any'
  item: string
  field?: string
  /** count_eq: compared with the field's value as text. */
  value?: string
  /** latest: the field ordering the records, newest first (else the time received). */
  order?: string
  /** recent: records whose `field` (a date) lies within this many months before `asOf`. */
  months?: number
}

/** The subject's aggregates, in the order asked. count/exists are numbers/booleans; others are JSON values or null. */
export interface SubjectAggregates {
  subjectKey: string
  values: unknown[]
}

/**
 * Which records count: the current version of each record, unless the record was withdrawn after an objection or by
 * credit repair (终止公示, records.record_state). Every read of "current records" for derived values goes through
 * here, so that a record taken out of use stops counting in one place.
 */
const CURRENT = `r.superseded_at is null and not exists (select 1 from records.record_state st
  where st.subject_key = r.subject_key and st.item_key = r.item_key and st.record_key = r.record_key and st.state = 'withdrawn')`

/** A JSON field as a number: JSON numbers, and money kept as decimal text ('1234.00'); anything else is null. */
const num = (f: string) => `case when jsonb_typeof(r.data->${f}) = 'number' then (r.data->>${f})::numeric when (r.data->>${f}) ~ '^-?[0-9]+(\\.[0-9]+)?$' then (r.data->>${f})::numeric end`

function minusMonths(asOf: string, months: number): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) - months
  const yy = Math.floor(total / 12)
  const mm = (total % 12) + 1
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate()
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

/** The select list and parameters for a set of aggregates; parameters from `$first` on. */
function selectList(aggregates: readonly RecordAggregate[], asOf: string, first: number): { columns: string; params: unknown[]; items: string[] } {
  const params: unknown[] = []
  const index = new Map<string, number>()
  const p = (v: unknown): string => {
    const key = typeof v + ':' + String(v)
    let i = index.get(key)
    if (i === undefined) {
      params.push(v)
      i = first + params.length - 1
      index.set(key, i)
    }
    return `$${i}`
  }
  const cols = aggregates.map((a, k) => {
    const item = `r.item_key = ${p(a.item)}::text`
    const f = a.field === undefined ? '' : `${p(a.field)}::text`
    let e: string
    switch (a.op) {
      case 'count': e = `count(*) filter (where ${item})`; break
      case 'exists': e = `count(*) filter (where ${item}) > 0`; break
      case 'recent': e = `count(*) filter (where ${item} and (r.data->>${f}) >= ${p(minusMonths(asOf, a.months ?? 12))}::text)`; break
      case 'count_eq': e = `count(*) filter (where ${item} and (r.data->>${f}) = ${p(a.value ?? '')}::text)`; break
      case 'latest': {
        const order = a.order === undefined ? 'r.received_at desc' : `(r.data->>${p(a.order)}::text) desc nulls last, r.received_at desc`
        e = `(array_agg(r.data->${f} order by ${order}) filter (where ${item} and (r.data->>${f}) is not null))[1]`
        break
      }
      case 'any': e = `bool_or((r.data->>${f})::boolean) filter (where ${item} and jsonb_typeof(r.data->${f}) = 'boolean')`; break
      default: e = `${a.op}(${num(f)}) filter (where ${item})`
    }
    return `${e} as a${k}`
  })
  const items = [...new Set(aggregates.map((a) => a.item))]
  return { columns: cols.join(',\n  '), params, items }
}

/** One aggregate of every kind, so that the statements test prepares each kind's SQL. */
const EVERY_OP: readonly RecordAggregate[] = [
  { op: 'count', item: 'a' }, { op: 'exists', item: 'a' }, { op: 'recent', item: 'a', field: 'd', months: 12 },
  { op: 'count_eq', item: 'a', field: 'f', value: 'x' }, { op: 'latest', item: 'a', field: 'f' }, { op: 'latest', item: 'a', field: 'f', order: 'd' },
  { op: 'sum', item: 'a', field: 'n' }, { op: 'max', item: 'a', field: 'n' }, { op: 'min', item: 'a', field: 'n' }, { op: 'avg', item: 'a', field: 'n' },
  { op: 'any', item: 'a', field: 'b' },
]

const SQL = statements('records.aggregates', {
  boundaries: `select subject_key from (
           select subject_key, row_number() over (order by subject_key) as n from (select distinct subject_key from records.record) d
         ) k where n % $1 = 0 order by subject_key`,
  /** Subjects in (`$1`, `$2`] (bounded) or after `$1`; the aggregates' parameters follow. */
  range: variants((bounded: boolean, aggregates: readonly RecordAggregate[], asOf: string) => `select r.subject_key,
  ${selectList(aggregates, asOf, bounded ? 3 : 2).columns}
from records.record r
where r.subject_key > $1${bounded ? ' and r.subject_key <= $2' : ''} and ${CURRENT}
group by r.subject_key`, [[false, EVERY_OP, '2024-06-30'], [true, EVERY_OP, '2024-06-30']]),
  of: variants((aggregates: readonly RecordAggregate[], asOf: string) => `select r.subject_key,
  ${selectList(aggregates, asOf, 3).columns}
from records.record r
where r.subject_key = any($1::text[]) and ${CURRENT} and r.item_key = any($2::text[])
group by r.subject_key`, [[EVERY_OP, '2024-06-30']]),
})

export function createRecordAggregatesRepository() {
  return {
    /**
     * Keys that cut the subjects holding records into ranges of about `every` subjects each: one pass over the
     * records' primary key, so that each range is then read by a range scan (no sort, no full scan per page).
     */
    async boundaries(db: Sql, every: number): Promise<string[]> {
      const rows = await db.query<{ subject_key: string }>(
        SQL.boundaries, [every])
      return rows.map((r) => r.subject_key)
    },

    /**
     * The aggregates of every subject holding records with a key in (`after`, `upTo`] (`upTo` null: to the end), in
     * one range scan of the records' primary key. Every such subject has a row, whichever items it holds.
     */
    async range(db: Sql, q: { after: string; upTo: string | null; aggregates: readonly RecordAggregate[]; asOf: string }): Promise<SubjectAggregates[]> {
      // Two statements rather than `($2 is null or key <= $2)`: the upper bound must be an index condition, or each
      // range would scan to the end of the table.
      const bounded = q.upTo !== null
      const s = selectList(q.aggregates, q.asOf, bounded ? 3 : 2)
      const rows = await db.query<Record<string, unknown>>(
        SQL.range(bounded, q.aggregates, q.asOf), bounded ? [q.after, q.upTo, ...s.params] : [q.after, ...s.params])
      return complete(rows.map((r) => r.subject_key as string), rows, q.aggregates)
    },

    /** The aggregates of the given subjects, one entry each (a subject without records counts none and misses the rest). */
    async of(db: Sql, q: { subjects: readonly string[]; aggregates: readonly RecordAggregate[]; asOf: string }): Promise<SubjectAggregates[]> {
      if (q.subjects.length === 0) return []
      const s = selectList(q.aggregates, q.asOf, 3)
      const rows = await db.query<Record<string, unknown>>(
        SQL.of(q.aggregates, q.asOf), [q.subjects, s.items, ...s.params])
      return complete(q.subjects, rows, q.aggregates)
    },
  }
}

/** One entry per asked key, in that order; a subject without records of the items counts none of them. */
function complete(keys: readonly string[], rows: ReadonlyArray<Record<string, unknown>>, aggregates: readonly RecordAggregate[]): SubjectAggregates[] {
  const byKey = new Map(rows.map((r) => [r.subject_key as string, r]))
  return keys.map((subjectKey) => {
    const r = byKey.get(subjectKey)
    const values = aggregates.map((a, k) => {
      const v = r?.[`a${k}`] ?? null
      if (v !== null) return v
      return a.op === 'count' || a.op === 'recent' || a.op === 'count_eq' ? 0 : a.op === 'exists' ? false : null
    })
    return { subjectKey, values }
  })
}

const shared = createRecordAggregatesRepository()

/**
 * Keys cutting the subjects holding records into ranges of about `every` subjects, for a full pass in key ranges.
 *
 * @example
 * const cuts = await readSubjectBoundaries(db, 5000) // ranges: ('', cuts[0]], (cuts[0], cuts[1]], …, (cuts[n-1], end)
 */
export const readSubjectBoundaries = shared.boundaries
/** The aggregates over current records of every subject holding records in a key range (`upTo` null: to the end). */
export const readRangeAggregates = shared.range
/** The aggregates over current records of the given subjects, one entry per subject in the order given. */
export const readSubjectAggregates = shared.of

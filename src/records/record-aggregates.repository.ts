import type { Database, Sql } from '../core/index.js'
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
        // The newest record's value as the greatest of [order key, time received, value] rather than an ordered
        // array_agg: an aggregate with ORDER BY sorts per group and per aggregate (a sort begun and ended for each
        // subject, a dozen times), which cost more than the rest of the pass. The order key is '1' and the order
        // field (nulls last: '0'), compared as the field's text as before; the time received is UTC text of fixed
        // layout, so it compares as the time does; the value travels as JSON text and is parsed as before.
        const key = a.order === undefined ? `''` : `case when (r.data->>${p(a.order)}::text) is null then '0' else '1' || (r.data->>${p(a.order)}::text) end`
        e = `(max(array[${key}, (r.received_at at time zone 'UTC')::text, (r.data->${f})::text]) filter (where ${item} and (r.data->>${f}) is not null))[3]`
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

/** About how many rows the boundaries of a full pass are cut from (below this, from every row). */
export const BOUNDARY_SAMPLE_ROWS = 100_000
/** How many sampled subjects have their rows counted to calibrate the sample. */
const BOUNDARY_PROBES = 200

const SQL = statements('records.aggregates', {
  /** The table's row count as last estimated (-1 before the first ANALYZE): how much to sample for boundaries. */
  estimatedRows: `select reltuples::float8 as n from pg_class where oid = 'records.record'::regclass`,
  /** Distinct subject keys of a sample of the table's blocks (100: every block), in key order. */
  sampleKeys: 'select distinct subject_key from records.record tablesample system ($1::float4) order by subject_key',
  /** Rows of each of the given subjects, superseded versions included (sampling counts blocks of every row). */
  rowsOf: 'select count(*)::int as n from records.record where subject_key = any($1::text[]) group by subject_key',
  /** The planner settings the aggregate reads change, as they stand (see {@link READ_SETTINGS}). */
  plannerSettings: `select current_setting('jit') as jit, current_setting('random_page_cost') as random_page_cost,
  current_setting('max_parallel_workers_per_gather') as max_parallel_workers_per_gather`,
  /** Sets them for the rest of the transaction (`set_config(…, true)` is `set local`), to the read's values or back. */
  setPlannerSettings: `select set_config('jit', $1::text, true), set_config('random_page_cost', $2::text, true),
  set_config('max_parallel_workers_per_gather', $3::text, true)`,
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

/**
 * The planner settings of the aggregate reads (jit, random_page_cost, max_parallel_workers_per_gather). JIT off:
 * these statements carry dozens of aggregate expressions, so the planner's cost crosses the JIT thresholds and
 * compiling them (up to a second with inlining) cost more than running them. A key range is read best by the primary
 * key's index in key order (no sort, no bitmap, no parallel workers to start per range); with the default
 * random_page_cost the planner picks a bitmap scan, a sort of the whole rows and a gather instead, about twice the
 * work for data that is in memory.
 */
const READ_SETTINGS = ['off', '1.1', '0'] as const

interface PlannerSettings {
  jit: string
  random_page_cost: string
  max_parallel_workers_per_gather: string
}

/** A database rather than a caller's transaction: only a database can begin one. */
const isDatabase = (db: Sql): db is Database => typeof (db as Partial<Database>).transaction === 'function'

/**
 * Runs one aggregate read under {@link READ_SETTINGS} and leaves every other statement to the settings it had: a
 * setting made local to a transaction would otherwise stay for the rest of the caller's transaction (the rescoring
 * of a change-feed page goes on to read scores and write them, and a flow may do much more). Given the database, the
 * read gets a transaction of its own, which ends the settings with it; given the caller's transaction, the settings
 * are taken before the read and put back right after it.
 */
async function withReadSettings<T>(db: Sql, read: (sql: Sql) => Promise<T>): Promise<T> {
  if (isDatabase(db)) {
    return db.transaction(async (tx) => {
      await tx.query(SQL.setPlannerSettings, READ_SETTINGS)
      return read(tx)
    })
  }
  const [before] = await db.query<PlannerSettings>(SQL.plannerSettings)
  await db.query(SQL.setPlannerSettings, READ_SETTINGS)
  // No restore when the read fails: the failed statement aborted the caller's transaction (or its savepoint), and
  // the rollback it now needs undoes these settings; a restore would only fail too and hide the read's error.
  const result = await read(db)
  await db.query(SQL.setPlannerSettings, [before!.jit, before!.random_page_cost, before!.max_parallel_workers_per_gather])
  return result
}

export function createRecordAggregatesRepository() {
  return {
    /**
     * Keys that cut the subjects holding records into ranges of about `every` subjects each, so that each range is
     * then read by a range scan (no sort, no full scan per page). On a large table the keys come from a sample of
     * about {@link BOUNDARY_SAMPLE_ROWS} rows' blocks rather than a pass over every row: the ranges only need to
     * be of similar size, and each range read is exact whatever its bounds.
     */
    async boundaries(db: Sql, every: number, opts: { sampleRows?: number } = {}): Promise<string[]> {
      const sampleRows = opts.sampleRows ?? BOUNDARY_SAMPLE_ROWS
      const rows = Number((await db.query<{ n: number }>(SQL.estimatedRows))[0]?.n ?? -1)
      const percent = rows <= sampleRows ? 100 : Math.max(0.01, (100 * sampleRows) / rows)
      const keys = (await db.query<{ subject_key: string }>(SQL.sampleKeys, [percent])).map((r) => r.subject_key)
      let step = every
      if (percent < 100 && keys.length > 0) {
        // How many subjects a sampled key stands for: the subjects are about rows × the mean of 1/(rows of a
        // subject) over sampled subjects (a subject with more rows spans more blocks and is sampled more often; the
        // harmonic mean undoes that), counted exactly for a few of them by the index.
        const probe = keys.filter((_, i) => i % Math.max(1, Math.floor(keys.length / BOUNDARY_PROBES)) === 0)
        const counts = await db.query<{ n: number }>(SQL.rowsOf, [probe])
        const perRow = counts.reduce((s, c) => s + 1 / Number(c.n), 0) / Math.max(1, counts.length)
        if (perRow > 0) step = Math.max(1, Math.round((every * keys.length) / (rows * perRow)))
      }
      const cuts: string[] = []
      for (let i = step - 1; i < keys.length; i += step) cuts.push(keys[i]!)
      return cuts
    },

    /**
     * The aggregates of every subject holding records with a key in (`after`, `upTo`] (`upTo` null: to the end), in
     * one range scan of the records' primary key. Every such subject has a row, whichever items it holds. Its planner
     * settings hold for the read only, inside the caller's transaction or in one of its own.
     */
    async range(db: Sql, q: { after: string; upTo: string | null; aggregates: readonly RecordAggregate[]; asOf: string }): Promise<SubjectAggregates[]> {
      // Two statements rather than `($2 is null or key <= $2)`: the upper bound must be an index condition, or each
      // range would scan to the end of the table.
      const bounded = q.upTo !== null
      const s = selectList(q.aggregates, q.asOf, bounded ? 3 : 2)
      const rows = await withReadSettings(db, (sql) => sql.query<Record<string, unknown>>(
        SQL.range(bounded, q.aggregates, q.asOf), bounded ? [q.after, q.upTo, ...s.params] : [q.after, ...s.params]))
      return complete(rows.map((r) => r.subject_key as string), rows, q.aggregates)
    },

    /**
     * The aggregates of the given subjects, one entry each (a subject without records counts none and misses the
     * rest). Planner settings for the read only, like `range`.
     */
    async of(db: Sql, q: { subjects: readonly string[]; aggregates: readonly RecordAggregate[]; asOf: string }): Promise<SubjectAggregates[]> {
      if (q.subjects.length === 0) return []
      const s = selectList(q.aggregates, q.asOf, 3)
      const rows = await withReadSettings(db, (sql) => sql.query<Record<string, unknown>>(
        SQL.of(q.aggregates, q.asOf), [q.subjects, s.items, ...s.params]))
      return complete(q.subjects, rows, q.aggregates)
    },
  }
}

/** One entry per asked key, in that order; a subject without records of the items counts none of them. */
function complete(keys: readonly string[], rows: ReadonlyArray<Record<string, unknown>>, aggregates: readonly RecordAggregate[]): SubjectAggregates[] {
  const byKey = new Map(rows.map((r) => [r.subject_key as string, r]))
  // Column names and what a subject without records of the item counts, once per read rather than per subject.
  const columns = aggregates.map((_, k) => `a${k}`)
  // latest() comes back as the value's JSON text (see selectList).
  const json = aggregates.map((a) => a.op === 'latest')
  const none = aggregates.map((a) => (a.op === 'count' || a.op === 'recent' || a.op === 'count_eq' ? 0 : a.op === 'exists' ? false : null))
  return keys.map((subjectKey) => {
    const r = byKey.get(subjectKey)
    const values = new Array<unknown>(columns.length)
    for (let k = 0; k < columns.length; k++) {
      const v = r?.[columns[k]!]
      values[k] = v === null || v === undefined ? none[k] : json[k] ? JSON.parse(v as string) : v
    }
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

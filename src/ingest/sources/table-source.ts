import pg from 'pg'
import mysql from 'mysql2/promise'
import { type Database, AppError } from '../../core/index.js'
import type { CatalogIndex, ResolvedItem, CatalogField } from '../../catalog/index.js'
import { runBatch, type BatchDeps } from '../batch-runner.js'
import type { RawRecord } from '../ingest.types.js'
import { SourceErrors, sourceError } from './source.errors.js'
import {
  afterSkipped, batchTag, batchWatermark, catalogFor, checkFieldKeys, checkSourceId, exclusive, getSource, maskUrl, openSecret,
  optionalInt, requireString, resolveItem, saveWatermark, scrub, sealSecret, startingPoint, upsertSource,
  type PullOptionsBase, type PullSummary, type RegisterResult,
} from './source-store.js'

/**
 * 库表 — the hub pulls an item from a table in the provider's own PostgreSQL or MySQL/MariaDB database.
 *
 * Why incremental by watermark: provider tables hold years of rows; each pull reads only rows whose watermark
 * column (an auto-increment id, an update time) is past where the last pull stopped. Rows are read in pages ordered
 * by (watermark, key); the key breaks ties, so a page boundary that falls among rows of equal watermark neither
 * skips nor repeats any of them (keyset paging: `w > $w or (w = $w and k > $k)`, written `w >= $w and (w > $w or
 * k > $k)` so that an index on w serves it). Without a key column a page is completed with every row of its last
 * watermark value and a pull starts at `w >= last` (the last value's rows are read again and count as duplicates:
 * re-reading is harmless, skipping is not).
 *
 * Why it resumes: runBatch commits chunks with the watermark of their last row. When a pull fails (network, a
 * dropped table, a killed process) its batch stays `running`; the next pull continues that batch from its last
 * committed watermark, so nothing committed is read twice into a new batch and nothing uncommitted is lost.
 *
 * What the provider must ensure: the watermark only grows for new or changed rows (a row committed late with an
 * older update time would be missed — an auto-increment id or a trigger-maintained sequence is safest). Rows whose
 * watermark or key is NULL cannot be placed in the order and are not pulled; a pull from the start warns with their
 * count.
 */
export interface TableSourceConfig {
  id: string
  itemKey: string
  provider: string
  driver: 'postgres' | 'mysql'
  /** postgres://user:pass@host:5432/db or mysql://user:pass@host:3306/db. The password is sealed at rest when a data key is given. */
  url: string
  /** `table` or `schema.table` (MySQL: `database.table`); used exactly as written, quoted. */
  table: string
  watermarkColumn: string
  /** Tie-breaker among rows of equal watermark: a unique column (the primary key). Strongly recommended. */
  keyColumn?: string
  /** Catalog field key → source column. */
  mapping: Record<string, string>
  /** Rows per page, default 5000. */
  batchSize?: number
}

/** Where a table pull stands: the watermark and key of the last row read. */
export interface TableWatermark {
  w: string | number | boolean
  k?: string | number | boolean
}

export interface TablePullOptions extends PullOptionsBase {
  /** Called after each page is read, before its rows are collected (progress, tests). */
  onPage?: (page: { number: number; rows: number; last: TableWatermark | undefined }) => void | Promise<void>
}

const DEFAULT_BATCH_SIZE = 5000
const CONNECT_TIMEOUT_MS = 10_000
/** Letters of any script (providers do name columns in Chinese), digits, _ and $; never quotes, dots or spaces. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_$]*$/u

function checkIdentifier(setting: string, name: unknown, driver: 'postgres' | 'mysql', parts: 1 | 2): string[] {
  const text = typeof name === 'string' ? name : ''
  const split = text.split('.')
  const ok =
    split.length >= 1 &&
    split.length <= parts &&
    split.every((p) => IDENTIFIER.test(p) && (driver === 'postgres' ? Buffer.byteLength(p) <= 63 : p.length <= 64))
  if (!ok) throw SourceErrors.BAD_IDENTIFIER(setting, typeof name === 'string' ? name.slice(0, 100) : String(name))
  return split
}

/** Quotes validated identifier parts; the check above guarantees they hold no quote character. */
function quote(driver: 'postgres' | 'mysql', parts: string[]): string {
  return parts.map((p) => (driver === 'postgres' ? `"${p}"` : `\`${p}\``)).join('.')
}

interface CheckedConfig extends Required<Omit<TableSourceConfig, 'keyColumn'>> {
  keyColumn: string | undefined
  resolved: ResolvedItem
  /** The URL without its password, and the password apart. */
  bareUrl: string
  password: string | undefined
}

function checkUrl(driver: 'postgres' | 'mysql', raw: unknown): { bareUrl: string; password: string | undefined } {
  const text = requireString('url', raw)
  let u: URL
  try {
    u = new URL(text)
  } catch {
    throw sourceError('BAD_VALUE', 'url', { zh: '不是合法的连接地址', en: 'not a valid connection URL' })
  }
  const schemes = driver === 'postgres' ? ['postgres:', 'postgresql:'] : ['mysql:', 'mariadb:']
  if (!schemes.includes(u.protocol)) {
    throw sourceError('BAD_VALUE', 'url', { zh: `${driver} 源库的地址应以 ${schemes.join(' 或 ')}// 开头：${maskUrl(text)}`, en: `a ${driver} URL starts with ${schemes.join(' or ')}//: ${maskUrl(text)}` })
  }
  if (!u.hostname) throw sourceError('BAD_VALUE', 'url', { zh: `缺少主机名：${maskUrl(text)}`, en: `no host name: ${maskUrl(text)}` })
  const password = u.password ? decodeURIComponent(u.password) : undefined
  u.password = ''
  return { bareUrl: u.toString(), password }
}

/** Validates a configuration against the catalog; every problem is named in Chinese and English. */
function checkConfig(input: TableSourceConfig, catalog: CatalogIndex): CheckedConfig {
  if (!input || typeof input !== 'object') throw sourceError('BAD_VALUE', 'config', { zh: '必须是对象', en: 'must be an object' })
  const id = checkSourceId(input.id)
  const itemKey = requireString('itemKey', input.itemKey, 200)
  const provider = requireString('provider', input.provider, 200)
  const driver = input.driver
  if (driver !== 'postgres' && driver !== 'mysql') throw sourceError('BAD_VALUE', 'driver', { zh: `只能是 postgres 或 mysql，收到 ${JSON.stringify(driver)}`, en: `must be postgres or mysql, got ${JSON.stringify(driver)}` })
  const { bareUrl, password } = checkUrl(driver, input.url)
  checkIdentifier('table', input.table, driver, 2)
  checkIdentifier('watermarkColumn', input.watermarkColumn, driver, 1)
  if (input.keyColumn !== undefined && input.keyColumn !== null) checkIdentifier('keyColumn', input.keyColumn, driver, 1)
  const resolved = resolveItem(catalog, itemKey, provider)
  const mapping = input.mapping
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping) || Object.keys(mapping).length === 0) throw SourceErrors.EMPTY_MAPPING(id)
  checkFieldKeys(resolved, Object.keys(mapping))
  for (const [key, column] of Object.entries(mapping)) checkIdentifier(`mapping.${key}`, column, driver, 1)
  const batchSize = optionalInt('batchSize', input.batchSize, 1, 100_000, DEFAULT_BATCH_SIZE)
  return {
    id, itemKey, provider, driver, url: input.url, table: input.table, watermarkColumn: input.watermarkColumn,
    keyColumn: input.keyColumn ?? undefined, mapping: { ...mapping }, batchSize, resolved, bareUrl, password,
  }
}

/**
 * Registers (or reconfigures) a table source in `ingest.source`. The configuration is checked first: the item
 * exists and the provider is responsible for it, every mapping key is a field of the item, every table and column
 * name is a plain identifier (they are quoted into SQL, never interpolated as given).
 *
 * Changing the table, URL, watermark or key column or the item starts the source over (its watermark is cleared);
 * changing only the mapping or page size keeps its place.
 *
 * @param opts.dataKey seals the URL's password (SM4) in the stored configuration; without it, it is stored as given.
 * @param opts.catalog the catalog to check against; defaults to the newest published version.
 *
 * @example
 * await registerTableSource(db, {
 *   id: 'yc-water', itemKey: 'water_bill', provider: '自治区住房城乡建设厅', driver: 'mysql',
 *   url: 'mysql://reader:secret@10.0.0.5:3306/water', table: 'water.bills', watermarkColumn: 'updated_at', keyColumn: 'id',
 *   mapping: { entity_name: 'corp_name', uscc: 'credit_code', water_account_info: 'account' },
 * }, { dataKey })
 */
export async function registerTableSource(db: Database, config: TableSourceConfig, opts: { dataKey?: Buffer; catalog?: CatalogIndex } = {}): Promise<RegisterResult> {
  const c = checkConfig(config, await catalogFor(db, opts.catalog))
  const stored = {
    driver: c.driver, url: c.bareUrl, password: sealSecret(c.password, opts.dataKey), table: c.table, watermarkColumn: c.watermarkColumn,
    keyColumn: c.keyColumn, mapping: c.mapping, batchSize: c.batchSize,
  }
  const cursor = JSON.stringify([c.driver, c.bareUrl, c.table, c.watermarkColumn, c.keyColumn ?? null])
  return upsertSource(db, { id: c.id, itemKey: c.itemKey, provider: c.provider, method: 'table', config: stored, cursor })
}

type Row = Record<string, unknown>

/** One connection to the provider's database, reading pages of the configured table. */
interface Remote {
  /** Rows after `after` (or from `after` on, when `inclusive`), in (watermark, key) order. */
  page(after: TableWatermark | undefined, inclusive: boolean, limit: number): Promise<Row[]>
  /** Every row whose watermark equals `w` (only used without a key column). */
  group(w: unknown): Promise<Row[]>
  /** Rows that cannot be pulled because their watermark or key is NULL. */
  unplaceable(): Promise<number>
  close(): Promise<void>
}

/** The SQL of the pages, with placeholders of the driver. Every name in it has been validated and quoted. */
function statements(c: CheckedConfig) {
  const d = c.driver
  const q = (name: string) => quote(d, [name])
  const table = quote(d, c.table.split('.'))
  const w = q(c.watermarkColumn)
  const k = c.keyColumn ? q(c.keyColumn) : undefined
  const columns = [...new Set([...Object.values(c.mapping), c.watermarkColumn, ...(c.keyColumn ? [c.keyColumn] : [])])].map(q).join(', ')
  const p = (n: number) => (d === 'postgres' ? `$${n}` : '?')
  const notNull = `${w} is not null` + (k ? ` and ${k} is not null` : '')
  const order = `order by ${w}` + (k ? `, ${k}` : '')
  return {
    first: { sql: `select ${columns} from ${table} where ${notNull} ${order} limit ${p(1)}`, params: (limit: number) => [limit] },
    after: k
      ? {
          sql: `select ${columns} from ${table} where ${notNull} and ${w} >= ${p(1)} and (${w} > ${p(d === 'postgres' ? 1 : 2)} or ${k} > ${p(d === 'postgres' ? 2 : 3)}) ${order} limit ${p(d === 'postgres' ? 3 : 4)}`,
          params: (a: TableWatermark, limit: number) => (d === 'postgres' ? [a.w, a.k, limit] : [a.w, a.w, a.k, limit]),
        }
      : undefined,
    from: (op: '>' | '>=') => ({ sql: `select ${columns} from ${table} where ${w} ${op} ${p(1)} ${order} limit ${p(2)}`, params: (a: TableWatermark, limit: number) => [a.w, limit] }),
    group: { sql: `select ${columns} from ${table} where ${w} = ${p(1)}` },
    unplaceable: { sql: `select count(*) as n from ${table} where ${w} is null` + (k ? ` or ${k} is null` : '') },
  }
}

/**
 * node-pg turns `date` into a Date at local midnight (a shifted day once serialised in another zone) and
 * timestamps into Dates that lose microseconds; both are kept as the server's text instead, which is exact as a
 * watermark and is what a date field wants.
 */
const PG_TEXT_TYPES = new Set([1082, 1114, 1184])
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (PG_TEXT_TYPES.has(oid)) return (v: string) => v
    return pg.types.getTypeParser(oid, format)
  },
}

async function openRemote(c: CheckedConfig, password: string | undefined): Promise<Remote> {
  const s = statements(c)
  const page = (run: (sql: string, params: unknown[]) => Promise<Row[]>) => (after: TableWatermark | undefined, inclusive: boolean, limit: number) => {
    if (!after) return run(s.first.sql, s.first.params(limit))
    if (s.after && !inclusive) return run(s.after.sql, s.after.params(after, limit))
    const st = s.from(inclusive ? '>=' : '>')
    return run(st.sql, st.params(after, limit))
  }
  if (c.driver === 'postgres') {
    const u = new URL(c.bareUrl)
    if (password) u.password = encodeURIComponent(password)
    const client = new pg.Client({ connectionString: u.toString(), types: pgTypes, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'xinshu-table-source' })
    // A connection lost while idle is reported as an event; the next query then fails and the pull with it.
    client.on('error', () => {})
    await client.connect()
    // Timestamps with time zone read as Beijing time, so that a date taken from one is the provider's local date.
    await client.query(`set time zone 'Asia/Shanghai'`)
    const run = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rows as Row[]
    return {
      page: page(run),
      group: (w) => run(s.group.sql, [w]),
      unplaceable: async () => Number((await run(s.unplaceable.sql, []))[0]?.n ?? 0),
      close: () => client.end().catch(() => {}),
    }
  }
  const u = new URL(c.bareUrl)
  const conn = await mysql.createConnection({
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    ...(password ? { password } : {}),
    ...(u.pathname.length > 1 ? { database: decodeURIComponent(u.pathname.slice(1)) } : {}),
    // Dates and times as the server's text (no time-zone shift, exact as a watermark); big integers as text only
    // when a number would lose digits.
    dateStrings: true,
    supportBigNumbers: true,
    charset: 'utf8mb4',
    connectTimeout: CONNECT_TIMEOUT_MS,
  })
  conn.on('error', () => {})
  await conn.query(`set time_zone = '+08:00'`)
  const run = async (sql: string, params: unknown[]) => (await conn.query(sql, params))[0] as Row[]
  return {
    page: page(run),
    group: (w) => run(s.group.sql, [w]),
    unplaceable: async () => Number((await run(s.unplaceable.sql, []))[0]?.n ?? 0),
    close: () => conn.end().catch(() => {}),
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/**
 * A driver's value made ready for the field parser and for JSON (the quarantine keeps the raw row). Text from a
 * timestamp column mapped to a date field is left to the field parser, which reads its zone (the session's Beijing
 * time, set at connect) and takes the China date.
 */
function cell(value: unknown, field: CatalogField | undefined): unknown {
  if (value instanceof Date) {
    // Only reached if a driver still produced a Date: its local calendar date is the one the database held.
    const day = `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
    if (field?.type === 'date') return day
    return `${day} ${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`
  }
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  if (typeof value === 'bigint') return value.toString()
  return value
}

function isWatermarkValue(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/**
 * Pulls the rows of a table source added or changed since its last pull (see the module comment for how), and
 * collects them as one batch of method `table`. An interrupted pull is continued from its last committed chunk.
 * The source's watermark moves only when the batch completes.
 *
 * @example
 * const summary = await pullTableSource({ db, catalog: await catalogService.init(), dataKey }, 'yc-water')
 * // summary.stored, summary.quarantined, summary.watermark → { w: '2024-05-01 10:00:00', k: 1234 }
 */
export async function pullTableSource(deps: BatchDeps, sourceId: string, opts: TablePullOptions = {}): Promise<PullSummary> {
  const { db } = deps
  return exclusive(db, sourceId, async () => {
    const source = await getSource(db, sourceId, 'table')
    const stored = source.config as Record<string, unknown>
    const c = checkConfig({ ...(stored as unknown as TableSourceConfig), id: source.id, itemKey: source.item_key, provider: source.provider, url: String(stored.url) }, deps.catalog)
    const password = openSecret(source.id, stored.password, deps.dataKey)
    const where = `${maskUrl(c.bareUrl)} ${c.table}`
    const { running, from } = await startingPoint(db, source)
    const start = from === null ? undefined : (from as TableWatermark)

    let remote: Remote
    try {
      remote = await openRemote(c, password)
    } catch (err) {
      throw SourceErrors.REMOTE_CONNECT(source.id, maskUrl(c.bareUrl), scrub(String((err as Error).message ?? err), password))
    }
    let page = 0
    const fail = (err: unknown): never => {
      if (err instanceof AppError) throw err
      throw SourceErrors.REMOTE_QUERY(source.id, where, page, scrub(String((err as Error).message ?? err), password))
    }
    try {
      const warnings: string[] = []
      // Counted on a pull from the start only: without an index on NULLs the count reads the whole table.
      const unplaceable = start === undefined ? await remote.unplaceable().catch(fail) : 0
      if (unplaceable > 0) {
        warnings.push(`源表有 ${unplaceable} 行的水位列${c.keyColumn ? '或主键列' : ''}为空，未拉取 / ${unplaceable} rows have no ${c.watermarkColumn}${c.keyColumn ? ' or ' + c.keyColumn : ''} and were not pulled`)
      }
      const fields = new Map(c.resolved.item.fields.map((f) => [f.key, f]))
      const mapping = Object.entries(c.mapping).map(([key, column]) => ({ key, column, field: fields.get(key) }))
      const marks = new WeakMap<RawRecord, TableWatermark>()
      const skip = running?.position ?? 0
      const key = c.keyColumn
      const markOf = (row: Row): TableWatermark => {
        const w = row[c.watermarkColumn]
        const k = key ? row[key] : undefined
        if (!isWatermarkValue(w) || (key && !isWatermarkValue(k))) {
          throw sourceError('BAD_VALUE', key && isWatermarkValue(w) ? 'keyColumn' : 'watermarkColumn', {
            zh: `列的取值类型无法作为水位（${typeof (isWatermarkValue(w) ? k : w)}），请选用数字、日期时间或文本列`,
            en: `its values (${typeof (isWatermarkValue(w) ? k : w)}) cannot serve as a watermark; use a number, date-time or text column`,
          })
        }
        return key ? { w, k: k as string | number | boolean } : { w }
      }

      async function* rows(): AsyncGenerator<RawRecord> {
        let position = skip
        let cursor = start
        // Without a key, rows of the last watermark may not all have been read: start at it, not after it.
        let inclusive = !key && cursor !== undefined
        for (;;) {
          page++
          let got = await remote.page(cursor, inclusive, c.batchSize).catch(fail)
          const full = got.length >= c.batchSize
          if (!key && full) {
            // Complete the page with every row of its last watermark, so the next page can start after it.
            const lastW = got[got.length - 1]![c.watermarkColumn]
            got = got.filter((r) => r[c.watermarkColumn] !== lastW).concat(await remote.group(lastW).catch(fail))
          }
          const last = got.length ? markOf(got[got.length - 1]!) : undefined
          await opts.onPage?.({ number: page, rows: got.length, last })
          for (const row of got) {
            const values: Record<string, unknown> = {}
            for (const m of mapping) values[m.key] = cell(row[m.column], m.field)
            const raw: Record<string, unknown> = {}
            for (const [col, v] of Object.entries(row)) raw[col] = cell(v, undefined)
            const rec: RawRecord = { position: ++position, values, raw }
            marks.set(rec, markOf(row))
            yield rec
          }
          if (!full || !last) return
          cursor = last
          inclusive = false
        }
      }

      const summary = await runBatch(deps, {
        itemKey: c.itemKey,
        provider: c.provider,
        method: 'table',
        // A failed pull is continued by the next one.
        onFailure: 'keep-running',
        source: batchTag('table', source.id),
        records: afterSkipped(skip, rows()),
        watermarkOf: (rec) => marks.get(rec),
        ...(running ? { resume: { batchId: running.id } } : {}),
        warnings,
        ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
        ...(opts.createdBy ? { createdBy: opts.createdBy } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      })
      const watermark = (await batchWatermark(db, summary.batchId)) ?? start ?? null
      await saveWatermark(db, source.id, watermark)
      return { ...summary, sourceId: source.id, from: start ?? null, watermark, pages: page }
    } finally {
      await remote.close()
    }
  })
}

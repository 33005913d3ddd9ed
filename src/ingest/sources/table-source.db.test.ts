import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import mysql from 'mysql2/promise'
import { type Database, openDatabase, AppError } from '../../core/index.js'
import { createCatalogService, type CatalogIndex } from '../../catalog/index.js'
import { buildUscc, USCC_CHARSET } from '../../registry/index.js'
import { pullTableSource, registerTableSource, type TableSourceConfig } from './table-source.js'
import { commitChunk } from '../../flows/index.js'

/**
 * The 库表 method against real provider databases: the local MariaDB (database `test`) and PostgreSQL (database
 * `test`), each with a table of its own made for this run and dropped after it. The hub is an in-memory PGlite.
 */

const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test'
const DATA_KEY = Buffer.alloc(16, 7)
const PROVIDER = '自治区住房城乡建设厅'
const BODY_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** A valid USCC per row number (the 8th char of the organisation-code body varies). */
const usccOf = (n: number) => buildUscc({ authority: '9', entityType: '1', divisionCode: '640104', orgCodeBody: 'MA76XQ' + BODY_CHARS[Math.floor(n / BODY_CHARS.length) % BODY_CHARS.length]! + BODY_CHARS[n % BODY_CHARS.length]! })

/** The same code with a wrong check character. */
function flipLast(code: string): string {
  const last = code[code.length - 1]!
  const other = USCC_CHARSET[(USCC_CHARSET.indexOf(last) + 1) % USCC_CHARSET.length]!
  return code.slice(0, -1) + other
}

interface Remote {
  driver: 'postgres' | 'mysql'
  url: string
  table: string
  exec(sql: string, params?: unknown[]): Promise<void>
  insert(rows: Array<{ id: number; ver: number; code?: string }>): Promise<void>
  /** Moves the table away (the next page query fails) and back. */
  hide(): Promise<void>
  unhide(): Promise<void>
  close(): Promise<void>
}

const suffix = randomBytes(4).toString('hex')

async function mysqlRemote(): Promise<Remote> {
  const conn = await mysql.createConnection(MYSQL)
  const name = `xs_water_${suffix}`
  await conn.query(`create table \`${name}\` (id int primary key, ver int not null, corp varchar(200), code varchar(32), account varchar(100),
    details text, avg3 decimal(10,2), avg6 decimal(10,2), arrears tinyint(1))`)
  return {
    driver: 'mysql',
    url: `mysql://root@127.0.0.1:3306/test`,
    table: `test.${name}`,
    exec: async (sql, params) => void (await conn.query(sql, params)),
    async insert(rows) {
      for (const r of rows) {
        await conn.query(`insert into \`${name}\` values (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [r.id, r.ver, `银川用水企业${r.id}`, r.code ?? usccOf(r.id), `户号-${r.id}`, `2024年缴费${r.id}次`, '12.50', '13.25', r.id % 2])
      }
    },
    hide: async () => void (await conn.query(`rename table \`${name}\` to \`${name}_away\``)),
    unhide: async () => void (await conn.query(`rename table \`${name}_away\` to \`${name}\``)),
    async close() {
      await conn.query(`drop table if exists \`${name}\``)
      await conn.query(`drop table if exists \`${name}_away\``)
      await conn.end()
    },
  }
}

async function pgRemote(): Promise<Remote> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  const schema = `xs_src_${suffix}`
  await client.query(`create schema ${schema}`)
  await client.query(`create table ${schema}.water (id int primary key, ver int not null, corp text, code text, account text,
    details text, avg3 numeric(10,2), avg6 numeric(10,2), arrears boolean)`)
  return {
    driver: 'postgres',
    url: PG_URL,
    table: `${schema}.water`,
    exec: async (sql, params) => void (await client.query(sql, params)),
    async insert(rows) {
      for (const r of rows) {
        await client.query(`insert into ${schema}.water values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [r.id, r.ver, `银川用水企业${r.id}`, r.code ?? usccOf(r.id), `户号-${r.id}`, `2024年缴费${r.id}次`, '12.50', '13.25', r.id % 2 === 1])
      }
    },
    hide: async () => void (await client.query(`alter table ${schema}.water rename to water_away`)),
    unhide: async () => void (await client.query(`alter table ${schema}.water_away rename to water`)),
    async close() {
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.end()
    },
  }
}

const MAPPING = {
  entity_name: 'corp', uscc: 'code', water_account_info: 'account', water_payment_details: 'details',
  avg_monthly_water_usage_last_3_months: 'avg3', avg_monthly_water_usage_last_6_months: 'avg6', has_arrears: 'arrears',
}

function expectBilingual(err: unknown, code: string): AppError {
  expect(err).toBeInstanceOf(AppError)
  const e = err as AppError
  expect(e.code).toBe(code)
  expect(e.zh).toMatch(/[\u4e00-\u9fff]/)
  expect(e.en).toMatch(/[a-z]{3}/)
  return e
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe.each(['mysql', 'postgres'] as const)('table source on %s', (driver) => {
  let db: Database
  let catalog: CatalogIndex
  let remote: Remote
  const id = `water-${driver}`
  let config: TableSourceConfig
  const deps = () => ({ db, catalog, dataKey: DATA_KEY, chunks: commitChunk({ db }) })

  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0]!.n
  /** Records this source stored, and whether any account was stored twice. */
  const stored = async () => {
    const rows = await db.query<{ n: number; accounts: number }>(
      `select count(*)::int as n, count(distinct data->>'water_account_info')::int as accounts from records.record r
       join ingest.batch b on b.id = r.batch_id where b.source = $1`,
      [`table:${id}`],
    )
    return rows[0]!
  }

  beforeAll(async () => {
    db = await openDatabase({})
    catalog = await createCatalogService({ db }).init()
    remote = driver === 'mysql' ? await mysqlRemote() : await pgRemote()
    config = { id, itemKey: 'water_bill', provider: PROVIDER, driver, url: remote.url, table: remote.table, watermarkColumn: 'ver', keyColumn: 'id', mapping: MAPPING, batchSize: 2 }
  })

  afterAll(async () => {
    await remote?.close()
    await db?.close()
  })

  it('rejects unknown field keys and unsafe identifiers, in Chinese and English', async () => {
    const unknown = expectBilingual(await rejection(registerTableSource(db, { ...config, mapping: { ...MAPPING, water_colour: 'colour' } })), 'SOURCE_UNKNOWN_FIELD')
    expect(unknown.zh).toContain('water_colour')
    expect(unknown.en).toContain('water_colour')
    const badTable = expectBilingual(await rejection(registerTableSource(db, { ...config, table: 'water; drop table x' })), 'SOURCE_BAD_IDENTIFIER')
    expect(badTable.en).toContain('table')
    expectBilingual(await rejection(registerTableSource(db, { ...config, table: 'a.b.c' })), 'SOURCE_BAD_IDENTIFIER')
    expectBilingual(await rejection(registerTableSource(db, { ...config, watermarkColumn: 'ver"--' })), 'SOURCE_BAD_IDENTIFIER')
    expectBilingual(await rejection(registerTableSource(db, { ...config, mapping: { ...MAPPING, uscc: 'code` or 1=1' } })), 'SOURCE_BAD_IDENTIFIER')
    expectBilingual(await rejection(registerTableSource(db, { ...config, itemKey: 'no_such_item' })), 'SOURCE_UNKNOWN_ITEM')
    expectBilingual(await rejection(registerTableSource(db, { ...config, provider: '某不相关单位' })), 'INGEST_PROVIDER_NOT_RESPONSIBLE')
    expectBilingual(await rejection(registerTableSource(db, { ...config, url: 'http://example.org/db' })), 'SOURCE_BAD_VALUE')
    expect(await count('select count(*)::int as n from ingest.source')).toBe(0)
  })

  it('keeps passwords sealed at rest and out of error messages', async () => {
    const secretUrl = driver === 'mysql' ? 'mysql://reader:Sup3rSecret@127.0.0.1:1/test' : 'postgres://reader:Sup3rSecret@127.0.0.1:1/test'
    await registerTableSource(db, { ...config, id: `${id}-secret`, url: secretUrl }, { dataKey: DATA_KEY, catalog })
    const [row] = await db.query<{ config: Record<string, unknown> }>('select config from ingest.source where id = $1', [`${id}-secret`])
    expect(JSON.stringify(row!.config)).not.toContain('Sup3rSecret')
    expect(String(row!.config.password)).toMatch(/^sm4:/)
    const err = expectBilingual(await rejection(pullTableSource(deps(), `${id}-secret`)), 'SOURCE_REMOTE_CONNECT')
    expect(err.message).not.toContain('Sup3rSecret')
    expect(err.message).toContain('127.0.0.1')
    await db.query('delete from ingest.source where id = $1', [`${id}-secret`])
  })

  it('pulls every row on the first pull, with equal watermarks across page boundaries', async () => {
    // ver 1 1 1 2 2 and two rows per page: the first page boundary falls inside the rows of ver 1.
    await remote.insert([1, 1, 1, 2, 2].map((ver, i) => ({ id: i + 1, ver })))
    const reg = await registerTableSource(db, config)
    expect(reg).toEqual({ id, created: true, watermarkReset: false })
    const pages: number[] = []
    const s = await pullTableSource(deps(), id, { onPage: (p) => void pages.push(p.rows) })
    expect(s).toMatchObject({ method: 'table', status: 'completed', received: 5, stored: 5, quarantined: 0, duplicates: 0, resumed: false, from: null, watermark: { w: 2, k: 5 } })
    expect(pages).toEqual([2, 2, 1])
    expect(await stored()).toEqual({ n: 5, accounts: 5 })
    const [rec] = await db.query<{ data: Record<string, unknown>; method: string }>(`select data, method from records.record where batch_id = $1 and data->>'water_account_info' = '户号-1'`, [s.batchId])
    expect(rec!.method).toBe('table')
    expect(rec!.data).toMatchObject({ entity_name: '银川用水企业1', uscc: usccOf(1), has_arrears: true })
    const [src] = await db.query<{ watermark: unknown }>('select watermark from ingest.source where id = $1', [id])
    expect(src!.watermark).toEqual({ w: 2, k: 5 })
  })

  it('pulls only new rows next time, including rows at the last watermark, and quarantines a bad code', async () => {
    // ids 6 and 7 share the last pull's watermark (ver 2) with larger keys; id 9 carries a wrong check character.
    await remote.insert([{ id: 6, ver: 2 }, { id: 7, ver: 2 }, { id: 8, ver: 3 }, { id: 9, ver: 3, code: flipLast(usccOf(9)) }])
    const s = await pullTableSource(deps(), id)
    expect(s).toMatchObject({ status: 'completed', received: 4, stored: 3, quarantined: 1, duplicates: 0, from: { w: 2, k: 5 }, watermark: { w: 3, k: 9 } })
    const q = await db.query<{ position: number; raw: Record<string, unknown>; issues: Array<{ field: string }> }>('select position, raw, issues from ingest.quarantine where batch_id = $1', [s.batchId])
    expect(q).toHaveLength(1)
    expect(q[0]!.position).toBe(4)
    expect(q[0]!.raw).toMatchObject({ id: 9, code: flipLast(usccOf(9)), account: '户号-9' })
    expect(q[0]!.issues.map((i) => i.field)).toContain('uscc')
    expect(await stored()).toEqual({ n: 8, accounts: 8 })

    const again = await pullTableSource(deps(), id)
    expect(again).toMatchObject({ status: 'completed', received: 0, stored: 0, watermark: { w: 3, k: 9 } })
  })

  it('leaves a failed pull resumable, and the next pull completes it without loss or duplicates', async () => {
    await remote.insert([10, 11, 12, 13, 14, 15, 16].map((id, i) => ({ id, ver: 4 + Math.floor(i / 3) })))
    // Pages of 2 rows, chunks of 3: after page 2 the table disappears, so page 3 fails. Rows 10–12 are committed
    // (one chunk, its watermark mid-page 2), row 13 was read but not committed.
    const err = await rejection(pullTableSource(deps(), id, { chunkSize: 3, onPage: async (p) => { if (p.number === 2) await remote.hide() } }))
    const e = expectBilingual(err, 'SOURCE_REMOTE_QUERY')
    expect(e.en).toContain('page 3')
    const [batch] = await db.query<{ id: string; status: string; position: number; received: number; watermark: unknown; error: string }>(
      `select * from ingest.batch where source = $1 and status = 'running'`, [`table:${id}`])
    expect(batch).toMatchObject({ status: 'running', position: 3, received: 3, watermark: { w: 4, k: 12 } })
    expect(batch!.error).toContain('page 3')
    expect(await stored()).toEqual({ n: 11, accounts: 11 })
    const [src] = await db.query<{ watermark: unknown }>('select watermark from ingest.source where id = $1', [id])
    expect(src!.watermark).toEqual({ w: 3, k: 9 })

    await remote.unhide()
    const s = await pullTableSource(deps(), id, { chunkSize: 3 })
    expect(s).toMatchObject({ batchId: batch!.id, resumed: true, status: 'completed', received: 7, stored: 7, duplicates: 0, from: { w: 4, k: 12 }, watermark: { w: 6, k: 16 } })
    expect(await stored()).toEqual({ n: 15, accounts: 15 })
    const positions = await db.query<{ position: number }>(`select count(*)::int as position from ingest.batch where source = $1 and status = 'running'`, [`table:${id}`])
    expect(positions[0]!.position).toBe(0)
  })

  it('recovers a watermark lost between completing a batch and saving it', async () => {
    // As if the process stopped right after the batch completed: the source still shows an older watermark.
    await db.query(`update ingest.source set watermark = '{"w": 1, "k": 1}', updated_at = now() - interval '1 hour' where id = $1`, [id])
    const s = await pullTableSource(deps(), id)
    expect(s).toMatchObject({ status: 'completed', received: 0, from: { w: 6, k: 16 }, watermark: { w: 6, k: 16 } })
  })

  it('without a key column, completes pages by watermark value and re-reads only the last value', async () => {
    const noKey = `${id}-nokey`
    await registerTableSource(db, { ...config, id: noKey, keyColumn: undefined, batchSize: 2 })
    const pages: number[] = []
    const s = await pullTableSource(deps(), noKey, { onPage: (p) => void pages.push(p.rows) })
    // 16 rows; every page is completed with all rows of its last ver, so no page ends inside a value.
    expect(s).toMatchObject({ status: 'completed', received: 16, quarantined: 1, watermark: { w: 6 } })
    expect(pages.reduce((a, b) => a + b, 0)).toBe(16)
    await remote.insert([{ id: 17, ver: 6 }])
    const next = await pullTableSource(deps(), noKey)
    // Rows of ver 6 (ids 16, 17) are read again; id 16 is a duplicate, id 17 is new.
    expect(next).toMatchObject({ status: 'completed', received: 2, stored: 1, duplicates: 1, watermark: { w: 6 } })
  })

  it('keeps dates and microsecond timestamps exact, as date fields and as watermarks', async () => {
    // A date column read in a zone east of UTC is where node-pg's default Date shifts the day; the timestamps share
    // a value with microseconds, which a JavaScript Date would round and so break the tie-breaking on that value.
    const tz = process.env.TZ
    process.env.TZ = 'Asia/Shanghai'
    const t = driver === 'mysql' ? `test.xs_list_${suffix}` : `xs_src_${suffix}.listing`
    try {
      await remote.exec(driver === 'mysql'
        ? `create table ${t} (id int primary key, changed datetime(6) not null, corp varchar(200), code varchar(32), listed tinyint(1), day date)`
        : `create table ${t} (id int primary key, changed timestamptz(6) not null, corp text, code text, listed boolean, day date)`)
      const at = '2024-03-05 09:10:11.123456'
      const insert = async (id: number, changed: string, day: string) =>
        remote.exec(`insert into ${t} values (${driver === 'mysql' ? '?, ?, ?, ?, ?, ?' : '$1, $2, $3, $4, $5, $6'})`, [id, changed, `经营异常企业${id}`, usccOf(100 + id), driver === 'mysql' ? 1 : true, day])
      await insert(1, at, '2024-01-01')
      await insert(2, at, '1999-12-31')
      await insert(3, at, '2023-06-30')
      await insert(4, '2024-03-05 09:10:11.123457', '2024-02-29')
      const listing = { id: `listing-${driver}`, itemKey: 'abnormal_operation_list', provider: '自治区市场监管厅', driver, url: remote.url, table: t, watermarkColumn: 'changed', keyColumn: 'id', batchSize: 2, mapping: { entity_name: 'corp', uscc: 'code', is_listed: 'listed', listing_date: 'day' } }
      await registerTableSource(db, listing)
      const s = await pullTableSource(deps(), listing.id)
      expect(s).toMatchObject({ status: 'completed', received: 4, stored: 4, quarantined: 0 })
      const w = (s.watermark as { w: string; k: number })
      expect(w.k).toBe(4)
      expect(w.w).toMatch(/:10:11\.123457/)
      const days = await db.query<{ day: string }>(`select data->>'listing_date' as day from records.record where batch_id = $1 order by 1`, [s.batchId])
      expect(days.map((d) => d.day)).toEqual(['1999-12-31', '2023-06-30', '2024-01-01', '2024-02-29'])

      // A row at the microsecond value of ids 1–3, with a larger key, is still found.
      await insert(5, at, '2024-03-01')
      await insert(6, '2024-03-05 09:10:11.123457', '2024-03-02')
      const next = await pullTableSource(deps(), listing.id)
      expect(next).toMatchObject({ status: 'completed', received: 1, stored: 1 })
      const late = await db.query<{ day: string }>(`select data->>'listing_date' as day from records.record where batch_id = $1`, [next.batchId])
      expect(late.map((d) => d.day)).toEqual(['2024-03-02'])
    } finally {
      process.env.TZ = tz
      await remote.exec(`drop table if exists ${t}`)
    }
  })

  it('starts over when reconfigured to another table or watermark column', async () => {
    const r = await registerTableSource(db, { ...config, batchSize: 100 })
    expect(r).toEqual({ id, created: false, watermarkReset: false })
    const moved = await registerTableSource(db, { ...config, watermarkColumn: 'id' })
    expect(moved).toEqual({ id, created: false, watermarkReset: true })
    const [src] = await db.query<{ watermark: unknown }>('select watermark from ingest.source where id = $1', [id])
    expect(src!.watermark).toBeNull()
  })
})

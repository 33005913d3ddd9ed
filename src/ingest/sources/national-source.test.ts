import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase, AppError } from '../../core/index.js'
import { createCatalogService, type CatalogIndex } from '../../catalog/index.js'
import { buildUscc } from '../../registry/index.js'
import { pullNationalSource, registerNationalSource, type NationalSourceConfig } from './national-source.js'
import { commitChunk } from '../../flows/index.js'

/**
 * The 通过国家平台调用 method against a real HTTP server on 127.0.0.1 that plays the national platform, with
 * scripted failures: a request left unanswered, 503 with Retry-After, 500, a page that is not JSON, 404, and a page
 * that keeps failing until the retries run out. The hub is an in-memory PGlite; waits are recorded, not slept.
 */

const DATA_KEY = Buffer.alloc(16, 7)
const PROVIDER = '自治区高级人民法院'
const TOKEN = 'tok-Very-Secret-123'
const BODY_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const usccOf = (n: number) => buildUscc({ authority: '9', entityType: '1', divisionCode: '640104', orgCodeBody: 'MA76XQ' + BODY_CHARS[Math.floor(n / BODY_CHARS.length) % BODY_CHARS.length]! + BODY_CHARS[n % BODY_CHARS.length]! })

/** An upstream record: keyed partly by Chinese name, partly by field key, the case number by the platform's own name. */
const caseOf = (n: number) => ({ 企业名称: `破产企业${n}`, uscc: usccOf(n), caseNo: `(2024)宁01破${n}号`, administrator_name: `管理人${n}` })

type Fault = { page: number; kind: 'hang' | 'status' | 'not-json' | 'not-array'; status?: number; retryAfter?: string; times: number }

interface Dataset {
  records: unknown[]
  faults: Fault[]
}

interface Seen {
  path: string
  page: number
  size: number
  since: string | null
  auth: string | undefined
}

describe('national source', () => {
  let db: Database
  let catalog: CatalogIndex
  let server: Server
  let baseUrl: string
  const hung: ServerResponse[] = []
  const seen: Seen[] = []
  const data = new Map<string, Dataset>()
  const sleeps: number[] = []
  const deps = () => ({ db, catalog, dataKey: DATA_KEY, chunks: commitChunk({ db }) })
  const sleep = async (ms: number) => void sleeps.push(ms)

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const page = Number(url.searchParams.get('page'))
    const size = Number(url.searchParams.get('size'))
    const since = url.searchParams.get('since')
    seen.push({ path: url.pathname, page, size, since, auth: req.headers.authorization })
    const set = data.get(url.pathname)
    if (!set) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no such interface' }))
      return
    }
    const fault = set.faults.find((f) => f.page === page && f.times > 0)
    if (fault) {
      fault.times--
      if (fault.kind === 'hang') return void hung.push(res)
      if (fault.kind === 'status') return void res.writeHead(fault.status!, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}).end('busy')
      if (fault.kind === 'not-json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"total": 8, "records": [')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: 8, page, records: { oops: true }, next: true }))
    }
    // `since` is the platform's own watermark ("v" + how many records it had): only records added after it.
    const from = since ? Number(since.slice(1)) : 0
    const all = set.records.slice(from)
    const records = all.slice((page - 1) * size, page * size)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ total: all.length, page, records, next: page * size < all.length, watermark: `v${set.records.length}` }))
  }

  const config = (over: Partial<NationalSourceConfig> = {}): NationalSourceConfig => ({
    id: 'gjxy-bankruptcy', itemKey: 'bankruptcy', provider: PROVIDER, baseUrl, path: '/api/bankruptcy', pageSize: 3, token: TOKEN,
    timeoutMs: 10_000, maxRetries: 4, backoffMs: 100, fieldMap: { bankruptcy_case_number: 'caseNo' }, ...over,
  })

  const casesOf = async (source: string) =>
    (await db.query<{ n: number; cases: number }>(
      `select count(*)::int as n, count(distinct data->>'bankruptcy_case_number')::int as cases from records.record r
       join ingest.batch b on b.id = r.batch_id where b.source = $1`, [source]))[0]!

  async function rejection(p: Promise<unknown>): Promise<AppError> {
    try {
      await p
    } catch (err) {
      expect(err).toBeInstanceOf(AppError)
      const e = err as AppError
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/)
      expect(e.en).toMatch(/[a-z]{3}/)
      return e
    }
    throw new Error('expected a rejection')
  }

  beforeAll(async () => {
    db = await openDatabase({})
    catalog = await createCatalogService({ db }).init()
    server = createServer(handle)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    for (const r of hung) r.destroy()
    server?.closeAllConnections()
    await new Promise((r) => server?.close(r))
    await db?.close()
  })

  it('rejects unknown field keys and bad URLs, in Chinese and English', async () => {
    const e = await rejection(registerNationalSource(db, config({ fieldMap: { case_no: 'caseNo' } })))
    expect(e.code).toBe('SOURCE_UNKNOWN_FIELD')
    expect(e.en).toContain('case_no')
    expect((await rejection(registerNationalSource(db, config({ baseUrl: 'ftp://example.org' })))).code).toBe('SOURCE_BAD_VALUE')
    expect((await rejection(registerNationalSource(db, config({ path: 'api?x=1' })))).code).toBe('SOURCE_BAD_VALUE')
    expect((await rejection(registerNationalSource(db, config({ timeoutMs: -1 })))).code).toBe('SOURCE_BAD_VALUE')
  })

  it('pulls every page through a timeout, 503 with Retry-After, 500 and a malformed page; quarantines a non-object', async () => {
    data.set('/api/bankruptcy', {
      records: [1, 2, 3, 4, 5, 6, 7].map(caseOf).concat(['不是对象' as never]),
      faults: [
        { page: 1, kind: 'hang', times: 1 },
        { page: 2, kind: 'status', status: 503, retryAfter: '2', times: 1 },
        { page: 2, kind: 'status', status: 500, times: 1 },
        { page: 3, kind: 'not-json', times: 1 },
        { page: 3, kind: 'not-array', times: 1 },
      ],
    })
    // The one unanswered request costs this long; the hub's own work shares the event loop with the test server,
    // so a much shorter limit could also cut off answers that were merely late.
    await registerNationalSource(db, config({ timeoutMs: 1000 }), { dataKey: DATA_KEY })
    const [row] = await db.query<{ config: Record<string, unknown> }>(`select config from ingest.source where id = 'gjxy-bankruptcy'`)
    expect(JSON.stringify(row!.config)).not.toContain(TOKEN)

    const s = await pullNationalSource(deps(), 'gjxy-bankruptcy', { sleep })
    expect(s).toMatchObject({ method: 'national', status: 'completed', received: 8, stored: 7, quarantined: 1, duplicates: 0, pages: 3, from: null, watermark: { since: 'v8' } })
    // page 1: timeout, ok; page 2: 503, 500, ok; page 3: not JSON, records not an array, ok.
    expect(seen.map((r) => r.page)).toEqual([1, 1, 2, 2, 2, 3, 3, 3])
    expect(seen.every((r) => r.auth === `Bearer ${TOKEN}` && r.size === 3 && r.since === null)).toBe(true)
    expect(sleeps).toHaveLength(5)
    expect(sleeps[1]).toBe(2000) // Retry-After: 2
    // back-off grows: attempt 1 waits 50–100 ms, attempt 2 100–200 ms (equal jitter on base 100)
    expect(sleeps[0]).toBeGreaterThanOrEqual(50)
    expect(sleeps[0]).toBeLessThanOrEqual(100)
    expect(sleeps[2]).toBeGreaterThanOrEqual(100)
    expect(sleeps[2]).toBeLessThanOrEqual(200)
    expect(await casesOf('national:gjxy-bankruptcy')).toEqual({ n: 7, cases: 7 })
    const [rec] = await db.query<{ data: Record<string, unknown> }>(`select data from records.record where batch_id = $1 and data->>'uscc' = $2`, [s.batchId, usccOf(1)])
    expect(rec!.data).toMatchObject({ entity_name: '破产企业1', bankruptcy_case_number: '(2024)宁01破1号', administrator_name: '管理人1' })
    const q = await db.query<{ position: number; raw: Record<string, unknown>; issues: Array<{ code: string }> }>('select position, raw, issues from ingest.quarantine where batch_id = $1', [s.batchId])
    expect(q).toHaveLength(1)
    expect(q[0]).toMatchObject({ position: 8, raw: { _page: 3, _index: 2, _value: '不是对象' } })
    expect(q[0]!.issues[0]!.code).toBe('RECORD_NOT_OBJECT')
  })

  it('asks only for what is new next time, with the platform\'s watermark as since', async () => {
    seen.length = 0
    data.get('/api/bankruptcy')!.records.push(caseOf(8), caseOf(9))
    const s = await pullNationalSource(deps(), 'gjxy-bankruptcy', { sleep })
    expect(s).toMatchObject({ status: 'completed', received: 2, stored: 2, from: { since: 'v8' }, watermark: { since: 'v10' } })
    expect(seen).toEqual([{ path: '/api/bankruptcy', page: 1, size: 3, since: 'v8', auth: `Bearer ${TOKEN}` }])
  })

  it('fails at once on 404, naming the status and the URL', async () => {
    seen.length = 0
    sleeps.length = 0
    await registerNationalSource(db, config({ id: 'gjxy-missing', path: '/api/no-such' }))
    const e = await rejection(pullNationalSource(deps(), 'gjxy-missing', { sleep }))
    expect(e.code).toBe('SOURCE_HTTP_STATUS')
    expect(e.en).toContain('HTTP 404')
    expect(e.en).toContain(`${baseUrl}/api/no-such?page=1&size=3`)
    expect(e.message).not.toContain(TOKEN)
    expect(seen).toHaveLength(1)
    expect(sleeps).toHaveLength(0)
  })

  it('leaves a resumable batch when retries run out, and the next pull completes it without duplicates', async () => {
    seen.length = 0
    sleeps.length = 0
    const flaky: Dataset = { records: [11, 12, 13, 14, 15, 16, 17].map(caseOf), faults: [{ page: 2, kind: 'status', status: 500, times: 3 }] }
    data.set('/api/flaky', flaky)
    await registerNationalSource(db, config({ id: 'gjxy-flaky', path: '/api/flaky', maxRetries: 2 }))
    // Chunks of 2: records 1–2 of page 1 commit; record 3 is read but not committed when page 2 gives up.
    const e = await rejection(pullNationalSource(deps(), 'gjxy-flaky', { sleep, chunkSize: 2 }))
    expect(e.code).toBe('SOURCE_PAGE_FAILED')
    expect(e.en).toContain('page 2')
    expect(e.en).toContain('3 attempts')
    expect(e.en).toContain('HTTP 500')
    expect(sleeps).toHaveLength(2)
    const [batch] = await db.query<{ id: string; position: number; watermark: Record<string, unknown>; error: string }>(`select * from ingest.batch where source = 'national:gjxy-flaky' and status = 'running'`)
    expect(batch).toMatchObject({ position: 2, watermark: { page: 1, index: 2, of: 3, since: null, size: 3 } })
    expect(batch!.error).toContain('page 2')
    expect(await casesOf('national:gjxy-flaky')).toEqual({ n: 2, cases: 2 })
    const [src] = await db.query<{ watermark: unknown }>(`select watermark from ingest.source where id = 'gjxy-flaky'`)
    expect(src!.watermark).toBeNull()

    seen.length = 0
    const s = await pullNationalSource(deps(), 'gjxy-flaky', { sleep, chunkSize: 2 })
    expect(s).toMatchObject({ batchId: batch!.id, resumed: true, status: 'completed', received: 7, stored: 7, duplicates: 0, quarantined: 0, watermark: { since: 'v7' } })
    // Page 1 is asked again (its third record was never committed), then pages 2 and 3.
    expect(seen.map((r) => r.page)).toEqual([1, 2, 3])
    expect(await casesOf('national:gjxy-flaky')).toEqual({ n: 7, cases: 7 })
  })

  it('refuses a second pull of the same source while one runs', async () => {
    data.get('/api/flaky')!.faults.push({ page: 1, kind: 'status', status: 503, times: 1 })
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const first = pullNationalSource(deps(), 'gjxy-flaky', { sleep: () => gate })
    await new Promise((r) => setTimeout(r, 50))
    const e = await rejection(pullNationalSource(deps(), 'gjxy-flaky', { sleep }))
    expect(e.code).toBe('SOURCE_BUSY')
    release()
    expect(await first).toMatchObject({ status: 'completed' })
  })
})

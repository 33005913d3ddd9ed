import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEFAULT_LIMITS, type Limits } from '../../src/core/config.js'
import { seedCallers, type Caller } from '../fixtures/access.fixtures.js'
import type { Role } from '../../src/access/access.types.js'
import { runBatch } from '../../src/ingest/batch-runner.js'
import { MAX_LIVE_BATCHES } from '../../src/ingest/batch-claims.js'
import { sweepOrphanUploads, uploadDirPrefix } from '../../src/ingest/upload-temp.js'
import type { RawRecord } from '../../src/ingest/ingest.types.js'
import { factory } from '../factory.js'
import { quarantinedOf } from '../ingest-helpers.js'
import { openTestDatabase, TEST_DATA_KEY, TEST_DIALECTS } from '../databases.js'

const LIMITS: Limits = {
  ...DEFAULT_LIMITS,
  uploadBytes: 256 * 1024,
  xlsx: { unpackedBytes: 1024 * 1024, sharedStrings: 200, sharedStringBytes: 256 * 1024, rows: 50, columns: 40 },
}
const TAX = '宁夏税务局'

function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----xinshu' + Math.random().toString(16).slice(2)
  return {
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** A tax_payment workbook: a header row, then `rows` rows; `cell` fills each row's first data column. */
async function workbook(rows: number, opts: { cell?: (i: number) => string; farColumn?: number } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('数据')
  const sample = factory.taxRow()
  const keys = Object.keys(sample)
  sheet.addRow(keys)
  for (let i = 0; i < rows; i++) {
    const r = factory.taxRow()
    const row = sheet.addRow(keys.map((k) => (k === 'entity_name' && opts.cell ? opts.cell(i) : r[k])))
    if (opts.farColumn) row.getCell(opts.farColumn).value = 'x'
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Upload folders of this process still on disk. */
const myUploadDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith(uploadDirPrefix()))

/**
 * Uploads replayed against the real app: workbooks that unpack far beyond their size, too many rows or columns,
 * aborted uploads, the same file twice at once, NUL inside a file, a batch that fails, and junk in the quarantine.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: hostile uploads`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await createXinshu({ dataKey: TEST_DATA_KEY, limits: LIMITS }, await openTestDatabase(dialect))
      app = await buildApp(x)
      as = await seedCallers(x, factory.uscc(factory.next()))
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const upload = (name: string, content: Buffer) => {
      const { payload, headers } = multipart(name, content)
      return app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/files', headers: { ...as.provider.headers, ...headers }, payload })
    }
    const batchCount = async () => (await x.db.query<{ n: number }>('select count(*)::int as n from ingest.batch'))[0]!.n

    it('refuses a workbook whose shared strings unpack past the limit with 413, before any batch, and leaves no temp files', async () => {
      // 40 strings of 16 KB: 640 KB unpacked, a few KB packed.
      const bomb = await workbook(40, { cell: (i) => String.fromCharCode(65 + (i % 26)).repeat(16 * 1024) })
      expect(bomb.length).toBeLessThan(LIMITS.xlsx.sharedStringBytes / 4)
      const before = await batchCount()
      const res = await upload('炸弹.xlsx', bomb)
      expect(res.statusCode).toBe(413)
      expect(res.json()).toMatchObject({ code: 'INGEST_XLSX_TOO_LARGE' })
      expect(res.json().detail).toMatch(/共享字符串/)
      expect(await batchCount()).toBe(before)
      expect(myUploadDirs()).toEqual([])
    })

    it('refuses three bombs sent at once and keeps answering', async () => {
      const bomb = await workbook(40, { cell: (i) => String.fromCharCode(97 + (i % 26)).repeat(16 * 1024) })
      const answers = await Promise.all([upload('1.xlsx', bomb), upload('2.xlsx', bomb), upload('3.xlsx', bomb)])
      expect(answers.map((a) => a.statusCode)).toEqual([413, 413, 413])
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
      expect(myUploadDirs()).toEqual([])
    })

    it('refuses a workbook with more rows than the limit, and one with a cell beyond the column limit', async () => {
      const rows = await upload('多行.xlsx', await workbook(LIMITS.xlsx.rows + 1))
      expect(rows.statusCode).toBe(413)
      expect(rows.json().detail).toMatch(/行数/)
      const cols = await upload('多列.xlsx', await workbook(2, { farColumn: LIMITS.xlsx.columns + 1 }))
      expect(cols.statusCode).toBe(413)
      expect(cols.json().detail).toMatch(/列数/)
    })

    it('takes a workbook within every limit and removes its temp folder', async () => {
      const res = await upload('正常.xlsx', await workbook(5))
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ received: 5, stored: 5, status: 'completed' })
      expect(myUploadDirs()).toEqual([])
    })

    it('refuses a workbook with bytes hidden between its ZIP entries', async () => {
      const good = await workbook(2)
      // A stored entry prepended before the first listed one: a streaming reader would see it, the directory does not.
      const name = Buffer.from('xl/hidden.xml')
      const data = Buffer.from('<x/>')
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt32LE(data.length, 18)
      local.writeUInt32LE(data.length, 22)
      local.writeUInt16LE(name.length, 26)
      const res = await upload('藏.xlsx', Buffer.concat([local, name, data, good]))
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('INGEST_FILE_UNREADABLE')
    })

    it('refuses a file just over the upload limit with 413 and leaves no temp files', async () => {
      const res = await upload('大.csv', Buffer.alloc(LIMITS.uploadBytes + 1024, 'a'))
      expect(res.statusCode).toBe(413)
      expect(res.json().code).toBe('REQUEST_TOO_LARGE')
      expect(myUploadDirs()).toEqual([])
    })

    it('removes the temp folder of an upload the client aborts midway', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const port = (app.server.address() as { port: number }).port
      const { payload, headers } = multipart('断.csv', Buffer.from(factory.csv('tax_payment', [factory.taxRow()]) + 'x'.repeat(64 * 1024)))
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /api/ingest/items/tax_payment/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${as.provider.headers.authorization}\r\nContent-Type: ${headers['content-type']}\r\nContent-Length: ${payload.length}\r\n\r\n`)
          // Half the body, then the client goes away.
          socket.write(payload.subarray(0, payload.length >> 1), () => setImmediate(() => { socket.destroy(); resolve() }))
        })
      })
      // The request's end is observed through the server, not a clock: wait until it has no open connection.
      for (let i = 0; i < 200 && (await new Promise<number>((r) => app.server.getConnections((_, n) => r(n)))) > 0; i++) await new Promise((r) => setTimeout(r, 25))
      for (let i = 0; i < 200 && myUploadDirs().length > 0; i++) await new Promise((r) => setTimeout(r, 25))
      expect(myUploadDirs()).toEqual([])
    })

    it('sweeps upload folders left by a process that died, and keeps those of live ones', () => {
      const root = join(tmpdir(), `xinshu-sweep-${process.pid}-${dialect}`)
      mkdirSync(join(root, 'xinshu-upload-999999999-abc'), { recursive: true })
      writeFileSync(join(root, 'xinshu-upload-999999999-abc', 'upload'), 'left over')
      mkdirSync(join(root, `xinshu-upload-${process.pid}-live`), { recursive: true })
      expect(sweepOrphanUploads(root)).toBe(1)
      expect(existsSync(join(root, 'xinshu-upload-999999999-abc'))).toBe(false)
      expect(existsSync(join(root, `xinshu-upload-${process.pid}-live`))).toBe(true)
      rmSync(root, { recursive: true, force: true })
    })

    it('refuses to run a batch that a live request is still running (the same file sent twice at once) with 409', async () => {
      const rows = Array.from({ length: 6 }, () => factory.taxRow())
      const csv = Buffer.from(factory.csv('tax_payment', rows))
      const contentHash = createHash('sha256').update(csv).digest('hex')
      let open!: () => void
      const gate = new Promise<void>((r) => (open = r))
      let firstChunkCommitted!: () => void
      const committed = new Promise<void>((r) => (firstChunkCommitted = r))
      async function* slowly(): AsyncGenerator<RawRecord> {
        for (let i = 0; i < rows.length; i++) {
          if (i === 3) await gate
          yield { position: i + 2, values: rows[i]! }
        }
      }
      // The first delivery of the file, held open after its first chunk, as a slow upload would be.
      const first = runBatch({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }, {
        itemKey: 'tax_payment', provider: TAX, method: 'file', source: '同一文件.csv', contentHash, records: slowly(), chunkSize: 3,
        onProgress: () => firstChunkCommitted(),
      })
      await committed
      const second = await upload('同一文件.csv', csv)
      expect(second.statusCode).toBe(409)
      expect(second.json().code).toBe('INGEST_BATCH_BUSY')
      open()
      const s = await first
      expect(s).toMatchObject({ status: 'completed', received: 6, stored: 6 })
      const [b] = await x.db.query<{ received: number; stored: number }>('select received, stored from ingest.batch where id = $1', [s.batchId])
      expect(b).toMatchObject({ received: 6, stored: 6 })
    })

    it('runs more batches at once than there are claim slots without starving the connection pool', async () => {
      const runs = Array.from({ length: MAX_LIVE_BATCHES + 8 }, () => runBatch({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }, {
        itemKey: 'tax_payment', provider: TAX, method: 'api', records: [{ position: 1, values: factory.taxRow() }, { position: 2, values: factory.taxRow() }],
      }))
      const done = await Promise.all(runs)
      expect(done.map((d) => d.status)).toEqual(done.map(() => 'completed'))
      expect(done.reduce((n, d) => n + d.stored, 0)).toBe(2 * runs.length)
    })

    it('quarantines a row of a file whose text holds U+0000 and stores the others', async () => {
      const rows = [factory.taxRow(), factory.taxRow({ entity_name: '宁夏\u0000空字符有限公司' }), factory.taxRow()]
      const res = await upload('空字符.jsonl', Buffer.from(factory.jsonl('tax_payment', rows)))
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ status: 'completed', received: 3, stored: 2, quarantined: 1 })
      const [q] = await quarantinedOf(x.db, res.json().batchId)
      expect(q!.issues.map((i) => i.code)).toEqual(['FIELD_NUL_CHARACTER'])
      expect(JSON.stringify(q!.raw)).toContain('宁夏\ufffd空字符有限公司')
    })

    it('marks a batch whose source fails midway as failed, with its reason, not running', async () => {
      async function* broken(): AsyncGenerator<RawRecord> {
        yield { position: 1, values: factory.taxRow() }
        throw new Error('磁盘读错误 / read error')
      }
      const err = await runBatch({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }, { itemKey: 'tax_payment', provider: TAX, method: 'file', records: broken(), chunkSize: 1 }).catch((e: Error) => e)
      expect(err).toBeInstanceOf(Error)
      const running = await x.db.query<{ id: string }>("select id from ingest.batch where status = 'running'")
      expect(running).toEqual([])
      const [failed] = await x.db.query<{ status: string; error: string; received: number }>("select status, error, received from ingest.batch where error like '%磁盘读错误%'")
      expect(failed).toMatchObject({ status: 'failed', received: 1 })
    })

    it('keeps only the known columns of a quarantined row with 100,000 columns, and the export still answers', async () => {
      const record: Record<string, unknown> = { ...factory.taxRow(), uscc: 'not a code' }
      for (let i = 0; i < 100_000; i++) record[`junk${i}`] = i
      record.entity_name = 'x'.repeat(100_000)
      // Straight to the service: the HTTP body limit would refuse this record before it reached the quarantine.
      const s = await x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: TAX, records: [record] })
      expect(s.quarantined).toBe(1)
      const [q] = await quarantinedOf(x.db, s.batchId)
      expect(q!.raw._ignored_columns).toBe(100_000)
      expect(Object.keys(q!.raw).length).toBeLessThan(20)
      expect(String(q!.raw.entity_name).length).toBeLessThanOrEqual(20_001)
      // A row stored before this rule, with every column kept, must not break the export either.
      const wide: Record<string, unknown> = { uscc: 'bad', entity_name: '\u0001控制字符' }
      for (let i = 0; i < 20_000; i++) wide[`c${i}`] = 'v'
      await x.db.query(`insert into ingest.quarantine (batch_id, position, item_key, provider, raw, raw_hash, issues) values ($1, 99, 'tax_payment', $2, $3, 'legacy', '[]')`, [s.batchId, TAX, JSON.stringify(wide)])
      const res = await app.inject({ method: 'GET', url: '/api/ingest/quarantine/export.xlsx', headers: as.operator.headers })
      expect(res.statusCode).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
      const sheet = wb.worksheets[0]!
      expect(sheet.columnCount).toBeLessThanOrEqual(206)
      const header = (sheet.getRow(1).values as unknown[]).slice(1)
      expect(header).toContain('其他列(未导出)')
    })
  })
}

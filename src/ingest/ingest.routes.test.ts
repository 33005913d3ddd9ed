import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { buildApp } from '../http/index.js'
import { maskIdentifier } from '../access/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { quarantinedOf } from '../../test/ingest-helpers.js'

/**
 * Collection over HTTP: providers' systems post records with an API key, people upload files with a session;
 * each provider sees only its own rejects; the rejects and the item templates come as workbooks.
 */

const TAX = '宁夏税务局'
const SAMR = '自治区市场监管厅'
const PASSWORD = 'Test@2026-xinshu'
const YEAR = 365 * 86_400_000

/** A multipart/form-data body with one file field. */
function multipart(filename: string, content: Buffer, fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----xinshu' + Math.random().toString(16).slice(2)
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`))
  parts.push(content, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(body as unknown as ArrayBuffer)
  return wb
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1)

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: ingest over HTTP`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let taxKey: string
    let samrToken: string
    let operatorToken: string
    const auth = (token: string) => ({ authorization: `Bearer ${token}` })

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      const taxAccount = await x.access.createAccount({ username: 'tax-system', displayName: '宁夏税务局 接口', role: 'provider', organization: TAX })
      taxKey = await x.access.createApiKey({ accountId: taxAccount, label: '征管系统', scopes: ['ingest:write', 'ingest:read', 'catalog:read'], expiresAt: new Date(Date.now() + YEAR) })
      await x.access.createAccount({ username: 'samr', displayName: '市场监管厅 报送员', role: 'provider', organization: SAMR, password: PASSWORD })
      await x.access.createAccount({ username: 'op', displayName: '信用服务中心', role: 'operator', organization: '自治区社会信用服务中心', password: PASSWORD })
      const login = async (username: string) => {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } })
        expect(res.statusCode).toBe(200)
        return res.json<{ token: string }>().token
      }
      samrToken = await login('samr')
      operatorToken = await login('op')
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('takes records from a provider\'s API key and answers with the batch summary', async () => {
      const t = factory.taxRow()
      const res = await app.inject({
        method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: auth(taxKey),
        payload: { records: [factory.taxRow(), { ...t, uscc: factory.withWrongCheckChar(String(t.uscc)) }] },
      })
      expect(res.statusCode).toBe(200)
      const s = res.json()
      expect(s).toMatchObject({ itemKey: 'tax_payment', provider: TAX, method: 'api', received: 2, stored: 1, quarantined: 1, duplicates: 0, status: 'completed' })
      expect((await x.ingest.getBatch(s.batchId)).created_by).toBe('tax-system')
    })

    it('refuses records for an item the provider is not responsible for with 403 INGEST_PROVIDER_NOT_RESPONSIBLE', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/ingest/items/business_license/records', headers: auth(taxKey), payload: { records: [factory.licenseRow()] } })
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      const p = res.json()
      expect(p).toMatchObject({ status: 403, code: 'INGEST_PROVIDER_NOT_RESPONSIBLE', type: 'urn:xinshu:problem:ingest-provider-not-responsible' })
      expect(p.detail).toContain(TAX)
      expect(p.detail_en).toContain('business_license')
    })

    it('refuses a provider that names another provider, with ACCESS_NOT_YOUR_DATA', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: auth(taxKey), payload: { provider: SAMR, records: [factory.taxRow()] } })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('ACCESS_NOT_YOUR_DATA')
    })

    it('answers 401 to a caller without credentials before reading the body', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: { 'content-type': 'application/json' }, payload: '{"records": [ this is not json' })
      expect(res.statusCode).toBe(401)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json().code).toBe('ACCESS_UNAUTHENTICATED')
      const badKey = await app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: { ...auth('xs_000000000000_nope'), 'content-type': 'application/json' }, payload: '{not json' })
      expect(badKey.statusCode).toBe(401)
      expect(badKey.json().code).toBe('ACCESS_KEY_INVALID')
    })

    it('takes a CSV uploaded as multipart by a provider\'s session', async () => {
      const rows = [factory.licenseRow(), factory.licenseRow(), factory.licenseRow({ establishment_date: '2015-02-30' })]
      const { payload, headers } = multipart('营业执照.csv', factory.encodeGb18030(factory.csv('business_license', rows)))
      const res = await app.inject({ method: 'POST', url: '/api/ingest/items/business_license/files', headers: { ...headers, ...auth(samrToken) }, payload })
      expect(res.statusCode).toBe(201)
      const s = res.json()
      expect(s).toMatchObject({ provider: SAMR, method: 'file', format: 'csv', encoding: 'gb18030', received: 3, stored: 2, quarantined: 1 })
      expect((await x.ingest.getBatch(s.batchId)).source).toBe('营业执照.csv')
    })

    it('answers a multipart request without a file with 400', async () => {
      const boundary = '----xinshu-empty'
      const res = await app.inject({
        method: 'POST', url: '/api/ingest/items/business_license/files',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...auth(samrToken) },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      })
      expect(res.statusCode).toBe(400)
    })

    it('shows a provider only its own quarantined rows, whatever provider it asks for', async () => {
      const mine = await app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: auth(taxKey) })
      expect(mine.statusCode).toBe(200)
      const body = mine.json<{ total: number; rows: Array<{ provider: string; item_key: string }> }>()
      expect(body.total).toBe(1)
      expect(body.rows.every((r) => r.provider === TAX)).toBe(true)
      const asked = await app.inject({ method: 'GET', url: `/api/ingest/quarantine?provider=${encodeURIComponent(SAMR)}`, headers: auth(taxKey) })
      expect(asked.json<{ rows: Array<{ provider: string }> }>().rows.every((r) => r.provider === TAX)).toBe(true)
      const all = await app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: auth(operatorToken) })
      expect(all.json<{ total: number }>().total).toBe(2)
    })

    it('answers batches and quarantined rows whole, times in ISO 8601, as the OpenAPI document describes them', async () => {
      const [q] = (await app.inject({ method: 'GET', url: '/api/ingest/quarantine', headers: auth(taxKey) })).json<{ rows: Array<Record<string, string>> }>().rows
      expect(Object.keys(q!)).toEqual(expect.arrayContaining(['batch_id', 'position', 'raw', 'issues', 'status', 'created_at', 'resolved_at']))
      expect(q!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      const batch = (await app.inject({ method: 'GET', url: `/api/ingest/batches/${q!.batch_id}`, headers: auth(taxKey) })).json<Record<string, unknown>>()
      // Every column of the batch, none dropped by the response schema (the web reads options.warnings and created_by).
      const [row] = await x.db.query<Record<string, unknown>>('select * from ingest.batch where id = $1', [q!.batch_id])
      expect(Object.keys(batch).sort()).toEqual(Object.keys(row!).sort())
      expect(batch.started_at).toMatch(/Z$/)
      const list = (await app.inject({ method: 'GET', url: '/api/ingest/batches?limit=5', headers: auth(operatorToken) })).json<{ total: number; rows: unknown[] }>()
      expect(list.total).toBeGreaterThan(0)
      expect(list.rows.length).toBeGreaterThan(0)
    })

    it('keeps a provider away from another provider\'s quarantined row', async () => {
      const [theirs] = (await x.ingest.listQuarantine({ provider: SAMR, limit: 1, offset: 0 })).rows
      const get = await app.inject({ method: 'GET', url: `/api/ingest/quarantine/${theirs!.batch_id}/${theirs!.position}`, headers: auth(taxKey) })
      expect(get.statusCode).toBe(403)
      const resubmit = await app.inject({ method: 'POST', url: `/api/ingest/quarantine/${theirs!.batch_id}/${theirs!.position}/resubmit`, headers: auth(taxKey), payload: { values: {} } })
      expect(resubmit.statusCode).toBe(403)
      expect((await quarantinedOf(x.db, theirs!.batch_id))[0]!.status).toBe('open')
    })

    it('resubmits over HTTP: 422 with the reasons while wrong, 201 once corrected', async () => {
      const [mine] = (await x.ingest.listQuarantine({ provider: SAMR, limit: 1, offset: 0 })).rows
      const url = `/api/ingest/quarantine/${mine!.batch_id}/${mine!.position}/resubmit`
      const wrong = await app.inject({ method: 'POST', url, headers: auth(samrToken), payload: { values: { ...mine!.raw, 成立日期: '2015-02-29' } } })
      expect(wrong.statusCode).toBe(422)
      expect(wrong.json()).toMatchObject({ ok: false, issues: [expect.objectContaining({ field: 'establishment_date', code: 'FIELD_DATE_INVALID' })] })
      const right = await app.inject({ method: 'POST', url, headers: auth(samrToken), payload: { values: { ...mine!.raw, 成立日期: '2015-02-28' } } })
      expect(right.statusCode).toBe(201)
      expect(right.json()).toMatchObject({ ok: true, batch: { stored: 1, provider: SAMR } })
    })

    it('exports the quarantine as a workbook with the reasons in Chinese and English', async () => {
      const p = factory.penaltyRow({ decision_date: '2023-02-30' })
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: TAX, records: [p] })
      const res = await app.inject({ method: 'GET', url: '/api/ingest/quarantine/export.xlsx', headers: auth(taxKey) })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('spreadsheetml')
      const wb = await readWorkbook(res.rawPayload)
      const names = wb.worksheets.map((s) => s.name).sort()
      expect(names).toEqual(['纳税信息', '行政处罚信息'].sort())
      const sheet = wb.getWorksheet('行政处罚信息')!
      const header = rowValues(sheet, 1)
      expect(header).toEqual(expect.arrayContaining(['批次', '位置(行)', '报送单位', '问题原因', 'Reasons', 'decision_date']))
      const row = rowValues(sheet, 2)
      expect(String(row[header.indexOf('问题原因')])).toContain('不存在的日期')
      expect(String(row[header.indexOf('Reasons')])).toContain('nonexistent date')
      // The ID number is masked in the export, as on screen.
      expect(row[header.indexOf('legal_representative_id_number')]).toBe(maskIdentifier(String(p.legal_representative_id_number)))
      expect(JSON.stringify(row)).not.toContain(String(p.legal_representative_id_number))
    })

    it('serves the Excel template of an item with the catalog\'s Chinese headers', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/catalog/items/tax_payment/template.xlsx', headers: auth(taxKey) })
      expect(res.statusCode).toBe(200)
      const wb = await readWorkbook(res.rawPayload)
      const first = wb.worksheets[0]!
      expect(rowValues(first, 1)).toEqual(factory.catalogItem('tax_payment').fields.map((f) => f.name))
      expect(rowValues(first, 1)).toContain('统一社会信用代码')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import ExcelJS from 'exceljs'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10)

/**
 * The platform side over HTTP: a platform pulls the feed page by page with its cursor, reports usage (idempotent by
 * its own id, every bad row named), and the operator reads usage per platform on screen, in Excel and in CSV.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: platform routes`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let firm: Firm
    const get = (role: Role, url: string) => app.inject({ method: 'GET', url, headers: as[role].headers })
    const post = (role: Role, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: as[role].headers, payload: payload as object })

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('serves the feed page by page with a cursor, as documented', async () => {
      let after: string | undefined
      const items: string[] = []
      for (let i = 0; i < 100; i++) {
        const res = await get('platform', `/api/feed/changes?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`)
        expect(res.statusCode).toBe(200)
        const page = res.json()
        items.push(...page.changes.map((c: { item: string }) => c.item))
        after = page.next
        if (!page.hasMore && !page.pending) break
        if (!page.hasMore) await new Promise((r) => setTimeout(r, 50))
      }
      expect(items).toEqual(expect.arrayContaining(['business_license', 'tax_payment', 'administrative_penalty']))
      const status = (await get('platform', '/api/feed/status')).json()
      expect(status).toMatchObject({ platform: '信易贷宁夏总站', cursor: expect.any(String), pulls: expect.any(Number) })
      expect((await get('platform', '/api/feed/changes?after=garbage')).json()).toMatchObject({ status: 400, code: 'PLATFORM_CURSOR_INVALID' })
      expect((await get('platform', '/api/feed/changes?limit=100000')).json()).toMatchObject({ status: 400, code: 'PLATFORM_LIMIT_INVALID' })
    })

    it('takes a usage report once, answers a repeat with the same receipt, and refuses the id with other content', async () => {
      const body = { id: 'fb-2026-001', rows: [
        { subject: firm.uscc, date: daysAgo(1), queries: 3, matches: 1, loans: 1, loanAmountFen: 50_000_000 },
        { date: daysAgo(1), queries: 40, matches: 6, loans: 0 },
      ] }
      const first = await post('platform', '/api/feed/feedback', body)
      expect(first.statusCode).toBe(201)
      expect(first.json()).toMatchObject({ id: 'fb-2026-001', rows: 2, queries: 43, matches: 7, loans: 1, loanAmountFen: 50_000_000 })
      const again = await post('platform', '/api/feed/feedback', body)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toMatchObject({ ...first.json(), replayed: true })
      const changed = await post('platform', '/api/feed/feedback', { ...body, rows: [{ ...body.rows[0], queries: 4 }] })
      expect(changed.statusCode).toBe(409)
      expect(changed.json().code).toBe('PLATFORM_FEEDBACK_ID_REUSED')
      expect((await get('platform', '/api/feed/feedback/fb-2026-001')).json()).toMatchObject({ id: 'fb-2026-001', rows: 2 })
      expect((await get('platform', '/api/feed/feedback')).json()).toHaveLength(1)
    })

    it('refuses a report with bad rows, naming every row and field, and stores none of it', async () => {
      const res = await post('platform', '/api/feed/feedback', { id: 'fb-bad', rows: [
        { subject: firm.uscc, date: daysAgo(2), queries: 1, matches: 0, loans: 0 },
        { subject: '91640100MA76XQ0A8B', date: daysAgo(2), queries: 1, matches: 0, loans: 0 },
        { subject: firm.uscc, date: '2026-02-30', queries: 1, matches: 0, loans: 0 },
        { subject: firm.uscc, date: '2999-01-01', queries: 1, matches: 0, loans: 0 },
        { subject: firm.uscc, date: daysAgo(2), queries: 2, matches: 0, loans: 0 },
        { date: daysAgo(2), queries: 0, matches: 0, loans: 0, loanAmountFen: 100 },
      ] })
      expect(res.statusCode).toBe(400)
      const p = res.json()
      expect(p.code).toBe('PLATFORM_FEEDBACK_INVALID')
      expect(p.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
        [2, 'subject', 'PLATFORM_FEEDBACK_SUBJECT_INVALID'],
        [3, 'date', 'PLATFORM_FEEDBACK_DATE_INVALID'],
        [4, 'date', 'PLATFORM_FEEDBACK_DATE_FUTURE'],
        [5, 'subject', 'PLATFORM_FEEDBACK_ROW_REPEATED'],
        [6, 'loanAmountFen', 'PLATFORM_FEEDBACK_AMOUNT_WITHOUT_LOANS'],
        [6, 'queries', 'PLATFORM_FEEDBACK_ROW_EMPTY'],
      ])
      expect((await get('platform', '/api/feed/feedback/fb-bad')).statusCode).toBe(404)
      const typed = await post('platform', '/api/feed/feedback', { id: 'fb-typed', rows: [{ date: today(), queries: -1, matches: 0, loans: 0 }] })
      expect(typed.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' })
      expect(JSON.stringify(typed.json().errors)).toContain('/rows/0/queries')
    })

    it('shows the operator usage per platform, and exports it as Excel and CSV', async () => {
      const res = await get('operator', `/api/platforms/usage?from=${daysAgo(7)}&to=${today()}`)
      expect(res.statusCode).toBe(200)
      const row = res.json().platforms.find((p: { platform: string }) => p.platform === '信易贷宁夏总站')
      expect(row).toMatchObject({ reports: 1, queries: 43, matches: 7, loans: 1, loanAmountFen: 50_000_000, subjectsUsed: 1, subjectsDelivered: 1, usedShareBp: 10_000 })
      expect(row.upserts).toBeGreaterThan(3)
      const xlsx = await get('operator', '/api/platforms/usage.xlsx')
      expect(xlsx.statusCode).toBe(200)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(xlsx.rawPayload as never)
      const sheet = wb.getWorksheet('平台使用情况')!
      expect(sheet.getRow(1).getCell(1).value).toBe('服务平台')
      expect(sheet.getRow(2).getCell(1).value).toBe('信易贷宁夏总站')
      const csv = await get('supervisor', '/api/platforms/usage.csv')
      expect(csv.headers['content-type']).toContain('text/csv')
      expect(csv.body.startsWith('\ufeff服务平台,')).toBe(true)
      expect(csv.body).toContain('信易贷宁夏总站,')
      expect((await get('operator', '/api/platforms/usage?from=2026-05-02&to=2026-05-01')).json().code).toBe('PLATFORM_USAGE_FILTER_INVALID')
      const log = await x.audit.list({ action: 'platforms.usage.export', limit: 5 })
      expect(log.length).toBe(2)
    })
  })
}

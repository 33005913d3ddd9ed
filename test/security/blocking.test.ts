import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEFAULT_LIMITS } from '../../src/core/config.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import type { Role } from '../../src/access/access.types.js'
import { reportRecordCount } from '../../src/reports/report-pdf-thread.js'
import { factory } from '../factory.js'
import { openTestDatabase, TEST_DATA_KEY, TEST_DIALECTS } from '../databases.js'

/** Penalties of one firm: enough for a PDF of some dozens of pages, whose layout takes the CPU for a while. */
const PENALTIES = 600

/**
 * Heavy work off the event loop: a large report's PDF is laid out in a worker thread, so `/api/health` (and every
 * other user) is answered meanwhile; a report larger than the configured cap is refused with a clear message.
 * Proved on a listening server by the order in which answers arrive, not by timing them.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: blocking work`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let firm: Firm
    let reportNo: string
    let base: string
    /** What the server did, in order: a health check handled, a PDF sent. */
    const events: string[] = []

    beforeAll(async () => {
      x = await createXinshu({ dataKey: TEST_DATA_KEY, limits: { ...DEFAULT_LIMITS, reportMaxRecords: 5_000 } }, await openTestDatabase(dialect))
      firm = await seedFirm(x)
      await ingestRows(x, 'administrative_penalty', Array.from({ length: PENALTIES }, (_, i) => factory.penaltyRow({ entity_name: firm.name, uscc: firm.uscc, decision_document_number: `宁银市监罚〔2025〕${i + 1}号` })), '银川市市场监督管理局')
      as = await seedCallers(x, firm.uscc)
      app = await buildApp(x)
      app.addHook('onRequest', async (req) => {
        if (req.url === '/api/health') events.push('health handled')
      })
      app.addHook('onSend', async (req, _reply, payload) => {
        if (req.url.endsWith('/pdf')) events.push('pdf laid out')
        return payload
      })
      await app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const issued = await fetch(`${base}/api/subjects/${firm.uscc}/reports`, { method: 'POST', headers: { ...as.operator.headers, 'content-type': 'application/json' }, body: '{}' })
      expect(issued.status).toBe(201)
      const report = (await issued.json()) as Parameters<typeof reportRecordCount>[0]
      expect(reportRecordCount(report)).toBeGreaterThanOrEqual(PENALTIES)
      reportNo = report.reportNo
    }, 120_000)
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('answers /api/health while a large report PDF is being laid out', async () => {
      // The moment the report is loaded and its layout begins: the health check is sent from then on. Laid out on
      // the event loop, the server could handle nothing until the PDF was done.
      const get = x.reports.get.bind(x.reports)
      let loaded!: () => void
      const layoutBegins = new Promise<void>((r) => (loaded = r))
      x.reports.get = async (...args: Parameters<typeof get>) => {
        const r = await get(...args)
        loaded()
        return r
      }
      try {
        events.length = 0
        let pdfArrived = false
        const pdf = fetch(`${base}/api/reports/${reportNo}/pdf`, { headers: as.operator.headers }).then((res) => {
          pdfArrived = true
          return res
        })
        await layoutBegins
        // Health checks one after another until the PDF arrives. On the event loop, the layout would hold every
        // one of them until it was done; off it, they keep being answered while the PDF is made.
        let answered = 0
        while (!pdfArrived) {
          const health = await fetch(`${base}/api/health`)
          expect(health.status).toBe(200)
          if (!pdfArrived) answered++
        }
        const res = await pdf
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('application/pdf')
        expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
        expect(answered).toBeGreaterThanOrEqual(5)
        expect(events.indexOf('health handled')).toBeLessThan(events.indexOf('pdf laid out'))
      } finally {
        x.reports.get = get
      }
    }, 120_000)

    it('refuses a report larger than the cap with 413 REPORT_TOO_LARGE and says to fetch it as JSON', async () => {
      const capped = await buildApp({ ...x, config: { ...x.config, limits: { ...DEFAULT_LIMITS, reportMaxRecords: 50 } } } as Xinshu)
      try {
        const res = await capped.inject({ method: 'GET', url: `/api/reports/${reportNo}/pdf`, headers: as.operator.headers })
        expect(res.statusCode).toBe(413)
        expect(res.json()).toMatchObject({ code: 'REPORT_TOO_LARGE' })
        expect(res.json().detail).toContain('JSON')
        const json = await capped.inject({ method: 'GET', url: `/api/reports/${reportNo}`, headers: as.operator.headers })
        expect(json.statusCode).toBe(200)
      } finally {
        await capped.close()
      }
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../http/index.js'
import type { Xinshu } from '../../app/index.js'
import type { Role } from '../../access/index.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../../test/fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../../../test/databases.js'
import { openTestXinshu } from '../../../test/xinshu.js'
import { seedLoanBook, type LoanBook } from '../../../test/fixtures/scorecard.fixtures.js'
import { loadPortraitTags } from './portrait-tags.js'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: scorecard and portrait routes`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let firm: Firm
    let book: LoanBook

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x, { debtor: true })
      await ingestRows(x, 'tax_credit_rating', [{ entity_name: firm.name, uscc: firm.uscc, rating_year: 2025, tax_credit_grade: 'A' }], '宁夏税务局')
      as = await seedCallers(x, firm.uscc)
      book = await seedLoanBook(x, as.institution.principal, as.operator.principal)
    }, 600_000)
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const send = (method: 'GET' | 'POST', url: string, c: Caller, payload?: unknown) =>
      app.inject({ method, url, headers: c.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

    it('trains, lists, reports and scores over HTTP, with the bin table and AUC/KS/PSI', async () => {
      const chars = (await send('GET', '/api/scorecards/characteristics', as.institution)).json().characteristics as Array<{ key: string }>
      expect(chars.map((c) => c.key)).toEqual(expect.arrayContaining(['years_in_business', 'tax_credit_grade', 'penalties_36m']))
      const trained = await send('POST', '/api/scorecards', as.institution, { name: '小微快贷卡', characteristics: ['years_in_business', 'tax_credit_grade'], scaling: { baseScore: 500, pdo: 40 } })
      expect(trained.statusCode).toBe(201)
      const card = trained.json()
      expect(card.card.scaling).toEqual({ baseScore: 500, baseOdds: 50, pdo: 40 })
      expect(card.report.development.auc).toBeGreaterThan(0.5)
      expect(card.report.psiBins.length).toBeGreaterThan(0)
      expect(card.card.characteristics[0].bins[0]).toMatchObject({ label: expect.any(String), woe: expect.any(Number), points: expect.any(Number) })
      const list = (await send('GET', '/api/scorecards', as.institution)).json().scorecards
      expect(list[0]).toMatchObject({ id: card.id, version: 1, sample: { loans: book.firms.length - 1 } })
      expect(list[0].card).toBeUndefined()
      expect((await send('GET', `/api/scorecards/${card.id}`, as.institution)).json().report).toEqual(card.report)
      const score = await send('GET', `/api/scorecards/${card.id}/subjects/${book.firms[3]!.uscc}`, as.institution)
      expect(score.statusCode).toBe(200)
      expect(score.json()).toMatchObject({ score: expect.any(Number), parts: [{ key: 'years_in_business' }, { key: 'tax_credit_grade' }], audit: { seq: expect.any(Number) } })
    })

    it('shows the enterprise its own portrait: tags with reasons, the evaluation\'s indicators and its trend', async () => {
      const r = await send('GET', `/api/subjects/${firm.uscc}/portrait`, as.enterprise)
      expect(r.statusCode).toBe(200)
      const p = r.json()
      expect(p.access).toBe('full')
      const keys = p.tags.map((t: { key: string }) => t.key)
      expect(keys).toEqual(expect.arrayContaining(['tax_grade_a', 'dishonest_debtor']))
      expect(p.tags.find((t: { key: string }) => t.key === 'tax_grade_a').reason).toMatch(/A/)
      expect(p.evaluation.indicators.length).toBeGreaterThan(10)
      expect(Array.isArray(p.trend)).toBe(true)
      // Two deliveries of 纳税信息 this month: the month shows the later one (1,250,000.00).
      expect(p.series.find((x: { key: string }) => x.key === 'vat_paid').points.at(-1).value).toBe(1250000)
      expect(p.audit.seq).toBeGreaterThan(0)
    })

    it('shows an institution under its grant the whole portrait, without values in the tags\' words', async () => {
      const borrower = book.firms[0]!.uscc
      const p = (await send('GET', `/api/subjects/${borrower}/portrait`, as.institution)).json()
      expect(p).toMatchObject({ access: 'full', grant: { mode: 'view' } })
      expect(p.evaluation.grade).toMatch(/^[A-D]/)
      expect(p.tags.every((t: { reason?: string }) => t.reason === undefined)).toBe(true)
      expect(p.series).toEqual([]) // field values as sent are not part of an institution's portrait
      const entry = (await x.audit.list({ limit: 10 })).find((e) => e.action === 'portrait.read')
      expect(entry).toMatchObject({ grantId: p.grant.id })
    })

    it('refuses a tag file whose rule names a field the catalog lacks, naming the tag and path', () => {
      const bad = JSON.stringify({ tags: [{ key: 'x', zh: '坏', tone: 'positive', rule: { kind: 'all', rules: [{ kind: 'field', item: 'tax_payment', field: 'nope', op: 'eq', value: 1 }] } }] })
      expect(() => loadPortraitTags(x.catalog.current(), bad)).toThrow(/tags\[0\] \(x\): rule\.rules\[0\]\.field/)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { beijingDate } from '../core/index.js'

/**
 * 信易贷 over HTTP: the bank publishes a product through review, the enterprise states a need and sees why each
 * product fits, applies and grants in one call, the bank reports every step by API, the supervisor reads.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: financing over HTTP`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let productId: string
    let needId: string
    let applicationId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      await ingestRows(x, 'tax_credit_rating', [{ entity_name: firm.name, uscc: firm.uscc, rating_year: 2025, tax_credit_grade: 'B' }], '宁夏税务局')
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (role: Role, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: as[role].headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
    const today = () => beijingDate(new Date())

    it('publishes a product through the operator\'s review', async () => {
      const created = await call('institution', 'POST', '/api/financing/products', taxLoan())
      expect(created.statusCode).toBe(201)
      productId = created.json().id
      expect((await call('institution', 'POST', `/api/financing/products/${productId}/submit`)).json().status).toBe('submitted')
      const reviewed = await call('operator', 'POST', `/api/financing/products/${productId}/versions/1/review`, { approve: true })
      expect(reviewed.json()).toMatchObject({ status: 'published', reviewedBy: as.operator.principal.username })
      const shelf = (await call('enterprise', 'GET', '/api/financing/products?type=tax')).json()
      expect(shelf.products.map((p: { id: string }) => p.id)).toContain(productId)
    })

    it('answers bad amounts, rates and rules with 400 naming the field', async () => {
      const rate = await call('institution', 'POST', '/api/financing/products', { ...taxLoan(), rateMaxBp: 9000 })
      expect(rate.statusCode).toBe(400)
      expect(rate.json().detail).toContain('rateMaxBp')
      const float = await call('institution', 'POST', '/api/financing/products', { ...taxLoan(), amountMinFen: 10.5 })
      expect(float.statusCode).toBe(400)
      expect(float.json().detail).toContain('amountMinFen')
      const rule = await call('institution', 'POST', '/api/financing/products', { ...taxLoan(), rules: [{ kind: 'field', item: 'tax_credit_rating', field: 'grade', op: 'in', value: ['A'] }] })
      expect(rule.statusCode).toBe(400)
      expect(rule.json()).toMatchObject({ code: 'FINANCING_RULE_INVALID', errors: [{ field: 'rules', path: 'rules[0].field' }] })
      const need = await call('enterprise', 'POST', '/api/financing/needs', { amountFen: -5, termMonths: 12, purpose: '周转' })
      expect(need.statusCode).toBe(400)
      expect(need.json().detail).toContain('amountFen')
    })

    it('matches a need with the reasons for each product, in Chinese', async () => {
      const res = await call('enterprise', 'POST', '/api/financing/needs', { amountFen: 80_000_000, termMonths: 24, purpose: '扩大生产' })
      expect(res.statusCode).toBe(201)
      needId = res.json().id
      const m = (await call('enterprise', 'GET', `/api/financing/needs/${needId}/matches`)).json()
      const mine = m.matches.find((x: { product: { id: string } }) => x.product.id === productId)
      expect(mine.outcome).toBe('pass')
      expect(mine.rules[0]).toMatchObject({ outcome: 'pass', rule: '纳税信用等级信息的纳税信用等级属于A、B', reason: '纳税信用等级为B' })
    })

    it('applies and grants in one call, and the bank reports each step by API', async () => {
      const res = await call('enterprise', 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 80_000_000, termMonths: 24, needId })
      expect(res.statusCode).toBe(201)
      applicationId = res.json().applicationId
      const grant = (await call('institution', 'GET', `/api/grants/${res.json().grantId}`)).json()
      expect(grant).toMatchObject({ status: 'active', subjectKey: firm.uscc })
      const queue = (await call('institution', 'GET', '/api/financing/applications?status=submitted')).json()
      expect(queue.applications.map((a: { id: string }) => a.id)).toEqual([applicationId])
      const early = await call('institution', 'POST', `/api/financing/applications/${applicationId}/approve`, {})
      expect(early.statusCode).toBe(409)
      expect(early.json().code).toBe('FINANCING_APPLICATION_OUT_OF_ORDER')
      expect((await call('institution', 'POST', `/api/financing/applications/${applicationId}/accept`, {})).json().status).toBe('accepted')
      expect((await call('institution', 'POST', `/api/financing/applications/${applicationId}/approve`, { note: '同意' })).json().status).toBe('approved')
      const badDate = await call('institution', 'POST', `/api/financing/applications/${applicationId}/lend`, { contractNo: 'C-1', principalFen: 80_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: '2026-13-01', maturityDate: '2028-01-01' })
      expect(badDate.statusCode).toBe(400)
      expect(badDate.json().detail).toContain('startDate')
      const lent = await call('institution', 'POST', `/api/financing/applications/${applicationId}/lend`, { contractNo: 'C-1', principalFen: 80_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: today(), maturityDate: '2099-01-01' })
      expect(lent.json()).toMatchObject({ status: 'lent', loan: { principalFen: 80_000_000, annualRateBp: 420, firstLoan: true } })
      expect((await call('institution', 'POST', `/api/financing/applications/${applicationId}/repay`, { date: today(), principalFen: 80_000_000, interestFen: 280_000 })).json().loan.outstandingPrincipalFen).toBe(0)
      expect((await call('institution', 'POST', `/api/financing/applications/${applicationId}/settle`, {})).json().status).toBe('settled')
    })

    it('shows the enterprise its application with the clock and history, and the supervisor reads without changing', async () => {
      const mine = (await call('enterprise', 'GET', `/api/financing/applications/${applicationId}`)).json()
      expect(mine.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'accept', 'approve', 'lend', 'repay', 'settle'])
      expect((await call('supervisor', 'GET', '/api/financing/applications')).json().total).toBeGreaterThan(0)
      expect((await call('supervisor', 'POST', `/api/financing/applications/${applicationId}/accept`, {})).statusCode).toBe(403)
      expect((await call('supervisor', 'GET', '/api/financing/late-steps')).statusCode).toBe(200)
      const ref = (await call('enterprise', 'GET', '/api/financing/reference')).json()
      expect(ref.serviceLevels.accept).toMatchObject({ zh: '受理', days: 2 })
      expect(ref.refusalReasons.repayment_capacity).toBe('还款能力不足')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { BANK, ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { fundRules } from '../../test/fixtures/compensation.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { reportLoanStep } from './report-loan-step.flow.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { beijingDate } from '../core/index.js'

const SYSTEM = { accountId: null, username: 'test', role: 'operator', organization: null }
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const EVIDENCE = [{ name: '损失认定书.pdf', mediaType: 'application/pdf', sizeBytes: 1_000, sha256: 'c'.repeat(64) }]
const today = () => beijingDate(new Date())

/**
 * The bank reports a loan's steps by API key (§七), and the risk compensation fund and the interest subsidy learn
 * each step in the same transaction: lend → repay (subsidy paid once, however often the report is retried) →
 * overdue → default → claim → approve → pay, all over HTTP.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: loan steps reach compensation and subsidy`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let bankKey: string
    let fundId: string
    let productId: string
    let loanId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      await ingestRows(x, 'tax_credit_rating', [{ entity_name: firm.name, uscc: firm.uscc, rating_year: 2025, tax_credit_grade: 'B' }], '宁夏税务局')
      as = await seedCallers(x, firm.uscc)
      bankKey = (await x.accounts.createKey(SYSTEM as never, as.institution.principal.accountId!, {
        label: '宁夏银行信贷系统', scopes: ['financing:read', 'financing:write', 'compensation:read', 'compensation:write'], expiresAt: new Date(Date.now() + 86_400_000),
      })).key
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (who: Role | { authorization: string }, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: typeof who === 'string' ? as[who].headers : who, ...(payload !== undefined ? { payload: payload as object } : {}) })
    const bank = (method: 'GET' | 'POST', url: string, payload?: unknown) => call(bearer(bankKey), method, url, payload)
    const year = () => today().slice(0, 4)

    it('sets up a fund with a subsidy programme and an approved loan', async () => {
      const fund = await call('operator', 'POST', '/api/compensation/funds', {
        name: '银川市信用贷款风险补偿资金池', owner: '银川市财政局', regions: ['6401'], year: Number(year()), ruleBasis: 'loan_start',
        rules: fundRules({ effectiveFrom: `${year()}-01-01`, qualifying: { productTypes: ['tax'], creditLoansOnly: true, divisionPrefixes: ['64'] }, lossRatioCeilingBp: 10_000 }),
      })
      expect(fund.statusCode).toBe(201)
      fundId = fund.json().id
      await call('operator', 'POST', `/api/compensation/funds/${fundId}/contributions`, { amountFen: 100_000_000, reference: '银财发〔2026〕1号', idempotencyKey: 'flow-1' })
      const prog = await call('operator', 'POST', '/api/subsidy/programmes', {
        name: '银税贷贴息', fundId, periodFrom: `${year()}-01-01`, periodTo: `${year()}-12-31`,
        rules: { qualifying: { productTypes: ['tax'] }, mode: { kind: 'interest_share', perMille: 500 }, capPerEnterprisePerYearFen: 10_000_000 },
      })
      expect(prog.statusCode).toBe(201)

      productId = (await bank('POST', '/api/financing/products', taxLoan())).json().id
      await bank('POST', `/api/financing/products/${productId}/submit`)
      expect((await call('operator', 'POST', `/api/financing/products/${productId}/versions/1/review`, { approve: true })).json().status).toBe('published')
      loanId = (await call('enterprise', 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 80_000_000, termMonths: 24 })).json().applicationId
      expect((await bank('POST', `/api/financing/applications/${loanId}/accept`, {})).json().status).toBe('accepted')
      expect((await bank('POST', `/api/financing/applications/${loanId}/approve`, {})).json().status).toBe('approved')
    })

    it('refuses a loan step from a key without financing:write, and the claim routes to a key without compensation scopes', async () => {
      const readOnly = (await x.accounts.createKey(SYSTEM as never, as.institution.principal.accountId!, { label: '只读', scopes: ['financing:read'], expiresAt: new Date(Date.now() + 86_400_000) })).key
      const refused = await call(bearer(readOnly), 'POST', `/api/financing/applications/${loanId}/lend`, { contractNo: 'NX-1', principalFen: 80_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: today(), maturityDate: '2099-01-01' })
      expect(refused.statusCode).toBe(403)
      expect(refused.json()).toMatchObject({ code: 'ACCESS_SCOPE_MISSING', detail: expect.stringContaining('financing:write') })
      expect((await call(bearer(readOnly), 'GET', `/api/financing/applications/${loanId}`)).statusCode).toBe(200)
      expect((await call(bearer(readOnly), 'GET', '/api/compensation/claims')).json().code).toBe('ACCESS_SCOPE_MISSING')
      expect((await call(bearer(readOnly), 'POST', '/api/compensation/claims', { fundId, loanId, evidence: EVIDENCE })).json().code).toBe('ACCESS_SCOPE_MISSING')
      // nothing was lent by the refused call
      expect((await bank('GET', `/api/financing/applications/${loanId}`)).json().status).toBe('approved')
    })

    it('tells the fund of the loan when it is lent, so a claim on a live loan is refused as not defaulted', async () => {
      const lent = await bank('POST', `/api/financing/applications/${loanId}/lend`, { contractNo: 'NX-1', principalFen: 80_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: today(), maturityDate: '2099-01-01' })
      expect(lent.statusCode).toBe(200)
      expect(lent.json()).toMatchObject({ status: 'lent', loan: { creditLoan: true, firstLoan: true } })
      const early = await bank('POST', '/api/compensation/claims', { fundId, loanId, evidence: EVIDENCE })
      expect(early.json().code).toBe('COMPENSATION_LOAN_NOT_DEFAULTED')
    })

    it('pays the subsidy on a repayment once, however often the report is retried', async () => {
      const repayment = { date: today(), principalFen: 30_000_000, interestFen: 280_000, reference: 'HK-0001' }
      const first = await bank('POST', `/api/financing/applications/${loanId}/repay`, repayment)
      expect(first.statusCode).toBe(200)
      expect(first.json().loan.outstandingPrincipalFen).toBe(50_000_000)
      const retried = await bank('POST', `/api/financing/applications/${loanId}/repay`, repayment)
      expect(retried.statusCode).toBe(200)
      expect(retried.json().loan.outstandingPrincipalFen).toBe(50_000_000)
      const payments = (await call('operator', 'GET', '/api/subsidy/payments')).json()
      // 280,000 分 of interest × 500 ‰ = 140,000 分, once
      expect(payments.payments).toEqual([expect.objectContaining({ loanId, interestFen: 280_000, amountFen: 140_000, status: 'paid' })])
      const fund = (await call('operator', 'GET', `/api/compensation/funds/${fundId}`)).json()
      expect(fund.balances).toMatchObject({ poolFen: 100_000_000 - 140_000, subsidyPaidFen: 140_000 })
      const detail = (await bank('GET', `/api/financing/applications/${loanId}`)).json()
      expect(detail.repayments).toHaveLength(1)
    })

    it('refuses the same repayment reference with other figures, writing nothing', async () => {
      const res = await bank('POST', `/api/financing/applications/${loanId}/repay`, { date: today(), principalFen: 1_000_000, interestFen: 280_000, reference: 'HK-0001' })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ code: 'FINANCING_REPAYMENT_REFERENCE_REUSED', errors: [{ field: 'reference' }] })
      expect((await call('operator', 'GET', '/api/subsidy/payments')).json().total).toBe(1)
    })

    it('pays a claim on the defaulted loan end to end: default → claim → approve → pay', async () => {
      expect((await bank('POST', `/api/financing/applications/${loanId}/overdue`, { since: today() })).json().status).toBe('overdue')
      expect((await bank('POST', `/api/financing/applications/${loanId}/default`, {})).json().status).toBe('defaulted')
      const filed = await bank('POST', '/api/compensation/claims', { fundId, loanId, evidence: EVIDENCE })
      expect(filed.statusCode).toBe(201)
      // 50,000,000 分 unrecovered; no guarantor, so its 40 % falls to the lender; the fund's 40 % plus the 10 % first-loan bonus = 50 %
      expect(filed.json()).toMatchObject({ status: 'filed', unrecoveredFen: 50_000_000, computedFen: 25_000_000 })
      const claimId = filed.json().id
      expect((await call('operator', 'POST', `/api/compensation/claims/${claimId}/approve`, {})).json()).toMatchObject({ status: 'approved' })
      expect((await call('operator', 'POST', `/api/compensation/claims/${claimId}/pay`, { reference: '银财拨〔2026〕9号' })).json().status).toBe('paid')
      const fund = (await call('operator', 'GET', `/api/compensation/funds/${fundId}`)).json()
      expect(fund.balances).toMatchObject({ poolFen: 100_000_000 - 140_000 - 25_000_000, compensationPaidFen: 25_000_000 })
      expect((await bank('GET', `/api/compensation/claims/${claimId}`)).json().status).toBe('paid')
    })

    it('rolls the loan step back when the fund cannot take the loan, leaving nothing half-written', async () => {
      const second = (await call('enterprise', 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 20_000_000, termMonths: 12 })).json().applicationId
      await bank('POST', `/api/financing/applications/${second}/accept`, {})
      await bank('POST', `/api/financing/applications/${second}/approve`, {})
      // The fund's side fails after the loan was written in the transaction: the loan step must not stay.
      const failing = reportLoanStep({ db: x.db, applications: x.applications, subsidies: x.subsidies, compensation: { recordLoan: async () => { throw new Error('补偿资金池不可用') } } })
      await expect(failing.lend(as.institution.principal, second, { contractNo: 'NX-2', principalFen: 20_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: today(), maturityDate: '2099-01-01' }))
        .rejects.toThrow('补偿资金池不可用')
      const after = (await bank('GET', `/api/financing/applications/${second}`)).json()
      expect(after).toMatchObject({ status: 'approved', loan: null })
      expect(after.history.map((h: { action: string }) => h.action)).toEqual(['submit', 'accept', 'approve'])
    })
  })
}

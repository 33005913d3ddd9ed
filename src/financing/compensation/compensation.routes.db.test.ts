import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../http/index.js'
import type { Xinshu } from '../../app/index.js'
import type { Role } from '../../access/index.js'
import { seedCallers, type Caller } from '../../../test/fixtures/access.fixtures.js'
import { factory } from '../../../test/factory.js'
import { TEST_DIALECTS } from '../../../test/databases.js'
import { openTestXinshu } from '../../../test/xinshu.js'
import { fundRules, loanFacts } from '../../../test/fixtures/compensation.fixtures.js'

const evidence = [{ name: '贷款损失认定书.pdf', mediaType: 'application/pdf', sizeBytes: 80_000, sha256: 'b'.repeat(64) }]

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: compensation routes`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let fundId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      as = await seedCallers(x, factory.uscc(factory.next()))
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: as[role].headers, ...(payload === undefined ? {} : { payload: payload as object }) })

    it('lets the operator set up a fund with rules as data and fund it through the ledger', async () => {
      const created = await call('operator', 'POST', '/api/compensation/funds', { name: '银川市信用贷款风险补偿资金池', owner: '银川市财政局', regions: ['6401'], year: 2026, ruleBasis: 'loan_start', rules: fundRules({ lossRatioCeilingBp: 10_000 }) })
      expect(created.statusCode).toBe(201)
      fundId = created.json().id
      expect(created.json().versions).toHaveLength(1)
      const c = await call('operator', 'POST', `/api/compensation/funds/${fundId}/contributions`, { amountFen: 2_000_000_00, reference: '银财发〔2026〕12号', idempotencyKey: 'yc-2026-1' })
      const again = await call('operator', 'POST', `/api/compensation/funds/${fundId}/contributions`, { amountFen: 2_000_000_00, reference: '银财发〔2026〕12号', idempotencyKey: 'yc-2026-1' })
      expect(c.json()).toMatchObject({ replayed: false, balances: { poolFen: 2_000_000_00 } })
      expect(again.json()).toMatchObject({ replayed: true, balances: { poolFen: 2_000_000_00 } })
      const list = await call('institution', 'GET', '/api/compensation/funds')
      expect(list.json()).toEqual([expect.objectContaining({ id: fundId, balances: expect.objectContaining({ poolFen: 2_000_000_00 }) })])
    })

    it('reverses a contribution entered wrongly, keeping the original entry', async () => {
      const wrong = await call('operator', 'POST', `/api/compensation/funds/${fundId}/contributions`, { amountFen: 77_00, reference: '误录', idempotencyKey: 'typo-1' })
      const entryId = wrong.json().entry.id
      const res = await call('operator', 'POST', `/api/compensation/funds/${fundId}/contributions/${entryId}/reverse`, { reason: '金额录入错误', idempotencyKey: 'fix-1' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ entry: { reverses: entryId }, balances: { poolFen: 2_000_000_00 } })
      const journal = (await call('operator', 'GET', `/api/compensation/funds/${fundId}/ledger`)).json()
      expect(journal.entries.map((e: { id: string }) => e.id)).toContain(entryId)
    })

    it('refuses a rule document whose shares do not sum to 100 %, naming the problem', async () => {
      const res = await call('operator', 'POST', '/api/compensation/funds', { name: '石嘴山市资金池', owner: '石嘴山市财政局', regions: ['6402'], year: 2026, ruleBasis: 'loan_start',
        rules: fundRules({ shares: { fundPerMille: 500, lenderPerMille: 200, guarantorPerMille: 400 } }) })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
      expect(res.json()).toMatchObject({ code: 'COMPENSATION_RULES_INVALID', detail: expect.stringMatching(/分担比例之和应为 100%/) })
    })

    it('takes an institution’s claim through review and payout, and shows the breakdown rule by rule', async () => {
      const loan = loanFacts({ outstandingPrincipalFen: 500_000_00 })
      await x.compensation.recordLoan(loan)
      const filed = await call('institution', 'POST', '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence })
      expect(filed.statusCode).toBe(201)
      const id = filed.json().id
      expect(filed.json()).toMatchObject({ status: 'filed', computedFen: 200_000_00 })
      const queue = await call('operator', 'GET', '/api/compensation/claims?status=filed')
      expect(queue.json().claims.map((c: { id: string }) => c.id)).toContain(id)
      const detail = await call('operator', 'GET', `/api/compensation/claims/${id}`)
      expect(detail.json().breakdown.steps.map((s: { zh: string }) => s.zh)).toEqual([expect.stringMatching(/^未收回本金 500,000.00 元/), expect.stringMatching(/^资金池承担 40%：200,000.00 元/)])
      expect((await call('operator', 'POST', `/api/compensation/claims/${id}/pay`, { reference: 'x' })).json().code).toBe('COMPENSATION_CLAIM_STATUS_CONFLICT')
      expect((await call('operator', 'POST', `/api/compensation/claims/${id}/approve`, {})).json()).toMatchObject({ status: 'approved', approvedFen: 200_000_00 })
      expect((await call('operator', 'POST', `/api/compensation/claims/${id}/pay`, { reference: '国库支付 118' })).json()).toMatchObject({ status: 'paid' })
      expect((await call('institution', 'POST', `/api/compensation/claims/${id}/recoveries`, { amountFen: 50_000_00, idempotencyKey: 'r-1' })).json()).toMatchObject({ returnedFen: 20_000_00 })
      const read = await call('supervisor', 'GET', `/api/compensation/claims/${id}`)
      expect(read.json().history.map((h: { action: string }) => h.action)).toEqual(['file', 'approve', 'pay', 'recover'])
      const ledger = await call('supervisor', 'GET', `/api/compensation/funds/${fundId}/ledger`)
      expect(ledger.json().accounts.reduce((s: number, a: { balanceFen: number }) => s + a.balanceFen, 0)).toBe(0)
      expect(ledger.json().total).toBe(6)
    })

    it('lets the operator reject a claim only with a reason', async () => {
      const loan = loanFacts()
      await x.compensation.recordLoan(loan)
      const id = (await call('institution', 'POST', '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence })).json().id
      expect((await call('operator', 'POST', `/api/compensation/claims/${id}/reject`, {})).statusCode).toBe(400)
      expect((await call('operator', 'POST', `/api/compensation/claims/${id}/reject`, { reason: '缺少诉讼文书' })).json()).toMatchObject({ status: 'rejected', rejectReason: '缺少诉讼文书' })
    })

    it('sets up a subsidy programme and lists what it paid', async () => {
      const res = await call('operator', 'POST', '/api/subsidy/programmes', { name: '2026年银川市信用贷款贴息', fundId, periodFrom: '2026-01-01', periodTo: '2026-12-31',
        rules: { qualifying: { divisionPrefixes: ['6401'] }, mode: { kind: 'interest_share', perMille: 500 }, capPerEnterprisePerYearFen: 10_000_00 } })
      expect(res.statusCode).toBe(201)
      const loan = loanFacts({ status: 'active', institution: '宁夏银行股份有限公司' })
      await x.subsidies.onRepayment(loan, { date: '2026-04-21', principalFen: 0, interestFen: 3_000_00 })
      const mine = await call('institution', 'GET', '/api/subsidy/payments')
      expect(mine.json().payments).toEqual([expect.objectContaining({ uscc: loan.uscc, amountFen: 1_500_00, status: 'paid' })])
      expect((await call('supervisor', 'GET', '/api/subsidy/programmes')).json()).toHaveLength(1)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../../app/index.js'
import type { Principal } from '../../access/index.js'
import { TEST_DIALECTS } from '../../../test/databases.js'
import { openTestXinshu } from '../../../test/xinshu.js'
import { createLedger } from '../ledger/index.js'
import { createCompensationService } from './compensation.service.js'
import { createSubsidyService } from './subsidy.service.js'
import { fundRules, loanFacts } from '../../../test/fixtures/compensation.fixtures.js'
import type { Evidence } from './compensation.types.js'

const BANK = '宁夏银行股份有限公司'
const who = (role: Principal['role'], organization: string | null, username: string = role): Principal => ({ accountId: `acc-${username}`, username, displayName: username, role, organization, via: 'session', scopes: [] })
const operator = who('operator', '自治区社会信用服务中心')
const bank = who('institution', BANK, 'bank')
const evidence: Evidence[] = [{ name: '借款合同.pdf', mediaType: 'application/pdf', sizeBytes: 120_000, sha256: 'a'.repeat(64) }]
let fundNo = 0

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: risk compensation and interest subsidy`, () => {
    let x: Xinshu
    const ledger = createLedger()
    let sut: ReturnType<typeof createCompensationService>
    let subsidies: ReturnType<typeof createSubsidyService>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      const now = () => new Date('2026-10-15T02:00:00Z')
      sut = createCompensationService({ db: x.db, audit: x.audit, ledger, now })
      subsidies = createSubsidyService({ db: x.db, audit: x.audit, ledger, now })
    })
    afterAll(async () => {
      await x?.close()
    })

    async function fundWith(capitalFen: number, rules = fundRules()) {
      fundNo++
      const f = await sut.createFund(operator, { name: `银川市信用贷款风险补偿资金池${fundNo}`, owner: '银川市财政局', regions: ['6401'], year: 2026, ruleBasis: 'loan_start', rules })
      if (capitalFen > 0) await sut.contribute(operator, f.id, { amountFen: capitalFen, reference: `银财发〔2026〕${fundNo}号`, idempotencyKey: `c-${fundNo}` })
      return f
    }

    const totals = () => ledger.totals(x.db)

    it('files, approves, pays and shares back a recovery, each step moving the ledger and writing the audit log', async () => {
      const fund = await fundWith(5_000_000_00)
      const loan = loanFacts({ outstandingPrincipalFen: 800_000_00 })
      const filed = await sut.claimFor(bank, loan, { fundId: fund.id, evidence, claimedFen: 800_000_00 })
      expect(filed).toMatchObject({ status: 'filed', computedFen: 320_000_00, claimedFen: 800_000_00, unrecoveredFen: 800_000_00, ruleVersion: 1 })
      expect(filed.breakdown.steps.map((s) => s.zh)[1]).toMatch(/^资金池承担 40%：320,000.00 元/)

      const approved = await sut.approve(operator, filed.id, { note: '材料齐全' })
      expect(approved).toMatchObject({ status: 'approved', approvedFen: 320_000_00 })
      expect((await sut.fund(operator, fund.id)).balances).toMatchObject({ poolFen: 4_680_000_00, commitmentFen: 320_000_00, contributedFen: 5_000_000_00 })

      const paid = await sut.pay(operator, filed.id, { reference: '国库支付 2026-118' })
      const again = await sut.pay(operator, filed.id, { reference: '国库支付 2026-118（重试）' })
      expect(paid.status).toBe('paid')
      expect(again.paymentRef).toBe('国库支付 2026-118')
      expect((await sut.fund(operator, fund.id)).balances).toMatchObject({ poolFen: 4_680_000_00, commitmentFen: 0, compensationPaidFen: 320_000_00 })

      const recovered = await sut.recordRecovery(bank, filed.id, { amountFen: 100_000_00, idempotencyKey: 'r1' })
      await sut.recordRecovery(bank, filed.id, { amountFen: 100_000_00, idempotencyKey: 'r1' })
      expect(recovered).toMatchObject({ recoveredFen: 100_000_00, returnedFen: 40_000_00 })
      expect((await sut.fund(operator, fund.id)).balances).toMatchObject({ poolFen: 4_720_000_00, recoveryReturnedFen: 40_000_00 })

      const detail = await sut.claim(operator, filed.id)
      expect(detail.history.map((h) => h.action)).toEqual(['file', 'approve', 'pay', 'recover'])
      expect(detail.entries).toHaveLength(3)
      expect(await totals()).toEqual({ balances: '0', lines: '0', mismatched: 0 })
      const actions = (await x.db.query<{ action: string }>(`select action from audit.entry where details->>'claimId' = $1 order by seq`, [filed.id])).map((r) => r.action)
      expect(actions).toEqual(expect.arrayContaining(['compensation.claim.file', 'compensation.claim.approve', 'compensation.claim.pay', 'compensation.claim.recover']))
    })

    it('refuses steps out of order with a status conflict, and changes nothing', async () => {
      const fund = await fundWith(5_000_000_00)
      const c = await sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })
      await expect(sut.pay(operator, c.id, { reference: 'x' })).rejects.toMatchObject({ code: 'COMPENSATION_CLAIM_STATUS_CONFLICT' })
      await expect(sut.recordRecovery(bank, c.id, { amountFen: 1, idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'COMPENSATION_CLAIM_STATUS_CONFLICT' })
      await sut.reject(operator, c.id, { reason: '未提供诉讼文书' })
      await expect(sut.approve(operator, c.id, {})).rejects.toMatchObject({ code: 'COMPENSATION_CLAIM_STATUS_CONFLICT' })
      expect((await sut.fund(operator, fund.id)).balances.poolFen).toBe(5_000_000_00)
    })

    it('refuses to approve more than the pool holds, and leaves the claim waiting', async () => {
      const fund = await fundWith(100_000_00)
      const c = await sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })
      await expect(sut.approve(operator, c.id, {})).rejects.toMatchObject({ code: 'COMPENSATION_FUND_INSUFFICIENT', zh: expect.stringMatching(/需 400,000.00 元，可用 100,000.00 元/) })
      expect((await sut.claim(operator, c.id)).status).toBe('filed')
      await sut.contribute(operator, fund.id, { amountFen: 400_000_00, reference: '追加', idempotencyKey: 'top-up' })
      expect((await sut.approve(operator, c.id, {})).approvedFen).toBe(400_000_00)
    })

    it('corrects a wrong contribution with a reversing entry, only while the pool still holds it', async () => {
      const fund = await fundWith(0)
      const wrong = await sut.contribute(operator, fund.id, { amountFen: 9_000_000_00, reference: '误录（多录一个零）', idempotencyKey: 'typo' })
      const r = await sut.reverseContribution(operator, fund.id, wrong.entry.id, { reason: '金额录入错误', idempotencyKey: 'fix-typo' })
      expect(r.entry.reverses).toBe(wrong.entry.id)
      expect(r.balances).toMatchObject({ poolFen: 0, contributedFen: 0 })
      expect((await sut.reverseContribution(operator, fund.id, wrong.entry.id, { reason: '金额录入错误', idempotencyKey: 'fix-typo' })).replayed).toBe(true)
      await expect(sut.reverseContribution(operator, fund.id, wrong.entry.id, { reason: '再冲一次', idempotencyKey: 'again' })).rejects.toMatchObject({ code: 'LEDGER_ALREADY_REVERSED' })
      const spent = await sut.contribute(operator, fund.id, { amountFen: 1_000_000_00, reference: '注资', idempotencyKey: 'real' })
      const c = await sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })
      await sut.approve(operator, c.id, {})
      await expect(sut.reverseContribution(operator, fund.id, spent.entry.id, { reason: '试图抽回', idempotencyKey: 'pull' })).rejects.toMatchObject({ code: 'COMPENSATION_FUND_INSUFFICIENT' })
      const approval = (await sut.claim(operator, c.id)).entries[0]!
      await expect(sut.reverseContribution(operator, fund.id, approval.id, { reason: '不是注资', idempotencyKey: 'wrong-kind' })).rejects.toMatchObject({ code: 'COMPENSATION_CONTRIBUTION_NOT_FOUND' })
    })

    it('pays once when two payouts of one claim race', async () => {
      const fund = await fundWith(2_000_000_00)
      const c = await sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })
      await sut.approve(operator, c.id, {})
      const results = await Promise.allSettled([sut.pay(operator, c.id, { reference: 'A' }), sut.pay(operator, c.id, { reference: 'B' })])
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true)
      expect((await sut.fund(operator, fund.id)).balances).toMatchObject({ compensationPaidFen: 400_000_00, commitmentFen: 0 })
      expect((await sut.claim(operator, c.id)).history.filter((h) => h.action === 'pay')).toHaveLength(1)
    })

    it('refuses loans that are not defaulted, do not qualify, or were claimed already', async () => {
      const fund = await fundWith(1_000_000_00)
      await expect(sut.claimFor(bank, loanFacts({ status: 'overdue' }), { fundId: fund.id, evidence })).rejects.toMatchObject({ code: 'COMPENSATION_LOAN_NOT_DEFAULTED' })
      await expect(sut.claimFor(bank, loanFacts({ creditLoan: false, productType: 'pledge' }), { fundId: fund.id, evidence })).rejects.toMatchObject({ code: 'COMPENSATION_NOT_QUALIFIED', zh: expect.stringMatching(/抵质押/) })
      const loan = loanFacts()
      await sut.claimFor(bank, loan, { fundId: fund.id, evidence })
      await expect(sut.claimFor(bank, loan, { fundId: fund.id, evidence })).rejects.toMatchObject({ code: 'COMPENSATION_CLAIM_EXISTS' })
    })

    it('judges a claim under the rule version in force at the loan’s start', async () => {
      const fund = await fundWith(5_000_000_00)
      await sut.addRules(operator, fund.id, fundRules({ effectiveFrom: '2026-07-01', shares: { fundPerMille: 300, lenderPerMille: 300, guarantorPerMille: 400 } }))
      await expect(sut.addRules(operator, fund.id, fundRules({ effectiveFrom: '2026-07-01' }))).rejects.toMatchObject({ code: 'COMPENSATION_RULES_DATE_TAKEN' })
      const early = await sut.claimFor(bank, loanFacts({ startDate: '2026-03-01' }), { fundId: fund.id, evidence })
      const late = await sut.claimFor(bank, loanFacts({ startDate: '2026-08-01' }), { fundId: fund.id, evidence })
      expect([early.ruleVersion, early.computedFen]).toEqual([1, 400_000_00])
      expect([late.ruleVersion, late.computedFen]).toEqual([2, 300_000_00])
    })

    it('judges by the rules in force at filing when the fund says so', async () => {
      fundNo++
      const fund = await sut.createFund(operator, { name: `按申请日适用规则资金池${fundNo}`, owner: '吴忠市财政局', regions: ['6403'], year: 2026, ruleBasis: 'claim_date', rules: fundRules() })
      await sut.contribute(operator, fund.id, { amountFen: 5_000_000_00, reference: '注资', idempotencyKey: `cd-${fundNo}` })
      await sut.addRules(operator, fund.id, fundRules({ effectiveFrom: '2026-10-01', shares: { fundPerMille: 500, lenderPerMille: 100, guarantorPerMille: 400 } }))
      // lent in March under version 1, filed on 15 October (the service's clock): version 2 judges it
      const c = await sut.claimFor(bank, loanFacts({ startDate: '2026-03-01' }), { fundId: fund.id, evidence })
      expect([c.ruleVersion, c.computedFen]).toEqual([2, 500_000_00])
    })

    it('pauses an institution’s claims once its compensated losses pass the loss-ratio ceiling', async () => {
      const fund = await fundWith(10_000_000_00, fundRules({ lossRatioCeilingBp: 1000 }))
      // 4,000,000.00 元 enrolled; one loss of 1,000,000.00 元 is 25 %, above 10 %
      for (let i = 0; i < 3; i++) await sut.recordLoan(loanFacts({ status: 'active' }))
      const first = await sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })
      await sut.approve(operator, first.id, {})
      await expect(sut.claimFor(bank, loanFacts(), { fundId: fund.id, evidence })).rejects.toMatchObject({ code: 'COMPENSATION_LOSS_RATIO_EXCEEDED' })
    })

    it('pays interest subsidy once per repayment, within the cap per enterprise and year, and only in its period', async () => {
      const fund = await fundWith(1_000_000_00)
      const prog = await subsidies.createProgramme(operator, { name: `首贷贴息${fundNo}`, fundId: fund.id, periodFrom: '2026-01-01', periodTo: '2026-12-31',
        rules: { qualifying: { creditLoansOnly: true }, mode: { kind: 'rate_points', bp: 200 }, capPerEnterprisePerYearFen: 5_000_00 } })
      const loan = loanFacts({ status: 'active', annualRateBp: 400 })
      const first = await subsidies.onRepayment(loan, { date: '2026-06-21', principalFen: 0, interestFen: 6_000_00 })
      expect(first).toEqual([expect.objectContaining({ programmeId: prog.id, status: 'paid', amountFen: 3_000_00, replayed: false })])
      expect(await subsidies.onRepayment(loan, { date: '2026-06-21', principalFen: 0, interestFen: 6_000_00 })).toEqual([expect.objectContaining({ amountFen: 3_000_00, replayed: true })])
      const second = await subsidies.onRepayment(loan, { date: '2026-09-21', principalFen: 0, interestFen: 6_000_00 })
      expect(second[0]).toMatchObject({ status: 'paid', amountFen: 2_000_00 })
      const third = await subsidies.onRepayment(loan, { date: '2026-11-21', principalFen: 0, interestFen: 6_000_00 })
      expect(third[0]).toMatchObject({ status: 'cap_reached', amountFen: 0 })
      expect(await subsidies.onRepayment(loan, { date: '2027-01-21', principalFen: 0, interestFen: 6_000_00 })).toEqual([])
      expect((await sut.fund(operator, fund.id)).balances.subsidyPaidFen).toBe(5_000_00)
      expect(await totals()).toEqual({ balances: '0', lines: '0', mismatched: 0 })
    })

    it('records nothing when the pool cannot pay a subsidy, so the repayment is paid after a top-up', async () => {
      const fund = await fundWith(0)
      await subsidies.createProgramme(operator, { name: `贴息资金不足${fundNo}`, fundId: fund.id, periodFrom: '2026-01-01', periodTo: '2026-12-31',
        rules: { qualifying: {}, mode: { kind: 'interest_share', perMille: 500 }, capPerEnterprisePerYearFen: 100_000_00 } })
      const loan = loanFacts({ status: 'active' })
      const rep = { repaymentId: 'R-1', date: '2026-05-01', principalFen: 10_000_00, interestFen: 4_000_00 }
      expect((await subsidies.onRepayment(loan, rep)).find((r) => r.status === 'insufficient_funds')).toBeTruthy()
      await sut.contribute(operator, fund.id, { amountFen: 1_000_00_00, reference: '注资', idempotencyKey: 'late' })
      const paid = await subsidies.onRepayment(loan, rep)
      expect(paid.find((r) => r.status === 'paid' && r.amountFen === 2_000_00)).toBeTruthy()
    })
  })
}

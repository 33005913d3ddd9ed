import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { AppError, beijingDate } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { applyForFinancing } from '../flows/index.js'
import { createApplicationService } from './application.service.js'
import type { ProductInput } from './financing.types.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { factory } from '../../test/factory.js'

async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err, `expected ${code}`).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  expect((err as AppError).zh).toMatch(/[\u4e00-\u9fa5]/)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: financing`, () => {
    let x: Xinshu
    let firm: Firm
    let debtor: Firm
    let as: Record<Role, Caller>
    let other: Caller
    let debtorCaller: Caller

    /** A published product of the bank. */
    async function published(input: ProductInput = taxLoan()) {
      const v = await x.products.create(as.institution.principal, input)
      await x.products.submit(as.institution.principal, v.id)
      return x.products.review(as.operator.principal, v.id, 1, { approve: true })
    }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      debtor = await seedFirm(x, { debtor: true })
      await ingestRows(x, 'tax_credit_rating', [{ entity_name: firm.name, uscc: firm.uscc, rating_year: 2025, tax_credit_grade: 'A' }], '宁夏税务局')
      as = await seedCallers(x, firm.uscc)
      other = await seedInstitution(x, '石嘴山银行股份有限公司', 'szsbank')
      const id = await x.access.createAccount({ username: 'debtorfirm', displayName: '失信企业', role: 'enterprise', organization: debtor.uscc })
      const s = await x.access.openSession(id)
      debtorCaller = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
    })
    afterAll(async () => {
      await x?.close()
    })

    it('takes a product through draft, review and publication, keeping each change in the audit log', async () => {
      const draft = await x.products.create(as.institution.principal, taxLoan())
      expect(draft).toMatchObject({ status: 'draft', version: 1, institution: BANK, name: '宁税贷' })
      await expectError(x.products.pause(as.institution.principal, draft.id), 'FINANCING_PRODUCT_STATUS')
      expect((await x.products.submit(as.institution.principal, draft.id)).status).toBe('submitted')
      await expectError(x.products.review(as.operator.principal, draft.id, 1, { approve: false }), 'FINANCING_REVIEW_REASON_REQUIRED')
      const rejected = await x.products.review(as.operator.principal, draft.id, 1, { approve: false, reason: '利率说明不清' })
      expect(rejected).toMatchObject({ status: 'rejected', reviewReason: '利率说明不清' })
      await x.products.update(as.institution.principal, draft.id, taxLoan({ description: '年化利率 3.45% 起' }))
      await x.products.submit(as.institution.principal, draft.id)
      const live = await x.products.review(as.operator.principal, draft.id, 1, { approve: true })
      expect(live.status).toBe('published')
      const actions = (await x.audit.list({ limit: 50 })).filter((e) => (e.details as { productId?: string } | null)?.productId === draft.id).map((e) => e.action)
      expect(actions).toEqual(expect.arrayContaining(['financing.product.create', 'financing.product.submit', 'financing.product.reject', 'financing.product.update', 'financing.product.approve']))
    })

    it('makes an edit of a published product a new version and keeps the old one live until the new one is approved', async () => {
      const v1 = await published()
      const v2 = await x.products.update(as.institution.principal, v1.id, taxLoan({ rateMinBp: 330 }))
      expect(v2).toMatchObject({ version: 2, status: 'draft', rateMinBp: 330 })
      expect((await x.products.versions(as.enterprise.principal, v1.id)).map((v) => [v.version, v.status])).toEqual([[1, 'published']])
      await x.products.submit(as.institution.principal, v1.id)
      await x.products.review(as.operator.principal, v1.id, 2, { approve: true })
      expect((await x.products.versions(as.institution.principal, v1.id)).map((v) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']])
    })

    it('refuses a product whose rules name what the catalog lacks, with the path of the bad rule', async () => {
      const err = await expectError(x.products.create(as.institution.principal, taxLoan({ rules: [{ kind: 'all', rules: [{ kind: 'no_record', item: 'no_such_item' }] }] })), 'FINANCING_RULE_INVALID')
      expect(err.zh).toContain('rules[0].rules[0].item')
      const range = await expectError(x.products.create(as.institution.principal, taxLoan({ amountMinFen: 500, amountMaxFen: 100 })), 'FINANCING_PRODUCT_INVALID')
      expect(range.details).toEqual([{ field: 'amountMaxFen' }])
      await expectError(x.products.create(as.institution.principal, taxLoan({ regions: ['110000'] })), 'FINANCING_PRODUCT_INVALID')
    })

    it('lets an institution change only its own products', async () => {
      const v = await published()
      await expectError(x.products.pause(other.principal, v.id), 'FINANCING_PRODUCT_NOT_FOUND')
      await expectError(x.products.update(other.principal, v.id, taxLoan()), 'FINANCING_PRODUCT_NOT_FOUND')
      expect((await x.products.list(other.principal, { limit: 50, offset: 0 })).products).toEqual([])
    })

    it('ranks the shelf for a need with the reasons rule by rule, from the enterprise\'s own records', async () => {
      const fit = await published()
      const elsewhere = await published(taxLoan({ name: '石嘴山专享贷', regions: ['640200'] }))
      const graded = await published(taxLoan({ name: '评级贷', rules: [{ kind: 'credit_grade', op: 'in', value: ['AAA'] }] }))
      const need = await x.needs.publish(as.enterprise.principal, { amountFen: 50_000_000, termMonths: 12, purpose: '采购原材料' })
      expect(need.divisionCode).toBe('640106')
      const { matches } = await x.needs.match(as.enterprise.principal, need.id, { limit: 100 })
      const byId = new Map(matches.map((m) => [m.product.id, m]))
      expect(byId.get(fit.id)!.outcome).toBe('pass')
      expect(byId.get(fit.id)!.rules.map((r) => r.reason)).toEqual(['纳税信用等级为A', expect.stringMatching(/^成立日期为 2015-06-01，距今 \d+ 年$/), '平台未归集到失信被执行人信息记录', '最大值为1,250,000.00 元'])
      expect(byId.get(elsewhere.id)!.outcome).toBe('fail')
      expect(byId.get(elsewhere.id)!.terms.find((t) => t.check === 'region')!.ok).toBe(false)
      expect(byId.get(graded.id)!).toMatchObject({ outcome: 'unknown', rules: [{ outcome: 'unknown', reason: '尚无信用评价' }] })
      const order = matches.map((m) => m.outcome)
      expect(order.indexOf('fail')).toBeGreaterThan(order.lastIndexOf('pass'))
      // Once scored (信用评价), the grade decides the rule: A–D is never 'AAA'.
      await x.evaluation.rescore([firm.uscc])
      const again = (await x.needs.match(as.enterprise.principal, need.id, { limit: 100 })).matches.find((m) => m.product.id === graded.id)!
      expect(again).toMatchObject({ outcome: 'fail', rules: [{ outcome: 'fail', reason: expect.stringMatching(/^信用评价等级为 [ABCD]$/) }] })
    })

    it('decides credit_grade on the grade shown: a base-B firm whose 50 % shareholder becomes 严重失信 no longer matches A–B', async () => {
      const held = await seedFirm(x)
      const holder = await seedFirm(x)
      await ingestRows(x, 'shareholder_contribution', [{ entity_name: held.name, uscc: held.uscc, shareholder_name: holder.name, shareholder_type: '企业法人', contribution_ratio: 50, contribution_amount: '500000.00', contribution_method: '货币', subscribed_contribution_amount: '500000.00' }], '自治区市场监管厅')
      const id = await x.access.createAccount({ username: 'heldfirm', displayName: '被持股企业', role: 'enterprise', organization: held.uscc })
      const caller = (await x.access.openSession(id)).principal
      // The evaluation's follower: rescoring and the relationship graph, from the records change feed.
      const drain = async () => {
        for (let i = 0; i < 400; i++) {
          const r = await x.evaluation.follow()
          if (r.more) continue
          if (!r.pending) return
          await new Promise((done) => setTimeout(done, 50))
        }
      }
      await drain()
      const product = await published(taxLoan({ name: '优良评级贷', rules: [{ kind: 'credit_grade', op: 'in', value: ['A', 'B'] }] }))
      const need = await x.needs.publish(caller, { amountFen: 50_000_000, termMonths: 12, purpose: '采购原材料' })
      const outcome = async () => (await x.needs.match(caller, need.id, { limit: 100 })).matches.find((m) => m.product.id === product.id)!
      expect(await outcome()).toMatchObject({ outcome: 'pass', rules: [{ outcome: 'pass', reason: '信用评价等级为 B' }] })
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: holder.n, entity_name: holder.name, id_number_or_uscc: holder.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')
      await drain()
      // The reason says why the grade shown is lower than the indicators' grade (the rule, not the party).
      expect(await outcome()).toMatchObject({ outcome: 'fail', rules: [{ outcome: 'fail', rule: '信用评价等级为A、B之一', reason: '信用评价等级为 C（基础等级 B，因关联方严重失信下调）' }] })
    })

    it('fails the debtor on the dishonest-debtor rule and says why', async () => {
      const product = await published()
      const need = await x.needs.publish(debtorCaller.principal, { amountFen: 50_000_000, termMonths: 12, purpose: '周转' })
      const m = (await x.needs.match(debtorCaller.principal, need.id, { limit: 100 })).matches.find((x) => x.product.id === product.id)!
      expect(m.outcome).toBe('fail')
      expect(m.rules.find((r) => r.kind === 'no_record')).toMatchObject({ outcome: 'fail', reason: '平台归集到 1 条失信被执行人信息记录' })
      await expectError(x.needs.match(as.enterprise.principal, need.id), 'FINANCING_NEED_NOT_FOUND')
    })

    it('shows institutions open needs in their regions, naming the enterprise only to one it applied to', async () => {
      const product = await published()
      const need = await x.needs.publish(debtorCaller.principal, { amountFen: 20_000_000, termMonths: 12, purpose: '购置设备' })
      const before = (await x.needs.forInstitution(as.institution.principal, { limit: 100, offset: 0 })).needs.find((n) => n.id === need.id)!
      expect(before).toMatchObject({ masked: true, subjectKey: null, enterpriseName: null, amountFen: 20_000_000 })
      await applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications }).run(debtorCaller.principal, { productId: product.id, productVersion: 1, amountFen: 20_000_000, termMonths: 12, needId: need.id })
      const after = (await x.needs.forInstitution(as.institution.principal, { limit: 100, offset: 0 })).needs.find((n) => n.id === need.id)!
      expect(after).toMatchObject({ masked: false, subjectKey: debtor.uscc, enterpriseName: debtor.name })
      // Another bank with no product in the region sees nothing.
      expect((await x.needs.forInstitution(other.principal, { limit: 100, offset: 0 })).needs).toEqual([])
    })

    it('applies and grants the lender in one step, and writes neither when the application is refused', async () => {
      const product = await published()
      const flow = applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications })
      const { applicationId, grantId } = await flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
      const g = await x.grants.get(as.institution.principal, grantId)
      expect(g).toMatchObject({ status: 'active', institution: BANK, subjectKey: firm.uscc, mode: 'view', purpose: '融资' })
      expect(g.items.sort()).toEqual(['business_license', 'dishonest_judgment_debtor', 'tax_credit_rating', 'tax_payment'])
      const a = await x.applications.get(as.institution.principal, applicationId)
      expect(a).toMatchObject({ status: 'submitted', grantId, institution: BANK, enterpriseName: firm.name, dueStep: 'accept' })
      const grantsBefore = (await x.grants.list(as.enterprise.principal, { limit: 200, offset: 0 })).total
      await expectError(flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 }), 'FINANCING_APPLICATION_DUPLICATE')
      await expectError(flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 900_000_000, termMonths: 12 }), 'FINANCING_LOAN_OUT_OF_RANGE')
      expect((await x.grants.list(as.enterprise.principal, { limit: 200, offset: 0 })).total).toBe(grantsBefore)
    })

    it('keeps one application in progress per product when two arrive at once, and leaves no grant for the loser', async () => {
      const product = await published()
      const flow = applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications })
      const grantsBefore = (await x.grants.list(debtorCaller.principal, { limit: 200, offset: 0 })).total
      const input = { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 }
      const results = await Promise.allSettled([flow.run(debtorCaller.principal, input), flow.run(debtorCaller.principal, input)])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect((refused.reason as AppError).code).toBe('FINANCING_APPLICATION_DUPLICATE')
      expect((await x.grants.list(debtorCaller.principal, { limit: 200, offset: 0 })).total).toBe(grantsBefore + 1)
    })

    it('takes an application through acceptance, approval, lending, repayment, overdue and default, refusing steps out of order', async () => {
      const product = await published()
      const { applicationId: id } = await applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications }).run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 100_000_000, termMonths: 12 })
      const bank = as.institution.principal
      await expectError(x.applications.lend(bank, id, { contractNo: 'NX-1', principalFen: 100_000_000, annualRateBp: 400, repaymentWay: 'interest_first', startDate: '2026-01-05', maturityDate: '2027-01-05' }), 'FINANCING_APPLICATION_OUT_OF_ORDER')
      await expectError(x.applications.accept(other.principal, id), 'FINANCING_APPLICATION_NOT_FOUND')
      await x.applications.accept(bank, id)
      await x.applications.approve(bank, id, '额度 100 万元')
      const today = beijingDate(new Date())
      const lend = { contractNo: 'NXBANK-2026-001', principalFen: 100_000_000, annualRateBp: 400, repaymentWay: 'interest_first', startDate: today, maturityDate: '2099-12-31' }
      const rateErr = await expectError(x.applications.lend(bank, id, { ...lend, annualRateBp: 800 }), 'FINANCING_LOAN_OUT_OF_RANGE')
      expect(rateErr.details).toEqual([{ field: 'annualRateBp' }])
      await expectError(x.applications.lend(bank, id, { ...lend, repaymentWay: 'bullet' }), 'FINANCING_LOAN_OUT_OF_RANGE')
      await expectError(x.applications.lend(bank, id, { ...lend, startDate: '2026-02-30' }), 'FINANCING_DATE_INVALID')
      const lent = await x.applications.lend(bank, id, lend)
      expect(lent).toMatchObject({ status: 'lent', loan: { contractNo: 'NXBANK-2026-001', outstandingPrincipalFen: 100_000_000, creditLoan: true } })
      await expectError(x.applications.repay(bank, id, { date: today, principalFen: 200_000_000, interestFen: 0 }), 'FINANCING_REPAYMENT_EXCEEDS')
      await x.applications.repay(bank, id, { date: today, principalFen: 30_000_000, interestFen: 330_000 })
      await expectError(x.applications.settle(bank, id), 'FINANCING_APPLICATION_OUT_OF_ORDER')
      await x.applications.overdue(bank, id, { since: today })
      const defaulted = await x.applications.default(bank, id, '转代偿')
      expect(defaulted.status).toBe('defaulted')
      const facts = await x.applications.facts(id)
      expect(facts).toMatchObject({ loanId: id, uscc: firm.uscc, institution: BANK, productType: 'tax', divisionCode: '640106', principalFen: 100_000_000, annualRateBp: 400, status: 'defaulted', outstandingPrincipalFen: 70_000_000, overdueSince: today, repayments: [{ date: today, principalFen: 30_000_000, interestFen: 330_000 }] })
      const detail = await x.applications.get(as.enterprise.principal, id)
      expect(detail.history.map((h) => h.action)).toEqual(['submit', 'accept', 'approve', 'lend', 'repay', 'overdue', 'default'])
      expect((await x.applications.factsFor({ institution: BANK })).map((f) => f.loanId)).toContain(id)
    })

    it('refuses with a reason code from the list, and an enterprise may withdraw before the decision', async () => {
      const product = await published()
      const flow = applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications })
      const a = await flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
      await expectError(x.applications.refuse(as.institution.principal, a.applicationId, { reasonCode: 'dislike' }), 'FINANCING_REASON_CODE_UNKNOWN')
      expect(await x.applications.refuse(as.institution.principal, a.applicationId, { reasonCode: 'repayment_capacity' })).toMatchObject({ status: 'refused', reasonCode: 'repayment_capacity', dueDate: null })
      const b = await flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
      await expectError(x.applications.withdraw(debtorCaller.principal, b.applicationId), 'FINANCING_APPLICATION_NOT_FOUND')
      expect((await x.applications.withdraw(as.enterprise.principal, b.applicationId)).status).toBe('withdrawn')
    })

    it('runs the service clocks in working days and keeps a late step against the institution', async () => {
      const product = await published()
      let now = new Date('2026-09-30T02:00:00Z') // Wednesday before National Day
      const apps = createApplicationService({ db: x.db, registry: x.registry, audit: x.audit, calendar: x.calendar, now: () => now })
      const flow = applyForFinancing({ db: x.db, grants: x.grants, applications: apps, now: () => now })
      const { applicationId: id } = await flow.run(as.enterprise.principal, { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
      // Two working days after 30 September: 8 October (1–7 are the holiday), then 9 October.
      expect((await apps.get(as.operator.principal, id)).dueDate).toBe('2026-10-09')
      now = new Date('2026-10-12T02:00:00Z')
      expect((await apps.list(as.operator.principal, { limit: 100, offset: 0, overdueOnly: true })).applications.map((a) => a.id)).toContain(id)
      const accepted = await apps.accept(as.institution.principal, id)
      // Five working days from Monday 12 October.
      expect(accepted.dueDate).toBe('2026-10-19')
      const late = await apps.lateSteps(as.supervisor.principal)
      // 10 October is a make-up Saturday: accepted on the 12th, the bank is two working days late, not one.
      expect(late.find((l) => l.institution === BANK && l.step === 'accept')).toMatchObject({ count: 1, workingDaysLate: 2 })
      expect(await apps.lateSteps(other.principal)).toEqual([])
    })
  })
}

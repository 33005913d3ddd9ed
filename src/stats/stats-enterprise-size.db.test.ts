import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Principal } from '../access/index.js'
import { ingestRows, seedCallers, seedFirm } from '../../test/fixtures/access.fixtures.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { fundRules } from '../../test/fixtures/compensation.fixtures.js'
import { applyForFinancing, reportLoanStep } from '../flows/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { beijingDate } from '../core/index.js'

const today = () => beijingDate(new Date())

/**
 * 企业划型 at 放款, end to end: two 工业 firms (C3011) with annual reports on file —
 * A: 150 人, 营业收入 5 000 万元 → 小型 (under 300 人, meets 20 人 / 300 万);
 * B: 400 人, 营业收入 30 000 万元 → 中型 (under the 40 000 万 ceiling, meets 300 人 / 2 000 万).
 * C: industry on file, no annual report from a provider, its own (自愿填报) report of 8 人, 200 万元 → 微型, marked
 * self-declared; D: industry only → size unknown, counted as 未登记规模, never guessed as 微型.
 * The size is recorded with each loan, statistics count it, and a fund limited to 小型/微型 takes A's and C's only.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: enterprise size recorded at lending`, () => {
    let x: Xinshu
    let bank: Principal
    let operator: Principal
    let fundId: string
    const loanOf: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' }

    async function firmWith(employees: number | null, revenueYuan: string, key: keyof typeof loanOf): Promise<Principal> {
      const f = await seedFirm(x)
      await ingestRows(x, 'industry_classification', [{ entity_name: f.name, uscc: f.uscc, industry_category: 'C3011' }], '自治区市场监管厅')
      const year = Number(today().slice(0, 4)) - 1
      const id = await x.access.createAccount({ username: `firm-${key}`, displayName: key, role: 'enterprise', organization: f.uscc })
      const enterprise = (await x.access.openSession(id)).principal
      if (employees === null) return enterprise
      if (key === 'c') {
        await x.selfDeclared.declare(enterprise, 'annual_report', { entity_name: f.name, report_year: year, employee_count: employees, total_operating_revenue: revenueYuan })
        return enterprise
      }
      await ingestRows(x, 'annual_report', [
        { entity_name: f.name, uscc: f.uscc, report_year: year - 1, employee_count: 5, total_operating_revenue: '100000.00', total_assets: '100000.00' },
        { entity_name: f.name, uscc: f.uscc, report_year: year, employee_count: employees, total_operating_revenue: revenueYuan, total_assets: '10000000.00' },
      ], '自治区市场监管厅')
      return enterprise
    }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      const seed = await seedFirm(x)
      const as = await seedCallers(x, seed.uscc)
      bank = as.institution.principal
      operator = as.operator.principal
      const year = today().slice(0, 4)
      fundId = (await x.compensation.createFund(operator, {
        name: '小微企业信用贷款风险补偿资金池', owner: '银川市财政局', regions: ['64'], year: Number(year), ruleBasis: 'loan_start',
        rules: fundRules({ effectiveFrom: `${year}-01-01`, qualifying: { productTypes: ['tax'], enterpriseSizes: ['micro', 'small'], divisionPrefixes: ['64'] } }),
      } as never)).id
      const product = await x.products.create(bank, taxLoan({ rules: [] }))
      await x.products.submit(bank, product.id)
      await x.products.review(operator, product.id, 1, { approve: true })
      const steps = reportLoanStep({ db: x.db, applications: x.applications, compensation: x.compensation, subsidies: x.subsidies, profiles: x.profiles, selfDeclared: x.selfDeclared, audit: x.audit })
      const firms = { a: await firmWith(150, '50000000.00', 'a'), b: await firmWith(400, '300000000.00', 'b'), c: await firmWith(8, '2000000.00', 'c'), d: await firmWith(null, '', 'd') }
      for (const key of ['a', 'b', 'c', 'd'] as const) {
        const { applicationId } = await applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications }).run(firms[key], { productId: product.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
        await x.applications.accept(bank, applicationId)
        await x.applications.approve(bank, applicationId)
        await steps.lend(bank, applicationId, { contractNo: `HT-${key}`, principalFen: 50_000_000, annualRateBp: 420, repaymentWay: 'interest_first', startDate: today(), maturityDate: '2099-12-31' })
        loanOf[key] = applicationId
      }
    })
    afterAll(async () => {
      await x?.close()
    })

    it('keeps each borrower\'s size with its loan, with the thresholds and the report year as the reason', async () => {
      const a = await x.applications.get(bank, loanOf.a)
      const b = await x.applications.get(bank, loanOf.b)
      const lastYear = Number(today().slice(0, 4)) - 1
      expect(a.loan!.enterpriseSize).toEqual({ size: 'small', asOf: today(), reason: expect.stringContaining(`依据 ${lastYear} 年度企业年报`) })
      expect(a.loan!.enterpriseSize!.reason).toContain('达到小型下限')
      // The bank holds no grant to the annual report: the reason names the standard's thresholds, not A's figures.
      expect(a.loan!.enterpriseSize!.reason).not.toMatch(/150 人|5000 万元/)
      expect(b.loan!.enterpriseSize).toMatchObject({ size: 'medium', asOf: today() })
      expect((await x.applications.facts(loanOf.a)).enterpriseSize).toBe('small')
      expect((await x.applications.facts(loanOf.b)).enterpriseSize).toBe('medium')
    })

    it('logs the platform\'s read of the borrower\'s restricted annual report figures', async () => {
      const rows = await x.db.query<{ n: number }>(`select count(*)::int as n from audit.entry where action = 'financing.enterprise_size.read'`)
      expect(rows[0]!.n).toBe(2) // A and B: providers' reports; C and D have only the public industry from providers
    })

    it('lets the firm\'s own annual report fill the gap, and says so in the reason', async () => {
      const c = (await x.applications.get(bank, loanOf.c)).loan!.enterpriseSize!
      expect(c.size).toBe('micro')
      expect(c.reason).toContain('从业人数、营业总收入为企业自愿填报')
    })

    it('leaves the size unknown when no annual report is on file, never 微型', async () => {
      const d = (await x.applications.get(bank, loanOf.d)).loan!.enterpriseSize!
      expect(d.size).toBeNull()
      expect(d.reason).toContain('未掌握企业年报')
      expect((await x.applications.facts(loanOf.d)).enterpriseSize).toBeNull()
    })

    it('counts the loans under their sizes in 融资统计', async () => {
      const s = await x.stats.financing(operator, {})
      const bySize = Object.fromEntries(s.byEnterpriseSize.map((r) => [r.key, r.loans]))
      expect(bySize).toMatchObject({ micro: 1, small: 1, medium: 1, unknown: 1 })
      expect(bySize.large ?? 0).toBe(0)
    })

    it('enrols the small and micro firms\' loans in a fund limited to 小型/微型, not the medium or unknown one\'s', async () => {
      const rows = await x.db.query<{ loan_id: string }>('select loan_id from compensation.enrolment where fund_id = $1', [fundId])
      expect(rows.map((r) => r.loan_id).sort()).toEqual([loanOf.a, loanOf.c].sort())
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import ExcelJS from 'exceljs'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Principal, Role } from '../access/index.js'
import { BANK, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller } from '../../test/fixtures/access.fixtures.js'
import { createApplicationService, type ApplicationService } from '../financing/index.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { applyForFinancing } from '../flows/index.js'
import { factory } from '../../test/factory.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'

const HUANGHE = '宁夏黄河农村商业银行股份有限公司'

/**
 * 融资统计 over loans whose figures are worked out by hand below. Three loans, made on a clock set to the days of
 * spring 2026 (Beijing), and one refused application that must not count:
 *
 * | loan | firm (division)      | lender  | product   | submitted → approved         | lent       | principal 分 | credit | first | overdue / default |
 * | L1   | A 640106 银川市金凤区 | 宁夏银行 | 银税贷 tax | 03-02 → 03-04 = 2 working days | 03-05      | 50,000,000  | yes    | yes   | –                 |
 * | L2   | B 640202 石嘴山大武口 | 宁夏银行 | 担保贷     | 03-09 → 03-16 = 5 (accept late: due 03-11, 3 days) | 03-16 | 30,000,000 | no | yes | overdue, default |
 * | L3   | A                    | 黄河农商 | 信用贷     | 04-01 → 04-02 = 1              | 04-03, reported 04-13 (due 04-09 after 清明: 2 days late) | 20,000,000 | yes | no | overdue, cured |
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: financing statistics`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let huanghe: Caller
    let clock = new Date()
    let loans: ApplicationService

    const on = (day: string) => { clock = new Date(`${day}T04:00:00Z`) }
    const get = (role: Role, url: string) => app.inject({ method: 'GET', url, headers: as[role].headers })

    async function product(p: Principal, over: Parameters<typeof taxLoan>[0]): Promise<string> {
      const v = await x.products.create(p, taxLoan({ rules: [], ...over }))
      await x.products.submit(p, v.id)
      await x.products.review(as.operator.principal, v.id, 1, { approve: true })
      return v.id
    }
    async function enterprise(uscc: string, username: string): Promise<Principal> {
      const id = await x.access.createAccount({ username, displayName: username, role: 'enterprise', organization: uscc })
      return (await x.access.openSession(id)).principal
    }
    async function loan(firm: Principal, bank: Principal, productId: string, d: { submit: string; decide: string; lend: string; start: string; principalFen: number; guarantor?: string }): Promise<string> {
      on(d.submit)
      const { applicationId } = await applyForFinancing({ db: x.db, grants: x.grants, applications: loans, now: () => clock }).run(firm, { productId, productVersion: 1, amountFen: d.principalFen, termMonths: 12 })
      on(d.decide)
      await loans.accept(bank, applicationId)
      await loans.approve(bank, applicationId)
      on(d.lend)
      await loans.lend(bank, applicationId, { contractNo: `HT-${d.submit}`, principalFen: d.principalFen, annualRateBp: 420, repaymentWay: 'interest_first', startDate: d.start, maturityDate: '2027-12-31', ...(d.guarantor ? { guarantor: d.guarantor } : {}) })
      return applicationId
    }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      loans = createApplicationService({ db: x.db, registry: x.registry, audit: x.audit, calendar: x.calendar, now: () => clock })
      const a = await seedFirm(x)
      as = await seedCallers(x, a.uscc)
      huanghe = await seedInstitution(x, HUANGHE, 'huanghe')
      const bN = factory.next()
      const bUscc = factory.uscc(bN, '640202')
      await ingestRows(x, 'business_license', [factory.licenseRow({ _n: bN, entity_name: `石嘴山测试${bN}有限公司`, uscc: bUscc })], '自治区市场监管厅')
      const firmB = await enterprise(bUscc, 'firm-b')
      const bank = as.institution.principal

      const tax = await product(bank, { type: 'tax', name: '宁税贷' })
      const guarantee = await product(bank, { type: 'guarantee', name: '宁担贷', guaranteeRequired: true })
      const credit = await product(huanghe.principal, { type: 'credit', name: '黄河信用贷' })

      await loan(as.enterprise.principal, bank, tax, { submit: '2026-03-02', decide: '2026-03-04', lend: '2026-03-05', start: '2026-03-05', principalFen: 50_000_000 })
      const l2 = await loan(firmB, bank, guarantee, { submit: '2026-03-09', decide: '2026-03-16', lend: '2026-03-16', start: '2026-03-16', principalFen: 30_000_000, guarantor: '宁夏融资担保集团有限公司' })
      const l3 = await loan(as.enterprise.principal, huanghe.principal, credit, { submit: '2026-04-01', decide: '2026-04-02', lend: '2026-04-13', start: '2026-04-03', principalFen: 20_000_000 })
      on('2026-04-20')
      await loans.overdue(bank, l2, { since: '2026-04-20' })
      await loans.overdue(huanghe.principal, l3, { since: '2026-04-20' })
      on('2026-04-22')
      await loans.cure(huanghe.principal, l3)
      on('2026-04-30')
      await loans.default(bank, l2)
      // refused, so never a loan
      on('2026-05-06')
      const { applicationId } = await applyForFinancing({ db: x.db, grants: x.grants, applications: loans, now: () => clock }).run(firmB, { productId: credit, productVersion: 1, amountFen: 10_000_000, termMonths: 12 })
      await loans.refuse(huanghe.principal, applicationId, { reasonCode: 'repayment_capacity' })
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('totals the loans, by hand: 3 loans, 1,000,000.00 元, 2 of 3 on credit, 2 first loans, 2.7 / 2 working days to decide, 2 overdue, 1 default', async () => {
      const res = await get('supervisor', '/api/stats/financing')
      expect(res.statusCode).toBe(200)
      expect(res.json().total).toEqual({ key: 'total', name: '合计', loans: 3, amountFen: 100_000_000, creditLoans: 2, creditShareBp: 6667, firstLoans: 2, avgDecisionDays: 2.7, p50DecisionDays: 2, overdue: 2, defaulted: 1 })
    })

    it('breaks the loans down by city, institution, product type, enterprise size and month', async () => {
      const s = (await get('operator', '/api/stats/financing')).json()
      const pick = (rows: Array<{ key: string; name: string; loans: number; amountFen: number }>) => rows.map((r) => [r.key, r.name, r.loans, r.amountFen])
      expect(pick(s.byRegion)).toEqual([['640100', '银川市', 2, 70_000_000], ['640200', '石嘴山市', 1, 30_000_000]])
      expect(pick(s.byInstitution)).toEqual([[BANK, BANK, 2, 80_000_000], [HUANGHE, HUANGHE, 1, 20_000_000]])
      expect(pick(s.byProductType)).toEqual([['credit', '信用贷', 1, 20_000_000], ['tax', '银税贷', 1, 50_000_000], ['guarantee', '担保贷', 1, 30_000_000]])
      expect(pick(s.byEnterpriseSize)).toEqual([['unknown', '未登记规模', 3, 100_000_000]])
      expect(pick(s.byMonth)).toEqual([['2026-03', '2026年3月', 2, 80_000_000], ['2026-04', '2026年4月', 1, 20_000_000]])
      expect(s.byInstitution[0]).toMatchObject({ creditLoans: 1, creditShareBp: 5000, firstLoans: 2, avgDecisionDays: 3.5, p50DecisionDays: 2, overdue: 1, defaulted: 1 })
    })

    it('counts late reports against each institution', async () => {
      const s = (await get('supervisor', '/api/stats/financing')).json()
      expect(s.lateReports).toEqual([
        { institution: BANK, count: 1, workingDaysLate: 3, steps: [{ step: 'accept', stepName: '受理', count: 1, workingDaysLate: 3 }] },
        { institution: HUANGHE, count: 1, workingDaysLate: 2, steps: [{ step: 'report_loan', stepName: '放款信息报送', count: 1, workingDaysLate: 2 }] },
      ])
    })

    it('filters by period, region and institution', async () => {
      const total = async (q: string) => (await get('supervisor', `/api/stats/financing?${q}`)).json().total
      expect(await total('from=2026-04-01&to=2026-04-30')).toMatchObject({ loans: 1, amountFen: 20_000_000, firstLoans: 0 })
      expect(await total('region=6402')).toMatchObject({ loans: 1, amountFen: 30_000_000, defaulted: 1 })
      expect(await total('region=640106')).toMatchObject({ loans: 2, amountFen: 70_000_000 })
      expect(await total(`institution=${encodeURIComponent(HUANGHE)}`)).toMatchObject({ loans: 1, amountFen: 20_000_000, creditShareBp: 10_000 })
      const late = (await get('supervisor', `/api/stats/financing?institution=${encodeURIComponent(HUANGHE)}`)).json().lateReports
      expect(late.map((r: { institution: string }) => r.institution)).toEqual([HUANGHE])
    })

    it('refuses a bad filter and every role but the operator and the supervisor', async () => {
      const bad = await get('operator', '/api/stats/financing?from=2026-05-01&to=2026-04-01')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe('STATS_FILTER_INVALID')
      expect((await get('operator', '/api/stats/financing?region=649900')).json().code).toBe('STATS_FILTER_INVALID')
      expect((await get('operator', '/api/stats/financing?region=990000')).json().code).toBe('STATS_FILTER_INVALID')
      for (const role of ['institution', 'enterprise', 'provider', 'platform'] as const) expect((await get(role, '/api/stats/financing')).statusCode).toBe(403)
    })

    it('names no enterprise in the answer', async () => {
      const text = (await get('supervisor', '/api/stats/financing')).body
      expect(text).not.toMatch(/\d{6}[0-9A-Z]{8}[0-9A-Z]{3}/)
      expect(text).not.toContain('宁夏信枢')
      expect(text).not.toContain('石嘴山测试')
    })

    it('exports one sheet per breakdown with Chinese headers and amounts in 元, and audits the export', async () => {
      const res = await get('supervisor', '/api/stats/financing.xlsx?from=2026-03-01&to=2026-04-30')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('spreadsheetml')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(res.rawPayload as never)
      expect(wb.worksheets.map((w) => w.name)).toEqual(['统计条件', '按地区', '按机构', '按产品类型', '按企业规模', '按月份', '机构超期报送'])
      const region = wb.getWorksheet('按地区')!
      expect(region.getRow(1).values).toEqual([undefined, '地区（市）', '贷款笔数', '贷款金额（元）', '信用贷款笔数', '信用贷款占比', '首贷户数', '平均审批用时（工作日）', '审批用时中位数（工作日）', '逾期笔数', '违约笔数'])
      expect(region.getRow(2).getCell(1).value).toBe('银川市')
      expect(region.getRow(2).getCell(3).value).toBe(700_000)
      expect(region.getRow(4).getCell(3).value).toBe(1_000_000)
      expect(region.getColumn(3).numFmt).toBe('#,##0.00')
      expect(wb.getWorksheet('机构超期报送')!.getRow(2).values).toEqual([undefined, BANK, '受理', 1, 3])
      await x.audit.flush()
      const rows = await x.db.query<{ action: string; details: { filter: Record<string, string> } }>(`select action, details from audit.entry where action = 'stats.financing.export'`)
      expect(rows).toHaveLength(1)
      expect(rows[0]!.details.filter).toEqual({ from: '2026-03-01', to: '2026-04-30' })
      const reads = await x.db.query<{ actor_role: string }>(`select actor_role from audit.entry where action = 'stats.financing.read'`)
      expect(reads.length).toBeGreaterThan(0)
    })
  })
}

import { createHash } from 'node:crypto'
import type { Principal } from '../access/index.js'
import { createBackfillClock } from '../core/index.js'
import { createRng, dayNumber, demoSubject, formatDay } from '../demo/index.js'
import { beijingDate, regionCovers, type EligibilityRule, type LoanFacts, type ProductInput, type ProductVersion, type RefusalReason, type RepaymentWay } from '../financing/index.js'
import { applyForFinancing, reportLoanStep } from '../flows/index.js'
import { createXinshu, type Xinshu } from './xinshu.js'

/**
 * The financing side of the demo (issue 10): products on the shelf, open needs, a year of applications and loans
 * ending the way loans end (most repaid or running, some refused with their reason, a few overdue, about 2 %
 * defaulted), a city's risk-compensation fund with its contributions, an interest-subsidy programme, and claims.
 *
 * Everything goes through the services, wired a second time over the same database with a backfill clock that
 * stands at each step's business date, so every row is the services' own, dated across the twelve months before
 * `asOf`. The same seed and `asOf` give the same story.
 */

/** The demo's lenders and the guarantor: names as in the directory, with the login of each one's loan officer. */
export const DEMO_LENDERS = [
  { name: '宁夏银行股份有限公司', short: 'NXB', username: 'bank', display: '宁夏银行 信贷员', type: 'bank', regions: ['640000'] },
  { name: '宁夏黄河农村商业银行股份有限公司', short: 'HHRCB', username: 'huanghe', display: '黄河农商银行 信贷员', type: 'bank', regions: ['640000'] },
  { name: '石嘴山银行股份有限公司', short: 'SZSB', username: 'szsbank', display: '石嘴山银行 信贷员', type: 'bank', regions: ['640000'] },
  { name: '国家开发银行宁夏回族自治区分行', short: 'CDB', username: 'guokai', display: '国家开发银行宁夏分行 客户经理', type: 'bank', regions: ['640000'] },
  { name: '宁夏回族自治区融资担保集团有限公司', short: 'NXG', username: 'danbao', display: '宁夏担保集团 业务经理', type: 'guarantee', regions: ['640000'] },
  { name: '银川市塞上小额贷款有限公司', short: 'SSXD', username: 'xiaodai', display: '塞上小贷 信贷员', type: 'microcredit', regions: ['640100'] },
] as const

const GUARANTOR = '宁夏回族自治区融资担保集团有限公司'
const WAN = 1_000_000 // 1 万元 in 分

// Rule documents as banks write them (纳税信用等级, 经营年限, 无严重失信, 无失信被执行, 近期无行政处罚, 纳税额).
const taxGrade = (grades: string[]): EligibilityRule => ({ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: grades, latestBy: 'rating_year' })
const years = (n: number): EligibilityRule => ({ kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: n })
const noSerious: EligibilityRule = { kind: 'no_record', item: 'serious_violation_list' }
const noDebtor: EligibilityRule = { kind: 'no_record', item: 'dishonest_judgment_debtor' }
const noAbnormal: EligibilityRule = { kind: 'no_record', item: 'abnormal_operation_list' }
const noPenalty = (months: number): EligibilityRule => ({ kind: 'no_record', item: 'administrative_penalty', withinMonths: months, dateField: 'decision_date' })
const vatAtLeast = (wan: number): EligibilityRule => ({ kind: 'aggregate', item: 'tax_payment', field: 'vat_paid_last_12_months', fn: 'max', op: 'gte', value: wan * WAN })

type Template = Omit<ProductInput, 'amountMinFen' | 'amountMaxFen' | 'rateMinBp' | 'rateMaxBp'> & { lender: number; amountWan: [number, number]; rateBp: [number, number] }

const P = (lender: number, type: ProductInput['type'], name: string, description: string, amountWan: [number, number], term: [number, number], rateBp: [number, number], repaymentWays: RepaymentWay[], regions: string[], guaranteeRequired: boolean, rules: EligibilityRule[]): Template =>
  ({ lender, type, name, description, amountWan, termMinMonths: term[0], termMaxMonths: term[1], rateBp, repaymentWays, regions, guaranteeRequired, rules })

/** 28 products over the six lenders and every type; the shelf of a provincial 信易贷 station. */
export const DEMO_PRODUCTS: readonly Template[] = [
  P(0, 'tax', '宁税贷', '依据纳税信用和纳税额核定额度的线上信用贷款', [10, 300], [3, 12], [385, 550], ['interest_first', 'equal_installment'], ['640000'], false, [taxGrade(['A', 'B']), years(2), noSerious, noDebtor, vatAtLeast(5)]),
  P(0, 'credit', '宁信贷', '面向小微企业的纯信用经营贷款', [10, 200], [6, 24], [395, 600], ['equal_installment', 'equal_principal'], ['640000'], false, [years(2), noSerious, noDebtor, noPenalty(12)]),
  P(0, 'procurement', '政采贷', '凭政府采购合同放款，回款账户监管', [20, 1000], [3, 12], [380, 480], ['bullet', 'interest_first'], ['640000'], false, [years(1), noSerious, noDebtor]),
  P(0, 'credit', '科技成长贷', '科技型中小企业信用贷款', [50, 1000], [12, 36], [350, 480], ['interest_first'], ['640100'], false, [years(3), taxGrade(['A', 'B']), noSerious, noDebtor]),
  P(0, 'supply_chain', '供应链e贷', '核心企业上游供应商应收账款融资', [10, 500], [3, 12], [400, 560], ['bullet'], ['640000'], false, [years(1), noSerious, noAbnormal]),
  P(0, 'pledge', '厂房抵押经营贷', '以自有厂房、土地使用权抵押', [100, 3000], [12, 60], [370, 520], ['equal_principal', 'interest_first'], ['640000'], true, [years(2), noSerious]),
  P(1, 'credit', '黄河e贷', '农商行线上信用贷款，随借随还', [5, 100], [3, 12], [430, 720], ['flexible', 'interest_first'], ['640000'], false, [years(1), noSerious, noDebtor]),
  P(1, 'credit', '富农贷', '农业经营主体和合作社经营贷款', [5, 50], [6, 24], [450, 650], ['equal_installment', 'interest_first'], ['640000'], false, [years(1), noSerious]),
  P(1, 'tax', '银税快贷', '纳税信用A、B级企业的信用贷款', [10, 300], [6, 12], [400, 580], ['interest_first'], ['640000'], false, [taxGrade(['A', 'B']), years(2), noSerious, vatAtLeast(3)]),
  P(1, 'credit', '商户贷', '个体工商户和小微商户经营周转', [3, 50], [3, 12], [480, 780], ['equal_installment', 'flexible'], ['640100', '640300'], false, [years(1), noSerious, noAbnormal]),
  P(1, 'pledge', '惠农抵押贷', '以农村承包土地经营权、设备抵押', [20, 500], [12, 36], [420, 620], ['equal_principal'], ['640000'], true, [years(2), noSerious]),
  P(1, 'credit', '吴忠商贸贷', '吴忠市商贸流通企业信用贷款', [10, 100], [6, 12], [450, 650], ['interest_first'], ['640300'], false, [years(2), noSerious, noDebtor]),
  P(2, 'tax', '石银税易贷', '按纳税额核定额度，线上申请', [10, 300], [6, 12], [390, 560], ['interest_first', 'equal_installment'], ['640000'], false, [taxGrade(['A', 'B']), years(2), noSerious, noDebtor, vatAtLeast(10)]),
  P(2, 'credit', '科创贷', '高新技术、专精特新企业信用贷款', [50, 1000], [12, 36], [360, 500], ['interest_first'], ['640000'], false, [years(3), noSerious, noDebtor, noPenalty(24)]),
  P(2, 'pledge', '工业园区贷', '石嘴山工业园区企业设备、厂房抵押贷款', [100, 2000], [12, 60], [380, 540], ['equal_principal'], ['640200'], true, [years(2), noSerious]),
  P(2, 'procurement', '政采e贷', '政府采购中标企业合同融资', [10, 800], [3, 12], [380, 500], ['bullet'], ['640000'], false, [years(1), noSerious, noDebtor]),
  P(2, 'credit', '小微快贷', '小微企业经营周转信用贷款', [5, 100], [3, 12], [420, 650], ['equal_installment'], ['640200', '640100'], false, [years(1), noSerious, noPenalty(12)]),
  P(3, 'other', '中小企业转贷资金', '到期贷款续贷过桥，专款专用', [200, 3000], [12, 36], [310, 420], ['interest_first'], ['640000'], false, [years(3), taxGrade(['A', 'B']), noSerious, noDebtor]),
  P(3, 'supply_chain', '产业链协同贷', '枸杞、葡萄酒、新材料产业链上下游企业', [300, 5000], [12, 60], [300, 430], ['equal_principal', 'interest_first'], ['640000'], false, [years(3), noSerious, noDebtor, noAbnormal]),
  P(3, 'credit', '绿色转型贷', '节能改造、新能源项目的中长期贷款', [500, 5000], [24, 60], [290, 400], ['equal_principal'], ['640000'], true, [years(5), noSerious, noDebtor, noPenalty(36)]),
  P(4, 'guarantee', '宁担·信用担保贷', '担保集团担保，合作银行放款', [10, 500], [6, 24], [380, 550], ['interest_first', 'equal_installment'], ['640000'], true, [years(1), noSerious, noDebtor]),
  P(4, 'guarantee', '科技担保贷', '科技型企业知识产权质押加担保', [50, 1000], [12, 36], [360, 500], ['interest_first'], ['640000'], true, [years(2), noSerious, noDebtor, noPenalty(12)]),
  P(4, 'guarantee', '农业担保贷', '新型农业经营主体担保贷款', [5, 300], [6, 24], [400, 600], ['equal_installment'], ['640000'], true, [noSerious, noDebtor]),
  P(5, 'credit', '塞上快贷', '小额线上信用贷款，当日审批', [1, 50], [3, 12], [800, 1500], ['equal_installment', 'flexible'], ['640100'], false, [noSerious, noDebtor]),
  P(5, 'credit', '应急周转贷', '临时资金周转，随借随还', [5, 100], [1, 6], [900, 1800], ['flexible', 'bullet'], ['640100'], false, [years(1), noSerious]),
  P(5, 'tax', '税金贷', '按纳税额核定的小额信用贷款', [5, 80], [3, 12], [800, 1400], ['equal_installment'], ['640100'], false, [taxGrade(['A', 'B', 'M']), noSerious]),
  P(0, 'tax', '银川税e融', '银川市小微企业纳税信用贷款', [10, 200], [6, 12], [375, 520], ['interest_first'], ['640100'], false, [taxGrade(['A']), years(2), noSerious, vatAtLeast(10)]),
  P(1, 'credit', '固原振兴贷', '固原市小微企业、个体工商户信用贷款', [5, 100], [6, 24], [400, 600], ['equal_installment'], ['640400', '640500'], false, [years(1), noSerious]),
]

const REFUSALS: readonly RefusalReason[] = ['eligibility', 'credit_record', 'credit_record', 'repayment_capacity', 'repayment_capacity', 'collateral_insufficient', 'documents_incomplete', 'operation_abnormal']
const PURPOSES = ['采购原材料', '支付货款', '设备更新改造', '季节性备货', '扩大生产', '补充流动资金', '支付工程款', '农资采购']

const principal = (role: Principal['role'], username: string, organization: string | null, displayName = username): Principal =>
  ({ accountId: '00000000-0000-0000-0000-000000000000', username, displayName, role, organization, via: 'session', scopes: [] })

const addDays = (day: string, n: number) => formatDay(dayNumber(day) + n)

function addMonths(day: string, months: number): string {
  const m = Number(day.slice(5, 7)) - 1 + months
  const y = Number(day.slice(0, 4)) + Math.floor(m / 12)
  const mm = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(y, mm + 1, 0)).getUTCDate()
  return `${y}-${String(mm + 1).padStart(2, '0')}-${String(Math.min(Number(day.slice(8, 10)), last)).padStart(2, '0')}`
}

/** Interest of a period in whole 分: principal × annual rate × months / 12, exact in integers. */
const interestOf = (principalFen: number, rateBp: number, months: number) => Number((BigInt(principalFen) * BigInt(rateBp) * BigInt(months)) / 120_000n)

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

/** What the demo wrote, for the log line and the test. */
export interface FinancingDemoSummary {
  products: number
  openNeeds: number
  applications: Record<string, number>
  fundId: string
  claims: number
}

/**
 * Writes the financing demo through the services, dated across the 12 months before `asOf`. Needs the demo's
 * enterprises in the registry (their records ingested) and the lenders in the directory (see {@link seedDemo}).
 * `subjects` bounds which enterprises take part; about one in 25 applies for a loan (at most 120), so that the
 * first start stays quick (each step is a transaction with its audit entry: ≈ 30 ms per application's story).
 */
export async function seedFinancingDemo(x: Xinshu, opts: { seed: number; subjects: number; asOf: Date }): Promise<FinancingDemoSummary> {
  const clock = createBackfillClock(opts.asOf)
  // A second wiring over the same database whose services stamp the backfill clock; its audit keeps real time.
  await x.audit.flush()
  const d = await createXinshu(x.config, x.db, { now: clock.now })
  // Loan steps go the way a bank's reports go: the fund learns each loan and repayments pay their subsidy in the step.
  const loans = reportLoanStep({ db: d.db, applications: d.applications, compensation: d.compensation, subsidies: d.subsidies, profiles: d.profiles, selfDeclared: d.selfDeclared, audit: d.audit, watch: d.monitoring.service })
  const apply = applyForFinancing({ db: d.db, grants: d.grants, applications: d.applications, now: clock.now })
  const rng = createRng(opts.seed, 0x10a5)
  const asOfDay = beijingDate(opts.asOf)
  const start = addDays(asOfDay, -365)
  const operator = principal('operator', 'admin', '自治区社会信用服务中心')
  const lenders = DEMO_LENDERS.map((l) => principal('institution', l.username, l.name, l.display))

  // The shelf: created, submitted and approved two to four weeks before the year starts; a few still in review.
  const products: ProductVersion[] = []
  for (const [i, t] of DEMO_PRODUCTS.entries()) {
    const { lender, amountWan, rateBp, ...input } = t
    clock.setDay(addDays(start, -30 + i % 10))
    const created = await d.products.create(lenders[lender]!, { ...input, amountMinFen: amountWan[0] * WAN, amountMaxFen: amountWan[1] * WAN, rateMinBp: rateBp[0], rateMaxBp: rateBp[1] })
    await d.products.submit(lenders[lender]!, created.id)
    if (i >= DEMO_PRODUCTS.length - 2) continue // the newest two wait for the centre's review
    clock.setDay(addDays(start, -27 + i % 10))
    products.push(await d.products.review(operator, created.id, created.version, { approve: true }))
  }

  // 银川市's risk-compensation fund (credit loans to Yinchuan firms up to 500 万), its money, and a subsidy programme.
  clock.setDay(start)
  const fund = await d.compensation.createFund(operator, {
    name: '银川市中小微企业信用贷款风险补偿资金池', owner: '银川市财政局', regions: ['6401'], year: Number(start.slice(0, 4)), ruleBasis: 'loan_start',
    rules: {
      effectiveFrom: start,
      qualifying: { productTypes: ['credit', 'tax', 'procurement', 'supply_chain'], creditLoansOnly: true, divisionPrefixes: ['6401'], maxPrincipalFen: 500 * WAN },
      shares: { fundPerMille: 400, lenderPerMille: 300, guarantorPerMille: 300 }, withoutGuarantor: 'lender', firstLoanBonusPerMille: 100,
      caps: { perLoanFen: 200 * WAN, perInstitutionPerYearFen: 1000 * WAN, perFundPerYearFen: 3000 * WAN }, lossRatioCeilingBp: 500,
    },
  })
  clock.setDay(addDays(start, 6))
  await d.compensation.contribute(operator, fund.id, { amountFen: 5000 * WAN, reference: `银财发〔${start.slice(0, 4)}〕18号`, idempotencyKey: `demo-fund-${start}-1` })
  clock.setDay(addDays(start, 190))
  await d.compensation.contribute(operator, fund.id, { amountFen: 3000 * WAN, reference: `银财发〔${addDays(start, 190).slice(0, 4)}〕63号`, idempotencyKey: `demo-fund-${start}-2` })
  clock.setDay(addDays(start, 10))
  await d.subsidies.createProgramme(operator, {
    name: '银川市首贷户信用贷款贴息', fundId: fund.id, periodFrom: start, periodTo: addDays(asOfDay, 365),
    rules: { qualifying: { productTypes: ['credit', 'tax'], firstLoansOnly: true, divisionPrefixes: ['6401'] }, mode: { kind: 'rate_points', bp: 100 }, capPerEnterprisePerYearFen: 2 * WAN },
  })

  // The enterprises that take part, each in the registry. The demo account's firm (subject 0) only looks for money:
  // its grants and access log stay the ones a person makes in the walkthrough (test/e2e/hub-story).
  const wanted = Math.max(12, Math.min(120, Math.round(opts.subjects / 25)))
  const firms: Array<{ uscc: string; name: string; division: string }> = []
  for (let i = 0; i < opts.subjects && firms.length < wanted + 30; i++) {
    if (i > 0 && !rng.chance(0.5)) continue
    const s = demoSubject(opts.seed, i)
    const r = await d.registry.get(s.uscc).catch(() => undefined)
    if (r?.division_code) firms.push({ uscc: s.uscc, name: s.name, division: r.division_code })
  }
  const borrowers = firms.slice(1, wanted + 1)
  const seekers = [...firms.slice(0, 1), ...firms.slice(wanted + 1)]

  const counts: Record<string, number> = {}
  const defaulted: Array<{ facts: LoanFacts; lender: Principal; day: string }> = []
  // About 2 % of loans default: credit loans to Yinchuan firms old enough to have been overdue for 90 days.
  let defaultsLeft = Math.max(2, Math.round(borrowers.length * 0.02))
  // And at least one is overdue today, so every status of a loan is on screen.
  let overdueLeft = 1

  for (const [k, firm] of borrowers.entries()) {
    const ent = principal('enterprise', `demo-${firm.uscc}`, firm.uscc, `${firm.name} 经办人`)
    const shelf = products.filter((p) => p.regions.some((r) => regionCovers(r, firm.division)))
    if (shelf.length === 0) continue
    const product = rng.pick(shelf)
    const lenderP = lenders.find((l) => l.organization === product.institution)!
    // The last two arrived yesterday and today: the banks' queues are never empty.
    const applyDay = k >= borrowers.length - 2 ? addDays(asOfDay, k - borrowers.length + 1) : addDays(start, 12 + Math.floor((k * 345) / borrowers.length) + rng.int(0, 6))
    const amountFen = Math.max(product.amountMinFen, Math.min(product.amountMaxFen, Math.round(rng.logNormal(100, 0.8)) * WAN))
    const term = Math.max(product.termMinMonths, Math.min(product.termMaxMonths, rng.pick([3, 6, 6, 6, 12, 12, 24])))

    let needId: string | undefined
    if (rng.chance(0.5)) {
      clock.setDay(addDays(applyDay, -rng.int(2, 10)))
      needId = (await d.needs.publish(ent, { amountFen, termMonths: term, purpose: rng.pick(PURPOSES), collateral: product.guaranteeRequired ? '厂房及机器设备' : null })).id
    }
    clock.setDay(applyDay, 30)
    const { applicationId: id } = await apply.run(ent, { productId: product.id, productVersion: product.version, amountFen, termMonths: term, ...(needId ? { needId } : {}) })
    let status = 'submitted'
    const at = async (day: string, step: () => Promise<unknown>): Promise<boolean> => {
      if (day > asOfDay) return false
      clock.setDay(day, rng.int(0, 400))
      const r = await step()
      if (r && typeof r === 'object' && 'status' in r && 'productVersion' in r) status = String(r.status) // an application's step, not the need's
      return true
    }
    const end = () => { counts[status] = (counts[status] ?? 0) + 1 }
    const wd = (day: string, n: number) => d.calendar.addWorkingDays(day, n)
    const fate = rng.float()
    const acceptDay = wd(applyDay, rng.chance(0.08) ? 4 : rng.int(0, 2))
    if (fate < 0.04) {
      await at(addDays(applyDay, 1), () => d.applications.withdraw(ent, id, '已从其他渠道获得资金'))
      end()
      continue
    }
    if (!(await at(acceptDay, () => d.applications.accept(lenderP, id)))) { end(); continue }
    const decideDay = wd(acceptDay, rng.chance(0.08) ? 7 : rng.int(1, 4))
    if (fate < 0.17) {
      const reasonCode = rng.pick(REFUSALS)
      await at(decideDay, () => d.applications.refuse(lenderP, id, { reasonCode, note: reasonCode === 'documents_incomplete' ? '缺少近两年财务报表' : undefined }))
      end()
      continue
    }
    if (!(await at(decideDay, () => d.applications.approve(lenderP, id)))) { end(); continue }
    const startDate = wd(decideDay, rng.int(1, 6))
    const maturityDate = addMonths(startDate, term)
    const rate = Math.round(rng.int(product.rateMinBp, product.rateMaxBp) / 5) * 5
    const way = rng.pick(product.repaymentWays)
    const guarantor = product.type === 'guarantee' ? GUARANTOR : undefined
    const contractNo = `${DEMO_LENDERS.find((l) => l.name === product.institution)!.short}-${startDate.slice(0, 4)}-${String(k + 1).padStart(5, '0')}`
    if (!(await at(startDate, () => loans.lend(lenderP, id, { contractNo, principalFen: amountFen, annualRateBp: rate, repaymentWay: way, startDate, maturityDate, ...(guarantor ? { guarantor } : {}) })))) { end(); continue }
    if (needId) await at(startDate, () => d.needs.close(ent, needId))
    const facts = await d.applications.facts(id)

    // Quarterly repayments; principal in equal parts (等额本金) or at maturity (others), in this story's words.
    const quarters = Math.max(1, Math.ceil(term / 3))
    const willDefault = defaultsLeft > 0 && facts.creditLoan && firm.division.startsWith('6401') && addDays(startDate, 190) <= asOfDay && product.type !== 'guarantee'
    const forceOverdue = !willDefault && overdueLeft > 0 && addDays(startDate, 100) <= asOfDay && addDays(startDate, 200) > asOfDay
    const overdueAt = willDefault || forceOverdue ? 1 : rng.chance(0.07) ? rng.int(1, quarters) : 0
    let outstanding = amountFen
    let settleDay = wd(maturityDate, 1)
    for (let q = 1; q <= quarters; q++) {
      const due = q === quarters ? maturityDate : addMonths(startDate, q * 3)
      if (due > asOfDay) break
      const months = q === quarters ? term - 3 * (quarters - 1) : 3
      if (q === overdueAt) {
        const since = addDays(due, 1)
        if (!(await at(addDays(since, 3), () => loans.overdue(lenderP, id, { since })))) break
        if (willDefault) {
          defaultsLeft--
          const dday = addDays(since, 95)
          await at(dday, () => loans.default(lenderP, id, '逾期超过 90 天，已启动代偿和追偿'))
          const after = await d.applications.facts(id)
          defaulted.push({ facts: after, lender: lenderP, day: dday })
          break
        }
        // Most overdue loans are cured within a month; the rest are still overdue today.
        const cureDay = addDays(since, rng.int(12, 35))
        if (forceOverdue || cureDay > asOfDay || rng.chance(0.45)) { overdueLeft--; break }
        const rep = { date: cureDay, principalFen: way === 'equal_principal' ? Math.floor(amountFen / quarters) : q === quarters ? outstanding : 0, interestFen: interestOf(outstanding, rate, months) + interestOf(outstanding, Math.round(rate / 2), 1) }
        await at(cureDay, () => loans.repay(lenderP, id, rep).then((r) => r.application))
        outstanding -= rep.principalFen
        await at(cureDay, () => loans.cure(lenderP, id, '逾期本息已还清'))
        continue
      }
      // One loan in eight is paid off early (提前还款), at a quarter's date.
      const early = q < quarters && rng.chance(0.12)
      const principalFen = q === quarters || early ? outstanding : way === 'equal_principal' ? Math.floor(amountFen / quarters) : 0
      const rep = { date: due, principalFen, interestFen: interestOf(outstanding, rate, months) }
      if (!(await at(addDays(due, rng.chance(0.05) ? 6 : rng.int(0, 2)), () => loans.repay(lenderP, id, rep).then((r) => r.application)))) break
      outstanding -= principalFen
      if (early) { settleDay = wd(due, 1); break }
    }
    if (outstanding === 0) await at(settleDay, () => loans.settle(lenderP, id))
    end()
  }

  // Open needs: firms still looking, published over the last two months.
  for (const firm of seekers) {
    const ent = principal('enterprise', `demo-${firm.uscc}`, firm.uscc, `${firm.name} 经办人`)
    clock.setDay(addDays(asOfDay, -rng.int(1, 60)))
    await d.needs.publish(ent, { amountFen: Math.max(5, Math.round(rng.logNormal(80, 0.9))) * WAN, termMonths: rng.pick([6, 12, 12, 24, 36]), purpose: rng.pick(PURPOSES), collateral: rng.chance(0.3) ? '房产抵押' : null })
  }

  // Claims on the defaulted loans the fund covers: the first approved and paid, the others filed and waiting.
  let claims = 0
  for (const [i, c] of defaulted.entries()) {
    const fileDay = addDays(c.day, 14)
    if (fileDay > asOfDay) continue
    clock.setDay(fileDay)
    const evidence = ['借款合同.pdf', '催收记录.pdf', '民事起诉状.pdf'].map((name) => ({ name, mediaType: 'application/pdf', sizeBytes: 180_000 + name.length * 1000, sha256: sha(`${c.facts.contractNo}/${name}`) }))
    const claim = await d.compensation.claimFor(c.lender, c.facts, { fundId: fund.id, evidence, note: '借款人逾期超过 90 天，已提起诉讼' }).catch(() => undefined)
    if (!claim) continue
    claims++
    if (i === 0 && addDays(fileDay, 12) <= asOfDay) {
      clock.setDay(addDays(fileDay, 8))
      await d.compensation.approve(operator, claim.id, { note: '材料齐全，符合补偿条件' })
      clock.setDay(addDays(fileDay, 12))
      await d.compensation.pay(operator, claim.id, { reference: `国库集中支付 ${fileDay.slice(0, 4)}-${String(100 + i)}` })
    }
  }
  await d.audit.flush()

  return { products: DEMO_PRODUCTS.length, openNeeds: seekers.length, applications: counts, fundId: fund.id, claims }
}

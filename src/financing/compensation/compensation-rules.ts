import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { LoanFacts } from '../loan-facts.js'
import { PRODUCT_TYPES } from '../loan-facts.js'
import { MAX_LINE_FEN, shareOf, yuan } from '../ledger/index.js'
import { CompensationErrors } from './compensation.errors.js'

const Fen = (description: string) => Type.Integer({ minimum: 1, maximum: MAX_LINE_FEN, description })
const PerMille = (description: string) => Type.Integer({ minimum: 0, maximum: 1000, description })
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

/** Which loans a fund (or a subsidy programme) covers. An absent condition does not restrict. */
export const QualifyingRules = Type.Object({
  productTypes: Type.Optional(Type.Array(Type.Union(Object.keys(PRODUCT_TYPES).map((k) => Type.Literal(k))), { minItems: 1, maxItems: 7, description: '产品类型' })),
  creditLoansOnly: Type.Optional(Type.Boolean({ description: '仅信用贷（无抵押）' })),
  firstLoansOnly: Type.Optional(Type.Boolean({ description: '仅首贷户' })),
  enterpriseSizes: Type.Optional(Type.Array(Type.Union(['micro', 'small', 'medium', 'large'].map((k) => Type.Literal(k))), { minItems: 1, maxItems: 4, description: '企业规模' })),
  divisionPrefixes: Type.Optional(Type.Array(Type.String({ pattern: '^64(\\d{2}){0,2}$' }), { minItems: 1, maxItems: 50, description: '地区（行政区划代码前缀，如 6401 银川市）' })),
  maxPrincipalFen: Type.Optional(Fen('单笔贷款本金上限（分）')),
  loanStartFrom: Type.Optional(DateText),
  loanStartTo: Type.Optional(DateText),
}, { additionalProperties: false })
export type QualifyingRules = Static<typeof QualifyingRules>

/**
 * A fund's rule document: validated on creation, versioned by `effectiveFrom`. Shares are per mille of the unrecovered
 * principal and sum to 1000: the fund pays its share; the lender's and the guarantor's are the parts they bear.
 */
export const FundRules = Type.Object({
  effectiveFrom: DateText,
  qualifying: QualifyingRules,
  shares: Type.Object({
    fundPerMille: PerMille('风险补偿资金承担比例（‰）'),
    lenderPerMille: PerMille('贷款机构自担比例（‰）'),
    guarantorPerMille: PerMille('担保机构承担比例（‰）'),
  }, { additionalProperties: false }),
  /** Who bears the guarantor's share when a loan has no guarantor. */
  withoutGuarantor: Type.Union([Type.Literal('lender'), Type.Literal('fund')], { description: '无担保时担保份额由谁承担：lender 贷款机构 · fund 资金池' }),
  /** Extra share the fund takes on a 首贷户 loan, out of the lender's share. */
  firstLoanBonusPerMille: Type.Optional(PerMille('首贷户加计比例（‰），从贷款机构自担部分调出')),
  caps: Type.Object({
    perLoanFen: Fen('单笔补偿上限（分）'),
    perInstitutionPerYearFen: Fen('单家机构年度补偿上限（分）'),
    perFundPerYearFen: Fen('资金池年度补偿上限（分）'),
  }, { additionalProperties: false }),
  /** When an institution's compensated losses over its enrolled principal pass this, its claims are paused. */
  lossRatioCeilingBp: Type.Integer({ minimum: 1, maximum: 10_000, description: '损失率上限（基点，500 = 5%）' }),
}, { additionalProperties: false })
export type FundRules = Static<typeof FundRules>

const pct = (perMille: number) => `${perMille / 10}%`
const pctBp = (bp: number) => `${(bp / 100).toFixed(2)}%`
export { pctBp }

/** Problems of a typed rule document that its schema cannot see. */
function semanticProblems(r: FundRules): string[] {
  const out: string[] = []
  const s = r.shares
  if (s.fundPerMille + s.lenderPerMille + s.guarantorPerMille !== 1000) out.push(`分担比例之和应为 100%，现为 ${pct(s.fundPerMille + s.lenderPerMille + s.guarantorPerMille)}`)
  if (s.fundPerMille === 0) out.push('资金池承担比例不能为 0')
  if ((r.firstLoanBonusPerMille ?? 0) > s.lenderPerMille) out.push('首贷户加计比例不能超过贷款机构自担比例')
  if (r.caps.perLoanFen > r.caps.perInstitutionPerYearFen) out.push('单笔上限不能高于单家机构年度上限')
  if (r.caps.perInstitutionPerYearFen > r.caps.perFundPerYearFen) out.push('单家机构年度上限不能高于资金池年度上限')
  out.push(...datesProblems(r.qualifying))
  return out
}

function datesProblems(q: QualifyingRules): string[] {
  const out: string[] = []
  for (const d of [q.loanStartFrom, q.loanStartTo]) if (d !== undefined && !isRealDate(d)) out.push(`日期无效：${d}`)
  if (q.loanStartFrom && q.loanStartTo && q.loanStartFrom > q.loanStartTo) out.push('贷款发放起始日期晚于截止日期')
  return out
}

/** A YYYY-MM-DD that names a day of the calendar (not 2026-02-30). */
export function isRealDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false
  const t = new Date(`${d}T00:00:00Z`)
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d
}

/**
 * Checks a rule document: its shape, then its sense (shares sum to 100 %, caps nest, dates are dates). Throws
 * `COMPENSATION_RULES_INVALID` naming every problem in Chinese.
 *
 * @example
 * validateFundRules({ effectiveFrom: '2026-01-01', qualifying: { creditLoansOnly: true }, shares: { fundPerMille: 400, lenderPerMille: 200, guarantorPerMille: 400 }, … })
 */
export function validateFundRules(doc: unknown): FundRules {
  if (!Value.Check(FundRules, doc)) {
    const problems = [...Value.Errors(FundRules, doc)].slice(0, 5).map((e) => `${e.path || '/'} ${e.message}`)
    throw CompensationErrors.RULES_INVALID(problems.join('；'))
  }
  const problems = [...semanticProblems(doc), ...(isRealDate(doc.effectiveFrom) ? [] : [`生效日期无效：${doc.effectiveFrom}`])]
  if (problems.length) throw CompensationErrors.RULES_INVALID(problems.join('；'))
  return doc
}

/** Checks qualifying conditions on their own (a subsidy programme's). */
export function validateQualifying(q: QualifyingRules): string[] {
  return datesProblems(q)
}

const SIZE_ZH = { micro: '微型', small: '小型', medium: '中型', large: '大型' } as const

/** Why a loan does not qualify, one Chinese sentence per unmet condition; empty when it qualifies. */
export function unmetConditions(q: QualifyingRules, loan: LoanFacts): string[] {
  const out: string[] = []
  if (q.productTypes && !q.productTypes.includes(loan.productType)) out.push(`产品类型“${PRODUCT_TYPES[loan.productType]}”不在补偿范围（${q.productTypes.map((t) => PRODUCT_TYPES[t as keyof typeof PRODUCT_TYPES]).join('、')}）`)
  if (q.creditLoansOnly && !loan.creditLoan) out.push('仅补偿信用贷款，该笔贷款有抵质押')
  if (q.firstLoansOnly && !loan.firstLoan) out.push('仅补偿首贷户贷款')
  if (q.enterpriseSizes && (loan.enterpriseSize === null || !q.enterpriseSizes.includes(loan.enterpriseSize))) {
    out.push(`企业规模“${loan.enterpriseSize ? SIZE_ZH[loan.enterpriseSize] : '未知'}”不在范围（${q.enterpriseSizes.map((s) => SIZE_ZH[s as keyof typeof SIZE_ZH]).join('、')}）`)
  }
  if (q.divisionPrefixes && !q.divisionPrefixes.some((p) => loan.divisionCode.startsWith(p))) out.push(`借款企业所在地区 ${loan.divisionCode} 不在范围（${q.divisionPrefixes.join('、')}）`)
  if (q.maxPrincipalFen !== undefined && loan.principalFen > q.maxPrincipalFen) out.push(`贷款本金 ${yuan(loan.principalFen)} 超过上限 ${yuan(q.maxPrincipalFen)}`)
  if (q.loanStartFrom && loan.startDate < q.loanStartFrom) out.push(`贷款发放日 ${loan.startDate} 早于 ${q.loanStartFrom}`)
  if (q.loanStartTo && loan.startDate > q.loanStartTo) out.push(`贷款发放日 ${loan.startDate} 晚于 ${q.loanStartTo}`)
  return out
}

/** One line of the breakdown the reviewer reads: which rule, what it says, and the amount after it. */
export interface BreakdownStep {
  rule: 'unrecovered' | 'share' | 'first_loan_bonus' | 'per_loan_cap' | 'institution_year_cap' | 'fund_year_cap'
  zh: string
  amountFen: number
}

/** What the fund has already promised when a claim is judged (approved and paid claims, in the claim's year). */
export interface ClaimContext {
  year: number
  institutionCompensatedFen: number
  fundCompensatedFen: number
  /** Unrecovered principal of the institution's approved and paid claims in this fund, net of recoveries. */
  institutionLossFen: number
  /** Principal of the institution's loans enrolled in this fund. */
  institutionEnrolledFen: number
}

export type Judgement =
  | { ok: true; payableFen: number; steps: BreakdownStep[]; lenderBearsFen: number; guarantorBearsFen: number }
  | { ok: false; code: 'NOT_QUALIFIED' | 'LOSS_RATIO_EXCEEDED' | 'CAP_REACHED'; args: string[]; steps: BreakdownStep[] }

/**
 * Judges a claim for a defaulted loan under one rule version: qualification, the loss-ratio ceiling, the fund's share
 * of the unrecovered principal (and the first-loan bonus), then the caps per loan, per institution and year, per fund
 * and year. Pure: the caller gives what the fund has promised so far.
 *
 * @example
 * judgeClaim(rules, loan, { year: 2026, institutionCompensatedFen: 0, fundCompensatedFen: 0, institutionLossFen: 0, institutionEnrolledFen: loan.principalFen })
 * // { ok: true, payableFen: 400_000_00, steps: [{ rule: 'unrecovered', zh: '未收回本金 1,000,000.00 元', … }, …] }
 */
export function judgeClaim(rules: FundRules, loan: LoanFacts, ctx: ClaimContext): Judgement {
  const unmet = unmetConditions(rules.qualifying, loan)
  const steps: BreakdownStep[] = []
  if (unmet.length) return { ok: false, code: 'NOT_QUALIFIED', args: [unmet.join('；')], steps }
  const ratioBp = ctx.institutionEnrolledFen > 0 ? Number((BigInt(ctx.institutionLossFen) * 10_000n) / BigInt(ctx.institutionEnrolledFen)) : 0
  if (ratioBp > rules.lossRatioCeilingBp) return { ok: false, code: 'LOSS_RATIO_EXCEEDED', args: [pctBp(ratioBp), pctBp(rules.lossRatioCeilingBp)], steps }

  const unrecovered = loan.outstandingPrincipalFen
  steps.push({ rule: 'unrecovered', zh: `未收回本金 ${yuan(unrecovered)}`, amountFen: unrecovered })

  const s = rules.shares
  let fundPm = s.fundPerMille
  let lenderPm = s.lenderPerMille
  let guarantorPm = s.guarantorPerMille
  let shareNote = ''
  if (loan.guarantor === null && guarantorPm > 0) {
    if (rules.withoutGuarantor === 'fund') { fundPm += guarantorPm; shareNote = `；无担保机构，担保份额 ${pct(guarantorPm)} 由资金池承担` }
    else { lenderPm += guarantorPm; shareNote = `；无担保机构，担保份额 ${pct(guarantorPm)} 由贷款机构承担` }
    guarantorPm = 0
  }
  let amount = shareOf(unrecovered, fundPm)
  steps.push({
    rule: 'share',
    zh: `资金池承担 ${pct(fundPm)}：${yuan(amount)}（贷款机构${loan.institution}自担 ${pct(lenderPm)}${loan.guarantor ? `，担保机构${loan.guarantor}承担 ${pct(guarantorPm)}` : ''}${shareNote}）`,
    amountFen: amount,
  })
  const bonus = loan.firstLoan ? Math.min(rules.firstLoanBonusPerMille ?? 0, lenderPm) : 0
  if (bonus > 0) {
    fundPm += bonus
    lenderPm -= bonus
    amount = shareOf(unrecovered, fundPm)
    steps.push({ rule: 'first_loan_bonus', zh: `首贷户加计 ${pct(bonus)}（从贷款机构自担部分调出），资金池承担 ${pct(fundPm)}：${yuan(amount)}`, amountFen: amount })
  }
  if (amount > rules.caps.perLoanFen) {
    amount = rules.caps.perLoanFen
    steps.push({ rule: 'per_loan_cap', zh: `单笔补偿上限 ${yuan(rules.caps.perLoanFen)}，按上限计：${yuan(amount)}`, amountFen: amount })
  }
  const instLeft = Math.max(0, rules.caps.perInstitutionPerYearFen - ctx.institutionCompensatedFen)
  if (amount > instLeft) {
    amount = instLeft
    steps.push({ rule: 'institution_year_cap', zh: `本机构 ${ctx.year} 年度补偿上限 ${yuan(rules.caps.perInstitutionPerYearFen)}，已补偿 ${yuan(ctx.institutionCompensatedFen)}，剩余 ${yuan(instLeft)}：${yuan(amount)}`, amountFen: amount })
  }
  const fundLeft = Math.max(0, rules.caps.perFundPerYearFen - ctx.fundCompensatedFen)
  if (amount > fundLeft) {
    amount = fundLeft
    steps.push({ rule: 'fund_year_cap', zh: `资金池 ${ctx.year} 年度补偿上限 ${yuan(rules.caps.perFundPerYearFen)}，已补偿 ${yuan(ctx.fundCompensatedFen)}，剩余 ${yuan(fundLeft)}：${yuan(amount)}`, amountFen: amount })
  }
  if (amount <= 0) return { ok: false, code: 'CAP_REACHED', args: [steps[steps.length - 1]!.zh], steps }
  const guarantorBears = shareOf(unrecovered, guarantorPm)
  return { ok: true, payableFen: amount, steps, lenderBearsFen: unrecovered - amount - guarantorBears, guarantorBearsFen: guarantorBears }
}

import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { MAX_LINE_FEN, shareOf } from '../ledger/index.js'
import { QualifyingRules, isRealDate, validateQualifying } from './compensation-rules.js'
import { CompensationErrors } from './compensation.errors.js'

/**
 * An interest-subsidy programme (贴息) as data: which loans, how much of each repayment's interest (so many basis
 * points of the loan's rate, or a share of the interest), a cap per enterprise and year, and the period of
 * repayment dates it covers.
 */
export const SubsidyRules = Type.Object({
  qualifying: QualifyingRules,
  mode: Type.Union([
    Type.Object({ kind: Type.Literal('rate_points'), bp: Type.Integer({ minimum: 1, maximum: 10_000, description: '贴息点数（基点，100 = 1 个百分点）' }) }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('interest_share'), perMille: Type.Integer({ minimum: 1, maximum: 1000, description: '贴息比例（‰ 的利息）' }) }, { additionalProperties: false }),
  ]),
  capPerEnterprisePerYearFen: Type.Integer({ minimum: 1, maximum: MAX_LINE_FEN, description: '每户企业年度贴息上限（分）' }),
}, { additionalProperties: false })
export type SubsidyRules = Static<typeof SubsidyRules>

export function validateSubsidy(input: { periodFrom: string; periodTo: string; rules: unknown }): SubsidyRules {
  if (!Value.Check(SubsidyRules, input.rules)) {
    throw CompensationErrors.PROGRAMME_INVALID([...Value.Errors(SubsidyRules, input.rules)].slice(0, 5).map((e) => `${e.path || '/'} ${e.message}`).join('；'))
  }
  const problems = validateQualifying(input.rules.qualifying)
  if (!isRealDate(input.periodFrom) || !isRealDate(input.periodTo)) problems.push('贴息期限日期无效')
  else if (input.periodFrom > input.periodTo) problems.push('贴息期限起始日期晚于截止日期')
  if (problems.length) throw CompensationErrors.PROGRAMME_INVALID(problems.join('；'))
  return input.rules
}

/**
 * The subsidy on one repayment's interest before the cap, in whole 分 rounded down: `bp` points of a loan at
 * `annualRateBp` are that fraction of its interest (never more than all of it).
 *
 * @example
 * subsidyOn({ kind: 'rate_points', bp: 200 }, 400, 10_000_00) // 5_000_00: 2 of 4 points
 */
export function subsidyOn(mode: SubsidyRules['mode'], annualRateBp: number, interestFen: number): number {
  if (mode.kind === 'interest_share') return shareOf(interestFen, mode.perMille)
  if (annualRateBp <= 0) return 0
  return Number((BigInt(interestFen) * BigInt(Math.min(mode.bp, annualRateBp))) / BigInt(annualRateBp))
}

import type { LoanFacts } from '../loan-facts.js'
import { MAX_LINE_FEN } from '../ledger/index.js'
import { isRealDate } from './compensation-rules.js'
import { CompensationErrors } from './compensation.errors.js'

/** Today in Beijing (UTC+8) as YYYY-MM-DD: business dates are Beijing calendar days. */
export { beijingDate } from '../../core/index.js'

const fen = (v: unknown, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= MAX_LINE_FEN

/**
 * LoanFacts come from another context: check the figures money is computed from before trusting them (whole fen,
 * bounded, outstanding within principal, real dates), so a malformed event cannot make the fund pay.
 */
export function checkLoanFacts(loan: LoanFacts): LoanFacts {
  const problems: string[] = []
  if (!fen(loan.principalFen, 1)) problems.push('本金须为正整数分')
  if (!fen(loan.outstandingPrincipalFen, 0) || loan.outstandingPrincipalFen > loan.principalFen) problems.push('未还本金须为不超过本金的非负整数分')
  if (!Number.isSafeInteger(loan.annualRateBp) || loan.annualRateBp < 0 || loan.annualRateBp > 10_000) problems.push('年利率（基点）无效')
  if (!isRealDate(loan.startDate) || !isRealDate(loan.maturityDate)) problems.push('贷款日期无效')
  if (typeof loan.loanId !== 'string' || loan.loanId.length === 0 || loan.loanId.length > 100) problems.push('贷款编号无效')
  if (!/^\d{6}$/.test(loan.divisionCode)) problems.push('行政区划代码须为六位数字')
  if (problems.length) throw CompensationErrors.LOAN_FACTS_INVALID(problems.join('；'))
  return loan
}

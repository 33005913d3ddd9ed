import type { FinancingApplication, FinancingReference } from '../../api/types'
import { formatDate } from '../../format'
import { t, tDynamic } from '../../i18n'
import { formatFen } from '../compensation/money'

/** Every step an institution reports on an application or its loan (the API's `/applications/{id}/{step}`). */
export type Step = 'accept' | 'approve' | 'refuse' | 'lend' | 'repay' | 'overdue' | 'cure' | 'settle' | 'default'

/** The steps open in each status (the server checks the order again and refuses one out of it). */
export const NEXT: Record<string, Step[]> = {
  submitted: ['accept', 'refuse'],
  accepted: ['approve', 'refuse'],
  approved: ['lend'],
  lent: ['repay', 'overdue', 'settle'],
  overdue: ['repay', 'cure', 'settle', 'default'],
}

/** Why a step cannot be taken now although the status allows it (the server would refuse it the same way). */
export function blockedBecause(step: Step, a: FinancingApplication): string | null {
  if (step === 'settle' && a.loan && a.loan.outstandingPrincipalFen > 0) return t('financing.settleBlocked', { amount: formatFen(a.loan.outstandingPrincipalFen) })
  return null
}

export const stepLabel = (step: string): string => tDynamic(`financing.steps.${step}`, step)

/**
 * The service levels a step answers to, read out: the step's own clock (with this application's due date) and the
 * reporting clock it starts (放款 → 放款信息报送, 还款 → 还款信息报送). Steps with no service level say so.
 */
export function deadlinesOf(step: Step, a: FinancingApplication, ref: FinancingReference | undefined): string[] {
  const level = (key: string) => {
    const l = ref?.serviceLevels[key]
    return l ? t('financing.deadline', { step: l.zh, from: l.from, days: l.days }) : null
  }
  const out: Array<string | null> = []
  if (step === 'accept' || step === 'approve' || step === 'refuse' || step === 'lend') {
    out.push(a.dueStep ? level(a.dueStep) : null)
    if (a.dueDate) out.push(t('financing.deadlineDue', { date: formatDate(a.dueDate) }))
    if (step === 'lend') out.push(level('report_loan'))
  } else if (step === 'repay') out.push(level('report_repayment'))
  const lines = out.filter((s): s is string => !!s)
  return lines.length ? lines : [t('financing.noDeadline')]
}

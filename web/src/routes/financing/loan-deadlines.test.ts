import { describe, expect, it } from 'vitest'
import { SERVICE_LEVELS } from '../../../../src/financing/service-levels'
import type { FinancingApplication, FinancingReference } from '../../api/types'
import { blockedBecause, deadlinesOf, NEXT, type Step } from './loan-deadlines'

/**
 * The server's lifecycle, loaded at run time: a literal import would make the web's type check compile the server's
 * whole dependency tree (Fastify and all) under the browser's settings.
 */
const SERVER_LIFECYCLE = '../../../../src/financing/application.service'
type Transitions = Record<string, { by: 'institution' | 'enterprise'; from: readonly string[] }>

const reference = { serviceLevels: SERVICE_LEVELS } as unknown as FinancingReference
const application = (over: Partial<FinancingApplication> = {}): FinancingApplication => ({
  id: 'a1', subjectKey: '91640100MA76XQ0A8A', enterpriseName: '宁夏宏达软件科技有限责任公司', needId: null, productId: 'p1', productVersion: 1, productName: '宁信贷',
  productType: 'credit', institution: '宁夏银行股份有限公司', grantId: 'g1', amountFen: 100_000_000, termMonths: 12, status: 'submitted', dueStep: 'accept',
  dueDate: '2026-12-08', reasonCode: null, reasonNote: null, loan: null, createdAt: '2026-12-04T02:00:00Z', updatedAt: '2026-12-04T02:00:00Z', ...over,
})
const loan = (outstandingPrincipalFen: number): NonNullable<FinancingApplication['loan']> => ({
  contractNo: 'NXB-1', principalFen: 100_000_000, annualRateBp: 435, repaymentWay: 'equal_installment', startDate: '2026-12-04', maturityDate: '2027-12-04',
  guarantor: null, creditLoan: true, firstLoan: true, outstandingPrincipalFen, overdueSince: null, enterpriseSize: null,
})

describe('the bank\'s steps on an application', () => {
  it('offers each institution step in exactly the statuses the server accepts it from', async () => {
    const { TRANSITIONS } = (await import(/* @vite-ignore */ SERVER_LIFECYCLE)) as { TRANSITIONS: Transitions }
    expect(Object.keys(TRANSITIONS).length).toBeGreaterThan(5)
    for (const [name, tr] of Object.entries(TRANSITIONS)) {
      const offeredIn = Object.entries(NEXT).filter(([, steps]) => steps.includes(name as Step)).map(([status]) => status).sort()
      expect(offeredIn, name).toEqual(tr.by === 'institution' ? [...tr.from].sort() : [])
    }
  })

  it('shows the step\'s working-day limit and this application\'s due date', () => {
    expect(deadlinesOf('accept', application(), reference)).toEqual(['受理时限：自提交申请之日起 2 个工作日（含法定节假日与调休）', '本申请当前环节须于 2026-12-08 前办结'])
    const approved = application({ status: 'approved', dueStep: 'lend', dueDate: '2026-12-18' })
    expect(deadlinesOf('lend', approved, reference)).toEqual([
      '放款时限：自审批通过之日起 10 个工作日（含法定节假日与调休）', '本申请当前环节须于 2026-12-18 前办结', '放款信息报送时限：自放款之日起 3 个工作日（含法定节假日与调休）',
    ])
    expect(deadlinesOf('repay', application({ status: 'lent', dueStep: null, dueDate: null, loan: loan(1) }), reference)).toEqual(['还款信息报送时限：自还款之日起 3 个工作日（含法定节假日与调休）'])
  })

  it('says plainly when a step has no service level', () => {
    for (const step of ['overdue', 'cure', 'settle', 'default'] as const) {
      expect(deadlinesOf(step, application({ status: 'overdue', dueStep: null, dueDate: null, loan: loan(0) }), reference)).toEqual(['本环节按实际发生情况如实报送，平台未设办理时限。'])
    }
  })

  it('holds back 结清 while principal is owed, naming the amount', () => {
    expect(blockedBecause('settle', application({ status: 'lent', loan: loan(90_000_000) }))).toBe('尚欠本金 900,000.00 元，还清后方可报送结清')
    expect(blockedBecause('settle', application({ status: 'lent', loan: loan(0) }))).toBeNull()
    expect(blockedBecause('repay', application({ status: 'lent', loan: loan(90_000_000) }))).toBeNull()
  })
})

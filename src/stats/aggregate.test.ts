import { describe, expect, it } from 'vitest'
import type { LoanStatRecord } from '../financing/index.js'
import { breakdowns, cityOf, inRegion, lateReports, p50 } from './aggregate.js'

const loan = (over: Partial<LoanStatRecord> = {}): LoanStatRecord => ({
  institution: '宁夏银行股份有限公司', productType: 'tax', divisionCode: '640106', enterpriseSize: null, principalFen: 10_000_00, creditLoan: true,
  firstLoan: false, startDate: '2026-03-05', decisionWorkingDays: 2, everOverdue: false, defaulted: false, ...over,
})

describe('financing statistics arithmetic', () => {
  it('counts a county under its Ningxia city, another province under the province, and no division as unregistered', () => {
    expect(cityOf('640106')).toEqual({ key: '640100', name: '银川市' })
    expect(cityOf('640202')).toEqual({ key: '640200', name: '石嘴山市' })
    expect(cityOf('110105')).toEqual({ key: '110000', name: '北京市' })
    expect(cityOf(null)).toEqual({ key: 'unknown', name: '未登记地区' })
  })

  it('takes the median by nearest rank', () => {
    expect(p50([])).toBeNull()
    expect(p50([5, 1, 2])).toBe(2)
    expect(p50([4, 1, 3, 2])).toBe(2)
  })

  it('sums amounts in fen and gives the credit share in basis points of the count', () => {
    const s = breakdowns([loan({ principalFen: 1 }), loan({ principalFen: 2, creditLoan: false, decisionWorkingDays: 5 }), loan({ principalFen: 4, decisionWorkingDays: 1, firstLoan: true, everOverdue: true, defaulted: true })])
    expect(s.total).toMatchObject({ loans: 3, amountFen: 7, creditLoans: 2, creditShareBp: 6667, firstLoans: 1, avgDecisionDays: 2.7, p50DecisionDays: 2, overdue: 1, defaulted: 1 })
    expect(s.byMonth).toEqual([expect.objectContaining({ key: '2026-03', name: '2026年3月', loans: 3 })])
    expect(s.byEnterpriseSize).toEqual([expect.objectContaining({ key: 'unknown', name: '未登记规模', loans: 3 })])
  })

  it('orders product types as the product shelf does and institutions by amount', () => {
    const s = breakdowns([loan({ productType: 'guarantee', institution: 'B', principalFen: 5 }), loan({ productType: 'credit', institution: 'A', principalFen: 1 }), loan({ productType: 'tax', institution: 'A', principalFen: 1 })])
    expect(s.byProductType.map((r) => [r.key, r.name])).toEqual([['credit', '信用贷'], ['tax', '银税贷'], ['guarantee', '担保贷']])
    expect(s.byInstitution.map((r) => [r.key, r.amountFen])).toEqual([['B', 5], ['A', 2]])
  })

  it('matches a region by code or prefix', () => {
    expect(inRegion('640106', '640100')).toBe(true)
    expect(inRegion('640106', '6401')).toBe(true)
    expect(inRegion('640202', '640100')).toBe(false)
    expect(inRegion(null, '640000')).toBe(false)
  })

  it('adds up late steps per institution, most first, naming each step in Chinese', () => {
    const r = lateReports([{ institution: 'A', step: 'accept', count: 1, workingDaysLate: 3 }, { institution: 'B', step: 'accept', count: 2, workingDaysLate: 2 }, { institution: 'B', step: 'report_loan', count: 1, workingDaysLate: 4 }])
    expect(r).toEqual([
      { institution: 'B', count: 3, workingDaysLate: 6, steps: [{ step: 'accept', stepName: '受理', count: 2, workingDaysLate: 2 }, { step: 'report_loan', stepName: '放款信息报送', count: 1, workingDaysLate: 4 }] },
      { institution: 'A', count: 1, workingDaysLate: 3, steps: [{ step: 'accept', stepName: '受理', count: 1, workingDaysLate: 3 }] },
    ])
  })
})

import { describe, expect, it } from 'vitest'
import type { FinancingStatRow, LateReportRow } from '../../api/types'
import { buildLoanBreakdownOption, fenToWan } from './loan-breakdown-chart'
import { buildLoanMonthOption } from './loan-month-chart'
import { buildLateReportOption } from './late-report-chart'

const row = (key: string, name: string, loans: number, amountFen: number): FinancingStatRow => ({
  key, name, loans, amountFen, creditLoans: 0, creditShareBp: 0, firstLoans: 0, avgDecisionDays: null, p50DecisionDays: null, overdue: 0, defaulted: 0,
})
type Series = Array<{ name: string; data: number[]; stack?: string }>

describe('financing statistics charts', () => {
  it('turns 分 into 万元 to two decimals', () => {
    expect(fenToWan(70_000_000)).toBe(70)
    expect(fenToWan(12_345_678)).toBe(12.35)
    expect(fenToWan(0)).toBe(0)
  })

  it('draws a breakdown as amount and count bars, the first row at the top', () => {
    const o = buildLoanBreakdownOption([row('640100', '银川市', 2, 70_000_000), row('640200', '石嘴山市', 1, 30_000_000)])
    expect((o.yAxis as { data: string[] }).data).toEqual(['石嘴山市', '银川市'])
    const series = o.series as Series
    expect(series.map((s) => s.name)).toEqual(['金额（万元）', '笔数'])
    expect(series[0]!.data).toEqual([30, 70])
    expect(series[1]!.data).toEqual([1, 2])
  })

  it('puts months in calendar order whatever order they come in', () => {
    const o = buildLoanMonthOption([row('2026-04', '2026年4月', 1, 20_000_000), row('2026-03', '2026年3月', 2, 80_000_000)])
    expect((o.xAxis as { data: string[] }).data).toEqual(['2026年3月', '2026年4月'])
    expect((o.series as Series)[0]!.data).toEqual([80, 20])
  })

  it('stacks late steps per institution, one series per step any institution was late on', () => {
    const rows: LateReportRow[] = [
      { institution: '甲银行', count: 3, workingDaysLate: 6, steps: [{ step: 'accept', stepName: '受理', count: 2, workingDaysLate: 2 }, { step: 'report_loan', stepName: '放款信息报送', count: 1, workingDaysLate: 4 }] },
      { institution: '乙银行', count: 1, workingDaysLate: 3, steps: [{ step: 'accept', stepName: '受理', count: 1, workingDaysLate: 3 }] },
    ]
    const o = buildLateReportOption(rows)
    expect((o.yAxis as { data: string[] }).data).toEqual(['乙银行', '甲银行'])
    const series = o.series as Series
    expect(series.map((s) => [s.name, s.data, s.stack])).toEqual([['受理', [1, 2], 'late'], ['放款信息报送', [0, 1], 'late']])
  })

  it('draws nothing for no data', () => {
    expect(buildLoanBreakdownOption([]).series).toEqual([expect.objectContaining({ data: [] }), expect.objectContaining({ data: [] })])
    expect(buildLateReportOption([]).series).toEqual([])
  })
})

import { useMemo } from 'react'
import type { FinancingStatRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'
import { fenToWan } from './loan-breakdown-chart'

/** Loans by month of lending: amount in 万元 (left axis) and number of loans (right axis), months in order. */
export function buildLoanMonthOption(rows: readonly FinancingStatRow[]): ChartOption {
  const list = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return {
    aria: { enabled: true },
    color: ['#1456d8', '#13a8a8'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('statsCharts.amountWan'), t('statsCharts.loans')] },
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: list.map((r) => r.name) },
    yAxis: [
      { type: 'value', name: t('statsCharts.amountWan'), axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') } },
      { type: 'value', name: t('statsCharts.loans'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('statsCharts.amountWan'), type: 'bar', yAxisIndex: 0, barMaxWidth: 28, data: list.map((r) => fenToWan(r.amountFen)) },
      { name: t('statsCharts.loans'), type: 'bar', yAxisIndex: 1, barMaxWidth: 28, data: list.map((r) => r.loans) },
    ],
  }
}

export function LoanMonthChart({ rows }: { rows: readonly FinancingStatRow[] }) {
  const option = useMemo(() => buildLoanMonthOption(rows), [rows])
  return <EChart option={option} height={320} label={t('stats.byMonth')} />
}

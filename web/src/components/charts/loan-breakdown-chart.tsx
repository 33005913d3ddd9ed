import { useMemo } from 'react'
import type { FinancingStatRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/** 分 → 万元 for the axis, to two decimals; the table under the chart shows the exact 元. */
export const fenToWan = (fen: number): number => Math.round(fen / 10_000) / 100

/**
 * Loans of one breakdown (region, institution, product type, enterprise size) as horizontal bars: the amount in
 * 万元 on the lower axis, the number of loans on the upper one. The first row of `rows` is drawn at the top.
 */
export function buildLoanBreakdownOption(rows: readonly FinancingStatRow[]): ChartOption {
  const list = [...rows].reverse()
  return {
    aria: { enabled: true },
    color: ['#1456d8', '#13a8a8'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('statsCharts.amountWan'), t('statsCharts.loans')] },
    grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
    xAxis: [
      { type: 'value', position: 'bottom', name: t('statsCharts.amountWan'), axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') } },
      { type: 'value', position: 'top', name: t('statsCharts.loans'), minInterval: 1, splitLine: { show: false } },
    ],
    yAxis: { type: 'category', data: list.map((r) => r.name), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      { name: t('statsCharts.amountWan'), type: 'bar', xAxisIndex: 0, barMaxWidth: 16, data: list.map((r) => fenToWan(r.amountFen)) },
      { name: t('statsCharts.loans'), type: 'bar', xAxisIndex: 1, barMaxWidth: 16, data: list.map((r) => r.loans) },
    ],
  }
}

export function LoanBreakdownChart({ rows, label }: { rows: readonly FinancingStatRow[]; label: string }) {
  const option = useMemo(() => buildLoanBreakdownOption(rows), [rows])
  return <EChart option={option} height={Math.max(200, rows.length * 48 + 80)} label={label} />
}

import { useMemo } from 'react'
import { EChart, type ChartOption } from './echart'

/** One monthly figure (纳税, 公积金缴存人数, 电费) as a line, months in order; a month without a value is a gap. */
export function buildMonthlySeriesOption(name: string, points: ReadonlyArray<{ month: string; value: number | null }>): ChartOption {
  const list = [...points].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: list.map((p) => p.month) },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') } },
    series: [{ name, type: 'line', symbolSize: 6, connectNulls: false, data: list.map((p) => p.value) }],
  }
}

export function MonthlySeriesChart({ name, points }: { name: string; points: ReadonlyArray<{ month: string; value: number | null }> }) {
  const option = useMemo(() => buildMonthlySeriesOption(name, points), [name, points])
  return <EChart option={option} height={200} label={name} />
}

import { useMemo } from 'react'
import type { PortraitTrendPoint } from '../../routes/scorecards/scorecard-types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/**
 * The monthly trend of a portrait: the credit score (left axis) and each dimension's 0–100 value (right axis),
 * months in order; `dimensions` names the dimension keys (those without a name are left out).
 */
export function buildScoreTrendOption(points: readonly PortraitTrendPoint[], dimensions: ReadonlyArray<{ key: string; name: string }>): ChartOption {
  const list = [...points].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
  const score = t('portrait.trendScore')
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll', data: [score, ...dimensions.map((d) => d.name)] },
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: list.map((p) => p.month) },
    yAxis: [
      { type: 'value', name: score, scale: true },
      { type: 'value', name: t('portrait.trendDimension'), min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: score, type: 'line', yAxisIndex: 0, symbolSize: 6, lineStyle: { width: 3 }, data: list.map((p) => p.score) },
      ...dimensions.map((d) => ({ name: d.name, type: 'line' as const, yAxisIndex: 1, symbol: 'none', lineStyle: { width: 1 }, data: list.map((p) => p.dimensions[d.key] ?? null) })),
    ],
  }
}

export function ScoreTrendChart({ points, dimensions }: { points: readonly PortraitTrendPoint[]; dimensions: ReadonlyArray<{ key: string; name: string }> }) {
  const option = useMemo(() => buildScoreTrendOption(points, dimensions), [points, dimensions])
  return <EChart option={option} height={320} label={t('portrait.trendTitle')} />
}

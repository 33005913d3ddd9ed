import { useMemo } from 'react'
import type { PlatformUsageRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/** Per platform: subjects delivered beside subjects used (left axis), and loans reported (right axis), all as bars, largest delivery first. */
export function buildPlatformUsageOption(rows: readonly PlatformUsageRow[]): ChartOption {
  const list = [...rows].sort((a, b) => b.subjectsDelivered - a.subjectsDelivered || (a.platform < b.platform ? -1 : 1))
  return {
    aria: { enabled: true },
    color: ['#1456d8', '#13a8a8', '#d46b08'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('platforms.chartDelivered'), t('platforms.chartUsed'), t('platforms.chartLoans')] },
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: list.map((r) => r.platform) },
    yAxis: [
      { type: 'value', name: t('platforms.colSubjectsDelivered'), minInterval: 1 },
      { type: 'value', name: t('platforms.chartLoans'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('platforms.chartDelivered'), type: 'bar', yAxisIndex: 0, barMaxWidth: 28, data: list.map((r) => r.subjectsDelivered) },
      { name: t('platforms.chartUsed'), type: 'bar', yAxisIndex: 0, barMaxWidth: 28, data: list.map((r) => r.subjectsUsed) },
      { name: t('platforms.chartLoans'), type: 'bar', yAxisIndex: 1, barMaxWidth: 28, data: list.map((r) => r.loans) },
    ],
  }
}

export function PlatformUsageChart({ rows }: { rows: readonly PlatformUsageRow[] }) {
  const option = useMemo(() => buildPlatformUsageOption(rows), [rows])
  return <EChart option={option} height={300} label={t('platforms.chartTitle')} />
}

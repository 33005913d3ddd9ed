import { useMemo } from 'react'
import type { MonitoringStatsDay, MonitoringStatsKind } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/**
 * Alerts per day, one stacked bar per kind, summed over the institutions (the API counts per day, institution and
 * kind). Kinds are named as the API names them and ordered as it lists them (most alerts first); days run oldest first.
 */
export function buildMonitoringDailyOption(byDay: readonly MonitoringStatsDay[], byKind: readonly MonitoringStatsKind[]): ChartOption {
  const days = [...new Set(byDay.map((r) => r.day))].sort()
  const kinds = [...byKind.map((k) => k.kind), ...byDay.map((r) => r.kind)].filter((k, i, all) => all.indexOf(k) === i)
  const name = (kind: string) => byKind.find((k) => k.kind === kind)?.name ?? kind
  const counts = new Map<string, number>()
  for (const r of byDay) counts.set(`${r.kind}|${r.day}`, (counts.get(`${r.kind}|${r.day}`) ?? 0) + r.alerts)
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: kinds.map(name) },
    grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days },
    yAxis: { type: 'value', name: t('monitoringStats.colAlerts'), minInterval: 1 },
    series: kinds.map((kind) => ({
      name: name(kind), type: 'bar', stack: 'alerts', barMaxWidth: 28, data: days.map((day) => counts.get(`${kind}|${day}`) ?? 0),
    })),
  }
}

export function MonitoringDailyChart({ byDay, byKind }: { byDay: readonly MonitoringStatsDay[]; byKind: readonly MonitoringStatsKind[] }) {
  const option = useMemo(() => buildMonitoringDailyOption(byDay, byKind), [byDay, byKind])
  return <EChart option={option} height={300} label={t('monitoringStats.chartTitle')} />
}

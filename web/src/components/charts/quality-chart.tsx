import { useMemo } from 'react'
import type { QualityRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/** One provider's quality over all its items: validity and completeness weighted by records. */
export interface ProviderQuality {
  provider: string
  validity: number | null
  completeness: number | null
  received: number
  /** Items of this provider that are overdue (or were never delivered). */
  overdueItems: number
}

/**
 * Per provider: validity = valid / received over all its items; completeness = the items' completeness weighted by
 * their valid records. Providers that never delivered have null for both. `by: 'item'` groups by item instead (a
 * provider looking at its own items).
 */
export function summarizeByProvider(rows: readonly QualityRow[], by: 'provider' | 'item' = 'provider'): ProviderQuality[] {
  const groups = new Map<string, { received: number; valid: number; filledWeighted: number; overdue: number }>()
  for (const r of rows) {
    const name = by === 'provider' ? r.provider : r.itemName
    const a = groups.get(name) ?? { received: 0, valid: 0, filledWeighted: 0, overdue: 0 }
    const valid = r.received - r.quarantined
    a.received += r.received
    a.valid += valid
    a.filledWeighted += (r.completeness ?? 0) * valid
    if (r.overdue) a.overdue++
    groups.set(name, a)
  }
  return [...groups.entries()]
    .map(([provider, a]) => ({
      provider,
      received: a.received,
      validity: a.received > 0 ? a.valid / a.received : null,
      completeness: a.valid > 0 ? a.filledWeighted / a.valid : null,
      overdueItems: a.overdue,
    }))
    .sort((x, y) => y.received - x.received || x.provider.localeCompare(y.provider, 'zh-CN'))
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)

const OVERDUE_COLOR = '#cf1322'

/**
 * Horizontal bars (the providers' Chinese names are long): 有效率 and 完整率 in percent per provider. Providers
 * with overdue items have their name in red with （逾期）.
 */
export function buildQualityOption(data: readonly ProviderQuality[]): ChartOption {
  // ECharts draws the first category at the bottom: reverse so the table's order reads top-down.
  const list = [...data].reverse()
  const names = list.map((d) => d.provider)
  const overdue = new Set(list.filter((d) => d.overdueItems > 0).map((d) => d.provider))
  return {
    aria: { enabled: true },
    color: ['#1456d8', '#13a8a8'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '—' : `${String(v)}%`),
    },
    legend: { top: 0, data: [t('quality.validity'), t('quality.completeness')] },
    grid: { left: 8, right: 40, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: names,
      axisLabel: {
        width: 200,
        overflow: 'truncate',
        formatter: (name: string) => (overdue.has(name) ? `{overdue|${name}${t('charts.overdueMark')}}` : name),
        rich: { overdue: { color: OVERDUE_COLOR, fontWeight: 'bold' } },
      },
    },
    series: [
      {
        name: t('quality.validity'),
        type: 'bar',
        barMaxWidth: 14,
        data: list.map((d) => ({ value: pct(d.validity) ?? '-', itemStyle: overdue.has(d.provider) ? { borderColor: OVERDUE_COLOR, borderWidth: 1 } : {} })),
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
      },
      {
        name: t('quality.completeness'),
        type: 'bar',
        barMaxWidth: 14,
        data: list.map((d) => pct(d.completeness) ?? '-'),
        label: { show: true, position: 'right', formatter: '{c}%', fontSize: 11 },
      },
    ],
  }
}

export function QualityChart({ rows, by = 'provider' }: { rows: readonly QualityRow[]; by?: 'provider' | 'item' }) {
  const data = useMemo(() => summarizeByProvider(rows, by), [rows, by])
  const option = useMemo(() => buildQualityOption(data), [data])
  return <EChart option={option} height={Math.max(240, data.length * 44 + 60)} label={by === 'provider' ? t('quality.chartTitle') : t('quality.chartTitleItems')} />
}

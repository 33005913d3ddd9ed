import { useMemo } from 'react'
import type { QualityRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

export interface ProviderVolume {
  provider: string
  stored: number
  duplicates: number
  quarantined: number
}

export function volumeByProvider(rows: readonly QualityRow[]): ProviderVolume[] {
  const by = new Map<string, ProviderVolume>()
  for (const r of rows) {
    const v = by.get(r.provider) ?? { provider: r.provider, stored: 0, duplicates: 0, quarantined: 0 }
    v.stored += r.stored
    v.duplicates += r.duplicates
    v.quarantined += r.quarantined
    by.set(r.provider, v)
  }
  return [...by.values()]
    .filter((v) => v.stored + v.duplicates + v.quarantined > 0)
    .sort((a, b) => b.stored + b.duplicates + b.quarantined - (a.stored + a.duplicates + a.quarantined))
}

/** Stacked horizontal bars per provider: records stored, duplicates, quarantined. */
export function buildVolumeOption(data: readonly ProviderVolume[]): ChartOption {
  const list = [...data].reverse()
  const series = (['stored', 'duplicates', 'quarantined'] as const).map((k) => ({
    name: t(`charts.${k}`),
    type: 'bar' as const,
    stack: 'records',
    barMaxWidth: 18,
    data: list.map((d) => d[k]),
  }))
  return {
    aria: { enabled: true },
    color: ['#1456d8', '#faad14', '#cf1322'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toLocaleString('zh-CN')} ${t('charts.records')}` },
    legend: { top: 0, data: series.map((s) => s.name) },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') } },
    yAxis: { type: 'category', data: list.map((d) => d.provider), axisLabel: { width: 200, overflow: 'truncate' } },
    series,
  }
}

export function VolumeChart({ rows }: { rows: readonly QualityRow[] }) {
  const data = useMemo(() => volumeByProvider(rows), [rows])
  const option = useMemo(() => buildVolumeOption(data), [data])
  return <EChart option={option} height={Math.max(200, data.length * 40 + 60)} label={t('quality.volumeTitle')} />
}

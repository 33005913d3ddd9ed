import { useMemo } from 'react'
import type { LateReportRow } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/**
 * Late steps per institution (§七 反馈), stacked by step, the institution with the most at the top. A step no
 * institution was late on gets no series.
 */
export function buildLateReportOption(rows: readonly LateReportRow[]): ChartOption {
  const list = [...rows].reverse()
  const steps = new Map<string, string>()
  for (const r of rows) for (const s of r.steps) steps.set(s.step, s.stepName)
  return {
    aria: { enabled: true },
    color: ['#cf1322', '#fa8c16', '#faad14', '#722ed1', '#8c8c8c'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toLocaleString('zh-CN')} ${t('statsCharts.times')}` },
    legend: { top: 0, data: [...steps.values()] },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: list.map((r) => r.institution), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [...steps].map(([step, name]) => ({
      name, type: 'bar' as const, stack: 'late', barMaxWidth: 16,
      data: list.map((r) => r.steps.find((s) => s.step === step)?.count ?? 0),
    })),
  }
}

export function LateReportChart({ rows }: { rows: readonly LateReportRow[] }) {
  const option = useMemo(() => buildLateReportOption(rows), [rows])
  return <EChart option={option} height={Math.max(200, rows.length * 40 + 60)} label={t('stats.lateReports')} />
}

import { useMemo } from 'react'
import type { RepairStats } from '../../api/types'
import { t, tDynamic } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/**
 * Objections per providing unit, split into answered and still open (overdue apart, in red), the unit with the most
 * at the top: who keeps the §十七 deadline.
 */
export function buildObjectionUnitOption(rows: RepairStats['objections']['byProvider']): ChartOption {
  const list = [...rows].reverse()
  return {
    aria: { enabled: true },
    color: ['#52c41a', '#1677ff', '#cf1322'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('repairStats.answered'), t('repairStats.openInTime'), t('repairStats.overdue')] },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: list.map((r) => r.provider), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      { name: t('repairStats.answered'), type: 'bar', stack: 'o', barMaxWidth: 16, data: list.map((r) => r.total - r.open) },
      { name: t('repairStats.openInTime'), type: 'bar', stack: 'o', barMaxWidth: 16, data: list.map((r) => r.open - r.overdue) },
      { name: t('repairStats.overdue'), type: 'bar', stack: 'o', barMaxWidth: 16, data: list.map((r) => r.overdue) },
    ],
  }
}

/** Repairs by class (轻微 / 一般 / 严重), in the classes' order. */
export function buildRepairClassOption(byClass: Record<string, number>): ChartOption {
  const classes = ['minor', 'general', 'serious']
  return {
    aria: { enabled: true },
    color: ['#faad14'],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: classes.map((c) => tDynamic(`repair.class.${c}`, c)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('repairStats.repairs'), type: 'bar', barMaxWidth: 40, data: classes.map((c) => byClass[c] ?? 0) }],
  }
}

export function ObjectionUnitChart({ rows }: { rows: RepairStats['objections']['byProvider'] }) {
  const option = useMemo(() => buildObjectionUnitOption(rows), [rows])
  return <EChart option={option} height={Math.max(200, rows.length * 40 + 60)} label={t('repairStats.byUnit')} />
}

export function RepairClassChart({ byClass }: { byClass: Record<string, number> }) {
  const option = useMemo(() => buildRepairClassOption(byClass), [byClass])
  return <EChart option={option} height={240} label={t('repairStats.byClass')} />
}

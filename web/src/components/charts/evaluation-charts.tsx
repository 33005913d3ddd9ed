import { useMemo } from 'react'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

/**
 * 信用评价 charts: the dimensions as a radar (each dimension's points as a share of its range, 0–100), and the score
 * over the monthly snapshots as a line with the grade bounds marked.
 */
export function buildDimensionRadarOption(dimensions: ReadonlyArray<{ key: string; name: string; value: number }>): ChartOption {
  return {
    aria: { enabled: true },
    color: ['#1456d8'],
    tooltip: { trigger: 'item' },
    radar: {
      indicator: dimensions.map((d) => ({ name: d.name, max: 100, min: 0 })),
      radius: '65%',
      axisName: { color: '#333', fontSize: 12 },
    },
    series: [{
      type: 'radar',
      name: t('evaluation.dimensions'),
      areaStyle: { opacity: 0.15 },
      data: [{ value: dimensions.map((d) => d.value), name: t('evaluation.dimensions') }],
    }],
  }
}

/** A grade as shown, with the indicators' base grade beside it when a propagation rule made them differ: `C（基础等级 B）`. */
export function gradeWithBase(s: { grade: string; baseGrade?: string | undefined }): string {
  return s.baseGrade && s.baseGrade !== s.grade ? t('evaluation.gradeWithBase', { grade: s.grade, base: s.baseGrade }) : s.grade
}

type TrendPoint = { month: string; score: number; grade: string; baseGrade?: string | undefined }

export function buildScoreTrendOption(snapshots: ReadonlyArray<TrendPoint>, grades: ReadonlyArray<{ grade: string; min: number | null }>): ChartOption {
  return {
    aria: { enabled: true },
    color: ['#1456d8'],
    tooltip: { trigger: 'axis', formatter: (p: unknown) => {
      const first = (Array.isArray(p) ? p[0] : p) as { dataIndex: number }
      const s = snapshots[first.dataIndex]!
      return `${s.month}<br/>${t('evaluation.score')} ${s.score} · ${gradeWithBase(s)}`
    } },
    grid: { left: 8, right: 48, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: snapshots.map((s) => s.month) },
    yAxis: { type: 'value', scale: true },
    series: [{
      type: 'line',
      name: t('evaluation.score'),
      data: snapshots.map((s) => s.score),
      markLine: {
        symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#999' },
        label: { formatter: '{b}', position: 'end' },
        data: grades.filter((g) => g.min !== null).map((g) => ({ name: g.grade, yAxis: g.min! })),
      },
    }],
  }
}

export function DimensionRadarChart({ dimensions }: { dimensions: ReadonlyArray<{ key: string; name: string; value: number }> }) {
  const option = useMemo(() => buildDimensionRadarOption(dimensions), [dimensions])
  return <EChart option={option} height={320} label={t('evaluation.dimensions')} />
}

export function ScoreTrendChart({ snapshots, grades }: { snapshots: ReadonlyArray<TrendPoint>; grades: ReadonlyArray<{ grade: string; min: number | null }> }) {
  const option = useMemo(() => buildScoreTrendOption(snapshots, grades), [snapshots, grades])
  return <EChart option={option} height={240} label={t('evaluation.trend')} />
}

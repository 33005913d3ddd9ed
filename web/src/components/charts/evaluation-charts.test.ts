import { describe, expect, it } from 'vitest'
import { buildDimensionRadarOption, buildScoreTrendOption, gradeWithBase } from './evaluation-charts'

describe('evaluation charts', () => {
  it('draws one radar axis per dimension, each 0–100, with the shares as one series', () => {
    const o = buildDimensionRadarOption([{ key: 'tax', name: '纳税', value: 73.7 }, { key: 'admin', name: '行政管理', value: 33.3 }]) as {
      radar: { indicator: Array<{ name: string; max: number }> }; series: Array<{ data: Array<{ value: number[] }> }>
    }
    expect(o.radar.indicator).toEqual([{ name: '纳税', max: 100, min: 0 }, { name: '行政管理', max: 100, min: 0 }])
    expect(o.series[0]!.data[0]!.value).toEqual([73.7, 33.3])
  })

  it('draws the monthly scores with a dashed line at each grade bound', () => {
    const o = buildScoreTrendOption([{ month: '2026-11', score: 700, grade: 'B' }, { month: '2026-12', score: 640, grade: 'C' }], [{ grade: 'A', min: 800 }, { grade: 'B', min: 680 }, { grade: 'D', min: null }]) as {
      xAxis: { data: string[] }; series: Array<{ data: number[]; markLine: { data: Array<{ name: string; yAxis: number }> } }>
    }
    expect(o.xAxis.data).toEqual(['2026-11', '2026-12'])
    expect(o.series[0]!.data).toEqual([700, 640])
    expect(o.series[0]!.markLine.data).toEqual([{ name: 'A', yAxis: 800 }, { name: 'B', yAxis: 680 }])
  })

  it('shows the base grade beside the grade shown when a propagation rule lowered it, and the grade alone otherwise', () => {
    expect(gradeWithBase({ grade: 'C', baseGrade: 'B' })).toBe('C（基础等级 B）')
    expect(gradeWithBase({ grade: 'B' })).toBe('B')
    expect(gradeWithBase({ grade: 'B', baseGrade: 'B' })).toBe('B')
    const o = buildScoreTrendOption([{ month: '2026-11', score: 700, grade: 'B' }, { month: '2026-12', score: 700, grade: 'C', baseGrade: 'B' }], [{ grade: 'B', min: 680 }]) as {
      tooltip: { formatter: (p: unknown) => string }
    }
    expect(o.tooltip.formatter([{ dataIndex: 0 }])).toBe('2026-11<br/>信用评分 700 · B')
    expect(o.tooltip.formatter([{ dataIndex: 1 }])).toBe('2026-12<br/>信用评分 700 · C（基础等级 B）')
  })
})

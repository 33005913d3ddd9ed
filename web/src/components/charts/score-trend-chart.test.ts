import { describe, expect, it } from 'vitest'
import { buildScoreTrendOption } from './score-trend-chart'

describe('score trend chart', () => {
  it('puts the months in order, the score on the left axis and each named dimension on the right', () => {
    const o = buildScoreTrendOption([
      { month: '2026-11', score: 720, grade: 'A', dimensions: { tax: 90, judicial: 100 } },
      { month: '2026-10', score: 700, grade: 'B', dimensions: { tax: 80 } },
    ], [{ key: 'tax', name: '纳税' }, { key: 'judicial', name: '司法' }])
    expect(o.xAxis).toMatchObject({ data: ['2026-10', '2026-11'] })
    const series = o.series as Array<{ name: string; yAxisIndex: number; data: Array<number | null> }>
    expect(series.map((s) => s.name)).toEqual(['信用评分', '纳税', '司法'])
    expect(series[0]).toMatchObject({ yAxisIndex: 0, data: [700, 720] })
    expect(series[2]).toMatchObject({ yAxisIndex: 1, data: [null, 100] })
  })
})

import { describe, expect, it } from 'vitest'
import { buildMonthlySeriesOption } from './monthly-series-chart'

describe('monthly series chart', () => {
  it('orders the months and leaves a month without a value as a gap', () => {
    const o = buildMonthlySeriesOption('电费', [{ month: '2026-11', value: 3 }, { month: '2026-09', value: 1 }, { month: '2026-10', value: null }])
    expect(o.xAxis).toMatchObject({ data: ['2026-09', '2026-10', '2026-11'] })
    expect((o.series as Array<{ data: Array<number | null> }>)[0]!.data).toEqual([1, null, 3])
  })
})

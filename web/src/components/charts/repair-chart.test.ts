import { describe, expect, it } from 'vitest'
import { buildObjectionUnitOption, buildRepairClassOption } from './repair-chart'

describe('repair charts', () => {
  it('splits each unit\'s objections into answered, open in time and overdue, the busiest unit on top', () => {
    const o = buildObjectionUnitOption([{ provider: '甲', total: 5, open: 3, overdue: 1 }, { provider: '乙', total: 2, open: 0, overdue: 0 }])
    expect((o.yAxis as { data: string[] }).data).toEqual(['乙', '甲'])
    expect((o.series as Array<{ data: number[] }>).map((s) => s.data)).toEqual([[2, 2], [0, 2], [0, 1]])
  })

  it('counts repairs by class in the order 轻微, 一般, 严重', () => {
    const o = buildRepairClassOption({ serious: 2, minor: 1 })
    expect((o.xAxis as { data: string[] }).data).toEqual(['轻微', '一般', '严重'])
    expect((o.series as Array<{ data: number[] }>)[0]!.data).toEqual([1, 0, 2])
  })
})

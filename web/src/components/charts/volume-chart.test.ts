import { describe, expect, it } from 'vitest'
import type { QualityRow } from '../../api/types'
import { buildVolumeOption, volumeByProvider } from './volume-chart'

const row = (provider: string, stored: number, duplicates: number, quarantined: number): QualityRow => ({
  provider, itemKey: provider, itemName: provider, batches: 1, received: stored + duplicates + quarantined, stored, duplicates, quarantined,
  validity: null, completeness: null, duplicateRate: null, lastDelivery: null, frequency: 'monthly', dueBy: null, overdue: false, nameMismatches: 0,
})

describe('volume chart', () => {
  it('sums per provider, biggest first, leaving out providers with nothing', () => {
    const v = volumeByProvider([row('甲', 10, 1, 1), row('乙', 100, 0, 5), row('甲', 5, 0, 0), row('丙', 0, 0, 0)])
    expect(v).toEqual([
      { provider: '乙', stored: 100, duplicates: 0, quarantined: 5 },
      { provider: '甲', stored: 15, duplicates: 1, quarantined: 1 },
    ])
  })

  it('stacks 入库 / 重复 / 隔离', () => {
    const o = buildVolumeOption([{ provider: '乙', stored: 100, duplicates: 0, quarantined: 5 }, { provider: '甲', stored: 15, duplicates: 1, quarantined: 1 }])
    const series = o.series as Array<{ name: string; stack: string; data: number[] }>
    expect(series.map((s) => s.name)).toEqual(['入库', '重复', '隔离'])
    expect(series.every((s) => s.stack === 'records')).toBe(true)
    expect(series[0]!.data).toEqual([15, 100])
    expect((o.yAxis as { data: string[] }).data).toEqual(['甲', '乙'])
  })
})

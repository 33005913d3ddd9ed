import { describe, expect, it } from 'vitest'
import type { PlatformUsageRow } from '../../api/types'
import { buildPlatformUsageOption } from './platform-usage-chart'

const row = (platform: string, subjectsDelivered: number, subjectsUsed: number, loans: number): PlatformUsageRow => ({
  platform, pulls: 1, lastPullAt: null, lagSeconds: null, upserts: 0, tombstones: 0, granted: 0, subjectsDelivered, reports: 0, queries: 0, matches: 0,
  loans, loanAmountFen: 0, subjectsUsed, usedShareBp: null,
})

describe('platform usage chart', () => {
  it('puts the platform that received most first, with delivered and used subjects on the left axis and loans on the right', () => {
    const o = buildPlatformUsageOption([row('宁夏企业融资服务平台', 40, 5, 1), row('信易贷宁夏总站', 900, 120, 14)])
    expect((o.xAxis as { data: string[] }).data).toEqual(['信易贷宁夏总站', '宁夏企业融资服务平台'])
    const series = o.series as Array<{ name: string; type: string; data: number[] }>
    expect(series.map((s) => [s.name, s.type])).toEqual([['已下发主体', 'bar'], ['已使用主体', 'bar'], ['放款笔数', 'bar']])
    expect(series[0]!.data).toEqual([900, 40])
    expect(series[1]!.data).toEqual([120, 5])
    expect(series[2]!.data).toEqual([14, 1])
  })
})

import { describe, expect, it } from 'vitest'
import type { MonitoringStatsDay } from '../../api/types'
import { buildMonitoringDailyOption } from './monitoring-stats-chart'

const day = (d: string, institution: string, kind: string, alerts: number): MonitoringStatsDay => ({ day: d, institution, kind, alerts, acknowledged: 0 })

describe('monitoring statistics chart', () => {
  it('stacks each kind per day, summed over institutions, days oldest first and kinds in the order the API lists them', () => {
    const o = buildMonitoringDailyOption(
      [day('2026-12-05', '宁夏银行', 'penalty', 2), day('2026-12-04', '宁夏银行', 'grade_drop', 1), day('2026-12-05', '黄河农商银行', 'penalty', 3), day('2026-12-04', '黄河农商银行', 'abnormal', 4)],
      [{ kind: 'penalty', name: '行政处罚', alerts: 5 }, { kind: 'abnormal', name: '经营异常', alerts: 4 }],
    )
    expect((o.xAxis as { data: string[] }).data).toEqual(['2026-12-04', '2026-12-05'])
    const series = o.series as Array<{ name: string; type: string; stack: string; data: number[] }>
    // A kind missing from byKind still shows, under its key.
    expect(series.map((s) => [s.name, s.type, s.stack])).toEqual([['行政处罚', 'bar', 'alerts'], ['经营异常', 'bar', 'alerts'], ['grade_drop', 'bar', 'alerts']])
    expect(series.map((s) => s.data)).toEqual([[0, 5], [4, 0], [1, 0]])
  })
})

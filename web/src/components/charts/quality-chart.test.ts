import { describe, expect, it } from 'vitest'
import type { QualityRow } from '../../api/types'
import { buildQualityOption, summarizeByProvider } from './quality-chart'

const row = (p: Partial<QualityRow>): QualityRow => ({
  provider: '自治区市场监管厅', itemKey: 'x', itemName: 'x', batches: 1, received: 0, stored: 0, duplicates: 0, quarantined: 0,
  validity: null, completeness: null, duplicateRate: null, lastDelivery: null, frequency: 'quarterly', dueBy: null, overdue: false, nameMismatches: 0, ...p,
})

describe('quality chart', () => {
  const rows = [
    row({ provider: '自治区市场监管厅', itemKey: 'a', received: 900, quarantined: 100, completeness: 0.5 }),
    row({ provider: '自治区市场监管厅', itemKey: 'b', received: 100, quarantined: 0, completeness: 1 }),
    row({ provider: '宁夏税务局', itemKey: 'c', received: 50, quarantined: 5, completeness: 0.8, overdue: true }),
    row({ provider: '银川海关', itemKey: 'd', batches: 0, overdue: true }),
  ]

  it('weights validity by records received and completeness by valid records', () => {
    const s = summarizeByProvider(rows)
    expect(s.map((x) => x.provider)).toEqual(['自治区市场监管厅', '宁夏税务局', '银川海关'])
    expect(s[0]!.validity).toBeCloseTo(0.9)
    // (0.5 × 800 + 1 × 100) / 900
    expect(s[0]!.completeness).toBeCloseTo(500 / 900)
    expect(s[1]!.overdueItems).toBe(1)
    expect(s[2]!.validity).toBeNull()
  })

  it('builds horizontal bars in percent, overdue providers marked', () => {
    const o = buildQualityOption(summarizeByProvider(rows))
    const y = o.yAxis as { data: string[]; axisLabel: { formatter: (n: string) => string } }
    // Reversed, so the first provider is drawn at the top.
    expect(y.data).toEqual(['银川海关', '宁夏税务局', '自治区市场监管厅'])
    expect(y.axisLabel.formatter('宁夏税务局')).toBe('{overdue|宁夏税务局（逾期）}')
    expect(y.axisLabel.formatter('自治区市场监管厅')).toBe('自治区市场监管厅')
    const series = o.series as Array<{ name: string; data: unknown[] }>
    expect(series.map((s) => s.name)).toEqual(['有效率', '完整率'])
    expect((series[0]!.data[2] as { value: number }).value).toBe(90)
    expect((series[0]!.data[0] as { value: unknown }).value).toBe('-')
    expect(series[1]!.data[1]).toBe(80)
    expect(o.xAxis).toMatchObject({ min: 0, max: 100 })
  })

  it('groups by item for a provider looking at its own items', () => {
    const s = summarizeByProvider(rows.map((r) => ({ ...r, itemName: `项${r.itemKey}` })), 'item')
    expect(s.map((x) => x.provider)).toEqual(['项a', '项b', '项c', '项d'])
    expect(s[0]!.validity).toBeCloseTo(800 / 900)
  })

  it('handles no data', () => {
    const o = buildQualityOption([])
    expect((o.yAxis as { data: string[] }).data).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { buildRelationGraphOption } from './relation-graph-chart'

const graph = {
  nodes: [
    { id: 'S:A', kind: 'subject' as const, label: '甲公司', code: 'A', depth: 0, root: true, statuses: [] },
    { id: 'S:B', kind: 'subject' as const, label: '乙公司', code: 'B', depth: 1, root: false, statuses: ['严重失信·失信被执行人信息'] },
    { id: 'person:x', kind: 'person' as const, label: '王**', code: null, depth: 1, root: false, statuses: [] },
  ],
  edges: [
    { id: 'e1', from: 'S:B', to: 'S:A', kind: 'shareholder' as const, label: '持股35%', ratio: 35 },
    { id: 'e2', from: 'person:x', to: 'S:A', kind: 'legal_representative' as const, label: '法定代表人', ratio: null },
  ],
}
const flag = { rule: 'r', flag: 'f', zh: '关联方严重失信', party: 'S:B', partyLabel: '乙公司', status: '', path: [{ from: 'S:A', to: 'S:B', edge: 'e1', label: '股东持股35%' }], pathText: '', gradeSteps: 1 }

describe('relationship graph chart', () => {
  it('puts nodes in categories by kind, labels edges, and draws the flagged path red', () => {
    const o = buildRelationGraphOption(graph, flag)
    const s = (o.series as Array<{ data: Array<Record<string, unknown>>; links: Array<Record<string, unknown>> }>)[0]!
    expect(s.data.map((d) => d.category)).toEqual([0, 1, 2])
    expect(s.data[1]!.itemStyle).toMatchObject({ borderColor: '#cf1322', borderWidth: 4 })
    expect(s.data[2]!.itemStyle).toBeUndefined()
    expect(s.links.map((l) => l.text)).toEqual(['持股35%', '法定代表人'])
    expect(s.links[0]!.lineStyle).toMatchObject({ color: '#cf1322', width: 4 })
    expect(s.links[1]!.lineStyle).toMatchObject({ width: 1.2 })
  })

  it('draws no path without a flag', () => {
    const s = (buildRelationGraphOption(graph, null).series as Array<{ links: Array<{ lineStyle: { width: number } }> }>)[0]!
    expect(s.links.every((l) => l.lineStyle.width < 2)).toBe(true)
  })
})

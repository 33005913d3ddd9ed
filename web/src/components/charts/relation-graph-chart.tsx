import { useMemo } from 'react'
import type { RelationGraph } from '../../api/types'
import { t } from '../../i18n'
import { EChart, type ChartOption } from './echart'

type Node = RelationGraph['nodes'][number]
type Flag = RelationGraph['flags'][number]

const CATEGORIES = ['root', 'enterprise', 'person', 'branch'] as const
const COLORS = ['#1677ff', '#13c2c2', '#faad14', '#722ed1']
const FLAGGED = '#cf1322'

const categoryOf = (n: Node): number => (n.root ? 0 : n.kind === 'person' ? 2 : n.kind === 'branch' ? 3 : 1)

/**
 * The relationship graph as an ECharts force layout: nodes by kind (本企业, 企业, 自然人, 分支机构), edges labelled
 * (持股35%, 法定代表人, 分支机构) with arrows in their direction, parties on a 失信 list ringed red, and the path of
 * the chosen flag drawn red and thick.
 */
export function buildRelationGraphOption(graph: Pick<RelationGraph, 'nodes' | 'edges'>, highlight: Flag | null): ChartOption {
  const pathEdges = new Set(highlight?.path.map((s) => s.edge) ?? [])
  const pathNodes = new Set(highlight ? [...highlight.path.flatMap((s) => [s.from, s.to])] : [])
  return {
    aria: { enabled: true },
    tooltip: {
      formatter: (p: unknown) => {
        const d = (p as { data?: { tip?: string } }).data
        return d?.tip ?? ''
      },
    },
    legend: { top: 0, data: CATEGORIES.map((c) => t(`relations.category.${c}`)) },
    series: [{
      type: 'graph', layout: 'force', roam: true, draggable: true, top: 40,
      force: { repulsion: 260, edgeLength: [90, 170], gravity: 0.08 },
      categories: CATEGORIES.map((c, i) => ({ name: t(`relations.category.${c}`), itemStyle: { color: COLORS[i] } })),
      edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 8,
      label: { show: true, position: 'right', fontSize: 12 },
      edgeLabel: { show: true, fontSize: 11, formatter: (p: unknown) => (p as { data?: { text?: string } }).data?.text ?? '' },
      emphasis: { focus: 'adjacency' },
      data: graph.nodes.map((n) => ({
        id: n.id, name: n.label, category: categoryOf(n), symbolSize: n.root ? 48 : n.kind === 'person' ? 22 : 30,
        tip: [n.label, n.code, ...n.statuses].filter(Boolean).join('<br/>'),
        ...(n.statuses.length || pathNodes.has(n.id) ? { itemStyle: { borderColor: FLAGGED, borderWidth: n.statuses.length ? 4 : 2 } } : {}),
      })),
      links: graph.edges.map((e) => ({
        source: e.from, target: e.to, text: e.label, tip: e.label,
        lineStyle: pathEdges.has(e.id) ? { color: FLAGGED, width: 4, opacity: 1 } : { color: '#8c8c8c', width: 1.2, opacity: 0.8 },
      })),
    }],
  }
}

export function RelationGraphChart({ graph, highlight, height = 560 }: { graph: Pick<RelationGraph, 'nodes' | 'edges'>; highlight: Flag | null; height?: number }) {
  const option = useMemo(() => buildRelationGraphOption(graph, highlight), [graph, highlight])
  return <EChart option={option} height={height} label={t('relations.chartLabel')} />
}

import { evaluateFormula, type Value } from './indicator-formula.js'
import type { CompiledIndicator, CompiledSystem } from './indicator-system.js'

/** A reason (PIPL art. 24): which indicator cost or earned the most points against its range, in Chinese. */
export interface ScoreReason {
  /** Stable code: `<indicator>:<bin>` (bin number from 1, or `missing`). */
  code: string
  indicator: string
  /** `cost`: points below the indicator's maximum; `gain`: points above its minimum, at its best bin. */
  kind: 'cost' | 'gain'
  points: number
  zh: string
}

/** The evaluation of one subject under one version of the indicator system. */
export interface SubjectScore {
  score: number
  grade: string
  /** Indicator values in the document's order; null is missing. */
  values: Value[]
  /** Bin of each indicator (0-based), -1 for the missing bin. */
  bins: number[]
  points: number[]
  /** Each dimension's points as a share of its range, 0–100. */
  dimensions: Record<string, number>
  reasons: ScoreReason[]
}

export const TOP_COSTS = 3
export const TOP_GAINS = 2

function binOf(ind: CompiledIndicator, v: Value): number {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return -1
  const bins = ind.bins
  if (ind.type === 'number') {
    for (let i = 0; i < bins.length; i++) {
      const b = bins[i]!
      if ((b.to === undefined || (v as number) < b.to) && (b.from === undefined || (v as number) >= b.from)) return i
    }
    return bins.length - 1
  }
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i]!
    if (b.else || b.is!.includes(v)) return i
  }
  return bins.length - 1
}

const shown = (v: Value): string => (v === null ? '无数据' : typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'number' ? String(Math.round(v * 100) / 100) : v)

/**
 * Scores one subject: each indicator's formula over the subject's aggregates, its bin and points, the total, the
 * grade, each dimension's share and the reasons. Pure; the same inputs give the same score.
 *
 * @example
 * scoreSubject(system, [0, 3, '2019-04-01', …], '2026-12-05').grade // 'B'
 */
export function scoreSubject(system: CompiledSystem, aggregates: readonly Value[], asOf: string): SubjectScore {
  const values = new Map<string, Value>()
  const env = { aggregates, asOf, indicator: (k: string) => values.get(k) ?? null }
  let total = system.document.base
  const byKey = new Map<string, { v: Value; bin: number; points: number; ind: CompiledIndicator }>()
  const dimPoints = new Map<string, { got: number; min: number; max: number }>()
  for (const ind of system.indicators) {
    let v = evaluateFormula(ind.root, env)
    if (typeof v === 'number' && !Number.isFinite(v)) v = null
    values.set(ind.key, v)
    const bin = binOf(ind, v)
    const points = bin < 0 ? ind.missing.points : ind.bins[bin]!.points
    total += points
    byKey.set(ind.key, { v, bin, points, ind })
    const d = dimPoints.get(ind.dimension) ?? { got: 0, min: 0, max: 0 }
    d.got += points
    d.min += ind.minPoints
    d.max += ind.maxPoints
    dimPoints.set(ind.dimension, d)
  }
  const grades = system.document.grades
  const grade = (grades.find((g) => g.min === undefined || total >= g.min) ?? grades[grades.length - 1]!).grade
  const dimensions: Record<string, number> = {}
  for (const d of system.document.dimensions) {
    const p = dimPoints.get(d.key)
    if (p) dimensions[d.key] = p.max === p.min ? 100 : Math.round(((p.got - p.min) / (p.max - p.min)) * 1000) / 10
  }
  const reasonOf = (e: { v: Value; bin: number; points: number; ind: CompiledIndicator }, kind: 'cost' | 'gain'): ScoreReason => {
    const label = e.bin < 0 ? e.ind.missing.label : e.ind.bins[e.bin]!.label ?? shown(e.v)
    const delta = kind === 'cost' ? e.ind.maxPoints - e.points : e.points - e.ind.minPoints
    return {
      code: `${e.ind.key}:${e.bin < 0 ? 'missing' : e.bin + 1}`, indicator: e.ind.key, kind, points: delta,
      zh: kind === 'cost'
        ? `${e.ind.name}：${label}（${shown(e.v)}），比该项最高分少 ${delta} 分`
        : `${e.ind.name}：${label}（${shown(e.v)}），得分 ${e.points}，为该项最高档`,
    }
  }
  const entries = [...byKey.values()]
  const costs = entries.filter((e) => e.ind.maxPoints - e.points > 0)
    .sort((a, b) => (b.ind.maxPoints - b.points) - (a.ind.maxPoints - a.points) || a.ind.key.localeCompare(b.ind.key))
    .slice(0, TOP_COSTS).map((e) => reasonOf(e, 'cost'))
  const gains = entries.filter((e) => e.points === e.ind.maxPoints && e.points - e.ind.minPoints > 0)
    .sort((a, b) => (b.points - b.ind.minPoints) - (a.points - a.ind.minPoints) || a.ind.key.localeCompare(b.ind.key))
    .slice(0, TOP_GAINS).map((e) => reasonOf(e, 'gain'))
  const order = system.order
  return {
    score: Math.round(total * 100) / 100,
    grade,
    values: order.map((k) => byKey.get(k)!.v),
    bins: order.map((k) => byKey.get(k)!.bin),
    points: order.map((k) => byKey.get(k)!.points),
    dimensions,
    reasons: [...costs, ...gains],
  }
}

/** Reads a value the database returned for an aggregate slot as the formula's type. */
export function valueOfAggregate(type: string, raw: unknown): Value {
  if (raw === null || raw === undefined) return null
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : Number(raw)
    return Number.isFinite(n) ? n : null
  }
  if (type === 'boolean') return typeof raw === 'boolean' ? raw : raw === 'true' || raw === 't'
  return typeof raw === 'string' ? raw : String(raw)
}

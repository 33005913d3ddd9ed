import { compileFormula, type CompiledFormula, type Value } from './indicator-formula.js'
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

/** A system prepared for scoring many subjects: formulas as closures, positions and dimension ranges precomputed. */
interface Plan {
  /** In evaluation order (each after those it references). */
  steps: Array<{ ind: CompiledIndicator; at: number; formula: CompiledFormula; dim: number; rank: number }>
  /** Dimensions as in the document, with the points range of the indicators in each. */
  dims: Array<{ key: string; min: number; max: number; used: boolean }>
  size: number
}

const PLANS = new WeakMap<CompiledSystem, Plan>()

function planOf(system: CompiledSystem): Plan {
  let plan = PLANS.get(system)
  if (plan) return plan
  const position = new Map(system.order.map((k, i) => [k, i]))
  const dimIndex = new Map(system.document.dimensions.map((d, i) => [d.key, i]))
  const dims = system.document.dimensions.map((d) => ({ key: d.key, min: 0, max: 0, used: false }))
  // Ties between reasons go by indicator key in locale order, as they always have.
  const rank = new Map([...system.order].sort((a, b) => a.localeCompare(b)).map((k, i) => [k, i]))
  const steps = system.indicators.map((ind) => {
    const dim = dimIndex.get(ind.dimension)!
    dims[dim]!.min += ind.minPoints
    dims[dim]!.max += ind.maxPoints
    dims[dim]!.used = true
    return { ind, at: position.get(ind.key)!, formula: compileFormula(ind.root, (k) => position.get(k)!), dim, rank: rank.get(ind.key)! }
  })
  plan = { steps, dims, size: system.order.length }
  PLANS.set(system, plan)
  return plan
}

type Step = Plan['steps'][number]

/** Keeps the `n` best of what it is offered (higher `delta` first, then lower `rank`), without sorting everything. */
function keepBest(best: Array<{ step: Step; delta: number }>, n: number, step: Step, delta: number): void {
  let i = best.length
  while (i > 0 && (best[i - 1]!.delta < delta || (best[i - 1]!.delta === delta && best[i - 1]!.step.rank > step.rank))) i--
  if (i >= n) return
  best.splice(i, 0, { step, delta })
  if (best.length > n) best.pop()
}

/**
 * Scores one subject: each indicator's formula over the subject's aggregates, its bin and points, the total, the
 * grade, each dimension's share and the reasons. Pure; the same inputs give the same score. The system is prepared
 * once (formulas compiled to closures) and reused for every subject scored with it.
 *
 * @example
 * scoreSubject(system, [0, 3, '2019-04-01', …], '2026-12-05').grade // 'B'
 */
export function scoreSubject(system: CompiledSystem, aggregates: readonly Value[], asOf: string): SubjectScore {
  const plan = planOf(system)
  const values: Value[] = new Array<Value>(plan.size).fill(null)
  const bins: number[] = new Array<number>(plan.size).fill(-1)
  const points: number[] = new Array<number>(plan.size).fill(0)
  const got = new Array<number>(plan.dims.length).fill(0)
  const ctx = { aggregates, values, asOf, asOfMs: Date.parse(asOf) }
  let total = system.document.base
  const costs: Array<{ step: Step; delta: number }> = []
  const gains: Array<{ step: Step; delta: number }> = []
  for (const step of plan.steps) {
    const ind = step.ind
    let v = step.formula(ctx)
    if (typeof v === 'number' && !Number.isFinite(v)) v = null
    const bin = binOf(ind, v)
    const p = bin < 0 ? ind.missing.points : ind.bins[bin]!.points
    values[step.at] = v
    bins[step.at] = bin
    points[step.at] = p
    total += p
    got[step.dim]! += p
    if (ind.maxPoints - p > 0) keepBest(costs, TOP_COSTS, step, ind.maxPoints - p)
    if (p === ind.maxPoints && p - ind.minPoints > 0) keepBest(gains, TOP_GAINS, step, p - ind.minPoints)
  }
  const grades = system.document.grades
  const grade = (grades.find((g) => g.min === undefined || total >= g.min) ?? grades[grades.length - 1]!).grade
  const dimensions: Record<string, number> = {}
  plan.dims.forEach((d, i) => {
    if (d.used) dimensions[d.key] = d.max === d.min ? 100 : Math.round(((got[i]! - d.min) / (d.max - d.min)) * 1000) / 10
  })
  const reasonOf = (step: Step, kind: 'cost' | 'gain'): ScoreReason => {
    const e = { ind: step.ind, v: values[step.at]!, bin: bins[step.at]!, points: points[step.at]! }
    const label = e.bin < 0 ? e.ind.missing.label : e.ind.bins[e.bin]!.label ?? shown(e.v)
    const delta = kind === 'cost' ? e.ind.maxPoints - e.points : e.points - e.ind.minPoints
    return {
      code: `${e.ind.key}:${e.bin < 0 ? 'missing' : e.bin + 1}`, indicator: e.ind.key, kind, points: delta,
      zh: kind === 'cost'
        ? `${e.ind.name}：${label}（${shown(e.v)}），比该项最高分少 ${delta} 分`
        : `${e.ind.name}：${label}（${shown(e.v)}），得分 ${e.points}，为该项最高档`,
    }
  }
  return {
    score: Math.round(total * 100) / 100,
    grade,
    values,
    bins,
    points,
    dimensions,
    reasons: [...costs.map((c) => reasonOf(c.step, 'cost')), ...gains.map((g) => reasonOf(g.step, 'gain'))],
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

import { woeTable, type BinCounts } from './woe.js'

/**
 * Binning of one characteristic: fine bins first (quantiles of a number, or each category), then coarse bins made
 * by merging adjacent fine bins until the WoE runs one way (monotonic), and the special bins kept apart: a missing
 * value is its own bin, never a zero, and so is each declared special value (e.g. −1 for "not reported").
 */
export type CharacteristicType = 'numeric' | 'categorical'

export type Bin =
  /** Numbers in (lo, hi]; null bounds are open. */
  | { kind: 'range'; lo: number | null; hi: number | null }
  | { kind: 'set'; values: string[] }
  | { kind: 'missing' }
  | { kind: 'special'; value: number | string }

export type Value = number | string | null

export interface BinningOptions {
  /** At most this many fine bins of a number (quantiles). */
  fineBins?: number
  /** A coarse bin holds at least this share of the non-special cases (smaller ones merge into a neighbour). */
  minShare?: number
  /** Values that mean something apart (kept in their own bins, outside the monotonic order). */
  specials?: ReadonlyArray<number | string>
}

export interface BinnedCharacteristic { bins: Bin[]; counts: BinCounts[]; woe: number[]; iv: number; direction: 'increasing' | 'decreasing' | 'none' }

export const BINNING_DEFAULTS = { fineBins: 10, minShare: 0.05 } as const

/** Which bin a value falls in, or −1 for none (an unseen category, scored as missing by the card). */
export function binOf(bins: readonly Bin[], v: Value): number {
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i]!
    if (b.kind === 'missing') { if (v === null) return i; continue }
    if (v === null) continue
    if (b.kind === 'special') { if (b.value === v) return i; continue }
    if (b.kind === 'range') { if (typeof v === 'number' && (b.lo === null || v > b.lo) && (b.hi === null || v <= b.hi)) return i; continue }
    if (b.values.includes(String(v))) return i
  }
  return -1
}

/** A bin in words, for the bin table and reasons. */
export function binLabel(b: Bin): string {
  switch (b.kind) {
    case 'missing': return '缺失'
    case 'special': return `特殊值 ${b.value}`
    case 'set': return b.values.join('、')
    case 'range':
      if (b.lo === null && b.hi === null) return '全部'
      if (b.lo === null) return `≤ ${b.hi}`
      if (b.hi === null) return `> ${b.lo}`
      return `(${b.lo}, ${b.hi}]`
  }
}

function countsOf(bins: readonly Bin[], values: readonly Value[], bad: readonly (0 | 1)[]): BinCounts[] {
  const counts = bins.map(() => ({ goods: 0, bads: 0 }))
  for (let i = 0; i < values.length; i++) {
    const k = binOf(bins, values[i]!)
    if (k < 0) continue
    if (bad[i]) counts[k]!.bads++; else counts[k]!.goods++
  }
  return counts
}

/** Cut points of a number's fine bins: upper bounds at quantiles, on distinct values only. */
export function fineCuts(sorted: readonly number[], fineBins: number): number[] {
  const cuts: number[] = []
  for (let q = 1; q < fineBins; q++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((q * sorted.length) / fineBins) - 1)]
    if (v !== undefined && (cuts.length === 0 || v > cuts[cuts.length - 1]!) && v < sorted[sorted.length - 1]!) cuts.push(v)
  }
  return cuts
}

const woeOf = (c: readonly BinCounts[]) => woeTable(c).rows.map((r) => r.woe)

/**
 * Merges adjacent bins (in order) until WoE runs strictly one way and each holds at least `minCount` cases:
 * each pass merges the first offending pair (a bin too small merges with the neighbour nearer its WoE).
 */
export function mergeMonotonic(counts: readonly BinCounts[], direction: 'increasing' | 'decreasing', minCount: number): { groups: number[][]; counts: BinCounts[] } {
  let groups = counts.map((_, i) => [i])
  let c = counts.map((x) => ({ ...x }))
  const merge = (i: number) => {
    groups = [...groups.slice(0, i), [...groups[i]!, ...groups[i + 1]!], ...groups.slice(i + 2)]
    c = [...c.slice(0, i), { goods: c[i]!.goods + c[i + 1]!.goods, bads: c[i]!.bads + c[i + 1]!.bads }, ...c.slice(i + 2)]
  }
  for (;;) {
    if (c.length <= 1) break
    const small = c.findIndex((x) => x.goods + x.bads < minCount)
    if (small >= 0) {
      const w = woeOf(c)
      const left = small > 0 ? Math.abs(w[small]! - w[small - 1]!) : Infinity
      const right = small < c.length - 1 ? Math.abs(w[small]! - w[small + 1]!) : Infinity
      merge(left <= right ? small - 1 : small)
      continue
    }
    const w = woeOf(c)
    let bad = -1
    for (let i = 0; i + 1 < w.length; i++) {
      if (direction === 'increasing' ? w[i]! >= w[i + 1]! : w[i]! <= w[i + 1]!) { bad = i; break }
    }
    if (bad < 0) break
    merge(bad)
  }
  return { groups, counts: c }
}

/**
 * Fine and coarse bins of one characteristic from its values and outcomes (1 = bad). Numbers get monotonic
 * coarse bins (the direction with the higher IV); categories are ordered by WoE and small ones merged; missing
 * and special values keep their own bins (a missing bin always exists, so a card can score a missing value).
 *
 * @example
 * binCharacteristic('numeric', [1, 2, 3, null], [1, 0, 0, 1]).bins.map(binLabel) // e.g. ['≤ 1', '> 1', '缺失']
 */
export function binCharacteristic(type: CharacteristicType, values: readonly Value[], bad: readonly (0 | 1)[], opts: BinningOptions = {}): BinnedCharacteristic {
  const fineBins = opts.fineBins ?? BINNING_DEFAULTS.fineBins
  const minShare = opts.minShare ?? BINNING_DEFAULTS.minShare
  const specials = opts.specials ?? []
  const isSpecial = (v: Value) => v !== null && specials.some((s) => s === v)
  const regular: Array<{ v: number | string; y: 0 | 1 }> = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v === null || isSpecial(v)) continue
    if (type === 'numeric' && typeof v !== 'number') continue
    regular.push({ v: type === 'numeric' ? v : String(v), y: bad[i]! })
  }
  const minCount = Math.max(1, Math.ceil(regular.length * minShare))
  let main: Bin[] = []
  let direction: BinnedCharacteristic['direction'] = 'none'
  if (regular.length) {
    if (type === 'numeric') {
      const sorted = regular.map((r) => r.v as number).sort((a, b) => a - b)
      const cuts = fineCuts(sorted, fineBins)
      const fine: Bin[] = [...cuts, null].map((hi, i) => ({ kind: 'range', lo: i === 0 ? null : cuts[i - 1]!, hi }))
      const fc = countsOf(fine, regular.map((r) => r.v), regular.map((r) => r.y))
      let best: { groups: number[][]; iv: number; dir: 'increasing' | 'decreasing' } | undefined
      for (const dir of ['increasing', 'decreasing'] as const) {
        const m = mergeMonotonic(fc, dir, minCount)
        const iv = woeTable(m.counts).iv
        if (!best || iv > best.iv + 1e-12) best = { groups: m.groups, iv, dir }
      }
      main = best!.groups.map((g) => {
        const first = fine[g[0]!] as Extract<Bin, { kind: 'range' }>
        const last = fine[g[g.length - 1]!] as Extract<Bin, { kind: 'range' }>
        return { kind: 'range', lo: first.lo, hi: last.hi }
      })
      direction = main.length > 1 ? best!.dir : 'none'
    } else {
      const cats = [...new Set(regular.map((r) => r.v as string))].sort()
      const fine: Bin[] = cats.map((c) => ({ kind: 'set', values: [c] }))
      const fc = countsOf(fine, regular.map((r) => r.v), regular.map((r) => r.y))
      const w = woeOf(fc)
      const order = cats.map((_, i) => i).sort((a, b) => w[a]! - w[b]! || a - b)
      // Ordered by WoE the categories are already monotonic; only too-small ones merge.
      const m = mergeMonotonic(order.map((i) => fc[i]!), 'increasing', minCount)
      main = m.groups.map((g) => ({ kind: 'set', values: g.map((k) => cats[order[k]!]!).sort() }))
    }
  } else if (type === 'numeric') main = [{ kind: 'range', lo: null, hi: null }]
  const bins: Bin[] = [...main, ...specials.map((value): Bin => ({ kind: 'special', value })), { kind: 'missing' }]
  const counts = countsOf(bins, values, bad)
  const table = woeTable(counts)
  // An empty bin (a special never seen in training) is neutral: it says nothing either way.
  const woe = table.rows.map((r) => (r.goods + r.bads === 0 ? 0 : r.woe))
  const iv = table.rows.reduce((s, r) => s + (r.goods + r.bads === 0 ? 0 : r.iv), 0)
  return { bins, counts, woe, iv, direction }
}

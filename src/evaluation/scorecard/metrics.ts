/**
 * How well a score separates goods from bads, and how far a population has moved. Scores are "higher is better"
 * (fewer bads), as scorecard points are.
 */

/**
 * Area under the ROC curve: the chance that a random good scores above a random bad, ties counting a half (the
 * Mann–Whitney U statistic over goods × bads). Null when there are no goods or no bads. O(n log n) by ranks.
 *
 * @example
 * auc([700, 650, 600], [0, 0, 1]) // 1: both goods above the bad
 */
export function auc(scores: readonly number[], bad: readonly (0 | 1)[]): number | null {
  const n = scores.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let goods = 0
  let bads = 0
  for (const y of bad) if (y) bads++; else goods++
  if (goods === 0 || bads === 0) return null
  // Sum of the goods' mid-ranks (1-based) in ascending score order.
  let rankSum = 0
  for (let i = 0; i < n;) {
    let j = i
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++
    const mid = (i + 1 + (j + 1)) / 2
    for (let t = i; t <= j; t++) if (!bad[idx[t]!]) rankSum += mid
    i = j + 1
  }
  // U counts pairs (good, bad) where the good scores higher; ties count a half.
  const u = rankSum - (goods * (goods + 1)) / 2
  return u / (goods * bads)
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap, over all cut-offs, between the share of bads and the share of
 * goods at or below the cut-off. Null when there are no goods or no bads. Also returns the score where it happens.
 *
 * @example
 * ks([1, 2, 3, 4], [1, 1, 0, 0]).ks // 1: a cut at 2 holds every bad and no good
 */
export function ks(scores: readonly number[], bad: readonly (0 | 1)[]): { ks: number | null; at: number | null } {
  const n = scores.length
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let goods = 0
  let bads = 0
  for (const y of bad) if (y) bads++; else goods++
  if (goods === 0 || bads === 0) return { ks: null, at: null }
  let cg = 0
  let cb = 0
  let best = 0
  let at: number | null = null
  for (let i = 0; i < n;) {
    const s = scores[idx[i]!]!
    // Every case with the same score falls on the same side of any cut.
    while (i < n && scores[idx[i]!] === s) { if (bad[idx[i]!]) cb++; else cg++; i++ }
    const gap = Math.abs(cb / bads - cg / goods)
    if (gap > best) { best = gap; at = s }
  }
  return { ks: best, at }
}

/** A share below this counts as this, so that an empty bin does not make PSI infinite. */
export const PSI_FLOOR = 0.0001

/**
 * Population stability index between an expected distribution (training) and an actual one (recent), over the
 * same bins: Σ (a − e) × ln(a / e), with shares, each floored at {@link PSI_FLOOR}. Below 0.1 stable, 0.1–0.25 some
 * shift, above 0.25 a real shift (the common reading). Null when either side is empty.
 *
 * @example
 * psi([50, 50], [50, 50]) // 0
 */
export function psi(expected: readonly number[], actual: readonly number[]): number | null {
  const e = expected.reduce((s, v) => s + v, 0)
  const a = actual.reduce((s, v) => s + v, 0)
  if (e === 0 || a === 0) return null
  let sum = 0
  for (let i = 0; i < expected.length; i++) {
    const pe = Math.max(PSI_FLOOR, expected[i]! / e)
    const pa = Math.max(PSI_FLOOR, (actual[i] ?? 0) / a)
    sum += (pa - pe) * Math.log(pa / pe)
  }
  return sum
}

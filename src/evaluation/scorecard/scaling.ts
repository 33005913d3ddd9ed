/**
 * Points scaling: a score of `baseScore` means odds of `baseOdds` goods to one bad, and every `pdo` points double
 * the odds. factor = pdo / ln 2, offset = baseScore − factor · ln(baseOdds), score = offset + factor · ln(odds).
 */
export interface Scaling { baseScore: number; baseOdds: number; pdo: number }

export const DEFAULT_SCALING: Scaling = { baseScore: 600, baseOdds: 50, pdo: 20 }

export function scalingConstants(s: Scaling): { factor: number; offset: number } {
  const factor = s.pdo / Math.LN2
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) }
}

/**
 * The points of one bin of characteristic j when P(bad) = σ(β0 + Σ βj WoEj) over p characteristics: the intercept
 * and the offset are shared out evenly, so that the points of a case's bins add up to its score.
 *
 * @example
 * binPoints({ beta: -1, woe: 0, intercept: -Math.log(50), p: 1 }, DEFAULT_SCALING) // 600
 */
export function binPoints(x: { beta: number; woe: number; intercept: number; p: number }, s: Scaling): number {
  const { factor, offset } = scalingConstants(s)
  return -(x.beta * x.woe + x.intercept / x.p) * factor + offset / x.p
}

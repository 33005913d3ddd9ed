/**
 * Logistic regression by iteratively reweighted least squares (Newton's method on the log-likelihood), with a small
 * ridge penalty λ/2 · Σ βj² on the slopes (never the intercept): WoE columns are often nearly collinear, and a
 * small sample may be separable, where the plain maximum-likelihood slopes run off to infinity.
 * Models P(bad) = 1 / (1 + e^−(β0 + Σ βj xj)).
 */
export interface LogisticFit {
  intercept: number
  coefficients: number[]
  iterations: number
  converged: boolean
  /** The penalised log-likelihood at the solution. */
  logLikelihood: number
}

export interface LogisticOptions { ridge?: number; maxIterations?: number; tolerance?: number }

/** The ridge used when none is given: small enough to leave a well-posed fit almost untouched. */
export const DEFAULT_RIDGE = 0.01

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

/**
 * Solves A x = b for a symmetric positive-definite A (Cholesky); A is (p+1)² with p a handful of characteristics.
 * Returns null when A is not positive definite (a column that is constant and unpenalised).
 */
export function solveSpd(a: number[][], b: number[]): number[] | null {
  const n = b.length
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!
      if (i === j) {
        if (!(s > 1e-12)) return null
        l[i]![i] = Math.sqrt(s)
      } else l[i]![j] = s / l[j]![j]!
    }
  }
  const y = new Array<number>(n).fill(0)
  for (let i = 0; i < n; i++) {
    let s = b[i]!
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!
    y[i] = s / l[i]![i]!
  }
  const x = new Array<number>(n).fill(0)
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!
    x[i] = s / l[i]![i]!
  }
  return x
}

/**
 * Fits the model to rows `x` (one array of p values per case) and outcomes `y` (1 = bad).
 *
 * @example
 * fitLogistic([[0], [0], [1], [1]], [0, 1, 1, 1], { ridge: 0 }).coefficients[0] // ln 3 − 0 … see the tests
 */
export function fitLogistic(x: readonly (readonly number[])[], y: readonly (0 | 1)[], opts: LogisticOptions = {}): LogisticFit {
  const ridge = opts.ridge ?? DEFAULT_RIDGE
  const maxIterations = opts.maxIterations ?? 50
  const tolerance = opts.tolerance ?? 1e-10
  const n = x.length
  const p = n ? x[0]!.length : 0
  const m = p + 1
  const beta = new Array<number>(m).fill(0)
  // Start the intercept at the log-odds of the sample: one Newton step fewer, and never a 0/1 start.
  const bads = y.reduce<number>((s, v) => s + v, 0)
  beta[0] = Math.log((bads + 0.5) / (n - bads + 0.5))
  let iterations = 0
  let converged = false
  const row = new Array<number>(m)
  for (; iterations < maxIterations; iterations++) {
    const h = Array.from({ length: m }, () => new Array<number>(m).fill(0))
    const g = new Array<number>(m).fill(0)
    for (let i = 0; i < n; i++) {
      row[0] = 1
      for (let j = 0; j < p; j++) row[j + 1] = x[i]![j]!
      let z = 0
      for (let j = 0; j < m; j++) z += beta[j]! * row[j]!
      const mu = sigmoid(z)
      const w = Math.max(mu * (1 - mu), 1e-12)
      const r = y[i]! - mu
      for (let j = 0; j < m; j++) {
        g[j]! += row[j]! * r
        for (let k = 0; k <= j; k++) h[j]![k]! += w * row[j]! * row[k]!
      }
    }
    for (let j = 0; j < m; j++) for (let k = j + 1; k < m; k++) h[j]![k] = h[k]![j]!
    for (let j = 1; j < m; j++) { h[j]![j]! += ridge; g[j]! -= ridge * beta[j]! }
    const step = solveSpd(h, g)
    if (!step) break
    let size = 0
    for (let j = 0; j < m; j++) { beta[j]! += step[j]!; size = Math.max(size, Math.abs(step[j]!)) }
    if (size < tolerance) { converged = true; iterations++; break }
  }
  let ll = 0
  for (let i = 0; i < n; i++) {
    let z = beta[0]!
    for (let j = 0; j < p; j++) z += beta[j + 1]! * x[i]![j]!
    const mu = Math.min(1 - 1e-15, Math.max(1e-15, sigmoid(z)))
    ll += y[i] ? Math.log(mu) : Math.log(1 - mu)
  }
  for (let j = 1; j < m; j++) ll -= (ridge / 2) * beta[j]! * beta[j]!
  return { intercept: beta[0]!, coefficients: beta.slice(1), iterations, converged, logLikelihood: ll }
}

import { describe, expect, it } from 'vitest'
import { woeRaw, woeTable } from './woe.js'
import { auc, ks, psi } from './metrics.js'
import { fitLogistic } from './logistic.js'
import { binPoints, DEFAULT_SCALING, scalingConstants } from './scaling.js'
import { binCharacteristic, binLabel, binOf, mergeMonotonic } from './binning.js'
import { reasonsOf, scoreCase, trainScorecard, type Sample } from './train.js'

// Every expected number below is worked out by hand in the comments, not by the code under test.

describe('AUC', () => {
  it('counts the pairs where the good scores above the bad', () => {
    // goods at 20, 40, 50; bads at 10, 30. Pairs good > bad: 20>10, 40>10, 40>30, 50>10, 50>30 (20<30 fails): 5 of 6.
    expect(auc([10, 20, 30, 40, 50], [1, 0, 1, 0, 0])).toBeCloseTo(5 / 6, 12)
  })
  it('counts a tie as half a pair', () => {
    // goods 2, 3; bads 1, 2. (2,1)=1, (2,2)=½, (3,1)=1, (3,2)=1 → 3.5 / 4 = 0.875.
    expect(auc([1, 2, 2, 3], [1, 1, 0, 0])).toBe(0.875)
  })
  it('is null without goods or without bads', () => {
    expect(auc([1, 2], [0, 0])).toBeNull()
    expect(auc([1, 2], [1, 1])).toBeNull()
  })
})

describe('KS', () => {
  it('is the largest gap between the cumulative shares of bads and goods', () => {
    // 2 bads, 3 goods. Cut ≤10: bads ½, goods 0 → .5; ≤20: ½ vs ⅓ → .167; ≤30: 1 vs ⅓ → .667; ≤40: 1 vs ⅔ → .333.
    const r = ks([10, 20, 30, 40, 50], [1, 0, 1, 0, 0])
    expect(r.ks).toBeCloseTo(2 / 3, 12)
    expect(r.at).toBe(30)
  })
  it('keeps tied scores on one side of every cut', () => {
    // Scores 1,1 (a bad and a good) can't be split: ≤1: ½ vs ½ → 0; ≤2: 1 vs ½ → .5.
    expect(ks([1, 1, 2, 3], [1, 0, 1, 0]).ks).toBe(0.5)
  })
})

describe('PSI', () => {
  it('sums (actual − expected) × ln(actual / expected) over the bins', () => {
    // Shares .4 .3 .3 → .3 .3 .4: (−.1)·ln(.75) + 0 + (.1)·ln(4/3) = 2 × .1 × ln(4/3) = .2 × 0.2876821 = 0.0575364.
    expect(psi([40, 30, 30], [30, 30, 40])).toBeCloseTo(0.0575364, 6)
  })
  it('is zero for the same distribution and null for an empty side', () => {
    expect(psi([5, 5], [50, 50])).toBe(0)
    expect(psi([0, 0], [1, 1])).toBeNull()
  })
})

describe('WoE and IV', () => {
  it('gives the WoE and IV of a three-bin table', () => {
    // goods 50/30/20 of 100 → .5 .3 .2; bads 5/10/15 of 30 → ⅙ ⅓ ½.
    // WoE = ln(.5/⅙) = ln 3 = 1.0986123; ln(.3/⅓) = ln .9 = −0.1053605; ln(.2/.5) = ln .4 = −0.9162907.
    // IV = (⅓)(1.0986123) + (−1/30)(−0.1053605) + (−.3)(−0.9162907) = .3662041 + .0035120 + .2748872 = 0.6446033.
    const r = woeRaw([{ goods: 50, bads: 5 }, { goods: 30, bads: 10 }, { goods: 20, bads: 15 }])
    expect(r.woe[0]).toBeCloseTo(1.0986123, 6)
    expect(r.woe[1]).toBeCloseTo(-0.1053605, 6)
    expect(r.woe[2]).toBeCloseTo(-0.9162907, 6)
    expect(r.iv).toBeCloseTo(0.6446033, 6)
  })
  it('adds half a case to each count so a pure bin stays finite', () => {
    // goods 10/0, bads 0/10, two bins: shares (10.5/11, .5/11) and (.5/11, 10.5/11): WoE ±ln 21 = ±3.0445224;
    // IV = 2 × (10/11) × 3.0445224 = 5.5354953.
    const r = woeTable([{ goods: 10, bads: 0 }, { goods: 0, bads: 10 }])
    expect(r.rows[0]!.woe).toBeCloseTo(Math.log(21), 12)
    expect(r.rows[1]!.woe).toBeCloseTo(-3.0445224, 6)
    expect(r.iv).toBeCloseTo(5.5354953, 6)
  })
})

describe('logistic regression (IRLS)', () => {
  it('matches the closed form of one binary feature', () => {
    // x = 0: 1 bad of 4 → logit ¼ = ln(⅓) = −1.0986123 = β0. x = 1: 3 bads of 4 → ln 3 = β0 + β1 → β1 = 2 ln 3 = 2.1972246.
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]]
    const y = [1, 0, 0, 0, 1, 1, 1, 0] as const
    const fit = fitLogistic(x, [...y], { ridge: 0 })
    expect(fit.converged).toBe(true)
    expect(fit.intercept).toBeCloseTo(-1.0986123, 6)
    expect(fit.coefficients[0]).toBeCloseTo(2.1972246, 6)
  })
  it('stays finite on a separable set thanks to the ridge, where the score equations hold', () => {
    // Separable: every x = 1 is bad. Without a penalty β1 → ∞; with λ the solution satisfies, for the slope,
    // Σ x (y − μ) = λ β1 and, for the intercept, Σ (y − μ) = 0 (the penalised score equations).
    const x = [[0], [0], [0], [1], [1], [1], [0.5], [0.5]]
    const y: Array<0 | 1> = [0, 0, 0, 1, 1, 1, 0, 1]
    const fit = fitLogistic(x, y, { ridge: 0.1 })
    expect(fit.converged).toBe(true)
    const mu = x.map((r) => 1 / (1 + Math.exp(-(fit.intercept + fit.coefficients[0]! * r[0]!))))
    expect(y.reduce<number>((s, v, i) => s + v - mu[i]!, 0)).toBeCloseTo(0, 9)
    expect(y.reduce<number>((s, v, i) => s + x[i]![0]! * (v - mu[i]!), 0)).toBeCloseTo(0.1 * fit.coefficients[0]!, 9)
    expect(Number.isFinite(fit.coefficients[0]!)).toBe(true)
    // By symmetry (x ↦ 1 − x, y ↦ 1 − y) the fitted curve passes through ½ at x = ½: β0 = −β1 / 2.
    expect(fit.intercept).toBeCloseTo(-fit.coefficients[0]! / 2, 9)
  })
})

describe('points scaling', () => {
  it('puts the base score at the base odds and adds PDO per doubling', () => {
    // factor = 20 / ln 2 = 28.8539008; offset = 600 − 28.8539008 × ln 50 (3.9120230) = 487.1228762.
    const { factor, offset } = scalingConstants(DEFAULT_SCALING)
    expect(factor).toBeCloseTo(28.8539008, 6)
    expect(offset).toBeCloseTo(487.1228762, 6)
    // One characteristic, β = −1, WoE = ln 2, β0 = −ln 50: logit(bad) = −ln 100 → odds 100:1 → 600 + 20 = 620.
    expect(binPoints({ beta: -1, woe: Math.LN2, intercept: -Math.log(50), p: 1 }, DEFAULT_SCALING)).toBeCloseTo(620, 9)
  })
})

describe('binning', () => {
  it('merges adjacent bins until the WoE runs one way', () => {
    // Smoothed WoE of g/b 8/2, 5/5, 7/3, 2/8 (G' = 24, B' = 20): ln((8.5/24)/(2.5/20)) = 1.04, ln(20/24) = −0.18,
    // ln((7.5/24)/(3.5/20)) = 0.58, ln((2.5/24)/(8.5/20)) = −1.41. Falling, the second and third break the order
    // (−0.18 ≤ 0.58) and merge into 12/8; then 1.04 > 0.20 > −1.41 runs one way.
    const m = mergeMonotonic([{ goods: 8, bads: 2 }, { goods: 5, bads: 5 }, { goods: 7, bads: 3 }, { goods: 2, bads: 8 }], 'decreasing', 1)
    expect(m.groups).toEqual([[0], [1, 2], [3]])
    expect(m.counts[1]).toEqual({ goods: 12, bads: 8 })
  })
  it('keeps missing and special values in their own bins, never as zero', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, null, null, -1, 0]
    const bad: Array<0 | 1> = [1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1]
    const b = binCharacteristic('numeric', values, bad, { specials: [-1], minShare: 0.1 })
    expect(b.bins.at(-1)).toEqual({ kind: 'missing' })
    expect(b.bins.at(-2)).toEqual({ kind: 'special', value: -1 })
    expect(b.counts.at(-1)).toEqual({ goods: 1, bads: 1 })
    expect(binOf(b.bins, 0)).toBe(0) // zero is a number like any other, in the lowest range
    expect(binOf(b.bins, null)).toBe(b.bins.length - 1)
    // Ranges cover the number line once each.
    expect(b.bins.filter((x) => x.kind === 'range').map(binLabel)[0]).toMatch(/^≤/)
    const woes = b.woe.slice(0, b.bins.filter((x) => x.kind === 'range').length)
    for (let i = 1; i < woes.length; i++) expect(woes[i]! > woes[i - 1]!).toBe(true)
  })
  it('bins categories, ordered by WoE, and sends an unseen category nowhere (scored as missing)', () => {
    const b = binCharacteristic('categorical', ['A', 'A', 'A', 'B', 'B', 'C', 'C', 'C'], [0, 0, 0, 0, 1, 1, 1, 0])
    expect(binOf(b.bins, 'A')).toBeGreaterThanOrEqual(0)
    expect(binOf(b.bins, 'Z')).toBe(-1)
  })
})

describe('trainScorecard', () => {
  // 60 loans: the older the firm, the fewer bads; a tax grade A helps; a few firms have no tax grade.
  const samples: Sample[] = []
  for (let i = 0; i < 60; i++) {
    const years = i % 12
    const grade = i % 7 === 0 ? null : i % 3 === 0 ? 'A' : 'B'
    const bad: 0 | 1 = years < 3 ? (i % 4 === 0 ? 0 : 1) : years < 6 ? (i % 5 === 0 ? 1 : 0) : (i % 11 === 0 ? 1 : 0)
    samples.push({ values: { years, grade }, bad, date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}` })
  }
  const specs = [{ key: 'years', zh: '经营年限', type: 'numeric' as const }, { key: 'grade', zh: '纳税信用等级', type: 'categorical' as const }]

  it('gives points that add up to a score ordering the loans as the outcomes do', () => {
    const { card, report } = trainScorecard(samples, specs, { minHoldOut: 1000 })
    expect(report.validation).toBeNull()
    expect(report.notes[0]).toMatch(/不足以留出验证集/)
    expect(report.development.count).toBe(60)
    expect(report.development.auc!).toBeGreaterThan(0.75)
    expect(report.converged).toBe(true)
    // Younger firms score lower: the card's first range gets fewer points than its last.
    const years = card.characteristics[0]!
    const ranges = years.bins.filter((b) => b.bin.kind === 'range')
    expect(ranges[0]!.points).toBeLessThan(ranges.at(-1)!.points)
    // The score is the sum of its parts; and it is the scaled log-odds up to rounding of each part.
    const s = scoreCase(card, { years: 1, grade: 'B' })
    expect(s.score).toBe(s.parts.reduce((a, p) => a + p.points, 0))
    const { factor, offset } = scalingConstants(card.scaling)
    const logit = card.intercept + card.characteristics.reduce((z, c, j) => z + c.coefficient * c.bins[s.parts[j]!.bin]!.woe, 0)
    expect(Math.abs(s.score - (offset - factor * logit))).toBeLessThanOrEqual(card.characteristics.length * 0.5 + 1e-9)
  })

  it('holds out the most recent loans and compares their scores (PSI)', () => {
    const { report } = trainScorecard(samples, specs, { minHoldOut: 10 })
    expect(report.development.count).toBe(42)
    expect(report.validation!.count).toBe(18)
    expect(report.validation!.from! >= report.development.to!).toBe(true)
    expect(report.psi).not.toBeNull()
    expect(report.psiBins.reduce((a, b) => a + b.recent, 0)).toBe(18)
  })

  it('names the characteristics that cost most points', () => {
    const { card } = trainScorecard(samples, specs, { minHoldOut: 1000 })
    const s = scoreCase(card, { years: 0, grade: null })
    const reasons = reasonsOf(card, s.parts)
    expect(reasons[0]!.shortfall).toBeGreaterThan(0)
    expect(reasons[0]!.text).toMatch(/较最优档少 \d+ 分/)
  })
})

import { binCharacteristic, binLabel, binOf, type Bin, type BinningOptions, type CharacteristicType, type Value } from './binning.js'
import { fitLogistic, DEFAULT_RIDGE } from './logistic.js'
import { auc, ks, psi } from './metrics.js'
import { binPoints, DEFAULT_SCALING, type Scaling } from './scaling.js'

/** One characteristic the card uses: its key in the sample values, its name, and how it is binned. */
export interface CharacteristicSpec { key: string; zh: string; type: CharacteristicType; specials?: ReadonlyArray<number | string> }

/** One loan's outcome with its borrower's characteristics. `bad` = overdue or defaulted; `date` its start. */
export interface Sample { values: Readonly<Record<string, Value>>; bad: 0 | 1; date: string }

export interface CardBin { bin: Bin; label: string; goods: number; bads: number; badRate: number | null; woe: number; points: number }
export interface CardCharacteristic { key: string; zh: string; type: CharacteristicType; iv: number; direction: string; coefficient: number; bins: CardBin[] }

/** A trained card: the bins with their points, and how it was made. */
export interface Card { scaling: Scaling; ridge: number; intercept: number; characteristics: CardCharacteristic[] }

export interface SplitReport { count: number; goods: number; bads: number; auc: number | null; ks: number | null; from: string | null; to: string | null }

export interface TrainReport {
  development: SplitReport
  /** The most recent loans, held out of the fit when there are enough of them (see `holdOut`). */
  validation: SplitReport | null
  /** Score distribution of the recent loans against development (score deciles of development). */
  psi: number | null
  psiBins: Array<{ upTo: number | null; development: number; recent: number }>
  converged: boolean
  iterations: number
  /** Sentences for the report page (small sample, held-out part, non-convergence). */
  notes: string[]
}

export interface TrainOptions { scaling?: Scaling; ridge?: number; binning?: BinningOptions; holdOutShare?: number; minHoldOut?: number }

/** The share of the most recent loans held out for validation, once there are `minHoldOut` loans to hold out. */
export const HOLD_OUT = { share: 0.3, minCases: 30 } as const

const splitOf = (samples: readonly Sample[], scores: readonly number[]): SplitReport => {
  const y = samples.map((s) => s.bad)
  const bads = y.reduce<number>((a, b) => a + b, 0)
  return {
    count: samples.length, goods: samples.length - bads, bads, auc: auc(scores, y), ks: ks(scores, y).ks,
    from: samples[0]?.date ?? null, to: samples[samples.length - 1]?.date ?? null,
  }
}

/** The points of each characteristic for one case's values, and its score. An unseen category scores as missing. */
export function scoreCase(card: Card, values: Readonly<Record<string, Value>>): { score: number; parts: Array<{ key: string; bin: number; points: number }> } {
  let score = 0
  const parts = card.characteristics.map((c) => {
    let k = binOf(c.bins.map((b) => b.bin), values[c.key] ?? null)
    if (k < 0) k = c.bins.findIndex((b) => b.bin.kind === 'missing')
    const points = c.bins[k]!.points
    score += points
    return { key: c.key, bin: k, points }
  })
  return { score, parts }
}

/** Decile cut points of development scores, for PSI. */
function decileCuts(scores: readonly number[]): number[] {
  const s = [...scores].sort((a, b) => a - b)
  const cuts: number[] = []
  for (let q = 1; q < 10; q++) {
    const v = s[Math.floor((q * s.length) / 10) - 1]
    if (v !== undefined && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v)
  }
  return cuts
}

/**
 * Trains a WoE/logistic scorecard: bins each characteristic on the development loans, fits P(bad) on the bins'
 * WoE by IRLS with a small ridge, scales to points, and reports AUC and KS (development and held-out recent
 * loans), PSI of the recent loans' scores against development, and the bin table. Loans are taken in date order;
 * the most recent share is held out when it is large enough, else everything is fitted and the report says so.
 *
 * @example
 * const { card, report } = trainScorecard(samples, [{ key: 'years_in_business', zh: '经营年限', type: 'numeric' }])
 */
export function trainScorecard(samples: readonly Sample[], specs: readonly CharacteristicSpec[], opts: TrainOptions = {}): { card: Card; report: TrainReport } {
  const scaling = opts.scaling ?? DEFAULT_SCALING
  const ridge = opts.ridge ?? DEFAULT_RIDGE
  const share = opts.holdOutShare ?? HOLD_OUT.share
  const minHoldOut = opts.minHoldOut ?? HOLD_OUT.minCases
  const ordered = [...samples].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const held = Math.floor(ordered.length * share)
  const notes: string[] = []
  const holdOut = held >= minHoldOut
  const dev = holdOut ? ordered.slice(0, ordered.length - held) : ordered
  const recent = holdOut ? ordered.slice(ordered.length - held) : ordered.slice(ordered.length - Math.max(1, held))
  if (!holdOut) notes.push(`样本 ${ordered.length} 笔，不足以留出验证集（最近 ${Math.round(share * 100)}% 的贷款至少须 ${minHoldOut} 笔），模型用全部样本拟合，验证指标为样本内指标`)
  const y = dev.map((s) => s.bad)

  const binned = specs.map((c) => binCharacteristic(c.type, dev.map((s) => s.values[c.key] ?? null), y, { ...opts.binning, ...(c.specials ? { specials: c.specials } : {}) }))
  // Each case's WoE per characteristic; an unseen category falls in the missing bin, the last one.
  const x = dev.map((s) => binned.map((b, j) => {
    const k = binOf(b.bins, s.values[specs[j]!.key] ?? null)
    return b.woe[k < 0 ? b.bins.length - 1 : k]!
  }))
  const fit = fitLogistic(x, y, { ridge })
  if (!fit.converged) notes.push(`拟合未在 ${fit.iterations} 次迭代内收敛，系数为最后一次迭代的结果`)
  const p = specs.length
  const characteristics: CardCharacteristic[] = specs.map((c, j) => {
    const b = binned[j]!
    return {
      key: c.key, zh: c.zh, type: c.type, iv: b.iv, direction: b.direction, coefficient: fit.coefficients[j]!,
      bins: b.bins.map((bin, k) => ({
        bin, label: binLabel(bin), goods: b.counts[k]!.goods, bads: b.counts[k]!.bads,
        badRate: b.counts[k]!.goods + b.counts[k]!.bads ? b.counts[k]!.bads / (b.counts[k]!.goods + b.counts[k]!.bads) : null,
        woe: b.woe[k]!, points: Math.round(binPoints({ beta: fit.coefficients[j]!, woe: b.woe[k]!, intercept: fit.intercept, p }, scaling)),
      })),
    }
  })
  const card: Card = { scaling, ridge, intercept: fit.intercept, characteristics }
  const devScores = dev.map((s) => scoreCase(card, s.values).score)
  const recentScores = recent.map((s) => scoreCase(card, s.values).score)
  const cuts = decileCuts(devScores)
  const bucket = (v: number) => { const i = cuts.findIndex((c) => v <= c); return i < 0 ? cuts.length : i }
  const dc = new Array<number>(cuts.length + 1).fill(0)
  const rc = new Array<number>(cuts.length + 1).fill(0)
  for (const s of devScores) dc[bucket(s)]!++
  for (const s of recentScores) rc[bucket(s)]!++
  return {
    card,
    report: {
      development: splitOf(dev, devScores),
      validation: holdOut ? splitOf(recent, recentScores) : null,
      psi: psi(dc, rc),
      psiBins: dc.map((d, i) => ({ upTo: cuts[i] ?? null, development: d, recent: rc[i]! })),
      converged: fit.converged, iterations: fit.iterations, notes,
    },
  }
}

/**
 * The reasons of a score (PIPL art. 24): the characteristics that cost most points against their best bin,
 * in Chinese, the largest first.
 */
export function reasonsOf(card: Card, parts: ReturnType<typeof scoreCase>['parts'], top = 3): Array<{ key: string; zh: string; points: number; shortfall: number; text: string }> {
  return parts.map((part, j) => {
    const c = card.characteristics[j]!
    const best = Math.max(...c.bins.map((b) => b.points))
    const shortfall = best - part.points
    return { key: c.key, zh: c.zh, points: part.points, shortfall, text: shortfall > 0 ? `${c.zh}：${c.bins[part.bin]!.label}，较最优档少 ${shortfall} 分` : `${c.zh}：${c.bins[part.bin]!.label}，已为最优档` }
  }).sort((a, b) => b.shortfall - a.shortfall || a.key.localeCompare(b.key)).slice(0, top)
}

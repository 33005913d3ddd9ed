/**
 * Weight of evidence and information value of a bin table. Convention (Siddiqi, *Credit Risk Scorecards*):
 * WoE = ln(share of goods in the bin / share of bads in the bin), so a bin richer in goods than the whole has a
 * positive WoE; IV = Σ (share of goods − share of bads) × WoE. A bin with no goods or no bads would make WoE
 * infinite, so each count gets half a case (the usual Laplace-style adjustment) before the shares are taken.
 */
export interface BinCounts { goods: number; bads: number }

/** Half a case added to each count of a bin (only in the WoE, never in the counts shown). */
export const WOE_SMOOTHING = 0.5

export interface WoeRow extends BinCounts { woe: number; iv: number; badRate: number | null }

/**
 * WoE and the IV part of each bin, and the table's total IV.
 *
 * @example
 * woeTable([{ goods: 40, bads: 10 }, { goods: 60, bads: 40 }]).iv // ≈ 0.19
 */
export function woeTable(bins: readonly BinCounts[]): { rows: WoeRow[]; iv: number } {
  const k = bins.length
  let goods = 0
  let bads = 0
  for (const b of bins) { goods += b.goods; bads += b.bads }
  const gTotal = goods + WOE_SMOOTHING * k
  const bTotal = bads + WOE_SMOOTHING * k
  let iv = 0
  const rows = bins.map((b) => {
    const g = (b.goods + WOE_SMOOTHING) / gTotal
    const d = (b.bads + WOE_SMOOTHING) / bTotal
    const woe = Math.log(g / d)
    const part = (g - d) * woe
    iv += part
    return { goods: b.goods, bads: b.bads, woe, iv: part, badRate: b.goods + b.bads > 0 ? b.bads / (b.goods + b.bads) : null }
  })
  return { rows, iv }
}

/** The same without smoothing, for tables where every bin has goods and bads (used by the tests' hand arithmetic). */
export function woeRaw(bins: readonly BinCounts[]): { woe: number[]; iv: number } {
  let goods = 0
  let bads = 0
  for (const b of bins) { goods += b.goods; bads += b.bads }
  let iv = 0
  const woe = bins.map((b) => {
    const g = b.goods / goods
    const d = b.bads / bads
    const w = Math.log(g / d)
    iv += (g - d) * w
    return w
  })
  return { woe, iv }
}

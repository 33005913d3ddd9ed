import type { CatalogIndex } from '../catalog/index.js'
import { evaluateRules, overallOutcome, type EligibilityFacts, type Outcome } from './eligibility-rules.js'
import type { Need, ProductMatch, ProductVersion } from './financing.types.js'
import { regionCovers } from './product.service.js'

/** Built once: a NumberFormat per call would cost more than the matching. */
const WAN = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
const yuan = (fen: number) => `${WAN.format(fen / 1_000_000)} 万元`
const RANK: Record<Outcome, number> = { pass: 0, unknown: 1, fail: 2 }

type NeedTerms = Pick<Need, 'amountFen' | 'termMonths' | 'collateral' | 'divisionCode'>

function termsOf(need: NeedTerms, product: ProductVersion, explain: boolean): ProductMatch['terms'] {
  const amount = need.amountFen >= product.amountMinFen && need.amountFen <= product.amountMaxFen
  const term = need.termMonths >= product.termMinMonths && need.termMonths <= product.termMaxMonths
  let region = false
  for (const r of product.regions) if (regionCovers(r, need.divisionCode)) region = true
  const terms = [
    { check: 'amount', ok: amount, zh: explain ? `申请金额 ${yuan(need.amountFen)}，产品额度 ${yuan(product.amountMinFen)}–${yuan(product.amountMaxFen)}` : '' },
    { check: 'term', ok: term, zh: explain ? `申请期限 ${need.termMonths} 个月，产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月` : '' },
    { check: 'region', ok: region, zh: !explain ? '' : need.divisionCode ? `企业所在地区 ${need.divisionCode}，产品服务地区 ${product.regions.join('、')}` : '平台未掌握企业所在地区' },
  ]
  if (product.guaranteeRequired) terms.push({ check: 'guarantee', ok: need.collateral !== null, zh: !explain ? '' : need.collateral ? `产品需担保或抵质押，企业可提供：${need.collateral}` : '产品需担保或抵质押，企业未提供' })
  return terms
}

function matchOne(need: NeedTerms, product: ProductVersion, facts: EligibilityFacts, catalog: CatalogIndex, explain: boolean): ProductMatch {
  const terms = termsOf(need, product, explain)
  const rules = evaluateRules(product.rules, facts, catalog, { explain })
  let passed = 0
  let termFailed = false
  for (const t of terms) if (t.ok) passed++; else termFailed = true
  for (const r of rules) if (r.outcome === 'pass') passed++
  const outcome: Outcome = termFailed ? 'fail' : overallOutcome(rules)
  return { product, outcome, terms, rules, score: Math.round((passed / (rules.length + terms.length)) * 100) }
}

function byRank(a: ProductMatch, b: ProductMatch): number {
  return RANK[a.outcome] - RANK[b.outcome] || b.score - a.score || a.product.rateMinBp - b.product.rateMinBp || (a.product.id < b.product.id ? -1 : 1)
}

/**
 * One need against the shelf: for each published product, whether the amount, term, region and guarantee fit, and
 * each eligibility rule's outcome with its reason; ranked eligible first, then undecided, then the rest, and within
 * each by the share of rules passed and the lowest rate. Pure: the same need, products and facts give the same list.
 * Every product is judged; the sentences are written for the `limit` best only, which is what a person reads.
 *
 * @example
 * matchProducts(need, await products.published(), facts, catalog.current(), 50)[0].outcome // 'pass'
 */
export function matchProducts(need: NeedTerms, products: readonly ProductVersion[], facts: EligibilityFacts, catalog: CatalogIndex, limit = Number.POSITIVE_INFINITY): ProductMatch[] {
  const judged: ProductMatch[] = new Array(products.length)
  for (let i = 0; i < products.length; i++) judged[i] = matchOne(need, products[i]!, facts, catalog, false)
  judged.sort(byRank)
  const out: ProductMatch[] = []
  for (let i = 0; i < judged.length && i < limit; i++) out.push(matchOne(need, judged[i]!.product, facts, catalog, true))
  return out
}

/** Facts for the rules from a subject's profile as the records context gives it (its current records per item). */
export function factsFromProfile(profile: { categories: ReadonlyArray<{ items: ReadonlyArray<{ key: string; records: ReadonlyArray<{ values: Record<string, unknown>; provenance: { receivedAt: string } }> }> }> }, today: string): EligibilityFacts {
  const records = new Map<string, Array<{ values: Record<string, unknown>; receivedAt: string }>>()
  for (const c of profile.categories) for (const i of c.items) records.set(i.key, i.records.map((r) => ({ values: r.values, receivedAt: r.provenance.receivedAt })))
  return { today, records }
}

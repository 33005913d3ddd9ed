import type { CatalogIndex } from '../catalog/index.js'
import { evaluateRules, overallOutcome, type EligibilityFacts, type Outcome } from './eligibility-rules.js'
import type { Need, ProductMatch, ProductVersion } from './financing.types.js'
import { regionCovers } from './product.service.js'

const yuan = (fen: number) => `${(fen / 10_000 / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`
const RANK: Record<Outcome, number> = { pass: 0, unknown: 1, fail: 2 }

/**
 * One need against the shelf: for each published product, whether the amount, term, region and guarantee fit, and
 * each eligibility rule's outcome with its reason; ranked eligible first, then undecided, then the rest, and within
 * each by the share of rules passed and the lowest rate. Pure: the same need, products and facts give the same list.
 *
 * @example
 * matchProducts(need, await products.published(), facts, catalog.current())[0].outcome // 'pass'
 */
export function matchProducts(need: Pick<Need, 'amountFen' | 'termMonths' | 'collateral' | 'divisionCode'>, products: readonly ProductVersion[], facts: EligibilityFacts, catalog: CatalogIndex): ProductMatch[] {
  const out: ProductMatch[] = []
  for (const product of products) {
    const terms = [
      { check: 'amount', ok: need.amountFen >= product.amountMinFen && need.amountFen <= product.amountMaxFen, zh: `申请金额 ${yuan(need.amountFen)}，产品额度 ${yuan(product.amountMinFen)}–${yuan(product.amountMaxFen)}` },
      { check: 'term', ok: need.termMonths >= product.termMinMonths && need.termMonths <= product.termMaxMonths, zh: `申请期限 ${need.termMonths} 个月，产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月` },
      { check: 'region', ok: product.regions.some((r) => regionCovers(r, need.divisionCode)), zh: need.divisionCode ? `企业所在地区 ${need.divisionCode}，产品服务地区 ${product.regions.join('、')}` : '平台未掌握企业所在地区' },
    ]
    if (product.guaranteeRequired) terms.push({ check: 'guarantee', ok: need.collateral !== null, zh: need.collateral ? `产品需担保或抵质押，企业可提供：${need.collateral}` : '产品需担保或抵质押，企业未提供' })
    const rules = evaluateRules(product.rules, facts, catalog)
    const ruleOutcome = overallOutcome(rules)
    const outcome: Outcome = terms.some((t) => !t.ok) ? 'fail' : ruleOutcome
    const passed = rules.filter((r) => r.outcome === 'pass').length + terms.filter((t) => t.ok).length
    const score = Math.round((passed / (rules.length + terms.length)) * 100)
    out.push({ product, outcome, terms, rules, score })
  }
  return out.sort((a, b) => RANK[a.outcome] - RANK[b.outcome] || b.score - a.score || a.product.rateMinBp - b.product.rateMinBp || (a.product.id < b.product.id ? -1 : 1))
}

/** Facts for the rules from a subject's profile as the records context gives it (its current records per item). */
export function factsFromProfile(profile: { categories: ReadonlyArray<{ items: ReadonlyArray<{ key: string; records: ReadonlyArray<{ values: Record<string, unknown>; provenance: { receivedAt: string } }> }> }> }, today: string): EligibilityFacts {
  const records = new Map<string, Array<{ values: Record<string, unknown>; receivedAt: string }>>()
  for (const c of profile.categories) for (const i of c.items) records.set(i.key, i.records.map((r) => ({ values: r.values, receivedAt: r.provenance.receivedAt })))
  return { today, records }
}

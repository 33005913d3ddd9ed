import type { CatalogIndex } from '../catalog/index.js'
import { evaluateRules, overallOutcome, type EligibilityFacts, type EligibilityRule, type Outcome } from './eligibility-rules.js'
import type { Need, ProductMatch, ProductVersion } from './financing.types.js'
import { regionCovers } from './product.service.js'

/** Built once: a NumberFormat per call would cost more than the matching. */
const WAN = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })
const YUAN_SEEN = new Map<number, string>()
/** Formatting is the dearest part of a reason, and a shelf's amounts repeat across needs: each is formatted once. */
const yuan = (fen: number) => {
  let text = YUAN_SEEN.get(fen)
  if (text === undefined) {
    text = `${WAN.format(fen / 1_000_000)} 万元`
    if (YUAN_SEEN.size >= 100_000) YUAN_SEEN.clear()
    YUAN_SEEN.set(fen, text)
  }
  return text
}
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

/** One product for one need, with its sentences when `explain`. */
export function matchOne(need: NeedTerms, product: ProductVersion, facts: EligibilityFacts, catalog: CatalogIndex, explain: boolean): ProductMatch {
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
 * The shelf prepared for matching many needs: each product's top-level rules as indices into the shelf's distinct
 * rules. Banks write the same few rules again and again (纳税信用等级 A/B, 成立满 N 年, 无失信记录 …), so 2,000
 * products hold a few hundred distinct rules: a need's facts are judged once per distinct rule, and each product is
 * then a handful of array reads. Built once per set of product versions (a version's rules never change).
 */
export interface Shelf {
  readonly products: readonly ProductVersion[]
  /** The distinct top-level rules of the shelf, each judged once per need. */
  readonly rules: readonly EligibilityRule[]
  /** Product i's rules are `ruleIndex[ruleStart[i] … ruleStart[i + 1])`. */
  readonly ruleStart: Uint32Array
  readonly ruleIndex: Uint32Array
  /** Product i's place in the order of product ids: the last tie-break of the ranking. */
  readonly idOrder: Uint32Array
  /** One more than the highest minimum rate, the radix of the rate in the ranking key. */
  readonly rateSpan: number
  /** The shelf's distinct region lists as division-code prefixes (640100 → 6401); product i has `regionList[i]`. */
  readonly regionLists: ReadonlyArray<readonly string[]>
  readonly regionList: Uint32Array
  /** Product i's terms, laid out flat: amount min, max, term min, max, rate min, guarantee required (0/1). */
  readonly terms: Float64Array
}

const TERM_FIELDS = 6

const prefixOf = (region: string) => {
  let prefix = region
  while (prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  return prefix
}

/** Rule documents' keys per rules array: a shelf rebuilt from the same product objects does not stringify again. */
const RULE_KEYS = new WeakMap<readonly EligibilityRule[], string[]>()

function ruleKeysOf(p: ProductVersion): string[] {
  let keys = RULE_KEYS.get(p.rules)
  if (!keys) {
    keys = p.rules.map((r) => JSON.stringify(r))
    RULE_KEYS.set(p.rules, keys)
  }
  return keys
}

/**
 * Prepares a shelf for {@link matchShelf}. The rules are interned by their JSON text: two rules with the same text
 * judge the same facts the same way, so one judgement serves every product that states it.
 *
 * @example
 * const shelf = compileShelf(await products.published())
 * for (const need of needs) matchShelf(need, shelf, factsOf(need), catalog.current(), 20)
 */
export function compileShelf(products: readonly ProductVersion[]): Shelf {
  const ids = new Map<string, number>()
  const rules: EligibilityRule[] = []
  const ruleStart = new Uint32Array(products.length + 1)
  const index: number[] = []
  let rateSpan = 1
  for (let i = 0; i < products.length; i++) {
    const p = products[i]!
    const keys = ruleKeysOf(p)
    ruleStart[i] = index.length
    for (let j = 0; j < keys.length; j++) {
      let id = ids.get(keys[j]!)
      if (id === undefined) {
        id = rules.length
        ids.set(keys[j]!, id)
        rules.push(p.rules[j]!)
      }
      index.push(id)
    }
    if (p.rateMinBp + 1 > rateSpan) rateSpan = p.rateMinBp + 1
  }
  ruleStart[products.length] = index.length
  const byId = products.map((p, i) => [p.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const idOrder = new Uint32Array(products.length)
  byId.forEach(([, i], place) => { idOrder[i] = place })
  const terms = new Float64Array(products.length * TERM_FIELDS)
  products.forEach((p, i) => terms.set([p.amountMinFen, p.amountMaxFen, p.termMinMonths, p.termMaxMonths, p.rateMinBp, p.guaranteeRequired ? 1 : 0], i * TERM_FIELDS))
  const lists = new Map<string, number>()
  const regionLists: string[][] = []
  const regionList = new Uint32Array(products.length)
  products.forEach((p, i) => {
    const key = p.regions.join(',')
    let id = lists.get(key)
    if (id === undefined) { id = regionLists.length; lists.set(key, id); regionLists.push(p.regions.map(prefixOf)) }
    regionList[i] = id
  })
  return { products, rules, ruleStart, ruleIndex: Uint32Array.from(index), idOrder, rateSpan, regionLists, regionList, terms }
}

const SHELVES = new WeakMap<readonly ProductVersion[], Shelf>()

/**
 * One need against a prepared shelf: every product judged (terms, then each rule's outcome from the need's one
 * judgement of it), ranked exactly as {@link matchProducts} ranks (eligible, undecided, the rest; then share of rules
 * passed, lowest rate, product id), and the `limit` best written out with every reason. The reasons of any other
 * product are the same call with a larger limit, or {@link matchOne}'s explained form of that product.
 */
export function matchShelf(need: NeedTerms, shelf: Shelf, facts: EligibilityFacts, catalog: CatalogIndex, limit = Number.POSITIVE_INFINITY): ProductMatch[] {
  const n = shelf.products.length
  const outcomes = evaluateRules(shelf.rules, facts, catalog, { explain: false })
  const code = new Uint8Array(outcomes.length)
  for (let i = 0; i < outcomes.length; i++) code[i] = RANK[outcomes[i]!.outcome]
  // One number per product orders like `byRank`: rank, then (100 − score), then the rate, then the id's place.
  const k3 = n
  const k2 = shelf.rateSpan * k3
  const k1 = 101 * k2
  const take = Math.min(limit, n)
  if (take === 0) return []
  // The `take` smallest keys so far, ascending: most products rank below the last one and cost one comparison.
  const topKeys = new Float64Array(take)
  const topIdx = new Uint32Array(take)
  let filled = 0
  const division = need.divisionCode
  const amount = need.amountFen
  const termMonths = need.termMonths
  const collateral = need.collateral !== null
  const T = shelf.terms
  // Whether the need's place is served, once per distinct region list rather than once per product.
  const covered = new Uint8Array(shelf.regionLists.length)
  if (division) shelf.regionLists.forEach((prefixes, j) => { covered[j] = prefixes.some((prefix) => division.startsWith(prefix)) ? 1 : 0 })
  for (let i = 0; i < n; i++) {
    const o = i * TERM_FIELDS
    // The terms as `termsOf` judges them (amount, term, region, guarantee), without its sentences.
    let passed = 0
    const guarantee = T[o + 5] === 1
    const termCount = guarantee ? 4 : 3
    if (amount >= T[o]! && amount <= T[o + 1]!) passed++
    if (termMonths >= T[o + 2]! && termMonths <= T[o + 3]!) passed++
    passed += covered[shelf.regionList[i]!]!
    if (guarantee && collateral) passed++
    const termFailed = passed < termCount
    let fail = false
    let unknown = false
    const end = shelf.ruleStart[i + 1]!
    for (let j = shelf.ruleStart[i]!; j < end; j++) {
      const c = code[shelf.ruleIndex[j]!]!
      if (c === 0) passed++
      else if (c === 2) fail = true
      else unknown = true
    }
    const rank = termFailed || fail ? 2 : unknown ? 1 : 0
    const score = Math.round((passed / (end - shelf.ruleStart[i]! + termCount)) * 100)
    const key = rank * k1 + (100 - score) * k2 + T[o + 4]! * k3 + shelf.idOrder[i]!
    if (filled === take && key >= topKeys[take - 1]!) continue
    // Keys are distinct (the id's place is in each): insert in order, dropping the last when full.
    let at = filled < take ? filled++ : take - 1
    while (at > 0 && topKeys[at - 1]! > key) { topKeys[at] = topKeys[at - 1]!; topIdx[at] = topIdx[at - 1]!; at-- }
    topKeys[at] = key
    topIdx[at] = i
  }
  const out: ProductMatch[] = new Array(filled)
  for (let j = 0; j < filled; j++) out[j] = matchOne(need, shelf.products[topIdx[j]!]!, facts, catalog, true)
  return out
}

/**
 * One need against the shelf: for each published product, whether the amount, term, region and guarantee fit, and
 * each eligibility rule's outcome with its reason; ranked eligible first, then undecided, then the rest, and within
 * each by the share of rules passed and the lowest rate. Pure: the same need, products and facts give the same list.
 * Every product is judged; the sentences are written for the `limit` best only, which is what a person reads.
 * The shelf is prepared once per products array ({@link compileShelf}); callers matching many needs keep the array.
 *
 * @example
 * matchProducts(need, await products.published(), facts, catalog.current(), 50)[0].outcome // 'pass'
 */
export function matchProducts(need: NeedTerms, products: readonly ProductVersion[], facts: EligibilityFacts, catalog: CatalogIndex, limit = Number.POSITIVE_INFINITY): ProductMatch[] {
  let shelf = SHELVES.get(products)
  if (!shelf) {
    shelf = compileShelf(products)
    SHELVES.set(products, shelf)
  }
  return matchShelf(need, shelf, facts, catalog, limit)
}

/** The reference ranking, product by product with no shared judgement: what {@link matchShelf} must equal. */
export function matchProductsOneByOne(need: NeedTerms, products: readonly ProductVersion[], facts: EligibilityFacts, catalog: CatalogIndex, limit = Number.POSITIVE_INFINITY): ProductMatch[] {
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

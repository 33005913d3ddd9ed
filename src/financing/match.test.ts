import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { loadBundledCatalog, CatalogIndex } from '../catalog/index.js'
import type { EligibilityFacts, EligibilityRule } from './eligibility-rules.js'
import type { ProductVersion } from './financing.types.js'
import { compileShelf, matchProducts, matchProductsOneByOne, matchShelf } from './match.js'

const catalog = new CatalogIndex(1, loadBundledCatalog().document)
const TODAY = '2026-06-01'

// A small pool of rules, so that products share rules (what the shelf's interning relies on) and ties happen.
const leaf = fc.oneof(
  fc.constantFrom(['A'], ['A', 'B'], ['B', 'M']).map((value): EligibilityRule => ({ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: [...value], latestBy: 'rating_year' })),
  fc.integer({ min: 0, max: 6 }).map((years): EligibilityRule => ({ kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years })),
  fc.constant<EligibilityRule>({ kind: 'no_record', item: 'dishonest_judgment_debtor' }),
  fc.constantFrom(6, 12, 36).map((withinMonths): EligibilityRule => ({ kind: 'no_record', item: 'administrative_penalty', withinMonths, dateField: 'decision_date' })),
  fc.record({ fn: fc.constantFrom('max' as const, 'sum' as const, 'avg' as const, 'min' as const, 'count' as const), value: fc.integer({ min: 0, max: 5 }).map((n) => n * 50_000_00) })
    .map(({ fn, value }): EligibilityRule => ({ kind: 'aggregate', item: 'tax_payment', field: 'vat_paid_last_12_months', fn, op: 'gte', value: fn === 'count' ? value / 50_000_00 : value })),
  fc.constant<EligibilityRule>({ kind: 'credit_grade', op: 'in', value: ['AAA', 'AA'] }),
)
const rule: fc.Arbitrary<EligibilityRule> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { minLength: 1, maxLength: 3 }).map((rules): EligibilityRule => ({ kind: 'any', rules })) },
  { weight: 1, arbitrary: leaf.map((r): EligibilityRule => ({ kind: 'not', rule: r })) },
)

const product = (i: number) => fc.record({
  rules: fc.array(rule, { maxLength: 5 }),
  min: fc.integer({ min: 1, max: 5 }), span: fc.integer({ min: 0, max: 5 }), termMax: fc.constantFrom(12, 36),
  rate: fc.constantFrom(350, 400, 450), region: fc.constantFrom('640000', '640100', '640106', '640200'), guarantee: fc.boolean(),
}).map((p): ProductVersion => ({
  id: `p${String((i * 7919) % 1000).padStart(4, '0')}`, version: 1, institution: 'bank', status: 'published', type: 'credit', name: `产品${i}`, description: '',
  amountMinFen: p.min * 10_000_00, amountMaxFen: (p.min + p.span) * 10_000_00, termMinMonths: 3, termMaxMonths: p.termMax, rateMinBp: p.rate, rateMaxBp: 600,
  repaymentWays: ['bullet'], regions: [p.region], guaranteeRequired: p.guarantee, rules: p.rules, reviewReason: null, reviewedBy: null, reviewedAt: null, createdAt: TODAY, updatedAt: TODAY,
}))

const shelfArb = fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => product(i))))

const factsArb = fc.record({
  grade: fc.option(fc.constantFrom('A', 'B', 'M', 'C')), established: fc.option(fc.constantFrom('2019-05-31', '2021-06-01', '2024-01-15', 'bad')),
  debtor: fc.boolean(), penalties: fc.array(fc.constantFrom('2026-05-01', '2025-09-01', '2023-01-01'), { maxLength: 2 }),
  vat: fc.array(fc.constantFrom('0.00', '120000.00', '250000.00', 'x'), { maxLength: 3 }), creditGrade: fc.option(fc.constantFrom('AAA', 'B')),
}).map((f): EligibilityFacts => {
  const at = '2026-05-01T00:00:00Z'
  const records = new Map<string, Array<{ values: Record<string, unknown>; receivedAt: string }>>()
  if (f.grade) records.set('tax_credit_rating', [{ values: { tax_credit_grade: f.grade, rating_year: 2025 }, receivedAt: at }])
  if (f.established) records.set('business_license', [{ values: { establishment_date: f.established }, receivedAt: at }])
  if (f.debtor) records.set('dishonest_judgment_debtor', [{ values: { case_number: 'x' }, receivedAt: at }])
  if (f.penalties.length) records.set('administrative_penalty', f.penalties.map((d) => ({ values: { decision_date: d }, receivedAt: at })))
  if (f.vat.length) records.set('tax_payment', f.vat.map((v) => ({ values: { vat_paid_last_12_months: v }, receivedAt: at })))
  return { today: TODAY, records, ...(f.creditGrade ? { creditGrade: { grade: f.creditGrade, baseGrade: f.creditGrade, loweredBy: [] } } : {}) }
})

const needArb = fc.record({
  amountFen: fc.integer({ min: 1, max: 10 }).map((n) => n * 10_000_00), termMonths: fc.constantFrom(3, 12, 24, 48),
  collateral: fc.constantFrom(null, '房产'), divisionCode: fc.constantFrom('640106', '640205', '640502', ''),
})

describe('matching a need against a prepared shelf', () => {
  it('ranks and explains exactly as judging every product one by one, at any page size', () => {
    fc.assert(fc.property(shelfArb, factsArb, needArb, fc.constantFrom(0, 1, 5, 20, Number.POSITIVE_INFINITY), (products, facts, need, limit) => {
      expect(matchShelf(need, compileShelf(products), facts, catalog, limit)).toEqual(matchProductsOneByOne(need, products, facts, catalog, limit))
    }), { numRuns: 300 })
  })

  it('keeps serving the same products array from its prepared shelf', () => {
    fc.assert(fc.property(shelfArb, fc.array(factsArb, { minLength: 2, maxLength: 4 }), needArb, (products, many, need) => {
      for (const facts of many) expect(matchProducts(need, products, facts, catalog, 10)).toEqual(matchProductsOneByOne(need, products, facts, catalog, 10))
    }), { numRuns: 100 })
  })

  it('puts eligible products first, then undecided ones, then the rest', () => {
    const base = { version: 1, institution: 'bank', status: 'published', type: 'credit', name: 'x', description: '', amountMinFen: 1, amountMaxFen: 100_000_000, termMinMonths: 1, termMaxMonths: 60, rateMinBp: 400, rateMaxBp: 600, guaranteeRequired: false, reviewReason: null, reviewedBy: null, reviewedAt: null, createdAt: TODAY, updatedAt: TODAY } as const
    const products: ProductVersion[] = [
      { ...base, repaymentWays: ['bullet'], regions: ['640000'], id: 'fails', rules: [{ kind: 'no_record', item: 'dishonest_judgment_debtor' }] },
      { ...base, repaymentWays: ['bullet'], regions: ['640000'], id: 'unknown', rules: [{ kind: 'credit_grade', op: 'in', value: ['AAA'] }] },
      { ...base, repaymentWays: ['bullet'], regions: ['640000'], id: 'passes', rules: [{ kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: 1 }] },
    ]
    const facts: EligibilityFacts = { today: TODAY, records: new Map([['business_license', [{ values: { establishment_date: '2020-01-01' }, receivedAt: TODAY }]], ['dishonest_judgment_debtor', [{ values: {}, receivedAt: TODAY }]]]) }
    const ranked = matchShelf({ amountFen: 10_000_00, termMonths: 12, collateral: null, divisionCode: '640106' }, compileShelf(products), facts, catalog)
    expect(ranked.map((m) => [m.product.id, m.outcome])).toEqual([['passes', 'pass'], ['unknown', 'unknown'], ['fails', 'fail']])
    expect(ranked[2]!.rules[0]!.reason).toBe('平台归集到 1 条失信被执行人信息记录')
  })
})

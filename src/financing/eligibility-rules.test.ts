import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { loadBundledCatalog, CatalogIndex } from '../catalog/index.js'
import { evaluateRules, moneyToFen, overallOutcome, RULE_LIMITS, validateRules, type EligibilityFacts, type EligibilityRule } from './eligibility-rules.js'

const catalog = new CatalogIndex(1, loadBundledCatalog().document)

const facts = (records: Record<string, Array<Record<string, unknown>>>, extra: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  today: '2026-06-01',
  records: new Map(Object.entries(records).map(([k, list]) => [k, list.map((values, i) => ({ values, receivedAt: `2026-0${i + 1}-01T00:00:00Z` }))])),
  ...extra,
})

const grade: EligibilityRule = { kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: ['A', 'B'], latestBy: 'rating_year' }
const twoYears: EligibilityRule = { kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: 2 }
const noDebtor: EligibilityRule = { kind: 'no_record', item: 'dishonest_judgment_debtor' }
const noPenalty: EligibilityRule = { kind: 'no_record', item: 'administrative_penalty', withinMonths: 12, dateField: 'decision_date' }
const vat: EligibilityRule = { kind: 'aggregate', item: 'tax_payment', field: 'vat_paid_last_12_months', fn: 'max', op: 'gte', value: 100_000_00 }

describe('eligibility rules: validation', () => {
  it('accepts the usual rules of a tax loan', () => {
    expect(validateRules([grade, twoYears, noDebtor, noPenalty, vat, { kind: 'credit_grade', op: 'in', value: ['AAA', 'AA'] }], catalog)).toEqual([])
  })

  it('refuses an unknown item, field, kind or operator with the path of the bad rule', () => {
    const problems = validateRules([
      twoYears,
      { kind: 'all', rules: [grade, { kind: 'field', item: 'tax_credit_rating', field: 'nope', op: 'eq', value: 'A' }] },
      { kind: 'no_record', item: 'no_such_item' },
      { kind: 'eval', code: 'process.exit()' },
      { kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'like', value: 'A' },
    ], catalog)
    expect(problems.map((p) => p.path)).toEqual(['rules[1].rules[1].field', 'rules[2].item', 'rules[3].kind', 'rules[4].op'])
    expect(problems.every((p) => /[\u4e00-\u9fa5]/.test(p.zh))).toBe(true)
  })

  it('refuses an operator that does not fit the field type', () => {
    expect(validateRules([{ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'gte', value: 'A' }], catalog)[0]!.path).toBe('rules[0].op')
    expect(validateRules([{ kind: 'aggregate', item: 'business_license', field: 'entity_name', fn: 'sum', op: 'gte', value: 1 }], catalog)[0]!.path).toBe('rules[0].field')
    expect(validateRules([{ kind: 'years_since', item: 'tax_payment', field: 'vat_paid_last_12_months', op: 'gte', years: 1 }], catalog)[0]!.path).toBe('rules[0].field')
    expect(validateRules([{ kind: 'field', item: 'tax_payment', field: 'vat_paid_last_12_months', op: 'gte', value: '100' }], catalog)[0]!.path).toBe('rules[0].value')
  })

  it('refuses properties a kind does not take', () => {
    expect(validateRules([{ ...twoYears, extra: 1 } as never], catalog)[0]!.path).toBe('rules[0].extra')
  })

  it('refuses a document nested deeper than the limit after a few steps, however deep it is', () => {
    let deep: unknown = noDebtor
    for (let i = 0; i < 50_000; i++) deep = { kind: 'not', rule: deep }
    const problems = validateRules([deep], catalog)
    expect(problems).toHaveLength(1)
    expect(problems[0]!.zh).toContain(`${RULE_LIMITS.maxDepth} 层`)
  })

  it('refuses more rules than the limit, counted across nesting', () => {
    const wide = Array.from({ length: 10 }, () => ({ kind: 'all', rules: [noDebtor, noDebtor, noDebtor, noDebtor, noDebtor] }))
    expect(validateRules(wide, catalog).some((p) => p.zh.includes(`${RULE_LIMITS.maxRules} 条`))).toBe(true)
  })

  it('never throws on any JSON and answers problems or nothing', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const problems = validateRules(v, catalog)
      expect(Array.isArray(problems)).toBe(true)
    }), { numRuns: 300 })
  })
})

describe('eligibility rules: evaluation', () => {
  const good = facts({
    tax_credit_rating: [{ rating_year: 2024, tax_credit_grade: 'C' }, { rating_year: 2025, tax_credit_grade: 'A' }],
    business_license: [{ establishment_date: '2024-06-01' }],
    tax_payment: [{ vat_paid_last_12_months: '1250000.00' }],
    administrative_penalty: [{ decision_date: '2025-05-01' }],
  })

  it('passes each rule the facts satisfy, with the subject\'s own value as the reason', () => {
    const r = evaluateRules([grade, twoYears, noDebtor, noPenalty, vat], good, catalog)
    expect(r.map((x) => x.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
    expect(r[0]!.reason).toBe('纳税信用等级为A')
    expect(r[1]!.reason).toContain('距今 2 年')
    expect(r[4]!.reason).toContain('1,250,000.00 元')
    expect(overallOutcome(r)).toBe('pass')
  })

  it('fails what the facts contradict and explains it in Chinese', () => {
    const young = facts({ business_license: [{ establishment_date: '2024-06-02' }], administrative_penalty: [{ decision_date: '2025-06-01' }], dishonest_judgment_debtor: [{ case_number: 'x' }] })
    const r = evaluateRules([twoYears, noPenalty, noDebtor], young, catalog)
    expect(r.map((x) => x.outcome)).toEqual(['fail', 'fail', 'fail'])
    expect(r[0]!.reason).toContain('距今 1 年')
    expect(r[2]!.reason).toBe('平台归集到 1 条失信被执行人信息记录')
  })

  it('leaves a rule unknown when the hub holds nothing to decide on, and the credit grade unknown until evaluations exist', () => {
    const r = evaluateRules([grade, { kind: 'credit_grade', op: 'in', value: ['A'] }], facts({}), catalog)
    expect(r.map((x) => x.outcome)).toEqual(['unknown', 'unknown'])
    expect(r[1]!.reason).toBe('尚无信用评价')
    expect(evaluateRules([{ kind: 'credit_grade', op: 'in', value: ['A'] }], facts({}, { creditGrade: { grade: 'B', baseGrade: 'B', loweredBy: [] } }), catalog)[0]!.outcome).toBe('fail')
  })

  it('decides credit_grade on the grade shown and says the base grade and what lowered it when they differ', () => {
    const rule: EligibilityRule[] = [{ kind: 'credit_grade', op: 'in', value: ['A', 'B'] }]
    const same = evaluateRules(rule, facts({}, { creditGrade: { grade: 'B', baseGrade: 'B', loweredBy: [] } }), catalog)[0]!
    expect(same).toMatchObject({ outcome: 'pass', reason: '信用评价等级为 B' })
    const lowered = evaluateRules(rule, facts({}, { creditGrade: { grade: 'C', baseGrade: 'B', loweredBy: ['关联方严重失信'] } }), catalog)[0]!
    expect(lowered).toMatchObject({ outcome: 'fail', reason: '信用评价等级为 C（基础等级 B，因关联方严重失信下调）' })
    // Without the sentences (ranking many products) the outcome is the same.
    expect(evaluateRules(rule, facts({}, { creditGrade: { grade: 'C', baseGrade: 'B', loweredBy: ['关联方严重失信'] } }), catalog, { explain: false })[0]!.outcome).toBe('fail')
  })

  it('combines with all, any and not the way their names say', () => {
    const r = evaluateRules([{ kind: 'any', rules: [twoYears, grade] }, { kind: 'not', rule: noDebtor }, { kind: 'all', rules: [twoYears, { kind: 'credit_grade', op: 'in', value: ['A'] }] }], good, catalog)
    expect(r.map((x) => x.outcome)).toEqual(['pass', 'fail', 'unknown'])
  })

  it('gives the same answer for the same facts and day', () => {
    const rules = [grade, twoYears, noDebtor, noPenalty, vat]
    expect(evaluateRules(rules, good, catalog)).toEqual(evaluateRules(rules, good, catalog))
  })

  it('reads money written in 元 as integer 分', () => {
    expect(moneyToFen('1250000.00')).toBe(125_000_000)
    expect(moneyToFen('0.1')).toBe(10)
    expect(moneyToFen('12,000')).toBe(1_200_000)
    expect(moneyToFen('十万')).toBeUndefined()
  })
})

describe('eligibility rules: outcomes without sentences', () => {
  const leaf = fc.constantFrom<EligibilityRule>(grade, twoYears, noDebtor, noPenalty, vat, { kind: 'credit_grade', op: 'in', value: ['A'] })
  const rule: fc.Arbitrary<EligibilityRule> = fc.letrec<{ r: EligibilityRule }>((tie) => ({
    r: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.record({ kind: fc.constantFrom('all' as const, 'any' as const), rules: fc.array(tie('r'), { minLength: 1, maxLength: 3 }) }), fc.record({ kind: fc.constant('not' as const), rule: tie('r') })),
  })).r
  const someFacts = fc.record({
    grade: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
    established: fc.option(fc.constantFrom('2010-01-01', '2025-01-01'), { nil: undefined }),
    debtor: fc.boolean(),
    penalty: fc.option(fc.constantFrom('2023-01-01', '2026-03-01'), { nil: undefined }),
    vat: fc.option(fc.constantFrom('10.00', '2000000.00'), { nil: undefined }),
  }).map((f) => facts({
    ...(f.grade ? { tax_credit_rating: [{ rating_year: 2025, tax_credit_grade: f.grade }] } : {}),
    ...(f.established ? { business_license: [{ establishment_date: f.established }] } : {}),
    ...(f.debtor ? { dishonest_judgment_debtor: [{ case_number: 'x' }] } : {}),
    ...(f.penalty ? { administrative_penalty: [{ decision_date: f.penalty }] } : {}),
    ...(f.vat ? { tax_payment: [{ vat_paid_last_12_months: f.vat }] } : {}),
  }))

  it('judges every rule the same with and without its explanation', () => {
    const outcomes = (rs: ReturnType<typeof evaluateRules>): unknown => rs.map((r) => [r.outcome, r.children ? outcomes(r.children) : null])
    fc.assert(fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), someFacts, (rules, f) => {
      fc.pre(validateRules(rules, catalog).length === 0)
      expect(outcomes(evaluateRules(rules, f, catalog, { explain: false }))).toEqual(outcomes(evaluateRules(rules, f, catalog)))
    }), { numRuns: 300 })
  })
})

import { describe, expect, it } from 'vitest'
import { compileSystem, SystemInvalid, type IndicatorSystemDocument } from './indicator-system.js'
import { evaluateFormula, type FormulaCatalog } from './indicator-formula.js'
import { scoreSubject } from './scoring.js'

/** A small catalog: items and field types as the formula language sees them. */
const catalog: FormulaCatalog = {
  hasItem: (i) => ['administrative_penalty', 'tax_payment', 'annual_report', 'business_license', 'tax_credit_rating'].includes(i),
  fieldType(item, field) {
    const t: Record<string, Record<string, 'number' | 'string' | 'boolean' | 'date' | 'identifier'>> = {
      administrative_penalty: { decision_date: 'date', fine_amount: 'number', legal_representative_id_number: 'identifier' },
      tax_payment: { vat_paid_last_12_months: 'number' },
      annual_report: { total_assets: 'number', total_liabilities: 'number', report_year: 'number' },
      business_license: { establishment_date: 'date', registration_status: 'string' },
      tax_credit_rating: { tax_credit_grade: 'string', rating_year: 'number' },
    }
    return t[item]?.[field]
  },
}

const base = (indicators: IndicatorSystemDocument['indicators']): IndicatorSystemDocument => ({
  name: '测试体系', base: 100,
  dimensions: [{ key: 'tax', name: '纳税' }, { key: 'admin', name: '行政管理' }],
  grades: [{ grade: 'A', name: '优', min: 150 }, { grade: 'B', name: '良', min: 120 }, { grade: 'C', name: '差' }],
  indicators,
})
const text = (d: IndicatorSystemDocument) => JSON.stringify(d, null, 2)

function issuesOf(source: string) {
  try {
    compileSystem(source, catalog)
  } catch (e) {
    if (e instanceof SystemInvalid) return e.issues
    throw e
  }
  throw new Error('compiled without issues')
}

const penalties = {
  key: 'penalties', name: '近36个月行政处罚次数', dimension: 'admin', window: { months: 36 },
  formula: 'recent(administrative_penalty.decision_date)',
  bins: [{ to: 1, points: 30, label: '无' }, { from: 1, to: 3, points: 10, label: '1–2次' }, { from: 3, points: 0, label: '3次以上' }],
  missing: { points: 0 },
}
const vat = {
  key: 'vat', name: '近12个月已缴增值税（万元）', dimension: 'tax',
  formula: 'latest(tax_payment.vat_paid_last_12_months) / 10000',
  bins: [{ to: 10, points: 5 }, { from: 10, points: 20 }],
  missing: { points: 2, label: '无纳税数据' },
}
const grade = {
  key: 'grade', name: '纳税信用等级', dimension: 'tax',
  formula: 'latest(tax_credit_rating.tax_credit_grade, tax_credit_rating.rating_year)',
  bins: [{ is: ['A'], points: 20, label: 'A级' }, { is: ['B', 'M'], points: 10 }, { else: true as const, points: 0 }],
  missing: { points: 5 },
}

describe('indicator system', () => {
  it('compiles a valid system, sharing aggregates between indicators', () => {
    const s = compileSystem(text(base([penalties, vat, grade, { ...vat, key: 'vat2', formula: 'latest(tax_payment.vat_paid_last_12_months) * 2' }])), catalog)
    expect(s.indicators.map((i) => i.key)).toEqual(['penalties', 'vat', 'grade', 'vat2'])
    expect(s.aggregates).toEqual([
      { op: 'recent', item: 'administrative_penalty', field: 'decision_date', months: 36 },
      { op: 'latest', item: 'tax_payment', field: 'vat_paid_last_12_months' },
      { op: 'latest', item: 'tax_credit_rating', field: 'tax_credit_grade', order: 'rating_year' },
    ])
    // base 100 + (0..30) + (2..20) + (0..20) + (2..20)
    expect([s.minScore, s.maxScore]).toEqual([104, 190])
  })

  it('names the line and column of an unknown field', () => {
    const src = text(base([penalties, { ...vat, formula: 'latest(tax_payment.vat_paid) / 10000' }]))
    const [i] = issuesOf(src)
    const line = src.split('\n')[i!.line - 1]!
    expect(line).toContain('"formula": "latest(tax_payment.vat_paid)')
    // Column of `vat_paid` inside the line: the formula starts after `"formula": "`.
    expect(line.slice(i!.column - 1)).toMatch(/^vat_paid\)/)
    expect(i).toMatchObject({ indicator: 'vat', code: 'FORMULA_UNKNOWN_FIELD' })
    expect(i!.zh).toContain('没有字段“vat_paid”')
  })

  it('refuses an unknown item, a division by zero and a division by a value that may be zero', () => {
    const src = text(base([
      { ...penalties, formula: 'count(no_such_item)' },
      { ...vat, formula: 'latest(tax_payment.vat_paid_last_12_months) / 0' },
      { ...vat, key: 'ratio', formula: 'latest(annual_report.total_liabilities) / latest(annual_report.total_assets)' },
    ]))
    const issues = issuesOf(src)
    expect(issues.map((i) => [i.indicator, i.code])).toEqual([
      ['penalties', 'FORMULA_UNKNOWN_ITEM'], ['vat', 'FORMULA_DIVISION_BY_ZERO'], ['ratio', 'FORMULA_UNGUARDED_DIVISION'],
    ])
    const lines = src.split('\n')
    for (const i of issues) expect(lines[i.line - 1]).toContain('"formula"')
    expect(issues[2]!.zh).toContain('div(')
  })

  it('accepts the guarded division, which is missing when the divisor is 0', () => {
    const ratio = { ...vat, key: 'ratio', formula: 'div(latest(annual_report.total_liabilities), latest(annual_report.total_assets))', bins: [{ to: 0.6, points: 20 }, { from: 0.6, points: 0 }], missing: { points: 3 } }
    const s = compileSystem(text(base([ratio])), catalog)
    expect(scoreSubject(s, [50, 100], '2026-12-05').values).toEqual([0.5])
    expect(scoreSubject(s, [50, 0], '2026-12-05')).toMatchObject({ values: [null], bins: [-1], points: [3] })
  })

  it('refuses indicators that reference each other in a loop, at the reference that closes it', () => {
    const a = { ...vat, key: 'a', formula: '@b + 1' }
    const b = { ...vat, key: 'b', formula: '@c * 2' }
    const c = { ...vat, key: 'c', formula: '@a - 1' }
    const src = text(base([a, b, c]))
    const issues = issuesOf(src)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ indicator: 'c', code: 'FORMULA_CYCLE' })
    expect(issues[0]!.zh).toContain('a → b → c → a')
    expect(src.split('\n')[issues[0]!.line - 1]!.slice(issues[0]!.column - 1)).toMatch(/^@a - 1/)
  })

  it('refuses a personal identifier, a missing bin, gaps between bins and a lowest grade with a bound', () => {
    const doc = base([
      { ...penalties, formula: 'count_eq(administrative_penalty.legal_representative_id_number, \'x\')' },
      { ...vat, missing: undefined as never },
      { ...grade, key: 'gap', formula: 'latest(tax_payment.vat_paid_last_12_months)', bins: [{ to: 10, points: 1 }, { from: 12, points: 2 }] },
    ])
    doc.grades[2]!.min = 0
    const codes = issuesOf(text(doc)).map((i) => i.code)
    expect(codes).toEqual(expect.arrayContaining(['FORMULA_IDENTIFIER_FIELD', 'MISSING_BIN', 'BINS', 'GRADES']))
  })

  it('reports a JSON syntax error with its line', () => {
    const src = '{\n  "name": "x",\n  "base": 1,,\n}'
    const [i] = issuesOf(src)
    expect(i).toMatchObject({ code: 'JSON', line: 3 })
  })

  it('refuses bad syntax with the character at fault', () => {
    const src = text(base([{ ...vat, formula: 'latest(tax_payment.vat_paid_last_12_months) +' }]))
    const [i] = issuesOf(src)
    expect(i).toMatchObject({ code: 'FORMULA_UNEXPECTED_END' })
  })
})

describe('scoring', () => {
  const system = compileSystem(text(base([penalties, vat, grade])), catalog)

  it('adds the points of each bin to the base, grades the total and ranks the reasons (worked by hand)', () => {
    // Aggregates: 2 penalties in 36 months → bin 2 (1–2次) 10 points (max 30: costs 20);
    // VAT 123,400 yuan → 12.34 万元 → bin 2, 20 points (its maximum: a gain of 18 over its minimum 2);
    // grade 'B' → bin 2, 10 points (max 20: costs 10). Total = 100 + 10 + 20 + 10 = 140 → grade B (120 ≤ 140 < 150).
    const s = scoreSubject(system, [2, 123400, 'B'], '2026-12-05')
    expect(s).toMatchObject({ score: 140, grade: 'B', values: [2, 12.34, 'B'], bins: [1, 1, 1], points: [10, 20, 10] })
    expect(s.reasons.map((r) => [r.code, r.kind, r.points])).toEqual([['penalties:2', 'cost', 20], ['grade:2', 'cost', 10], ['vat:2', 'gain', 18]])
    expect(s.reasons[0]!.zh).toBe('近36个月行政处罚次数：1–2次（2），比该项最高分少 20 分')
    // Dimensions: admin 10 of 0..30 → 33.3; tax (20 + 10) of (2 + 0)..(20 + 20) → (30 - 2) / 38 = 73.7.
    expect(s.dimensions).toEqual({ admin: 33.3, tax: 73.7 })
  })

  it('scores missing data in its own bin, never as zero', () => {
    // No tax data: the VAT indicator is missing (2 points), not 0 万元 (which would be bin 1, 5 points).
    const s = scoreSubject(system, [0, null, null], '2026-12-05')
    expect(s).toMatchObject({ values: [0, null, null], bins: [0, -1, -1], points: [30, 2, 5], score: 137, grade: 'B' })
    expect(s.reasons.find((r) => r.indicator === 'vat')!.code).toBe('vat:missing')
  })
})

describe('compiled formulas', () => {
  it('give what the tree-walking interpreter gives, over many random inputs, missing values and references included', () => {
    const doc = base([
      { ...penalties },
      { key: 'debt', name: '资产负债率', dimension: 'tax', formula: 'div(latest(annual_report.total_liabilities, annual_report.report_year), latest(annual_report.total_assets, annual_report.report_year))', bins: [{ to: 0.5, points: 10 }, { from: 0.5, points: 0 }], missing: { points: 3 } },
      { key: 'age', name: '成立年限', dimension: 'admin', formula: 'if(@debt > 0.7 or not exists(tax_payment), years_since(latest(business_license.establishment_date)) * -1 + 2, months_since(latest(business_license.establishment_date)) / 12)', bins: [{ to: 3, points: 0 }, { from: 3, points: 5 }], missing: { points: 1 } },
      { key: 'grade', name: '纳税等级', dimension: 'tax', formula: "coalesce(latest(tax_credit_rating.tax_credit_grade, tax_credit_rating.rating_year), 'M')", bins: [{ is: ['A'], points: 8 }, { else: true, points: 2 }], missing: { points: 0 } },
      { key: 'paid', name: '缴税', dimension: 'tax', formula: 'round(abs(sum(administrative_penalty.fine_amount) - latest(tax_payment.vat_paid_last_12_months)) / 10000) + count(administrative_penalty)', bins: [{ to: 1, points: 0 }, { from: 1, points: 4 }], missing: { points: 2 } },
      { key: 'check', name: '组合', dimension: 'admin', formula: "(@grade == 'A' and @paid >= 1) or (@grade != 'B' and @age < 5)", bins: [{ is: [true], points: 6 }, { else: true, points: 1 }], missing: { points: 3 } },
    ])
    const system = compileSystem(text(doc), catalog)
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const sample = (type: string) => rnd() < 0.2 ? null
      : type === 'number' ? pick([0, 1, 3, 0.4, 0.9, 12000, -5, 123456.78])
        : type === 'boolean' ? rnd() < 0.5 : type === 'date' ? pick(['2010-02-28', '2024-12-31', '2026-12-05', 'bad']) : pick(['A', 'B', 'M'])
    for (let n = 0; n < 2000; n++) {
      const aggregates = system.aggregateTypes.map(sample)
      const got = scoreSubject(system, aggregates, '2026-12-05')
      // The interpreter, indicator by indicator in evaluation order, as scoring worked before formulas were compiled.
      const values = new Map<string, unknown>()
      for (const ind of system.indicators) {
        let v = evaluateFormula(ind.root, { aggregates, asOf: '2026-12-05', indicator: (k) => (values.get(k) ?? null) as never })
        if (typeof v === 'number' && !Number.isFinite(v)) v = null
        values.set(ind.key, v)
      }
      expect(got.values).toEqual(system.order.map((k) => values.get(k)))
    }
  })
})

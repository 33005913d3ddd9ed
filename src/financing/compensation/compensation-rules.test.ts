import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { judgeClaim, unmetConditions, validateFundRules, type ClaimContext } from './compensation-rules.js'
import { fundRules, loanFacts } from '../../../test/fixtures/compensation.fixtures.js'

const fresh = (enrolled: number): ClaimContext => ({ year: 2026, institutionCompensatedFen: 0, fundCompensatedFen: 0, institutionLossFen: 0, institutionEnrolledFen: enrolled })

describe('fund rules', () => {
  it('accepts a rule document like 坪山’s and refuses shares that do not sum to 100 %', () => {
    expect(validateFundRules(fundRules()).shares.fundPerMille).toBe(400)
    expect(() => validateFundRules(fundRules({ shares: { fundPerMille: 400, lenderPerMille: 200, guarantorPerMille: 300 } }))).toThrow(/分担比例之和应为 100%/)
  })

  it('refuses unknown fields, float amounts, impossible dates and caps that do not nest', () => {
    expect(() => validateFundRules({ ...fundRules(), extra: 1 })).toThrow(/COMPENSATION_RULES_INVALID|补偿规则不合规/)
    expect(() => validateFundRules(fundRules({ caps: { perLoanFen: 1.5, perInstitutionPerYearFen: 2, perFundPerYearFen: 3 } }))).toThrow(/补偿规则不合规/)
    expect(() => validateFundRules(fundRules({ effectiveFrom: '2026-02-30' }))).toThrow(/生效日期无效/)
    expect(() => validateFundRules(fundRules({ caps: { perLoanFen: 10, perInstitutionPerYearFen: 5, perFundPerYearFen: 100 } }))).toThrow(/单笔上限不能高于/)
  })

  it('names every condition a loan fails, in Chinese', () => {
    const loan = loanFacts({ productType: 'pledge', creditLoan: false, enterpriseSize: 'large', divisionCode: '110101', principalFen: 9_000_000_00 })
    const unmet = unmetConditions(fundRules().qualifying, loan)
    expect(unmet).toHaveLength(5)
    expect(unmet.join('；')).toMatch(/抵质押贷.*信用贷款.*大型.*110101.*9,000,000.00 元/)
  })

  it('pays the fund’s 40 % of the unrecovered principal and says what lender and guarantor bear', () => {
    const j = judgeClaim(fundRules(), loanFacts({ outstandingPrincipalFen: 800_000_00 }), fresh(1_000_000_00))
    expect(j).toMatchObject({ ok: true, payableFen: 320_000_00, lenderBearsFen: 160_000_00, guarantorBearsFen: 320_000_00 })
    if (j.ok) expect(j.steps.map((s) => s.zh).join('\n')).toMatch(/未收回本金 800,000.00 元\n资金池承担 40%：320,000.00 元（贷款机构宁夏银行股份有限公司自担 20%，担保机构.*承担 40%）/)
  })

  it('moves the guarantor’s share to the lender when no guarantor stands behind the loan, and adds the first-loan bonus', () => {
    const j = judgeClaim(fundRules(), loanFacts({ guarantor: null, firstLoan: true }), fresh(1_000_000_00))
    expect(j).toMatchObject({ ok: true, payableFen: 500_000_00, lenderBearsFen: 500_000_00, guarantorBearsFen: 0 })
    if (j.ok) expect(j.steps.map((s) => s.rule)).toEqual(['unrecovered', 'share', 'first_loan_bonus'])
  })

  it('applies the caps per loan, per institution and year, per fund and year, in that order', () => {
    const rules = fundRules({ caps: { perLoanFen: 300_000_00, perInstitutionPerYearFen: 1_000_000_00, perFundPerYearFen: 2_000_000_00 } })
    const perLoan = judgeClaim(rules, loanFacts(), fresh(1))
    expect(perLoan).toMatchObject({ ok: true, payableFen: 300_000_00 })
    const inst = judgeClaim(rules, loanFacts(), { ...fresh(1), institutionCompensatedFen: 900_000_00 })
    expect(inst).toMatchObject({ ok: true, payableFen: 100_000_00 })
    const fund = judgeClaim(rules, loanFacts(), { ...fresh(1), fundCompensatedFen: 1_950_000_00 })
    expect(fund).toMatchObject({ ok: true, payableFen: 50_000_00 })
    expect(judgeClaim(rules, loanFacts(), { ...fresh(1), institutionCompensatedFen: 1_000_000_00 })).toMatchObject({ ok: false, code: 'CAP_REACHED' })
  })

  it('pauses an institution whose compensated losses passed the loss-ratio ceiling', () => {
    const j = judgeClaim(fundRules(), loanFacts(), { ...fresh(10_000_000_00), institutionLossFen: 600_000_00 })
    expect(j).toMatchObject({ ok: false, code: 'LOSS_RATIO_EXCEEDED', args: ['6.00%', '5.00%'] })
  })

  it('never pays more than the fund’s share, nor more than any cap, whatever the loan and the history', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5_000_000_00 }), fc.boolean(), fc.boolean(), fc.nat(4_000_000_00), fc.nat(12_000_000_00),
      (outstanding, hasGuarantor, first, instUsed, fundUsed) => {
        const rules = fundRules()
        const j = judgeClaim(rules, loanFacts({ outstandingPrincipalFen: outstanding, guarantor: hasGuarantor ? '担保' : null, firstLoan: first }),
          { year: 2026, institutionCompensatedFen: instUsed, fundCompensatedFen: fundUsed, institutionLossFen: 0, institutionEnrolledFen: 1 })
        if (!j.ok) {
          expect(j.code).toBe('CAP_REACHED')
          return
        }
        expect(Number.isSafeInteger(j.payableFen)).toBe(true)
        expect(j.payableFen).toBeLessThanOrEqual(Math.floor(outstanding * 0.5) + 1)
        expect(j.payableFen).toBeLessThanOrEqual(rules.caps.perLoanFen)
        expect(j.payableFen + instUsed).toBeLessThanOrEqual(rules.caps.perInstitutionPerYearFen)
        expect(j.payableFen + fundUsed).toBeLessThanOrEqual(rules.caps.perFundPerYearFen)
        expect(j.payableFen + j.lenderBearsFen + j.guarantorBearsFen).toBe(outstanding)
      }), { numRuns: 3000 })
  })
})

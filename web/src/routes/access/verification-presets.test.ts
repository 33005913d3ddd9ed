import { describe, expect, it } from 'vitest'
import { t } from '../../i18n'
import { PRESETS, buildQuestions, presetOf } from './verification-presets'

describe('verification presets (核验)', () => {
  it('offers the usual financing questions, in the server\'s expression language', () => {
    expect(presetOf('vat')?.expression).toBe('tax_payment.vat_paid_last_12_months >= 100万')
    expect(presetOf('dishonest')?.expression).toBe('not exists(dishonest_judgment_debtor)')
    expect(presetOf('housing')?.expression).toBe('housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10')
    for (const p of PRESETS) expect(t(p.label)).not.toBe(p.label)
    expect(t(presetOf('vat')!.label)).toBe('近一年增值税实际缴税金额 ≥ 100万元')
  })

  it('asks ticked presets in the list\'s order, then the non-empty free expressions', () => {
    expect(buildQuestions(['housing', 'vat'], ['  ', 'count(administrative_penalty) <= 1', undefined, ' exists(tax_arrears) '])).toEqual([
      { id: 'vat', expression: 'tax_payment.vat_paid_last_12_months >= 100万' },
      { id: 'housing', expression: 'housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10' },
      { id: 'custom1', expression: 'count(administrative_penalty) <= 1' },
      { id: 'custom2', expression: 'exists(tax_arrears)' },
    ])
    expect(buildQuestions([], [])).toEqual([])
  })
})

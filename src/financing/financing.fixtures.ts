/** Test fixtures for the financing tests and the benchmark. Not imported by product code. */
import type { ProductInput } from './financing.types.js'

/** A tax loan for Ningxia: 10–300 万元, 6–36 months, 3.45 %–6 %, rules over tax grade, age, debtors, penalties. */
export function taxLoan(over: Partial<ProductInput> = {}): ProductInput {
  return {
    type: 'tax', name: '宁税贷', description: '依据纳税信用发放的信用贷款',
    amountMinFen: 10_000_000, amountMaxFen: 300_000_000, termMinMonths: 6, termMaxMonths: 36, rateMinBp: 345, rateMaxBp: 600,
    repaymentWays: ['equal_installment', 'interest_first'], regions: ['640000'], guaranteeRequired: false,
    rules: [
      { kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: ['A', 'B'], latestBy: 'rating_year' },
      { kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: 2 },
      { kind: 'no_record', item: 'dishonest_judgment_debtor' },
      { kind: 'aggregate', item: 'tax_payment', field: 'vat_paid_last_12_months', fn: 'max', op: 'gte', value: 50_000_000 },
    ],
    ...over,
  }
}

import { describe, expect, it } from 'vitest'
import { CatalogIndex, loadBundledCatalog } from '../catalog/index.js'
import { AppError } from '../core/index.js'
import { checkExpression, evaluate, type SubjectData } from './verification-expression.js'

const catalog = new CatalogIndex(1, loadBundledCatalog().document)
const TODAY = '2026-06-30'

const data: SubjectData = new Map<string, Array<Record<string, unknown>>>([
  ['tax_payment', [{ vat_paid_last_12_months: '1250000.00', consecutive_normal_payment_months: 60, last_normal_payment_date: '2026-06-08' }]],
  ['housing_fund_contribution', [{ avg_monthly_contributors_last_12_months: 14, consecutive_normal_payment_months_last_12_months: 12 }]],
  ['tax_arrears', [{ has_tax_arrears: false, tax_arrears_amount: null }]],
  ['administrative_penalty', [
    { decision_date: '2026-03-01', fine_amount: '12000.00', violation_type: '虚假宣传' },
    { decision_date: '2022-05-01', fine_amount: '500.00', violation_type: '未按规定公示' },
  ]],
  ['tax_credit_rating', [{ tax_credit_grade: 'A', rating_year: 2025 }]],
])

const ask = (expression: string, d: SubjectData = data) => evaluate(checkExpression(expression, catalog), d, TODAY)

function rejects(expression: string): AppError {
  try {
    checkExpression(expression, catalog)
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error(`accepted: ${expression}`)
}

describe('verification expressions', () => {
  it.each([
    ['tax_payment.vat_paid_last_12_months >= 1000000', true],
    ['tax_payment.vat_paid_last_12_months >= 125万', true],
    ['tax_payment.vat_paid_last_12_months > 1_250_000', false],
    ['not exists(dishonest_judgment_debtor)', true],
    ['exists(administrative_penalty)', true],
    ['housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10 and housing_fund_contribution.consecutive_normal_payment_months_last_12_months >= 12', true],
    ['housing_fund_contribution.avg_monthly_contributors_last_12_months >= 20 || exists(tax_credit_rating, tax_credit_grade == "A")', true],
    ['count(administrative_penalty, decision_date >= months_ago(24)) <= 1', true],
    ['count(administrative_penalty) == 2', true],
    ['exists(administrative_penalty, fine_amount > 10000 and violation_type = \'虚假宣传\')', true],
    ['not tax_arrears.has_tax_arrears', true],
    ['tax_payment.last_normal_payment_date >= "2026-06-01"', true],
    ['tax_payment.last_normal_payment_date >= date(\'2026-06-09\')', false],
    ['tax_payment.last_normal_payment_date >= days_ago(30)', true],
    ['tax_arrears.tax_arrears_amount == null', true],
    ['(tax_payment.consecutive_normal_payment_months >= 12) AND NOT exists(tax_credit_rating, tax_credit_grade != "A")', true],
  ])('answers %s → %s', (expression, expected) => {
    expect(ask(expression)).toBe(expected)
  })

  it('answers unknown, not false, when the data is missing, and keeps unknown through not', () => {
    const none = new Map()
    expect(ask('tax_payment.vat_paid_last_12_months >= 1000000', none)).toBeNull()
    expect(ask('not (tax_payment.vat_paid_last_12_months >= 1000000)', none)).toBeNull()
    expect(ask('exists(tax_payment) and tax_payment.vat_paid_last_12_months >= 1', none)).toBe(false)
    expect(ask('not exists(dishonest_judgment_debtor)', none)).toBe(true)
  })

  it('records which items and fields a question reads', () => {
    const q = checkExpression('tax_payment.vat_paid_last_12_months >= 1 and not exists(dishonest_judgment_debtor)', catalog)
    expect(Object.fromEntries([...q.reads].map(([k, v]) => [k, [...v]]))).toEqual({ tax_payment: ['vat_paid_last_12_months'], dishonest_judgment_debtor: ['*'] })
  })

  it.each([
    ['', 'VERIFICATION_EXPRESSION_EMPTY'],
    ['tax_payment.vat_paid_last_12_months >=', 'VERIFICATION_UNEXPECTED_END'],
    ['tax_payment.vat_paid_last_12_months >= 1 1', 'VERIFICATION_UNEXPECTED_TOKEN'],
    ['tax_payment.vat_paid_last_12_months >= 1 ; drop table x', 'VERIFICATION_UNEXPECTED_CHARACTER'],
    ['tax_payment.vat_paid_last_12_months >= "1', 'VERIFICATION_UNCLOSED_STRING'],
    ['no_such_item.x >= 1', 'VERIFICATION_UNKNOWN_ITEM'],
    ['tax_payment.no_such_field >= 1', 'VERIFICATION_UNKNOWN_FIELD'],
    ['vat_paid_last_12_months >= 1', 'VERIFICATION_FIELD_NEEDS_ITEM'],
    ['dishonest_judgment_debtor', 'VERIFICATION_ITEM_NOT_VALUE'],
    ['administrative_penalty.fine_amount > 100', 'VERIFICATION_MULTI_RECORD_ITEM'],
    ['exists(administrative_penalty, legal_representative_id_number == "1")', 'VERIFICATION_SENSITIVE_FIELD'],
    ['exists(administrative_penalty, tax_payment.vat_paid_last_12_months > 1)', 'VERIFICATION_FOREIGN_FIELD'],
    ['tax_payment.vat_paid_last_12_months >= "lots"', 'VERIFICATION_TYPE_MISMATCH'],
    ['exists(tax_credit_rating, tax_credit_grade >= "A")', 'VERIFICATION_NOT_ORDERED'],
    ['tax_credit_rating.tax_credit_grade == "A"', 'VERIFICATION_MULTI_RECORD_ITEM'],
    ['tax_payment.vat_paid_last_12_months', 'VERIFICATION_NOT_BOOLEAN'],
    ['tax_payment.vat_paid_last_12_months >= 1 and 5', 'VERIFICATION_NOT_BOOLEAN'],
    ['tax_payment.last_normal_payment_date >= "2026-13-01"', 'VERIFICATION_BAD_DATE'],
    ['sleep(10)', 'VERIFICATION_UNKNOWN_FUNCTION'],
    ['months_ago("x") <= tax_payment.last_normal_payment_date', 'VERIFICATION_FUNCTION_ARGUMENTS'],
  ])('refuses %j with %s, in Chinese and English', (expression, code) => {
    const err = rejects(expression)
    expect(err.code).toBe(code)
    expect(err.type).toBe('invalid_data')
    expect(err.zh).toMatch(/[\u4e00-\u9fa5]/)
    expect(err.en).toMatch(/[a-z]{3}/)
  })

  it('says where a syntax error is', () => {
    expect(rejects('exists(bankruptcy) and )').zh).toContain('第 24 个字符')
  })
})

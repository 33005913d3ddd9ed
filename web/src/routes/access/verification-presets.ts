import type { MessageKey } from '../../i18n'

/**
 * Ready-made yes/no questions (核验) in the server's expression language (docs/access.md § Verification). The
 * institution ticks presets and may add its own expressions; the answer is only 是/否 with the data's as-of dates.
 */
export interface Preset {
  id: string
  label: MessageKey
  expression: string
}

export const PRESETS: readonly Preset[] = [
  { id: 'vat', label: 'verify.presets.vat', expression: 'tax_payment.vat_paid_last_12_months >= 100万' },
  { id: 'dishonest', label: 'verify.presets.dishonest', expression: 'not exists(dishonest_judgment_debtor)' },
  { id: 'housing', label: 'verify.presets.housing', expression: 'housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10' },
  { id: 'taxGrade', label: 'verify.presets.taxGrade', expression: 'exists(tax_credit_rating, tax_credit_grade == "A")' },
  { id: 'penalty', label: 'verify.presets.penalty', expression: 'count(administrative_penalty, decision_date >= months_ago(24)) <= 1' },
]

export interface Question {
  id: string
  expression: string
}

/** Ticked presets (in the list's order), then the non-empty free expressions numbered 自定义1, 2, … */
export function buildQuestions(presetIds: readonly string[], custom: ReadonlyArray<string | undefined | null>): Question[] {
  const chosen = new Set(presetIds)
  const out: Question[] = PRESETS.filter((p) => chosen.has(p.id)).map((p) => ({ id: p.id, expression: p.expression }))
  let n = 0
  for (const c of custom) {
    const e = c?.trim()
    if (e) out.push({ id: `custom${++n}`, expression: e })
  }
  return out
}

/** Where a question sits in the form, for the server's `errors.question` (1-based) of a rejected expression. */
export function presetOf(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id)
}

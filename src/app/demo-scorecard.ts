import type { Principal } from '../access/index.js'
import { AppError } from '../core/index.js'
import type { Xinshu } from './xinshu.js'
import { DEMO_LENDERS } from './demo-financing.js'

/** The characteristics of the demo card: years in business, tax grade and regularity, staff, power use, court, penalties and the abnormal-operation list. */
export const DEMO_CARD_CHARACTERISTICS = ['years_in_business', 'tax_credit_grade', 'tax_normal_months', 'housing_fund_contributors', 'electricity_cost_12m', 'court_judgments', 'penalties_36m', 'abnormal_operation']

/** What the demo card's training came to: the lender it was trained for (and its AUC), or why every lender refused. */
export type ScorecardDemoResult = { trained: string; auc: number | null; refusals: string[] } | { trained: null; auc: null; refusals: string[] }

/**
 * One trained scorecard in the demo (评分卡), written through the service as the lender would: 宁夏银行 (`bank`),
 * whose book of loans since the records' load ({@link seedLoanBookDemo}) holds enough outcomes, else 塞上小贷
 * (`xiaodai`), else the first lender that does. Trained with the product's real minimum of outcomes. When no lender
 * can train, says why for each (the caller logs it: a demo without its card is a defect someone must see).
 */
export async function seedScorecardDemo(x: Xinshu): Promise<ScorecardDemoResult> {
  const order = [...DEMO_LENDERS].sort((a, b) => rank(a.username) - rank(b.username))
  const refusals: string[] = []
  for (const l of order) {
    const p: Principal = { accountId: '00000000-0000-0000-0000-000000000000', username: l.username, displayName: l.display, role: 'institution', organization: l.name, via: 'session', scopes: [] }
    try {
      const card = await x.scorecards.train(p, { name: '小微企业信用评分卡（演示）', characteristics: DEMO_CARD_CHARACTERISTICS })
      return { trained: l.username, auc: card.report.validation?.auc ?? card.report.development.auc, refusals }
    } catch (err) {
      // Too few outcomes at this lender: say so, and try the next one.
      if (err instanceof AppError && err.code === 'SCORECARD_TOO_FEW_OUTCOMES') { refusals.push(`${l.username}: ${err.en}`); continue }
      throw err
    }
  }
  return { trained: null, auc: null, refusals }
}

const rank = (username: string) => (username === 'bank' ? 0 : username === 'xiaodai' ? 1 : 2)

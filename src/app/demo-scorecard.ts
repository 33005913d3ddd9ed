import type { Principal } from '../access/index.js'
import { AppError } from '../core/index.js'
import type { Xinshu } from './xinshu.js'
import { DEMO_LENDERS } from './demo-financing.js'

/** The characteristics of the demo card: years in business, tax grade and regularity, staff, power use, court and penalties. */
export const DEMO_CARD_CHARACTERISTICS = ['years_in_business', 'tax_credit_grade', 'tax_normal_months', 'housing_fund_contributors', 'electricity_cost_12m', 'court_judgments', 'penalties_36m']

/**
 * One trained scorecard in the demo (评分卡), written through the service as the lender would: 宁夏银行 (`bank`)
 * when its demo loans hold enough outcomes, else 塞上小贷 (`xiaodai`), else the first lender that does. Returns the
 * lender's login, or null when no lender's book is big enough (a very small demo).
 */
export async function seedScorecardDemo(x: Xinshu): Promise<string | null> {
  const order = [...DEMO_LENDERS].sort((a, b) => rank(a.username) - rank(b.username))
  for (const l of order) {
    const p: Principal = { accountId: '00000000-0000-0000-0000-000000000000', username: l.username, displayName: l.display, role: 'institution', organization: l.name, via: 'session', scopes: [] }
    try {
      await x.scorecards.train(p, { name: '小微企业信用评分卡（演示）', characteristics: DEMO_CARD_CHARACTERISTICS })
      return l.username
    } catch (err) {
      // Too few outcomes at this lender: try the next one.
      if (err instanceof AppError && err.code === 'SCORECARD_TOO_FEW_OUTCOMES') continue
      throw err
    }
  }
  return null
}

const rank = (username: string) => (username === 'bank' ? 0 : username === 'xiaodai' ? 1 : 2)

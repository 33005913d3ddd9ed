/** Test fixtures for scorecards and portraits: a bank's small loan book with outcomes. Not imported by product code. */
import type { Xinshu } from '../../app/xinshu.js'
import type { Principal } from '../../access/index.js'
import { ingestRows } from '../../access/access.fixtures.js'
import { applyForFinancing } from '../../flows/apply-for-financing.flow.js'
import { taxLoan } from '../../financing/financing.fixtures.js'
import { beijingDate } from '../../financing/index.js'
import { factory } from '../../../test/factory.js'

export const enterprise = (uscc: string): Principal => ({ accountId: `acc-${uscc}`, username: `e-${uscc}`, displayName: uscc, role: 'enterprise', organization: uscc, via: 'session', scopes: [] })

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

export interface LoanBook { firms: Array<{ uscc: string; bad: boolean | null; years: number }>; unseen: string }

/**
 * `count` firms, each borrowing once from the bank: firm i was established i + 1 years ago and has tax grade A
 * (even i) or B; the youngest third (and one older firm) go overdue, the others run cleanly for 200 days; one more
 * loan started last week (too recent to count). `unseen` is a firm that never applied (no grant to the bank).
 */
export async function seedLoanBook(x: Xinshu, bank: Principal, operator: Principal, count = 14): Promise<LoanBook> {
  const today = beijingDate(new Date())
  const firms: LoanBook['firms'] = []
  const rows = []
  const grades = []
  for (let i = 0; i <= count + 1; i++) {
    const n = factory.next()
    const uscc = factory.uscc(n)
    const years = i + 1
    rows.push(factory.licenseRow({ _n: n, entity_name: `宁夏评分${n}有限公司`, uscc, establishment_date: `${Number(today.slice(0, 4)) - years}${today.slice(4)}` }))
    grades.push({ entity_name: `宁夏评分${n}有限公司`, uscc, rating_year: 2025, tax_credit_grade: i % 2 === 0 ? 'A' : 'B' })
    firms.push({ uscc, bad: i === count ? null : i < count / 3 || i === count - 2, years })
  }
  await ingestRows(x, 'business_license', rows, '自治区市场监管厅')
  await ingestRows(x, 'tax_credit_rating', grades, '宁夏税务局')
  const v = await x.products.create(bank, taxLoan())
  await x.products.submit(bank, v.id)
  await x.products.review(operator, v.id, 1, { approve: true })
  const apply = applyForFinancing({ db: x.db, grants: x.grants, applications: x.applications })
  const unseen = firms.pop()!
  for (const f of firms) {
    const { applicationId: id } = await apply.run(enterprise(f.uscc), { productId: v.id, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
    await x.applications.accept(bank, id)
    await x.applications.approve(bank, id)
    const startDate = f.bad === null ? addDays(today, -7) : addDays(today, -200)
    await x.applications.lend(bank, id, { contractNo: `SC-${id.slice(0, 8)}`, principalFen: 50_000_000, annualRateBp: 450, repaymentWay: 'equal_installment', startDate, maturityDate: addDays(startDate, 365) })
    if (f.bad) await x.applications.overdue(bank, id, { since: addDays(startDate, 31) })
  }
  return { firms, unseen: unseen.uscc }
}

import type { Principal } from '../access/index.js'
import { beijingAt, createBackfillClock } from '../core/index.js'
import { createRng, dayNumber, demoSubject, formatDay } from '../demo/index.js'
import { beijingDate } from '../financing/index.js'
import { applyForFinancing, reportLoanStep } from '../flows/index.js'
import { readRecordsAsOf, type CurrentRecord } from '../records/index.js'
import { DEMO_LENDERS } from './demo-financing.js'
import { createXinshu, type Xinshu } from './xinshu.js'

/**
 * 宁夏银行's book of small credit loans made since the hub's first load (the demo's 评分卡 learns from it): borrowers
 * taken from the upper half of the demo's enterprises (the financing story and the walkthroughs use the first ones),
 * each lent once between the load and 95 days before `asOf`, so that every loan has an outcome by `asOf` (a clean loan
 * is good after 90 days).
 *
 * Outcomes follow the borrower's records as the bank could have read them on the day it lent (received by then):
 * young firms, poor 纳税信用等级, recent 行政处罚 and any 失信被执行 / 经营异常 / 欠税 record make a missed instalment
 * likelier, and an unseen part of the risk (the firm's own distress, chance) stays unexplained, as in a real book.
 * Bad loans miss their first monthly instalment (逾期, then mostly cured; a few are never repaid); good ones are repaid
 * at maturity, or still running cleanly. Everything goes through the services with a backfill clock, as the
 * financing story does, and the same seed gives the same book.
 */

/** The lender whose book this is: the first demo lender, 宁夏银行 (`bank`). */
const LENDER = DEMO_LENDERS[0]
const WAN = 1_000_000 // 1 万元 in 分
/** The items the outcome model reads, as of each loan's start. */
const ITEMS = ['business_license', 'tax_credit_rating', 'tax_payment', 'electricity_bill', 'administrative_penalty', 'court_judgment', 'dishonest_judgment_debtor', 'abnormal_operation_list', 'tax_arrears']

const addDays = (day: string, n: number) => formatDay(dayNumber(day) + n)
const principal = (role: Principal['role'], username: string, organization: string | null, displayName = username): Principal =>
  ({ accountId: '00000000-0000-0000-0000-000000000000', username, displayName, role, organization, via: 'session', scopes: [] })

export interface LoanBookSummary { loans: number; bad: number; from: string | null; to: string | null }

/**
 * The log-odds of a missed instalment from what the records said on the day of lending. The weights are the demo's
 * own story (a plausible small-business book with about one loan in eight going bad), not fitted to anything: age,
 * 纳税信用等级, how long taxes have been paid without a break, power use (is the business running), 行政处罚 in
 * three years, and any judgment, 失信被执行, 经营异常 or 欠税 record.
 */
export function demoRiskLogit(records: readonly CurrentRecord[], day: string): number {
  const of = (item: string) => records.filter((r) => r.itemKey === item)
  const newest = (item: string, field: string) => {
    const r = of(item).sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1))[0]
    const v = r?.values[field]
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
    return Number.isFinite(n) ? n : null
  }
  const est = of('business_license').map((r) => r.values.establishment_date).find((v): v is string => typeof v === 'string')
  const years = est ? (dayNumber(day) - dayNumber(est.slice(0, 10))) / 365.25 : null
  const ratings = of('tax_credit_rating').sort((a, b) => Number(b.values.rating_year ?? 0) - Number(a.values.rating_year ?? 0))
  const grade = ratings[0]?.values.tax_credit_grade
  const taxMonths = newest('tax_payment', 'consecutive_normal_payment_months')
  const power = newest('electricity_bill', 'avg_monthly_electricity_cost_last_12_months')
  const since3y = addDays(day, -3 * 365)
  const penalties = of('administrative_penalty').filter((r) => String(r.values.decision_date ?? '') >= since3y).length
  let z = -2.5
  z += years === null ? 0.5 : years < 2 ? 1.0 : years < 5 ? 0.4 : years >= 10 ? -0.5 : 0
  z += grade === 'A' ? -0.8 : grade === 'B' ? 0 : grade === 'M' ? 0.4 : grade === 'C' ? 1.0 : grade === 'D' ? 1.6 : 0.2
  z += taxMonths === null ? 0.3 : taxMonths < 6 ? 1.0 : taxMonths < 24 ? 0.3 : taxMonths >= 48 ? -0.4 : 0
  z += power !== null && power < 1000 ? 0.4 : 0
  z += 0.8 * Math.min(penalties, 2)
  z += of('court_judgment').length > 0 ? 0.5 : 0
  z += of('dishonest_judgment_debtor').length + of('abnormal_operation_list').length + of('tax_arrears').length > 0 ? 1.4 : 0
  return z
}

/**
 * Lends the book through the services (see the module's comment). `loadDay` is the day the demo's records were
 * received; loans start after it. Returns what it wrote; no loans when `asOf` is too close to `loadDay` for any loan
 * to have an outcome (the caller logs it).
 */
export async function seedLoanBookDemo(x: Xinshu, opts: { seed: number; subjects: number; asOf: Date; loadDay: string }): Promise<LoanBookSummary> {
  const asOfDay = beijingDate(opts.asOf)
  const first = addDays(opts.loadDay, 3)
  const last = addDays(asOfDay, -95)
  if (last < first) return { loans: 0, bad: 0, from: null, to: null }
  const clock = createBackfillClock(opts.asOf)
  await x.audit.flush()
  const d = await createXinshu(x.config, x.db, { now: clock.now })
  const loans = reportLoanStep({ db: d.db, applications: d.applications, compensation: d.compensation, subsidies: d.subsidies, profiles: d.profiles, selfDeclared: d.selfDeclared, audit: d.audit, watch: d.monitoring.service })
  const apply = applyForFinancing({ db: d.db, grants: d.grants, applications: d.applications, now: clock.now })
  const bank = principal('institution', LENDER.username, LENDER.name, LENDER.display)
  const operator = principal('operator', 'admin', '自治区社会信用服务中心')
  const shelf = (await d.products.list(operator, { status: 'published', institution: LENDER.name, limit: 100, offset: 0 })).products
  const product = shelf.find((p) => p.type === 'credit' && p.regions.includes('640000')) ?? shelf.find((p) => p.regions.includes('640000'))
  if (!product) throw new Error(`demo loan book: ${LENDER.name} has no published product for all of Ningxia`)

  const rng = createRng(opts.seed, 0xb00c)
  const wanted = Math.max(60, Math.min(300, Math.round(opts.subjects / 6)))
  const span = dayNumber(last) - dayNumber(first)
  const borrowers: Array<{ uscc: string; name: string; start: string }> = []
  // The upper half of the enterprises only: the financing story, the walkthroughs and their tests take theirs from the
  // first ones, and a firm must not turn up there with a loan it never asked for.
  const lowest = Math.max(1, Math.floor(opts.subjects / 2))
  for (let i = opts.subjects - 1; i >= lowest && borrowers.length < wanted; i--) {
    const s = demoSubject(opts.seed, i)
    if (!s.uscc) continue
    if (!(await d.registry.get(s.uscc).catch(() => undefined))) continue
    borrowers.push({ uscc: s.uscc, name: s.name, start: addDays(first, rng.int(0, span)) })
  }
  // The borrowers as the bank could read them on the morning of each loan: one set-based read.
  const known = await readRecordsAsOf(x.db, borrowers.map((b) => ({ subjectKey: b.uscc, at: beijingAt(b.start) })), ITEMS)

  let bad = 0
  for (const [k, b] of borrowers.entries()) {
    const hidden = 0.5 * rng.normal()
    const isBad = rng.float() < 1 / (1 + Math.exp(-(demoRiskLogit(known[k]!, b.start) + hidden)))
    const ent = principal('enterprise', `demo-${b.uscc}`, b.uscc, `${b.name} 经办人`)
    const amountFen = Math.max(product.amountMinFen, Math.min(product.amountMaxFen, Math.round(rng.logNormal(40, 0.6)) * WAN))
    const term = Math.max(product.termMinMonths, Math.min(product.termMaxMonths, rng.pick([6, 6, 12, 12, 12])))
    const rate = Math.round(rng.int(product.rateMinBp, product.rateMaxBp) / 5) * 5
    const maturity = addMonths(b.start, term)
    const at = (day: string) => clock.setDay(day, rng.int(0, 300))
    at(addDays(b.start, -3))
    const { applicationId: id } = await apply.run(ent, { productId: product.id, productVersion: product.version, amountFen, termMonths: term })
    at(addDays(b.start, -2))
    await d.applications.accept(bank, id)
    at(addDays(b.start, -1))
    await d.applications.approve(bank, id)
    at(b.start)
    await loans.lend(bank, id, { contractNo: `${LENDER.short}-PH-${b.start.slice(0, 4)}-${String(k + 1).padStart(5, '0')}`, principalFen: amountFen, annualRateBp: rate, repaymentWay: product.repaymentWays[0]!, startDate: b.start, maturityDate: maturity })
    if (isBad) {
      bad++
      // The first monthly interest is missed; most such loans are cured within weeks, some never are.
      const since = addDays(addMonths(b.start, 1), 1)
      at(addDays(since, 3))
      await loans.overdue(bank, id, { since })
      const cureDay = addDays(since, rng.int(10, 40))
      if (cureDay <= asOfDay && rng.chance(0.6)) {
        at(cureDay)
        await loans.repay(bank, id, { date: cureDay, principalFen: 0, interestFen: interestOf(amountFen, rate, 2) })
        await loans.cure(bank, id, '逾期利息已还清')
      }
      continue
    }
    if (maturity <= asOfDay) {
      at(maturity)
      await loans.repay(bank, id, { date: maturity, principalFen: amountFen, interestFen: interestOf(amountFen, rate, term) })
      at(addDays(maturity, 1))
      await loans.settle(bank, id)
    }
  }
  // The bank's officers read these grants' notifications back then: the bell shows what is new today.
  const mine = new Set(borrowers.map((b) => b.uscc))
  for (const n of await d.grants.notifications(bank, { unread: true, limit: 10_000 })) if (n.subjectKey && mine.has(n.subjectKey)) await d.grants.markRead(bank, n.id)
  await d.audit.flush()
  const starts = borrowers.map((b) => b.start).sort()
  return { loans: borrowers.length, bad, from: starts[0] ?? null, to: starts.at(-1) ?? null }
}

/** Interest of a period in whole 分: principal × annual rate × months / 12. */
const interestOf = (principalFen: number, rateBp: number, months: number) => Number((BigInt(principalFen) * BigInt(rateBp) * BigInt(months)) / 120_000n)

function addMonths(day: string, months: number): string {
  const m = Number(day.slice(5, 7)) - 1 + months
  const y = Number(day.slice(0, 4)) + Math.floor(m / 12)
  const mm = ((m % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(y, mm + 1, 0)).getUTCDate()
  return `${y}-${String(mm + 1).padStart(2, '0')}-${String(Math.min(Number(day.slice(8, 10)), lastDay)).padStart(2, '0')}`
}

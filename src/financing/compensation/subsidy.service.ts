import { randomUUID } from 'node:crypto'
import { type Database, type Sql, AppError } from '../../core/index.js'
import type { Principal } from '../../access/index.js'
import { actorOf, type AuditActor, type AuditService } from '../../audit/index.js'
import type { LoanFacts } from '../loan-facts.js'
import { accountOf, MAX_LINE_FEN, yuan, type Ledger } from '../ledger/index.js'
import { isRealDate, unmetConditions } from './compensation-rules.js'
import { CompensationErrors } from './compensation.errors.js'
import { checkLoanFacts } from './loan-checks.js'
import { subsidyOn, validateSubsidy, type SubsidyRules } from './subsidy-rules.js'
import { createSubsidyRepository } from './subsidy.repository.js'

export interface SubsidyProgramme {
  id: string
  name: string
  fundId: string
  periodFrom: string
  periodTo: string
  rules: SubsidyRules
  createdBy: string
  createdAt: Date
}

export interface Repayment {
  /** The lifecycle's own id of the repayment, when it has one; otherwise date and amounts name it. */
  repaymentId?: string | undefined
  date: string
  principalFen: number
  interestFen: number
}

export type SubsidyStatus = 'paid' | 'cap_reached' | 'insufficient_funds'

export interface SubsidyPayment {
  id: string
  programmeId: string
  programmeName: string
  loanId: string
  repaymentKey: string
  uscc: string
  institution: string
  repaymentDate: string
  interestFen: number
  amountFen: number
  status: SubsidyStatus
  reason: string
  entryId: string | null
  createdAt: Date
}

/** What one repayment earned under one programme; `replayed` when the repayment had been seen before. */
export interface SubsidyOutcome {
  programmeId: string
  status: SubsidyStatus
  amountFen: number
  reason: string
  replayed: boolean
}

const SYSTEM: AuditActor = { accountId: null, username: 'system', role: 'system', organization: null }

type Row = Record<string, any>
const programmeOf = (r: Row): SubsidyProgramme => ({
  id: r.id, name: r.name, fundId: r.fund_id, periodFrom: r.period_from, periodTo: r.period_to, rules: r.rules, createdBy: r.created_by,
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
})
const paymentOf = (r: Row): SubsidyPayment => ({
  id: r.id, programmeId: r.programme_id, programmeName: r.programme_name, loanId: r.loan_id, repaymentKey: r.repayment_key, uscc: r.uscc, institution: r.institution,
  repaymentDate: r.repayment_date, interestFen: Number(r.interest_fen), amountFen: Number(r.amount_fen), status: r.status, reason: r.reason, entryId: r.entry_id,
  createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
})

function checkRepayment(r: Repayment): string {
  const ok = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_LINE_FEN
  const problems: string[] = []
  if (!isRealDate(r.date)) problems.push(`还款日期无效：${r.date}`)
  if (!ok(r.principalFen) || !ok(r.interestFen)) problems.push('还款本金和利息须为非负整数分')
  if (r.repaymentId !== undefined && (typeof r.repaymentId !== 'string' || r.repaymentId.length === 0 || r.repaymentId.length > 100)) problems.push('还款编号无效')
  if (problems.length) throw CompensationErrors.REPAYMENT_INVALID(problems.join('；'))
  return r.repaymentId ?? `${r.date}:${r.principalFen}:${r.interestFen}`
}

/**
 * Interest subsidy (贴息, 68号文 §十四): programmes as data, paid per repayment out of a fund's pool as a ledger
 * posting, at most once per programme and repayment, within the cap per enterprise and year.
 *
 * @example
 * await subsidies.createProgramme(operator, { name: '2026年银川市首贷贴息', fundId, periodFrom: '2026-01-01', periodTo: '2026-12-31', rules })
 * await subsidies.onRepayment(loanFacts, { date: '2026-06-21', principalFen: 0, interestFen: 3_625_00 }) // [{ status: 'paid', amountFen: … }]
 */
export function createSubsidyService(deps: { db: Database; audit: AuditService; ledger: Ledger; now?: () => Date }) {
  const { db, audit, ledger } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createSubsidyRepository()

  async function programmes(sql: Sql): Promise<SubsidyProgramme[]> {
    return (await repo.programmes(sql)).map(programmeOf)
  }

  async function payOne(tx: Sql, prog: SubsidyProgramme, loan: LoanFacts, rep: Repayment, key: string): Promise<SubsidyOutcome | null> {
    if (rep.date < prog.periodFrom || rep.date > prog.periodTo) return null
    if (unmetConditions(prog.rules.qualifying, loan).length) return null
    // The repayment's row is the idempotency: a second report of it answers what the first decided.
    const seen = await repo.payment(tx, prog.id, loan.loanId, key)
    if (seen) return { programmeId: prog.id, status: seen.status, amountFen: Number(seen.amount_fen), reason: seen.reason, replayed: true }

    const year = rep.date.slice(0, 4)
    // Serialises one enterprise's subsidies under a programme, so two repayments at once cannot both fit the cap.
    await repo.lockProgramme(tx, prog.id)
    const used = await repo.paidBetween(tx, prog.id, loan.uscc, `${year}-01-01`, `${year}-12-31`)
    const base = subsidyOn(prog.rules.mode, loan.annualRateBp, rep.interestFen)
    const left = Math.max(0, prog.rules.capPerEnterprisePerYearFen - used)
    const amount = Math.min(base, left)
    const how = prog.rules.mode.kind === 'rate_points' ? `贴息 ${prog.rules.mode.bp / 100} 个百分点（贷款年利率 ${loan.annualRateBp / 100}%）` : `贴息比例 ${prog.rules.mode.perMille / 10}%`
    let status: SubsidyStatus = 'paid'
    let reason = `利息 ${yuan(rep.interestFen)}，${how}：${yuan(base)}${amount < base ? `；${year} 年度每户上限 ${yuan(prog.rules.capPerEnterprisePerYearFen)}，剩余 ${yuan(left)}` : ''}`
    let entryId: string | null = null
    if (amount <= 0) {
      status = 'cap_reached'
      reason = base <= 0 ? `利息 ${yuan(rep.interestFen)}，无可贴息金额` : `${year} 年度每户贴息上限 ${yuan(prog.rules.capPerEnterprisePerYearFen)} 已用完`
    } else {
      try {
        entryId = (await ledger.post(tx, {
          idempotencyKey: `subsidy:${prog.id}:${loan.loanId}:${key}`, fundId: prog.fundId, kind: 'subsidy.pay', memo: `${prog.name}：${loan.uscc} 贷款 ${loan.contractNo} ${rep.date} 还款贴息`,
          refType: 'subsidy', refId: prog.id, createdBy: 'system',
          lines: [{ account: accountOf('subsidy_paid', prog.fundId, loan.uscc), amountFen: amount }, { account: accountOf('pool', prog.fundId), amountFen: -amount }],
        })).entry.id
      } catch (err) {
        // Refused before anything was written; nothing is recorded, so the repayment can be paid once the pool is topped up.
        if (err instanceof AppError && err.code === 'LEDGER_INSUFFICIENT_FUNDS') {
          return { programmeId: prog.id, status: 'insufficient_funds', amountFen: 0, reason: `资金池余额不足，应贴息 ${yuan(amount)} 暂未拨付`, replayed: false }
        }
        throw err
      }
    }
    const id = randomUUID()
    await repo.insertPayment(tx, {
      id, programmeId: prog.id, loanId: loan.loanId, repaymentKey: key, uscc: loan.uscc, institution: loan.institution, repaymentDate: rep.date,
      interestFen: rep.interestFen, amountFen: status === 'paid' ? amount : 0, status, reason, entryId, createdAt: now(),
    })
    await audit.appendWithin(tx, { actor: SYSTEM, action: 'compensation.subsidy.pay', subjectKey: loan.uscc, details: { programmeId: prog.id, loanId: loan.loanId, repaymentKey: key, status, amountFen: status === 'paid' ? amount : 0, entryId } })
    return { programmeId: prog.id, status, amountFen: status === 'paid' ? amount : 0, reason, replayed: false }
  }

  async function onRepaymentWithin(tx: Sql, loan: LoanFacts, rep: Repayment): Promise<SubsidyOutcome[]> {
    checkLoanFacts(loan)
    const key = checkRepayment(rep)
    const out: SubsidyOutcome[] = []
    for (const prog of await programmes(tx)) {
      const r = await payOne(tx, prog, loan, rep, key)
      if (r) out.push(r)
    }
    return out
  }

  const service = {
    async createProgramme(p: Principal, input: { name: string; fundId: string; periodFrom: string; periodTo: string; rules: unknown }): Promise<SubsidyProgramme> {
      const rules = validateSubsidy(input)
      const id = randomUUID()
      await db.transaction(async (tx) => {
        if (!(await repo.fundExists(tx, input.fundId))) throw CompensationErrors.FUND_NOT_FOUND(input.fundId)
        const created = await repo.insertProgramme(tx, { id, name: input.name, fundId: input.fundId, periodFrom: input.periodFrom, periodTo: input.periodTo, rules, createdBy: p.username, createdAt: now() })
        if (!created) throw CompensationErrors.PROGRAMME_INVALID(`已有同名贴息项目：${input.name}`)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'compensation.subsidy.create', details: { programmeId: id, name: input.name, fundId: input.fundId, rules } })
      })
      return (await programmes(db)).find((x) => x.id === id)!
    },

    programmes(): Promise<SubsidyProgramme[]> {
      return programmes(db)
    },

    /**
     * The lifecycle reports a repayment: every programme whose period and conditions cover it pays its subsidy, as a
     * ledger posting, once. Pass the lifecycle's transaction to commit the subsidy with the repayment.
     */
    onRepayment(loan: LoanFacts, repayment: Repayment, sql?: Sql): Promise<SubsidyOutcome[]> {
      if (sql) return onRepaymentWithin(sql, loan, repayment)
      return db.transaction((tx) => onRepaymentWithin(tx, loan, repayment))
    },

    async payments(p: Principal, filter: { programmeId?: string | undefined; uscc?: string | undefined; limit: number; offset: number }): Promise<{ total: number; payments: SubsidyPayment[] }> {
      if (p.role === 'institution' && !p.organization) return { total: 0, payments: [] }
      const institution = p.role === 'institution' ? p.organization : null
      const { total, rows } = await repo.payments(db, { programmeId: filter.programmeId ?? null, uscc: filter.uscc ?? null, institution, limit: filter.limit, offset: filter.offset })
      return { total, payments: rows.map(paymentOf) }
    },
  }
  return service
}

export type SubsidyService = ReturnType<typeof createSubsidyService>

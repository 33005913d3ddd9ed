import type { Database, Sql } from '../core/index.js'
import type { Principal } from '../access/index.js'
import { type Application, type ApplicationService, type CompensationService, type LendInput, type LoanFacts, type LoanStepsPort, type RepayInput, type SizeOf, type SubsidyOutcome, type SubsidyService, SIZE_ITEMS, sizeFromProfile } from '../financing/index.js'
import type { ProfileService, SelfDeclaredService } from '../records/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import type { MonitoringService } from '../monitoring/index.js'

/**
 * Who reads the borrower's annual report for 企业划型: the platform itself, on the operator's footing (the figures
 * are restricted; the lending bank may hold no grant to them). Only the size and its reason leave the read, written
 * with the lend step and its audit entry.
 */
const SIZE_READER: Principal = { accountId: 'system', username: 'system:enterprise-size', displayName: '企业划型', role: 'operator', organization: null, via: 'session', scopes: [] }

/** A division code the compensation fund can place a loan by; without one the loan qualifies for no fund. */
const DIVISION = /^\d{6}$/

/**
 * 报送放款与还款（§七 反馈）: the bank reports a step of a loan, and in the same transaction the risk compensation fund
 * learns the loan as it now stands (`recordLoan`: its copy, and enrolment in every fund whose rules cover it), and a
 * repayment pays the interest subsidy of every programme it qualifies for (`onRepayment`, once per repayment). If
 * any part fails, none is written: no loan the fund does not know of, no subsidy for a repayment that was refused.
 *
 * @example
 * const loans = reportLoanStep({ db, applications, compensation, subsidies })
 * await loans.lend(bank, applicationId, { contractNo: 'NX-1', principalFen: 80_000_000, … })
 * const { subsidies } = await loans.repay(bank, applicationId, { date: '2026-06-21', principalFen: 0, interestFen: 290_000, reference: 'R-1' })
 */
export function reportLoanStep(deps: {
  db: Database; applications: ApplicationService; compensation: Pick<CompensationService, 'recordLoan'>; subsidies: Pick<SubsidyService, 'onRepayment'>
  /** The records context's profile read, for the borrower's size at 放款; without it the size is not recorded. */
  profiles?: Pick<ProfileService, 'assemble'>
  /** The subject's own statements (自愿填报), which may fill what providers left empty, marked as such. */
  selfDeclared?: Pick<SelfDeclaredService, 'sectionFor'>
  /** Logs the platform's read of the borrower's restricted figures, in the lend transaction. */
  audit?: Pick<AuditService, 'appendWithin'>
  /** 监测预警 (§十五): the lender watches its borrower from 放款 to 结清, written in the step's transaction. */
  watch?: Pick<MonitoringService, 'onLoan'>
}): LoanStepsPort {
  const { db, applications, compensation, subsidies, profiles, selfDeclared, audit, watch } = deps

  /** 企业划型 as of the lend day, from the borrower's records read in the lend transaction. */
  const sizeOf: SizeOf | undefined = profiles && (async (tx, subjectKey, day) => {
    const { profile, disclosed } = await profiles.assemble(SIZE_READER, subjectKey, { items: SIZE_ITEMS, within: tx })
    if (audit && disclosed.fields.length) {
      await audit.appendWithin(tx, { actor: actorOf(SIZE_READER), action: 'financing.enterprise_size.read', subjectKey, items: disclosed.items, fields: disclosed.fields, purpose: '企业划型（放款当日）' })
    }
    // On the subject's own footing: its restricted figures (从业人数, 营业总收入) are what the size is computed from;
    // only the class and the thresholds leave this read.
    const own = selfDeclared ? await selfDeclared.sectionFor(subjectKey, { basis: 'self', maskIdentifiers: true }, tx) : undefined
    return sizeFromProfile({ categories: profile.categories, selfDeclared: own }, day)
  })

  /** The loan after the step, told to the fund. A borrower with no division on file is not placed in any fund. */
  async function tell(tx: Sql, id: string): Promise<LoanFacts> {
    const facts = await applications.facts(id, tx)
    if (DIVISION.test(facts.divisionCode)) await compensation.recordLoan(facts, tx)
    if (watch) await watch.onLoan(tx, { loanId: facts.loanId, institution: facts.institution, uscc: facts.uscc, status: facts.status })
    return facts
  }

  const told = (fn: (tx: Sql) => Promise<Application>, id: string) => db.transaction(async (tx) => {
    const application = await fn(tx)
    await tell(tx, id)
    return application
  })

  return {
    lend: (p: Principal, id: string, input: LendInput) => told((tx) => applications.lend(p, id, input, tx, sizeOf), id),
    overdue: (p: Principal, id: string, input: { since: string }) => told((tx) => applications.overdue(p, id, input, tx), id),
    cure: (p: Principal, id: string, note?: string) => told((tx) => applications.cure(p, id, note, tx), id),
    settle: (p: Principal, id: string, note?: string) => told((tx) => applications.settle(p, id, note, tx), id),
    default: (p: Principal, id: string, note?: string) => told((tx) => applications.default(p, id, note, tx), id),

    /**
     * A repayment and its subsidies. The subsidy is keyed by the bank's reference when it gives one (a retried report
     * is then taken once and pays once), else by the repayment's place in the loan's sequence.
     */
    repay: (p: Principal, id: string, input: RepayInput): Promise<{ application: Application; subsidies: SubsidyOutcome[] }> => db.transaction(async (tx) => {
      const application = await applications.repay(p, id, input, tx)
      const facts = await tell(tx, id)
      if (!DIVISION.test(facts.divisionCode)) return { application, subsidies: [] }
      const repaymentId = input.reference !== undefined ? `ref:${input.reference}` : `seq:${facts.repayments.length}`
      const outcomes = await subsidies.onRepayment(facts, { repaymentId, date: input.date, principalFen: input.principalFen, interestFen: input.interestFen }, tx)
      return { application, subsidies: outcomes }
    }),
  }
}

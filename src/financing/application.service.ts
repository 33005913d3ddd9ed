import { randomUUID } from 'node:crypto'
import type { Database, Sql } from '../core/index.js'
import type { RegistryService } from '../registry/index.js'
import { type AuditService, actorOf } from '../audit/index.js'
import type { Principal } from '../access/index.js'
import { itemsOf } from './eligibility-rules.js'
import { FinancingErrors, onField } from './financing.errors.js'
import {
  APPLICATION_STATUS_ZH, REFUSAL_REASONS, REPAYMENT_WAYS, type Application, type ApplicationEvent, type ApplicationStatus, type ProductVersion,
} from './financing.types.js'
import type { EnterpriseSize, LoanFacts, ProductType } from './loan-facts.js'
import type { SizeResult } from './enterprise-size.js'
import { createApplicationRepository, type ApplicationFilter, type LoanOutcome } from './application.repository.js'
import { createProductRepository } from './product.repository.js'
import { SERVICE_LEVELS, type ServiceStep } from './service-levels.js'
import { beijingDate, type WorkingCalendar } from '../core/index.js'

/** The steps of an application after it is made, who takes each, and from which statuses (data: the lifecycle). */
export const TRANSITIONS = {
  accept: { zh: '受理', by: 'institution', from: ['submitted'], to: 'accepted' },
  approve: { zh: '审批通过', by: 'institution', from: ['accepted'], to: 'approved' },
  refuse: { zh: '审批拒绝', by: 'institution', from: ['submitted', 'accepted'], to: 'refused' },
  lend: { zh: '放款', by: 'institution', from: ['approved'], to: 'lent' },
  repay: { zh: '还款', by: 'institution', from: ['lent', 'overdue'], to: null },
  overdue: { zh: '逾期', by: 'institution', from: ['lent'], to: 'overdue' },
  cure: { zh: '逾期已还清', by: 'institution', from: ['overdue'], to: 'lent' },
  settle: { zh: '结清', by: 'institution', from: ['lent', 'overdue'], to: 'settled' },
  default: { zh: '违约（代偿）', by: 'institution', from: ['overdue'], to: 'defaulted' },
  withdraw: { zh: '撤回', by: 'enterprise', from: ['submitted', 'accepted'], to: 'withdrawn' },
} as const satisfies Record<string, { zh: string; by: 'institution' | 'enterprise'; from: readonly ApplicationStatus[]; to: ApplicationStatus | null }>

export type TransitionName = keyof typeof TRANSITIONS

/** Which loans statistics read: started from `from` to `to` (inclusive), optionally one institution's. */
export interface StatFilter { institution?: string | undefined; from?: string | undefined; to?: string | undefined }

/** One loan as statistics count it; nothing names the borrower. `enterpriseSize`: as recorded at 放款, null when undecided. */
export interface LoanStatRecord {
  institution: string
  productType: ProductType
  divisionCode: string | null
  enterpriseSize: EnterpriseSize | null
  principalFen: number
  creditLoan: boolean
  firstLoan: boolean
  startDate: string
  /** Working days from the application's submission to its approval. */
  decisionWorkingDays: number | null
  everOverdue: boolean
  defaulted: boolean
}

/** The borrower's 企业划型 as of a day, read inside the lend transaction (see src/flows/report-loan-step.flow.ts). */
export type SizeOf = (tx: Sql, subjectKey: string, day: string) => Promise<SizeResult>

/** What a step changes; `replay` when the report was seen before and nothing is written again. */
interface StepChange { set?: Record<string, unknown>; to?: ApplicationStatus; details?: Record<string, unknown>; replay?: boolean }

/** A repayment as the bank reports it; `reference` is the bank's own number for it, so a retried report counts once. */
export interface RepayInput { date: string; principalFen: number; interestFen: number; reference?: string | undefined }

export interface ApplyInput {
  productId: string
  productVersion: number
  amountFen: number
  termMonths: number
  needId?: string | undefined
}

export interface LendInput {
  contractNo: string
  principalFen: number
  annualRateBp: number
  repaymentWay: string
  startDate: string
  maturityDate: string
  guarantor?: string | undefined
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const validDate = (d: string) => {
  if (!ISO_DATE.test(d)) return false
  const t = new Date(`${d}T00:00:00Z`)
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d
}

/**
 * Applications and the loans they become (申请 → 受理 → 审批 → 放款 → 还款 / 逾期 / 结清 / 违约). Each step is one
 * transaction: the row is locked, the step checked against the lifecycle (a step out of order is refused with its
 * code), the change, its timed event and its audit entry written together. Service clocks run in working days:
 * each step the institution owes has a deadline; one done or reported after it is kept against the institution.
 */
export function createApplicationService(deps: { db: Database; registry: RegistryService; audit: AuditService; calendar: WorkingCalendar; now?: () => Date }) {
  const { db, registry, audit, calendar } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createApplicationRepository()
  const productRepo = createProductRepository()

  const today = () => beijingDate(now())
  const dueAfter = (step: ServiceStep, from: string) => calendar.addWorkingDays(from, SERVICE_LEVELS[step].days)

  async function named(a: Application): Promise<Application> {
    const s = await registry.get(a.subjectKey).catch(() => undefined)
    return { ...a, enterpriseName: s?.name ?? null }
  }

  /** Who may see an application: its enterprise, its institution, the operator and the supervisor. */
  function mayRead(p: Principal, a: Application): boolean {
    if (p.role === 'operator' || p.role === 'supervisor') return true
    if (p.role === 'institution') return p.organization === a.institution
    if (p.role === 'enterprise') return p.organization !== null && registry.subjectKeyOf(p.organization) === a.subjectKey
    return false
  }

  /** Keeps a step done after its deadline against the institution. */
  async function recordLate(tx: Sql, a: Application, step: ServiceStep, dueDate: string, doneDate: string): Promise<void> {
    if (doneDate <= dueDate) return
    await repo.addLate(tx, { applicationId: a.id, step, institution: a.institution, dueDate, doneDate, workingDaysLate: Math.max(1, calendar.workingDaysBetween(dueDate, doneDate)) }, now())
  }

  /**
   * One step: lock, check who and what order, apply, event, audit. `fn` returns the columns to set and details.
   * Anyone but the two parties is told the application does not exist.
   */
  async function step(p: Principal, id: string, name: TransitionName, note: string | null, fn: (tx: Sql, a: Application, day: string) => Promise<StepChange>, within?: Sql): Promise<Application> {
    const t = TRANSITIONS[name]
    const run = async (tx: Sql) => {
      const a = await repo.get(tx, id, true)
      if (!a) throw FinancingErrors.APPLICATION_NOT_FOUND(id)
      const party = t.by === 'institution' ? p.role === 'institution' && p.organization === a.institution : p.role === 'enterprise' && p.organization !== null && registry.subjectKeyOf(p.organization) === a.subjectKey
      if (!party) throw FinancingErrors.APPLICATION_NOT_FOUND(id)
      if (!(t.from as readonly string[]).includes(a.status)) throw FinancingErrors.APPLICATION_OUT_OF_ORDER(APPLICATION_STATUS_ZH[a.status], t.zh)
      const day = today()
      const r = await fn(tx, a, day)
      if (r.replay) return
      const to = r.to ?? t.to ?? a.status
      await repo.update(tx, id, { status: to, ...(r.set ?? {}) }, now())
      await repo.addEvent(tx, id, { at: now().toISOString(), businessDate: day, action: name, fromStatus: a.status, toStatus: to, actor: p.username, actorRole: p.role, note, details: r.details ?? null })
      await audit.appendWithin(tx, { actor: actorOf(p), action: `financing.application.${name}`, subjectKey: a.subjectKey, grantId: a.grantId, details: { applicationId: id, institution: a.institution, from: a.status, to, ...(r.details ?? {}) } })
    }
    // A flow passes its transaction so that what other contexts learn of the step commits with it.
    if (within) await run(within)
    else await db.transaction(run)
    return (await repo.get(within ?? db, id))!
  }

  function money(field: string, v: number, max: number): void {
    if (!Number.isSafeInteger(v) || v < 0 || v > max) throw onField(FinancingErrors.APPLICATION_INVALID(field, `须为 0–${max} 的整数（分）`), field)
  }

  const service = {
    /**
     * Checks an application before the apply flow writes it: the version is published, amount and term are within
     * its ranges, the need is the enterprise's own and open, and no application for this product is in progress.
     * Returns the version and the items the lender needs a grant for.
     */
    async prepare(p: Principal, input: ApplyInput): Promise<{ subjectKey: string; product: ProductVersion; grantItems: string[] }> {
      if (p.role !== 'enterprise' || !p.organization) throw FinancingErrors.NO_ORGANIZATION()
      const subjectKey = registry.subjectKeyOf(p.organization)
      const product = await productRepo.version(db, input.productId, input.productVersion)
      if (!product) throw FinancingErrors.PRODUCT_NOT_FOUND(`${input.productId} v${input.productVersion}`)
      if (product.status !== 'published') throw FinancingErrors.PRODUCT_NOT_PUBLISHED()
      if (!(input.amountFen >= product.amountMinFen && input.amountFen <= product.amountMaxFen)) throw onField(FinancingErrors.LOAN_OUT_OF_RANGE('申请金额', `${product.amountMinFen}–${product.amountMaxFen} 分`), 'amountFen')
      if (!(input.termMonths >= product.termMinMonths && input.termMonths <= product.termMaxMonths)) throw onField(FinancingErrors.LOAN_OUT_OF_RANGE('申请期限', `${product.termMinMonths}–${product.termMaxMonths} 个月`), 'termMonths')
      if (input.needId) {
        const need = await repo.need(db, input.needId)
        if (!need || need.subjectKey !== subjectKey) throw FinancingErrors.NEED_NOT_FOUND(input.needId)
        if (need.status !== 'open') throw FinancingErrors.NEED_CLOSED()
      }
      const busy = await repo.inProgress(db, subjectKey, product.id)
      if (busy) throw FinancingErrors.APPLICATION_DUPLICATE(busy)
      return { subjectKey, product, grantItems: itemsOf(product.rules) }
    },

    /** Writes the application inside the apply flow's transaction (after the grant); the accept clock starts. */
    async insertWithin(tx: Sql, p: Principal, input: ApplyInput & { subjectKey: string; institution: string; grantId: string | null }): Promise<string> {
      const id = randomUUID()
      const at = now()
      const day = beijingDate(at)
      const busy = await repo.inProgress(tx, input.subjectKey, input.productId)
      if (busy) throw FinancingErrors.APPLICATION_DUPLICATE(busy)
      await repo.insert(tx, { id, subjectKey: input.subjectKey, needId: input.needId ?? null, productId: input.productId, productVersion: input.productVersion, institution: input.institution, grantId: input.grantId, amountFen: input.amountFen, termMonths: input.termMonths, dueStep: 'accept', dueDate: dueAfter('accept', day), by: p.username, at })
        .catch((err: unknown) => {
          // Two applications at the same moment: the index keeps one; the other is told, and its grant rolls back.
          if ((err as { code?: string }).code === '23505') throw FinancingErrors.APPLICATION_DUPLICATE(input.productId)
          throw err
        })
      await repo.addEvent(tx, id, { at: at.toISOString(), businessDate: day, action: 'submit', fromStatus: null, toStatus: 'submitted', actor: p.username, actorRole: p.role, note: null, details: { grantId: input.grantId } })
      await audit.appendWithin(tx, { actor: actorOf(p), action: 'financing.application.submit', subjectKey: input.subjectKey, grantId: input.grantId, details: { applicationId: id, institution: input.institution, productId: input.productId, productVersion: input.productVersion, amountFen: input.amountFen, termMonths: input.termMonths } })
      return id
    },

    accept: (p: Principal, id: string, note?: string) => step(p, id, 'accept', note ?? null, async (tx, a, day) => {
      if (a.dueDate) await recordLate(tx, a, 'accept', a.dueDate, day)
      return { set: { due_step: 'decide', due_date: dueAfter('decide', day) } }
    }),

    approve: (p: Principal, id: string, note?: string) => step(p, id, 'approve', note ?? null, async (tx, a, day) => {
      if (a.dueDate) await recordLate(tx, a, 'decide', a.dueDate, day)
      return { set: { due_step: 'lend', due_date: dueAfter('lend', day) } }
    }),

    refuse: (p: Principal, id: string, input: { reasonCode: string; note?: string | undefined }) => step(p, id, 'refuse', input.note ?? null, async (tx, a, day) => {
      if (!Object.hasOwn(REFUSAL_REASONS, input.reasonCode)) throw onField(FinancingErrors.REASON_CODE_UNKNOWN(input.reasonCode), 'reasonCode')
      if (a.dueDate && a.dueStep) await recordLate(tx, a, a.dueStep as ServiceStep, a.dueDate, day)
      return { set: { due_step: null, due_date: null, reason_code: input.reasonCode, reason_note: input.note ?? null }, details: { reasonCode: input.reasonCode } }
    }),

    withdraw: (p: Principal, id: string, note?: string) => step(p, id, 'withdraw', note ?? null, async () => ({ set: { due_step: null, due_date: null } })),

    /**
     * 放款: the contract's figures, within the product version's ranges; reporting it late counts against the bank.
     * `sizeOf` gives the borrower's 企业划型 as of the day, read in the same transaction and kept with the loan.
     */
    lend: (p: Principal, id: string, input: LendInput, tx?: Sql, sizeOf?: SizeOf) => step(p, id, 'lend', null, async (tx, a, day) => {
      const product = (await productRepo.version(tx, a.productId, a.productVersion))!
      if (!/^[\w\-()（）〔〕[\]./]{1,60}$/u.test(input.contractNo)) throw onField(FinancingErrors.APPLICATION_INVALID('contractNo', '合同编号为 1–60 个字母、数字或符号'), 'contractNo')
      money('principalFen', input.principalFen, product.amountMaxFen)
      if (input.principalFen < product.amountMinFen) throw onField(FinancingErrors.LOAN_OUT_OF_RANGE('放款金额', `${product.amountMinFen}–${product.amountMaxFen} 分`), 'principalFen')
      if (!Number.isInteger(input.annualRateBp) || input.annualRateBp < product.rateMinBp || input.annualRateBp > product.rateMaxBp) throw onField(FinancingErrors.LOAN_OUT_OF_RANGE('年利率', `${product.rateMinBp}–${product.rateMaxBp} 个基点`), 'annualRateBp')
      if (!Object.hasOwn(REPAYMENT_WAYS, input.repaymentWay) || !(product.repaymentWays as string[]).includes(input.repaymentWay)) throw onField(FinancingErrors.LOAN_OUT_OF_RANGE('还款方式', product.repaymentWays.map((w) => REPAYMENT_WAYS[w]).join('、')), 'repaymentWay')
      if (!validDate(input.startDate) || input.startDate > day) throw onField(FinancingErrors.DATE_INVALID('startDate'), 'startDate')
      if (!validDate(input.maturityDate) || input.maturityDate <= input.startDate) throw onField(FinancingErrors.DATE_INVALID('maturityDate'), 'maturityDate')
      if (a.dueDate) await recordLate(tx, a, 'lend', a.dueDate, input.startDate)
      await recordLate(tx, a, 'report_loan', dueAfter('report_loan', input.startDate), day)
      const firstLoan = !(await repo.hasLoan(tx, a.subjectKey, a.id))
      const size = sizeOf ? await sizeOf(tx, a.subjectKey, day) : null
      return {
        set: {
          due_step: null, due_date: null, contract_no: input.contractNo, principal_fen: input.principalFen, annual_rate_bp: input.annualRateBp, repayment_way: input.repaymentWay,
          start_date: input.startDate, maturity_date: input.maturityDate, guarantor: input.guarantor?.trim() || null,
          credit_loan: !product.guaranteeRequired && !input.guarantor, first_loan: firstLoan, outstanding_principal_fen: input.principalFen,
          ...(size ? { enterprise_size: size.size, enterprise_size_reason: size.reason, enterprise_size_as_of: day } : {}),
        },
        details: {
          contractNo: input.contractNo, principalFen: input.principalFen, annualRateBp: input.annualRateBp, startDate: input.startDate, maturityDate: input.maturityDate,
          ...(size ? { enterpriseSize: size.size } : {}),
        },
      }
    }, tx),

    /** 还款: a report carrying the bank's reference is taken once; the same reference again changes nothing. */
    repay: (p: Principal, id: string, input: RepayInput, tx?: Sql) => step(p, id, 'repay', null, async (tx, a, day) => {
      if (input.reference !== undefined) {
        const seen = await repo.repaymentByReference(tx, a.id, input.reference)
        if (seen) {
          if (seen.date !== input.date || seen.principalFen !== input.principalFen || seen.interestFen !== input.interestFen) throw onField(FinancingErrors.REPAYMENT_REFERENCE_REUSED(input.reference), 'reference')
          return { replay: true }
        }
      }
      if (!validDate(input.date) || input.date > day || input.date < a.loan!.startDate) throw onField(FinancingErrors.DATE_INVALID('date'), 'date')
      money('principalFen', input.principalFen, 10_000_000_000)
      money('interestFen', input.interestFen, 10_000_000_000)
      if (input.principalFen > a.loan!.outstandingPrincipalFen) throw onField(FinancingErrors.REPAYMENT_EXCEEDS(input.principalFen, a.loan!.outstandingPrincipalFen), 'principalFen')
      await repo.addRepayment(tx, a.id, input, now())
      await recordLate(tx, a, 'report_repayment', dueAfter('report_repayment', input.date), day)
      return { set: { outstanding_principal_fen: a.loan!.outstandingPrincipalFen - input.principalFen }, details: { ...input } }
    }, tx),

    overdue: (p: Principal, id: string, input: { since: string }, tx?: Sql) => step(p, id, 'overdue', null, async (_tx, a, day) => {
      if (!validDate(input.since) || input.since > day || input.since < a.loan!.startDate) throw onField(FinancingErrors.DATE_INVALID('since'), 'since')
      return { set: { overdue_since: input.since }, details: input }
    }, tx),

    cure: (p: Principal, id: string, note?: string, tx?: Sql) => step(p, id, 'cure', note ?? null, async () => ({ set: { overdue_since: null } }), tx),

    /** 结清: only once no principal is outstanding. */
    settle: (p: Principal, id: string, note?: string, tx?: Sql) => step(p, id, 'settle', note ?? null, async (_tx, a) => {
      if (a.loan!.outstandingPrincipalFen > 0) throw FinancingErrors.APPLICATION_OUT_OF_ORDER(`${APPLICATION_STATUS_ZH[a.status]}（尚欠本金 ${a.loan!.outstandingPrincipalFen} 分）`, '结清')
      return { set: { overdue_since: null } }
    }, tx),

    /** 违约: the loan is written off to the compensation fund's claim; its overdue date stays. */
    default: (p: Principal, id: string, note?: string, tx?: Sql) => step(p, id, 'default', note ?? null, async () => ({}), tx),

    async get(p: Principal, id: string): Promise<Application & { history: ApplicationEvent[]; repayments: Array<{ date: string; principalFen: number; interestFen: number }> }> {
      const a = await repo.get(db, id)
      if (!a || !mayRead(p, a)) throw FinancingErrors.APPLICATION_NOT_FOUND(id)
      if (p.role === 'institution' || p.role === 'operator' || p.role === 'supervisor') {
        await audit.append({ actor: actorOf(p), action: 'financing.application.read', subjectKey: a.subjectKey, grantId: a.grantId, details: { applicationId: id } })
      }
      return { ...(await named(a)), history: await repo.events(db, id), repayments: await repo.repayments(db, id) }
    },

    /** The caller's applications: an enterprise its own, an institution its own (its work queue), others all. */
    async list(p: Principal, f: Omit<ApplicationFilter, 'subjectKey' | 'institution' | 'overdueBefore'> & { overdueOnly?: boolean | undefined }): Promise<{ total: number; applications: Application[] }> {
      const filter: ApplicationFilter = { limit: f.limit, offset: f.offset, status: f.status, ...(f.overdueOnly ? { overdueBefore: today() } : {}) }
      if (p.role === 'enterprise') {
        if (!p.organization) throw FinancingErrors.NO_ORGANIZATION()
        filter.subjectKey = registry.subjectKeyOf(p.organization)
      } else if (p.role === 'institution') {
        if (!p.organization) throw FinancingErrors.NO_ORGANIZATION()
        filter.institution = p.organization
      } else if (p.role !== 'operator' && p.role !== 'supervisor') throw FinancingErrors.NO_ORGANIZATION()
      const r = await repo.list(db, filter)
      const applications = await Promise.all(r.rows.map(named))
      if (p.role !== 'enterprise' && applications.length) await audit.append({ actor: actorOf(p), action: 'financing.application.list', details: { count: applications.length, overdueOnly: Boolean(f.overdueOnly) } })
      return { total: r.total, applications }
    },

    /** Late steps per institution and step (service-level statistics); an institution sees its own. */
    async lateSteps(p: Principal) {
      if (p.role === 'institution') return repo.lateByInstitution(db, p.organization ?? '\u0000')
      return repo.lateByInstitution(db)
    },

    /** The loan of a lent application in the shape compensation, subsidy and statistics read. */
    async facts(loanId: string, tx?: Sql): Promise<LoanFacts> {
      const a = await repo.get(tx ?? db, loanId)
      if (!a || !a.loan) throw FinancingErrors.APPLICATION_NOT_FOUND(loanId)
      const s = await registry.get(a.subjectKey, tx).catch(() => undefined)
      const status: LoanFacts['status'] = a.status === 'overdue' ? 'overdue' : a.status === 'settled' ? 'settled' : a.status === 'defaulted' ? 'defaulted' : 'active'
      return {
        loanId: a.id, applicationId: a.id, productId: a.productId, productType: a.productType, institution: a.institution, guarantor: a.loan.guarantor,
        uscc: s?.uscc ?? a.subjectKey, enterpriseSize: a.loan.enterpriseSize?.size ?? null, divisionCode: s?.division_code ?? '', contractNo: a.loan.contractNo, principalFen: a.loan.principalFen,
        annualRateBp: a.loan.annualRateBp, creditLoan: a.loan.creditLoan, firstLoan: a.loan.firstLoan, startDate: a.loan.startDate, maturityDate: a.loan.maturityDate,
        status, repayments: await repo.repayments(tx ?? db, a.id), outstandingPrincipalFen: a.loan.outstandingPrincipalFen, overdueSince: a.loan.overdueSince,
      }
    },

    /**
     * 融资统计 (§二十): each loan started in the period as statistics count it, without the borrower's identity: its
     * division (from the registry), institution, product type, amount, credit/first loan, start date, working days
     * from application to approval, and whether it was ever overdue or has defaulted. For the stats context.
     */
    async statRecords(f: StatFilter = {}): Promise<LoanStatRecord[]> {
      const rows = await repo.loanStatRows(db, f)
      const divisions = new Map<string, string | null>()
      for (const key of new Set(rows.map((r) => r.subjectKey))) divisions.set(key, (await registry.get(key).catch(() => undefined))?.division_code ?? null)
      return rows.map((r) => ({
        institution: r.institution, productType: r.productType, divisionCode: divisions.get(r.subjectKey) ?? null, enterpriseSize: r.enterpriseSize,
        principalFen: r.principalFen, creditLoan: r.creditLoan, firstLoan: r.firstLoan, startDate: r.startDate,
        decisionWorkingDays: r.submittedOn && r.decidedOn ? calendar.workingDaysBetween(r.submittedOn, r.decidedOn) : null,
        everOverdue: r.everOverdue || r.status === 'defaulted', defaulted: r.status === 'defaulted',
      }))
    },

    /** Late steps per institution and step in a period (by the day done or reported), for the statistics. */
    lateStepCounts(f: StatFilter = {}) {
      return repo.lateCounts(db, f)
    },

    /**
     * One institution's loans with their outcome so far (放款后正常 / 逾期 / 结清 / 违约, and whether ever overdue),
     * oldest first: what its scorecard learns from. Only the institution's own loans; at most `limit`.
     */
    loanOutcomes(institution: string, f: { from?: string | undefined; to?: string | undefined; limit?: number | undefined } = {}): Promise<LoanOutcome[]> {
      return repo.loanOutcomes(db, institution, { from: f.from, to: f.to, limit: f.limit ?? 100_000 })
    },

    /** Facts of every loan alive in a period (lent by `to`, not settled before `from`), optionally one institution's. */
    async factsFor(f: { institution?: string; from?: string; to?: string } = {}): Promise<LoanFacts[]> {
      const out: LoanFacts[] = []
      for (const id of await repo.loanIds(db, f)) out.push(await service.facts(id))
      return out
    },
  }
  return service
}

export type ApplicationService = ReturnType<typeof createApplicationService>

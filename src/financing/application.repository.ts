import type { Sql } from '../core/index.js'
import type { Application, ApplicationEvent, ApplicationStatus, Need } from './financing.types.js'
import type { EnterpriseSize, ProductType } from './loan-facts.js'
import { statements } from '../core/index.js'

export interface ApplicationRow {
  id: string
  subject_key: string
  enterprise_name: string | null
  need_id: string | null
  product_id: string
  product_version: number
  product_name: string
  product_type: ProductType
  institution: string
  grant_id: string | null
  amount_fen: number
  term_months: number
  status: ApplicationStatus
  due_step: string | null
  due_date: string | null
  reason_code: string | null
  reason_note: string | null
  contract_no: string | null
  principal_fen: number | null
  annual_rate_bp: number | null
  repayment_way: string | null
  start_date: string | null
  maturity_date: string | null
  guarantor: string | null
  credit_loan: boolean | null
  first_loan: boolean | null
  outstanding_principal_fen: number | null
  overdue_since: string | null
  enterprise_size: EnterpriseSize | null
  enterprise_size_reason: string | null
  enterprise_size_as_of: string | null
  division_code: string | null
  created_at: Date
  updated_at: Date
}

// The enterprise's name and division come from the registry's own read (registry.get) in the service, not from
// its tables: the join below stays inside this schema.
const SELECT = `select a.*, v.name as product_name, v.product_type, null::text as enterprise_name, null::text as division_code
  from financing.application a join financing.product_version v on v.product_id = a.product_id and v.version = a.product_version`

export function applicationOf(r: ApplicationRow): Application {
  return {
    id: r.id, subjectKey: r.subject_key, enterpriseName: r.enterprise_name, needId: r.need_id, productId: r.product_id, productVersion: r.product_version,
    productName: r.product_name, productType: r.product_type, institution: r.institution, grantId: r.grant_id, amountFen: Number(r.amount_fen), termMonths: r.term_months,
    status: r.status, dueStep: r.due_step, dueDate: r.due_date, reasonCode: r.reason_code, reasonNote: r.reason_note,
    loan: r.contract_no === null ? null : {
      contractNo: r.contract_no, principalFen: Number(r.principal_fen), annualRateBp: r.annual_rate_bp!, repaymentWay: r.repayment_way!, startDate: r.start_date!,
      maturityDate: r.maturity_date!, guarantor: r.guarantor, creditLoan: r.credit_loan!, firstLoan: r.first_loan!, outstandingPrincipalFen: Number(r.outstanding_principal_fen), overdueSince: r.overdue_since,
      enterpriseSize: r.enterprise_size_as_of === null ? null : { size: r.enterprise_size, reason: r.enterprise_size_reason ?? '', asOf: r.enterprise_size_as_of },
    },
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  }
}

export interface LoanStatRow {
  subjectKey: string
  institution: string
  productType: ProductType
  principalFen: number
  creditLoan: boolean
  firstLoan: boolean
  startDate: string
  status: ApplicationStatus
  enterpriseSize: EnterpriseSize | null
  submittedOn: string | null
  decidedOn: string | null
  everOverdue: boolean
}

/** A loan's outcome as a scorecard learns from it: who borrowed, when, and how it went so far. */
export interface LoanOutcome {
  loanId: string
  subjectKey: string
  startDate: string
  maturityDate: string
  status: 'lent' | 'overdue' | 'settled' | 'defaulted'
  everOverdue: boolean
}

export interface ApplicationFilter {
  subjectKey?: string | undefined
  institution?: string | undefined
  status?: ApplicationStatus | undefined
  /** Only applications whose pending step's deadline is before this date. */
  overdueBefore?: string | undefined
  limit: number
  offset: number
}

/** The filters of the need list: subject, open only, division code starts with one of the prefixes. */
const NEEDS_WHERE = `($1::text is null or subject_key = $1) and (not $2::boolean or status = 'open') and ($3::text[] is null or division_code like any($3))`
/** The filters of the application list: subject, institution, status, due before. */
const LIST_WHERE = `($1::text is null or a.subject_key = $1) and ($2::text is null or a.institution = $2) and ($3::text is null or a.status = $3)
  and ($4::date is null or a.due_date < $4)`
/** Loans (a contract number) of an institution (or all), started in [from, to] (either end open). */
const LOANS_WHERE = `a.contract_no is not null and ($1::text is null or a.institution = $1) and ($2::date is null or a.start_date >= $2) and ($3::date is null or a.start_date <= $3)`

const SQL = statements('financing.application', {
  insertNeed: `insert into financing.need (id, subject_key, amount_fen, term_months, purpose, collateral, division_code, status, created_by, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9)`,
  need: 'select * from financing.need where id = $1',
  closeNeed: `update financing.need set status = 'closed', closed_at = $2 where id = $1`,
  insert: `insert into financing.application (id, subject_key, need_id, product_id, product_version, institution, grant_id, amount_fen, term_months, status, due_step, due_date, created_by, created_at, updated_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11, $12, $13, $13)`,
  get: 'select id from financing.application where id = $1 for update',
  get2: `${SELECT} where a.id = $1`,
  inProgress: `select id from financing.application where subject_key = $1 and product_id = $2 and status in ('submitted', 'accepted', 'approved') limit 1`,
  hasLoan: `select 1 from financing.application where subject_key = $1 and id <> $2 and contract_no is not null limit 1`,
  subjectsApplyingTo: 'select distinct subject_key from financing.application where institution = $1 and subject_key = any($2)',
  addEvent: `insert into financing.application_event (application_id, seq, at, business_date, action, from_status, to_status, actor, actor_role, note, details)
        values ($1, (select coalesce(max(seq), 0) + 1 from financing.application_event where application_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  events: 'select * from financing.application_event where application_id = $1 order by seq',
  addRepayment: `insert into financing.repayment (application_id, seq, repaid_on, principal_fen, interest_fen, recorded_at, reference)
        values ($1, (select coalesce(max(seq), 0) + 1 from financing.repayment where application_id = $1), $2, $3, $4, $5, $6)`,
  repaymentByReference: 'select repaid_on, principal_fen, interest_fen from financing.repayment where application_id = $1 and reference = $2',
  repayments: 'select * from financing.repayment where application_id = $1 order by seq',
  addLate: `insert into financing.late_step (application_id, step, institution, due_date, done_date, working_days_late, recorded_at)
        values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing`,
  countNeeds: `select count(*)::int as n from financing.need where ${NEEDS_WHERE}`,
  needs: `select * from financing.need where ${NEEDS_WHERE} order by created_at desc, id limit $4 offset $5`,
  countList: `select count(*)::int as n from financing.application a where ${LIST_WHERE}`,
  list: `${SELECT} where ${LIST_WHERE} order by a.created_at desc, a.id limit $5 offset $6`,
  lateByInstitution: `select institution, step, count(*)::int as n, sum(working_days_late)::int as days from financing.late_step where ($1::text is null or institution = $1) group by institution, step order by institution, step`,
  loanStatRows: `select a.subject_key, a.institution, v.product_type, a.principal_fen, a.credit_loan, a.first_loan, a.start_date, a.status, a.enterprise_size,
          (select min(e.business_date) from financing.application_event e where e.application_id = a.id and e.action = 'submit') as submitted_on,
          (select min(e.business_date) from financing.application_event e where e.application_id = a.id and e.action = 'approve') as decided_on,
          exists (select 1 from financing.application_event e where e.application_id = a.id and e.action = 'overdue') as ever_overdue
        from financing.application a join financing.product_version v on v.product_id = a.product_id and v.version = a.product_version
        where ${LOANS_WHERE} order by a.start_date, a.id`,
  lateCounts: `select institution, step, count(*)::int as n, sum(working_days_late)::int as days from financing.late_step
        where ($1::text is null or institution = $1) and ($2::date is null or done_date >= $2) and ($3::date is null or done_date <= $3)
        group by institution, step order by institution, step`,
  /**
   * Loans in the order a scorecard holds out its most recent ones: by start day, then by contract number (a lender's
   * own, issued in order; compared byte by byte so both databases agree), not by the random id, so that the same book
   * gives the same hold-out cut, and the same card, wherever it is stored.
   */
  loanOutcomes: `select a.id, a.subject_key, a.start_date, a.maturity_date, a.status,
          exists (select 1 from financing.application_event e where e.application_id = a.id and e.action = 'overdue') as ever_overdue
        from financing.application a where ${LOANS_WHERE} order by a.start_date, a.contract_no collate "C", a.id limit $4`,
  loanIds: `select id from financing.application where contract_no is not null and ($1::text is null or institution = $1) and ($2::date is null or start_date <= $2)
        and ($3::date is null or maturity_date >= $3 or status not in ('settled')) order by start_date, id`,
})

/** SQL of needs, applications, their events, repayments and late steps. */
export function createApplicationRepository() {
  return {
    async insertNeed(sql: Sql, n: Need, by: string): Promise<void> {
      await sql.query(SQL.insertNeed, [n.id, n.subjectKey, n.amountFen, n.termMonths, n.purpose, n.collateral, n.divisionCode, by, n.createdAt])
    },

    async need(sql: Sql, id: string): Promise<Need | undefined> {
      const rows = await sql.query<Record<string, unknown>>(SQL.need, [id])
      return rows[0] ? needOf(rows[0]) : undefined
    },

    async closeNeed(sql: Sql, id: string, at: Date): Promise<void> {
      await sql.query(SQL.closeNeed, [id, at])
    },

    async needs(sql: Sql, f: { subjectKey?: string; openOnly?: boolean; regionPrefixes?: readonly string[]; limit: number; offset: number }): Promise<{ total: number; rows: Need[] }> {
      if (f.regionPrefixes && f.regionPrefixes.length === 0) return { total: 0, rows: [] }
      const params = [f.subjectKey || null, !!f.openOnly, f.regionPrefixes ? f.regionPrefixes.map((p) => `${p}%`) : null]
      const total = await sql.query<{ n: number }>(SQL.countNeeds, params)
      const rows = await sql.query<Record<string, unknown>>(SQL.needs, [...params, f.limit, f.offset])
      return { total: total[0]?.n ?? 0, rows: rows.map(needOf) }
    },

    async insert(sql: Sql, a: { id: string; subjectKey: string; needId: string | null; productId: string; productVersion: number; institution: string; grantId: string | null; amountFen: number; termMonths: number; dueStep: string; dueDate: string; by: string; at: Date }): Promise<void> {
      await sql.query(SQL.insert,
      [a.id, a.subjectKey, a.needId, a.productId, a.productVersion, a.institution, a.grantId, a.amountFen, a.termMonths, a.dueStep, a.dueDate, a.by, a.at])
    },

    async get(sql: Sql, id: string, forUpdate = false): Promise<Application | undefined> {
      if (forUpdate) await sql.query(SQL.get, [id])
      const rows = await sql.query<ApplicationRow>(SQL.get2, [id])
      return rows[0] ? applicationOf(rows[0]) : undefined
    },

    /** An application still in progress (not refused, withdrawn or finished) for this subject and product. */
    async inProgress(sql: Sql, subjectKey: string, productId: string): Promise<string | undefined> {
      const rows = await sql.query<{ id: string }>(SQL.inProgress, [subjectKey, productId])
      return rows[0]?.id
    },

    async hasLoan(sql: Sql, subjectKey: string, except: string): Promise<boolean> {
      const rows = await sql.query(SQL.hasLoan, [subjectKey, except])
      return rows.length > 0
    },

    /** Subjects that applied to this institution (they show their name on their needs to it). */
    async subjectsApplyingTo(sql: Sql, institution: string, subjectKeys: readonly string[]): Promise<Set<string>> {
      if (subjectKeys.length === 0) return new Set()
      const rows = await sql.query<{ subject_key: string }>(SQL.subjectsApplyingTo, [institution, subjectKeys])
      return new Set(rows.map((r) => r.subject_key))
    },

    async update(sql: Sql, id: string, set: Record<string, unknown>, at: Date): Promise<void> {
      const cols = Object.keys(set)
      const assignments = cols.map((c, i) => `${c} = $${i + 3}`).join(', ')
      await sql.query(`update financing.application set updated_at = $2${cols.length ? ', ' + assignments : ''} where id = $1`, [id, at, ...cols.map((c) => set[c])])
    },

    async addEvent(sql: Sql, id: string, e: Omit<ApplicationEvent, 'seq'> & { details?: Record<string, unknown> | null }): Promise<void> {
      await sql.query(SQL.addEvent,
      [id, e.at, e.businessDate, e.action, e.fromStatus, e.toStatus, e.actor, e.actorRole, e.note, e.details ? JSON.stringify(e.details) : null])
    },

    async events(sql: Sql, id: string): Promise<ApplicationEvent[]> {
      const rows = await sql.query<{ seq: number; at: Date; business_date: string; action: string; from_status: string | null; to_status: string; actor: string; actor_role: string; note: string | null }>(
        SQL.events, [id])
      return rows.map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), businessDate: r.business_date, action: r.action, fromStatus: r.from_status, toStatus: r.to_status, actor: r.actor, actorRole: r.actor_role, note: r.note }))
    },

    async list(sql: Sql, f: ApplicationFilter): Promise<{ total: number; rows: Application[] }> {
      const params = [f.subjectKey || null, f.institution || null, f.status || null, f.overdueBefore || null]
      const total = await sql.query<{ n: number }>(SQL.countList, params)
      const rows = await sql.query<ApplicationRow>(SQL.list, [...params, f.limit, f.offset])
      return { total: total[0]?.n ?? 0, rows: rows.map(applicationOf) }
    },

    async addRepayment(sql: Sql, id: string, r: { date: string; principalFen: number; interestFen: number; reference?: string | undefined }, at: Date): Promise<void> {
      await sql.query(SQL.addRepayment, [id, r.date, r.principalFen, r.interestFen, at, r.reference ?? null])
    },

    async repaymentByReference(sql: Sql, id: string, reference: string): Promise<{ date: string; principalFen: number; interestFen: number } | undefined> {
      const rows = await sql.query<{ repaid_on: string; principal_fen: number; interest_fen: number }>(SQL.repaymentByReference, [id, reference])
      return rows[0] ? { date: rows[0].repaid_on, principalFen: Number(rows[0].principal_fen), interestFen: Number(rows[0].interest_fen) } : undefined
    },

    async repayments(sql: Sql, id: string): Promise<Array<{ date: string; principalFen: number; interestFen: number }>> {
      const rows = await sql.query<{ repaid_on: string; principal_fen: number; interest_fen: number }>(SQL.repayments, [id])
      return rows.map((r) => ({ date: r.repaid_on, principalFen: Number(r.principal_fen), interestFen: Number(r.interest_fen) }))
    },

    async addLate(sql: Sql, l: { applicationId: string; step: string; institution: string; dueDate: string; doneDate: string; workingDaysLate: number }, at: Date): Promise<void> {
      await sql.query(SQL.addLate, [l.applicationId, l.step, l.institution, l.dueDate, l.doneDate, l.workingDaysLate, at])
    },

    async lateByInstitution(sql: Sql, institution?: string): Promise<Array<{ institution: string; step: string; count: number; workingDaysLate: number }>> {
      const rows = await sql.query<{ institution: string; step: string; n: number; days: number }>(
        SQL.lateByInstitution, [institution || null])
      return rows.map((r) => ({ institution: r.institution, step: r.step, count: r.n, workingDaysLate: r.days }))
    },

    /**
     * Loans started in a period, with what statistics count of each: no enterprise identifier beyond the subject key
     * (the service maps it to a division and drops it), the business dates of submission and approval, and whether
     * the loan was ever reported overdue.
     */
    async loanStatRows(sql: Sql, f: { institution?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<LoanStatRow[]> {
      const rows = await sql.query<Record<string, unknown>>(SQL.loanStatRows, [f.institution || null, f.from || null, f.to || null])
      return rows.map((r) => ({
        subjectKey: r.subject_key as string, institution: r.institution as string, productType: r.product_type as ProductType, principalFen: Number(r.principal_fen),
        creditLoan: Boolean(r.credit_loan), firstLoan: Boolean(r.first_loan), startDate: r.start_date as string, status: r.status as ApplicationStatus, enterpriseSize: (r.enterprise_size as EnterpriseSize | null) ?? null,
        submittedOn: (r.submitted_on as string | null) ?? null, decidedOn: (r.decided_on as string | null) ?? null, everOverdue: Boolean(r.ever_overdue),
      }))
    },

    /** Late steps per institution and step, done in a period (by the date the step was done or reported). */
    async lateCounts(sql: Sql, f: { institution?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<Array<{ institution: string; step: string; count: number; workingDaysLate: number }>> {
      const rows = await sql.query<{ institution: string; step: string; n: number; days: number }>(SQL.lateCounts, [f.institution || null, f.from || null, f.to || null])
      return rows.map((r) => ({ institution: r.institution, step: r.step, count: r.n, workingDaysLate: r.days }))
    },

    /** One institution's loans with their outcome so far, oldest first, at most `limit`. */
    async loanOutcomes(sql: Sql, institution: string, f: { from?: string | undefined; to?: string | undefined; limit: number }): Promise<LoanOutcome[]> {
      const rows = await sql.query<Record<string, unknown>>(SQL.loanOutcomes, [institution, f.from || null, f.to || null, f.limit])
      return rows.map((r) => ({
        loanId: r.id as string, subjectKey: r.subject_key as string, startDate: r.start_date as string, maturityDate: r.maturity_date as string,
        status: r.status as LoanOutcome['status'], everOverdue: Boolean(r.ever_overdue),
      }))
    },

    /** Lent applications (loans), for the facts other contexts read. */
    async loanIds(sql: Sql, f: { institution?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<string[]> {
      const rows = await sql.query<{ id: string }>(SQL.loanIds, [f.institution || null, f.to || null, f.from || null])
      return rows.map((r) => r.id)
    },
  }
}

function needOf(r: Record<string, unknown>): Need {
  return {
    id: r.id as string, subjectKey: r.subject_key as string, amountFen: Number(r.amount_fen), termMonths: r.term_months as number, purpose: r.purpose as string,
    collateral: (r.collateral as string | null) ?? null, divisionCode: (r.division_code as string | null) ?? null, status: r.status as Need['status'], createdAt: new Date(r.created_at as string).toISOString(),
  }
}

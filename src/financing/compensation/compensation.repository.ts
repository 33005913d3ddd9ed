import type { Sql } from '../../core/index.js'
import type { LoanFacts } from '../loan-facts.js'
import type { FundRules } from './compensation-rules.js'
import type { Claim, ClaimEvent, ClaimStatus, Fund, RuleVersion } from './compensation.types.js'
import { statements, variants } from '../../core/index.js'

const d = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v))
const n = (v: number | string | null): number | null => (v === null ? null : Number(v))

type Row = Record<string, any>

const fundOf = (r: Row): Fund => ({
  id: r.id, name: r.name, owner: r.owner, regions: r.regions ?? [], year: r.year, ruleBasis: r.rule_basis, createdBy: r.created_by, createdAt: d(r.created_at)!,
})

const versionOf = (r: Row): RuleVersion => ({ version: r.version, effectiveFrom: r.effective_from, rules: r.rules, createdBy: r.created_by, createdAt: d(r.created_at)! })

const claimOf = (r: Row): Claim => ({
  id: r.id, fundId: r.fund_id, fundName: r.fund_name, loanId: r.loan_id, institution: r.institution, uscc: r.uscc, year: r.year, status: r.status,
  ruleVersion: r.rule_version, unrecoveredFen: Number(r.unrecovered_fen), claimedFen: n(r.claimed_fen), computedFen: Number(r.computed_fen),
  approvedFen: n(r.approved_fen), breakdown: r.breakdown, evidence: r.evidence, note: r.note, filedBy: r.filed_by, filedAt: d(r.filed_at)!,
  reviewedBy: r.reviewed_by, reviewedAt: d(r.reviewed_at), reviewNote: r.review_note, rejectReason: r.reject_reason, paidBy: r.paid_by,
  paidAt: d(r.paid_at), paymentRef: r.payment_ref, recoveredFen: Number(r.recovered_fen), returnedFen: Number(r.returned_fen),
})

const CLAIM = `c.*, f.name as fund_name from compensation.claim c join compensation.fund f on f.id = c.fund_id`

export interface ClaimFilter {
  institution?: string | undefined
  fundId?: string | undefined
  status?: ClaimStatus | undefined
  limit: number
  offset: number
}

/** The filters of the claim list: institution, fund, status. */
const CLAIMS_WHERE = `($1::text is null or c.institution = $1) and ($2::uuid is null or c.fund_id = $2) and ($3::text is null or c.status = $3)`

const SQL = statements('financing.compensation', {
  insertFund: `insert into compensation.fund (id, name, owner, regions, year, rule_basis, created_by, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (name) do nothing returning id`,
  fund: 'select * from compensation.fund where id = $1',
  funds: 'select * from compensation.fund order by created_at desc, name',
  insertVersion: `insert into compensation.rule_version (fund_id, version, effective_from, rules, created_by, created_at)
        select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 from compensation.rule_version where fund_id = $1 returning version as v`,
  versions: 'select * from compensation.rule_version where fund_id = $1 order by effective_from',
  upsertLoan: `insert into compensation.loan (loan_id, institution, uscc, facts, updated_at) values ($1, $2, $3, $4, $5)
        on conflict (loan_id) do update set institution = excluded.institution, uscc = excluded.uscc, facts = excluded.facts, updated_at = excluded.updated_at`,
  loan: 'select facts from compensation.loan where loan_id = $1',
  enrol: `insert into compensation.enrolment (fund_id, loan_id, institution, principal_fen, start_date, enrolled_at) values ($1, $2, $3, $4, $5, $6)
        on conflict (fund_id, loan_id) do nothing`,
  figures: `select
        (select coalesce(sum(approved_fen), 0)::bigint from compensation.claim where fund_id = $1 and year = $3 and status in ('approved', 'paid')) as fund_year,
        (select coalesce(sum(approved_fen), 0)::bigint from compensation.claim where fund_id = $1 and year = $3 and institution = $2 and status in ('approved', 'paid')) as institution_year,
        (select coalesce(sum(unrecovered_fen - recovered_fen), 0)::bigint from compensation.claim where fund_id = $1 and institution = $2 and status in ('approved', 'paid')) as loss,
        (select coalesce(sum(principal_fen), 0)::bigint from compensation.enrolment where fund_id = $1 and institution = $2) as enrolled`,
  lockFund: 'select id from compensation.fund where id = $1 for update',
  liveClaim: `select id from compensation.claim where fund_id = $1 and loan_id = $2 and status <> 'rejected'`,
  insertClaim: `insert into compensation.claim (id, fund_id, loan_id, institution, uscc, year, status, rule_version, unrecovered_fen, claimed_fen, computed_fen,
        breakdown, evidence, note, filed_by, filed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
  approve: `update compensation.claim set status = 'approved', approved_fen = $2, computed_fen = $2, breakdown = $3, reviewed_by = $4, reviewed_at = $5, review_note = $6 where id = $1`,
  reject: `update compensation.claim set status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = $4 where id = $1`,
  pay: `update compensation.claim set status = 'paid', paid_by = $2, paid_at = $3, payment_ref = $4 where id = $1`,
  addRecovery: 'update compensation.claim set recovered_fen = recovered_fen + $2, returned_fen = returned_fen + $3 where id = $1',
  addEvent: `insert into compensation.claim_event (claim_id, seq, at, action, actor, actor_role, amount_fen, note, entry_id, idempotency_key)
        select $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 from compensation.claim_event where claim_id = $1`,
  eventByKey: 'select 1 from compensation.claim_event where claim_id = $1 and idempotency_key = $2',
  events: 'select * from compensation.claim_event where claim_id = $1 order by seq',
  claim: variants((forUpdate: boolean) => `select ${CLAIM} where c.id = $1${forUpdate ? ' for update of c' : ''}`, [[false], [true]]),
  countClaims: `select count(*)::int as n from compensation.claim c where ${CLAIMS_WHERE}`,
  claims: `select ${CLAIM} where ${CLAIMS_WHERE} order by c.filed_at desc, c.id limit $4 offset $5`,
})

/** SQL of funds, rule versions, covered loans and claims. */
export function createCompensationRepository() {
  return {
    async insertFund(sql: Sql, f: Omit<Fund, 'createdAt'> & { at: Date }): Promise<boolean> {
      const rows = await sql.query(SQL.insertFund, [f.id, f.name, f.owner, f.regions, f.year, f.ruleBasis, f.createdBy, f.at])
      return rows.length === 1
    },

    async fund(sql: Sql, id: string): Promise<Fund | null> {
      const rows = await sql.query<Row>(SQL.fund, [id])
      return rows[0] ? fundOf(rows[0]) : null
    },

    async funds(sql: Sql): Promise<Fund[]> {
      return (await sql.query<Row>(SQL.funds)).map(fundOf)
    },

    async insertVersion(sql: Sql, fundId: string, rules: FundRules, by: string, at: Date): Promise<number> {
      const [r] = await sql.query<{ v: number }>(SQL.insertVersion,
        [fundId, rules.effectiveFrom, JSON.stringify(rules), by, at])
      return r!.v
    },

    async versions(sql: Sql, fundId: string): Promise<RuleVersion[]> {
      return (await sql.query<Row>(SQL.versions, [fundId])).map(versionOf)
    },

    async upsertLoan(sql: Sql, loan: LoanFacts, at: Date): Promise<void> {
      await sql.query(SQL.upsertLoan,
        [loan.loanId, loan.institution, loan.uscc, JSON.stringify(loan), at])
    },

    async loan(sql: Sql, loanId: string): Promise<LoanFacts | null> {
      const rows = await sql.query<{ facts: LoanFacts }>(SQL.loan, [loanId])
      return rows[0]?.facts ?? null
    },

    async enrol(sql: Sql, fundId: string, loan: LoanFacts, at: Date): Promise<void> {
      await sql.query(SQL.enrol, [fundId, loan.loanId, loan.institution, loan.principalFen, loan.startDate, at])
    },

    /** Claim context figures: what the fund promised this year (all, and to the institution), and the institution's losses and enrolled principal. */
    async figures(sql: Sql, fundId: string, institution: string, year: number): Promise<{ fundYear: number; institutionYear: number; loss: number; enrolled: number }> {
      const [r] = await sql.query<Row>(SQL.figures, [fundId, institution, year])
      return { fundYear: Number(r!.fund_year), institutionYear: Number(r!.institution_year), loss: Number(r!.loss), enrolled: Number(r!.enrolled) }
    },

    /** Serialises claim decisions of one fund, so two approvals cannot both fit under one cap. */
    async lockFund(sql: Sql, fundId: string): Promise<void> {
      await sql.query(SQL.lockFund, [fundId])
    },

    async liveClaim(sql: Sql, fundId: string, loanId: string): Promise<string | null> {
      const rows = await sql.query<{ id: string }>(SQL.liveClaim, [fundId, loanId])
      return rows[0]?.id ?? null
    },

    async insertClaim(sql: Sql, c: Omit<Claim, 'fundName' | 'reviewedBy' | 'reviewedAt' | 'reviewNote' | 'rejectReason' | 'paidBy' | 'paidAt' | 'paymentRef' | 'recoveredFen' | 'returnedFen' | 'approvedFen'>): Promise<void> {
      await sql.query(SQL.insertClaim,
        [c.id, c.fundId, c.loanId, c.institution, c.uscc, c.year, c.status, c.ruleVersion, c.unrecoveredFen, c.claimedFen, c.computedFen,
          JSON.stringify(c.breakdown), JSON.stringify(c.evidence), c.note, c.filedBy, c.filedAt])
    },

    async claim(sql: Sql, id: string, forUpdate = false): Promise<Claim | null> {
      const rows = await sql.query<Row>(SQL.claim(forUpdate), [id])
      return rows[0] ? claimOf(rows[0]) : null
    },

    async claims(sql: Sql, f: ClaimFilter): Promise<{ total: number; claims: Claim[] }> {
      const params = [f.institution ?? null, f.fundId ?? null, f.status ?? null]
      const [count] = await sql.query<{ n: number }>(SQL.countClaims, params)
      const rows = await sql.query<Row>(SQL.claims, [...params, f.limit, f.offset])
      return { total: count!.n, claims: rows.map(claimOf) }
    },

    async approve(sql: Sql, id: string, x: { amountFen: number; breakdown: Claim['breakdown']; by: string; at: Date; note: string | null }): Promise<void> {
      await sql.query(SQL.approve,
        [id, x.amountFen, JSON.stringify(x.breakdown), x.by, x.at, x.note])
    },

    async reject(sql: Sql, id: string, x: { reason: string; by: string; at: Date }): Promise<void> {
      await sql.query(SQL.reject, [id, x.reason, x.by, x.at])
    },

    async pay(sql: Sql, id: string, x: { by: string; at: Date; reference: string }): Promise<void> {
      await sql.query(SQL.pay, [id, x.by, x.at, x.reference])
    },

    async addRecovery(sql: Sql, id: string, recoveredFen: number, returnedFen: number): Promise<void> {
      await sql.query(SQL.addRecovery, [id, recoveredFen, returnedFen])
    },

    async addEvent(sql: Sql, claimId: string, e: Omit<ClaimEvent, 'seq'>, idempotencyKey: string | null = null): Promise<void> {
      await sql.query(SQL.addEvent,
        [claimId, e.at, e.action, e.actor, e.actorRole, e.amountFen, e.note, e.entryId, idempotencyKey])
    },

    async eventByKey(sql: Sql, claimId: string, idempotencyKey: string): Promise<boolean> {
      return (await sql.query(SQL.eventByKey, [claimId, idempotencyKey])).length > 0
    },

    async events(sql: Sql, claimId: string): Promise<ClaimEvent[]> {
      const rows = await sql.query<Row>(SQL.events, [claimId])
      return rows.map((r) => ({ seq: r.seq, at: d(r.at)!, action: r.action, actor: r.actor, actorRole: r.actor_role, amountFen: n(r.amount_fen), note: r.note, entryId: r.entry_id }))
    },
  }
}

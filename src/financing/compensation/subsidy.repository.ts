import type { Sql } from '../../core/index.js'
import { statements } from '../../core/index.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are mapped by programmeOf / paymentOf
export type SubsidyRow = Record<string, any>

const PAYMENT_WHERE = `($1::uuid is null or s.programme_id = $1) and ($2::text is null or s.uscc = $2) and ($3::text is null or s.institution = $3)`

const SQL = statements('compensation.subsidy', {
  programmes: 'select * from compensation.subsidy_programme order by period_from desc, name',
  payment: 'select status, amount_fen, reason from compensation.subsidy_payment where programme_id = $1 and loan_id = $2 and repayment_key = $3',
  lockProgramme: 'select id from compensation.subsidy_programme where id = $1 for update',
  paidInYear: `select coalesce(sum(amount_fen), 0)::bigint as n from compensation.subsidy_payment
      where programme_id = $1 and uscc = $2 and status = 'paid' and repayment_date between $3 and $4`,
  insertPayment: `insert into compensation.subsidy_payment (id, programme_id, loan_id, repayment_key, uscc, institution, repayment_date, interest_fen, amount_fen, status, reason, entry_id, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  fundExists: 'select 1 from compensation.fund where id = $1',
  insertProgramme: `insert into compensation.subsidy_programme (id, name, fund_id, period_from, period_to, rules, created_by, created_at)
          values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (name) do nothing returning id`,
  paymentCount: `select count(*)::int as n from compensation.subsidy_payment s where ${PAYMENT_WHERE}`,
  payments: `select s.*, g.name as programme_name from compensation.subsidy_payment s join compensation.subsidy_programme g on g.id = s.programme_id
        where ${PAYMENT_WHERE} order by s.repayment_date desc, s.created_at desc limit $4 offset $5`,
})

/** Interest subsidy programmes and their payments (`compensation.subsidy_programme`, `compensation.subsidy_payment`). */
export function createSubsidyRepository() {
  return {
    programmes(sql: Sql): Promise<SubsidyRow[]> {
      return sql.query<SubsidyRow>(SQL.programmes)
    },

    /** What was decided for one repayment under a programme, if it was reported before. */
    async payment(sql: Sql, programmeId: string, loanId: string, repaymentKey: string): Promise<SubsidyRow | undefined> {
      return (await sql.query<SubsidyRow>(SQL.payment, [programmeId, loanId, repaymentKey]))[0]
    },

    /** Serialises one programme's payments until the transaction ends. */
    async lockProgramme(tx: Sql, programmeId: string): Promise<void> {
      await tx.query(SQL.lockProgramme, [programmeId])
    },

    /** What an enterprise was paid under a programme between two dates (its yearly cap). */
    async paidBetween(sql: Sql, programmeId: string, uscc: string, from: string, to: string): Promise<number> {
      const [used] = await sql.query<{ n: number }>(SQL.paidInYear, [programmeId, uscc, from, to])
      return Number(used!.n)
    },

    async insertPayment(tx: Sql, p: { id: string; programmeId: string; loanId: string; repaymentKey: string; uscc: string; institution: string; repaymentDate: string; interestFen: number; amountFen: number; status: string; reason: string; entryId: string | null; createdAt: Date }): Promise<void> {
      await tx.query(SQL.insertPayment, [p.id, p.programmeId, p.loanId, p.repaymentKey, p.uscc, p.institution, p.repaymentDate, p.interestFen, p.amountFen, p.status, p.reason, p.entryId, p.createdAt])
    },

    async fundExists(sql: Sql, fundId: string): Promise<boolean> {
      return (await sql.query(SQL.fundExists, [fundId])).length > 0
    },

    /** False when a programme of that name exists already. */
    async insertProgramme(tx: Sql, p: { id: string; name: string; fundId: string; periodFrom: string; periodTo: string; rules: unknown; createdBy: string; createdAt: Date }): Promise<boolean> {
      const rows = await tx.query(SQL.insertProgramme, [p.id, p.name, p.fundId, p.periodFrom, p.periodTo, JSON.stringify(p.rules), p.createdBy, p.createdAt])
      return rows.length > 0
    },

    async payments(sql: Sql, f: { programmeId: string | null; uscc: string | null; institution: string | null; limit: number; offset: number }): Promise<{ total: number; rows: SubsidyRow[] }> {
      const params = [f.programmeId, f.uscc, f.institution]
      const [count] = await sql.query<{ n: number }>(SQL.paymentCount, params)
      const rows = await sql.query<SubsidyRow>(SQL.payments, [...params, f.limit, f.offset])
      return { total: count!.n, rows }
    },
  }
}

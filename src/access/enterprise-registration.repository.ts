import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface RegistrationRow {
  id: string
  account_id: string
  username: string
  uscc: string
  company_name: string
  contact_name: string
  mobile: string
  email: string | null
  legal_rep_name: string
  legal_rep_id_sealed: string
  check_mode: 'manual' | 'registration-match' | 'both'
  status: 'pending' | 'approved' | 'refused'
  match_result: { matched: boolean; reason: string; zh: string } | null
  decided_by: string | null
  decided_at: Date | null
  reason: string | null
  created_at: Date
}

const SELECT = `select r.*, a.username from access.registration r join access.account a on a.id = r.account_id`

/** The filters of the registration list: status, company name contains or USCC starts with. */
const LIST_WHERE = `($1::text is null or r.status = $1) and ($2::text is null or strpos(r.company_name, $2) > 0 or r.uscc like $2 || '%')`

const SQL = statements('access.enterprise-registration', {
  usccTaken: `select 1 from access.registration r join access.account a on a.id = r.account_id
          where r.uscc = $1 and r.status in ('pending', 'approved') and a.disabled_at is null
         union all
         select 1 from access.account a where a.role = 'enterprise' and a.organization = $1 and a.disabled_at is null
         limit 1`,
  lockUscc: 'select pg_advisory_xact_lock(hashtext($1))',
  insert: `insert into access.registration (id, account_id, uscc, company_name, contact_name, mobile, email, legal_rep_name, legal_rep_id_sealed,
           check_mode, status, match_result, reason) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
  get: `${SELECT} where r.id = $1`,
  ofAccount: `${SELECT} where r.account_id = $1 order by r.created_at desc limit 1`,
  decide: `update access.registration set status = $2, decided_by = $3, decided_at = now(), reason = $4 where id = $1 and status = 'pending' returning id`,
  usccClaimedByOther: `select 1 from access.account where role = 'enterprise' and organization = $1 and disabled_at is null and id <> $2 limit 1`,
  activate: `update access.account set status = 'active', organization = $2 where id = $1`,
  setting: 'select value from access.setting where key = $1',
  putSetting: `insert into access.setting (key, value, updated_by) values ($1, $2, $3)
         on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
  count: `select count(*)::int as n from access.registration r where ${LIST_WHERE}`,
  list: `${SELECT} where ${LIST_WHERE} order by r.created_at limit $3 offset $4`,
})

/** SQL of access.registration and access.setting (migration 0020). */
export function createRegistrationRepository() {
  return {
    /**
     * Whether a USCC is taken: a registration pending or approved whose account is not disabled, or any enabled
     * enterprise account acting for it (accounts the operator made).
     */
    async usccTaken(db: Sql, uscc: string): Promise<boolean> {
      const rows = await db.query(
        SQL.usccTaken,
        [uscc],
      )
      return rows.length > 0
    },

    /** Serialises claims of one USCC: two registrations racing for it cannot both pass {@link usccTaken}. */
    async lockUscc(db: Sql, uscc: string): Promise<void> {
      await db.query(SQL.lockUscc, [`access.registration:${uscc}`])
    },

    async insert(db: Sql, r: Omit<RegistrationRow, 'username' | 'decided_by' | 'decided_at' | 'created_at'>): Promise<void> {
      await db.query(
        SQL.insert,
        [r.id, r.account_id, r.uscc, r.company_name, r.contact_name, r.mobile, r.email, r.legal_rep_name, r.legal_rep_id_sealed,
          r.check_mode, r.status, r.match_result ? JSON.stringify(r.match_result) : null, r.reason],
      )
    },

    async get(db: Sql, id: string): Promise<RegistrationRow | undefined> {
      return (await db.query<RegistrationRow>(SQL.get, [id]))[0]
    },

    async ofAccount(db: Sql, accountId: string): Promise<RegistrationRow | undefined> {
      return (await db.query<RegistrationRow>(SQL.ofAccount, [accountId]))[0]
    },

    async list(db: Sql, f: { status?: string | undefined; q?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: RegistrationRow[] }> {
      const total = (await db.query<{ n: number }>(SQL.count, [f.status ?? null, f.q ?? null]))[0]!.n
      const rows = await db.query<RegistrationRow>(SQL.list, [f.status ?? null, f.q ?? null, f.limit, f.offset])
      return { total, rows }
    },

    async decide(db: Sql, id: string, d: { status: 'approved' | 'refused'; by: string; reason: string | null }): Promise<boolean> {
      const rows = await db.query(
        SQL.decide,
        [id, d.status, d.by, d.reason],
      )
      return rows.length === 1
    },

    /** Ties the account to its subject: from now on it acts for the USCC as any enterprise account. */
    /** Whether another enabled enterprise account than `accountId` acts for the USCC. */
    async usccClaimedByOther(db: Sql, uscc: string, accountId: string): Promise<boolean> {
      const rows = await db.query(SQL.usccClaimedByOther, [uscc, accountId])
      return rows.length > 0
    },

    async activate(db: Sql, accountId: string, uscc: string): Promise<void> {
      await db.query(SQL.activate, [accountId, uscc])
    },

    async setting<T>(db: Sql, key: string): Promise<T | undefined> {
      return (await db.query<{ value: T }>(SQL.setting, [key]))[0]?.value
    },

    async putSetting(db: Sql, key: string, value: unknown, by: string): Promise<void> {
      await db.query(
        SQL.putSetting,
        [key, JSON.stringify(value), by],
      )
    },
  }
}

import type { Sql } from '../core/index.js'
import type { Role } from './access.types.js'
import { statements } from '../core/index.js'

export interface AccountListRow {
  id: string
  username: string
  display_name: string
  role: Role
  organization: string | null
  status: 'active' | 'pending'
  disabled_at: Date | null
  created_at: Date
  keys: number
}

export interface ApiKeyRow {
  id: string
  account_id: string
  label: string
  scopes: string[]
  expires_at: Date
  revoked_at: Date | null
  created_at: Date
  last_used_at: Date | null
}

const KEY_COLUMNS = 'id, account_id, label, scopes, expires_at, revoked_at, created_at, last_used_at'

/** The filters of the account list (the system account never shows): text, role, organization, status. */
const LIST_WHERE = `a.username <> 'system' and ($1::text is null or strpos(a.username, $1) > 0 or strpos(a.display_name, $1) > 0 or strpos(coalesce(a.organization, ''), $1) > 0)
        and ($2::text is null or a.role = $2) and ($3::text is null or a.organization = $3)
        and ($4::text is null or case $4 when 'disabled' then a.disabled_at is not null else a.disabled_at is null and a.status = $4 end)`

const SQL = statements('access.account-admin', {
  get: `select a.id, a.username, a.display_name, a.role, a.organization, a.status, a.disabled_at, a.created_at,
           (select count(*)::int from access.api_key k where k.account_id = a.id and k.revoked_at is null and k.expires_at > now()) as keys
         from access.account a where a.id = $1`,
  setDisabled: `update access.account set disabled_at = case when $2 then coalesce(disabled_at, now()) end where id = $1`,
  setDisabled2: 'delete from access.session where account_id = $1',
  setPassword: 'update access.account set password_hash = $2 where id = $1',
  setPassword2: 'delete from access.session where account_id = $1',
  keys: `select ${KEY_COLUMNS} from access.api_key where account_id = $1 order by created_at desc`,
  key: `select ${KEY_COLUMNS} from access.api_key where id = $1`,
  revokeKey: `update access.api_key set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${KEY_COLUMNS}`,
  insertAccount: `insert into access.account (id, username, display_name, role, organization, password_hash, status)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (username) do nothing returning id`,
  insertKey: `insert into access.api_key (id, secret_hash, account_id, label, scopes, expires_at) values ($1, $2, $3, $4, $5, $6) returning ${KEY_COLUMNS}`,
  count: `select count(*)::int as n from access.account a where ${LIST_WHERE}`,
  list: `select a.id, a.username, a.display_name, a.role, a.organization, a.status, a.disabled_at, a.created_at,
           (select count(*)::int from access.api_key k where k.account_id = a.id and k.revoked_at is null and k.expires_at > now()) as keys
         from access.account a where ${LIST_WHERE} order by a.created_at desc, a.username limit $5 offset $6`,
})

/** SQL the operator's account and key screens need (access.account, access.api_key). Secrets are never selected. */
export function createAccountAdminRepository() {
  return {
    async list(db: Sql, f: { q?: string | undefined; role?: string | undefined; organization?: string | undefined; status?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: AccountListRow[] }> {
      const params = [f.q ?? null, f.role ?? null, f.organization ?? null, f.status ?? null]
      const total = (await db.query<{ n: number }>(SQL.count, params))[0]!.n
      const rows = await db.query<AccountListRow>(
        SQL.list,
        [...params, f.limit, f.offset],
      )
      return { total, rows }
    },

    async get(db: Sql, id: string): Promise<AccountListRow | undefined> {
      return (await db.query<AccountListRow>(
        SQL.get, [id],
      ))[0]
    },

    /** Disabling also ends the account's sessions: a disabled person is out at once, not when the session expires. */
    async setDisabled(db: Sql, id: string, disabled: boolean): Promise<void> {
      await db.query(SQL.setDisabled, [id, disabled])
      if (disabled) await db.query(SQL.setDisabled2, [id])
    },

    async setPassword(db: Sql, id: string, hash: string): Promise<void> {
      await db.query(SQL.setPassword, [id, hash])
      await db.query(SQL.setPassword2, [id])
    },

    async keys(db: Sql, accountId: string): Promise<ApiKeyRow[]> {
      return db.query<ApiKeyRow>(SQL.keys, [accountId])
    },

    async key(db: Sql, id: string): Promise<ApiKeyRow | undefined> {
      return (await db.query<ApiKeyRow>(SQL.key, [id]))[0]
    },

    async revokeKey(db: Sql, id: string): Promise<ApiKeyRow | undefined> {
      return (await db.query<ApiKeyRow>(SQL.revokeKey, [id]))[0]
    },
  }
}

/** Inserts used inside the operator's audited transactions. */
export const accountWrites = {
  async insertAccount(db: Sql, a: { id: string; username: string; displayName: string; role: Role; organization: string | null; passwordHash: string | null; status?: 'active' | 'pending' }): Promise<boolean> {
    const rows = await db.query(
      SQL.insertAccount,
      [a.id, a.username, a.displayName, a.role, a.organization, a.passwordHash, a.status ?? 'active'],
    )
    return rows.length === 1
  },

  async insertKey(db: Sql, k: { id: string; secretHash: string; accountId: string; label: string; scopes: readonly string[]; expiresAt: Date }): Promise<ApiKeyRow> {
    return (await db.query<ApiKeyRow>(
      SQL.insertKey,
      [k.id, k.secretHash, k.accountId, k.label, k.scopes, k.expiresAt],
    ))[0]!
  },
}

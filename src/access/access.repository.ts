import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'
import type { Role } from './access.types.js'

export interface AccountRow {
  id: string
  username: string
  display_name: string
  role: Role
  organization: string | null
  password_hash: string | null
  disabled_at: Date | null
  status?: 'active' | 'pending'
  /** True when the account's institution or platform is disabled in the directory (migration 0020). */
  org_disabled?: boolean | null
}

/** Accounts with whether their organisation is disabled in the directory; institutions' and platforms' only. */
const ACCOUNT = `select a.*, (select i.disabled_at is not null from access.institution i
  where i.name = a.organization and a.role in ('institution', 'platform')) as org_disabled from access.account a`

const SQL = statements('access.account', {
  create: `insert into access.account (id, username, display_name, role, organization, password_hash)
         values ($1, $2, $3, $4, $5, $6) on conflict (username) do nothing returning id`,
  byUsername: 'select * from access.account where username = $1',
  activeByUsername: `${ACCOUNT} where a.username = $1 and a.disabled_at is null`,
  byId: `${ACCOUNT} where a.id = $1`,
  ensureSystem: `insert into access.account (id, username, display_name, role, organization) values ($1, 'system', '系统（本机命令行）', 'operator', null)
         on conflict (username) do nothing`,
  system: `select * from access.account where username = 'system'`,
  openSession: 'insert into access.session (token_hash, account_id, expires_at) values ($1, $2, $3)',
  closeSession: 'delete from access.session where token_hash = $1',
  bySession: `select a.*, s.expires_at from access.session s join (${ACCOUNT}) a on a.id = s.account_id where s.token_hash = $1`,
  createKey: `insert into access.api_key (id, secret_hash, account_id, label, scopes, expires_at) values ($1, $2, $3, $4, $5, $6)`,
  revokeKey: 'update access.api_key set revoked_at = now() where id = $1 and revoked_at is null',
  byKey: `select a.*, k.secret_hash, k.scopes, k.expires_at, k.revoked_at from access.api_key k join (${ACCOUNT}) a on a.id = k.account_id where k.id = $1`,
})

/** Accounts, sessions and API keys (`access.account`, `access.session`, `access.api_key`). */
export function createAccessRepository() {
  return {
    /** The new account's id, or undefined when the username is taken. */
    async createAccount(sql: Sql, a: { id: string; username: string; displayName: string; role: Role; organization: string | null; passwordHash: string | null }): Promise<string | undefined> {
      const rows = await sql.query<{ id: string }>(SQL.create, [a.id, a.username, a.displayName, a.role, a.organization, a.passwordHash])
      return rows[0]?.id
    },

    async byUsername(sql: Sql, username: string): Promise<AccountRow | undefined> {
      return (await sql.query<AccountRow>(SQL.byUsername, [username]))[0]
    },

    /** An enabled account by username, with whether its organisation is disabled. */
    async activeByUsername(sql: Sql, username: string): Promise<AccountRow | undefined> {
      return (await sql.query<AccountRow>(SQL.activeByUsername, [username]))[0]
    },

    async byId(sql: Sql, id: string): Promise<AccountRow | undefined> {
      return (await sql.query<AccountRow>(SQL.byId, [id]))[0]
    },

    /** The built-in `system` operator account, made on first use. */
    async ensureSystemAccount(sql: Sql, id: string): Promise<AccountRow> {
      await sql.query(SQL.ensureSystem, [id])
      return (await sql.query<AccountRow>(SQL.system))[0]!
    },

    async openSession(sql: Sql, tokenHash: string, accountId: string, expiresAt: Date): Promise<void> {
      await sql.query(SQL.openSession, [tokenHash, accountId, expiresAt])
    },

    async closeSession(sql: Sql, tokenHash: string): Promise<void> {
      await sql.query(SQL.closeSession, [tokenHash])
    },

    async bySession(sql: Sql, tokenHash: string): Promise<(AccountRow & { expires_at: Date }) | undefined> {
      return (await sql.query<AccountRow & { expires_at: Date }>(SQL.bySession, [tokenHash]))[0]
    },

    async createApiKey(sql: Sql, k: { id: string; secretHash: string; accountId: string; label: string; scopes: string[]; expiresAt: Date }): Promise<void> {
      await sql.query(SQL.createKey, [k.id, k.secretHash, k.accountId, k.label, k.scopes, k.expiresAt])
    },

    async revokeApiKey(sql: Sql, id: string): Promise<void> {
      await sql.query(SQL.revokeKey, [id])
    },

    async byApiKey(sql: Sql, id: string): Promise<(AccountRow & { secret_hash: string; scopes: string[]; expires_at: Date; revoked_at: Date | null }) | undefined> {
      return (await sql.query<AccountRow & { secret_hash: string; scopes: string[]; expires_at: Date; revoked_at: Date | null }>(SQL.byKey, [id]))[0]
    },
  }
}

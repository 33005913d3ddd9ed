import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Database } from '../core/index.js'
import { hashPassword, verifyPassword } from './password.js'
import { AccessErrors } from './access.errors.js'
import type { Principal, Role } from './access.types.js'

/** Tokens and API keys are random 256-bit secrets, so a fast hash is enough to keep them unusable if read. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

const SESSION_HOURS = 8

interface AccountRow {
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

const principalOf = (a: AccountRow, via: Principal['via'], scopes: readonly string[] = []): Principal => ({
  accountId: a.id, username: a.username, displayName: a.display_name, role: a.role, organization: a.organization, via, scopes,
  ...(a.status === 'pending' ? { pending: true } : {}),
})

/**
 * Accounts, sessions and API keys. Secrets are returned once, at creation, and only their hashes are kept.
 */
export function createAccessService(deps: { db: Database; now?: () => Date }) {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  return {
    async createAccount(a: { username: string; displayName: string; role: Role; organization?: string | null; password?: string }): Promise<string> {
      const id = randomUUID()
      const hash = a.password ? await hashPassword(a.password) : null
      const rows = await db.query<{ id: string }>(
        `insert into access.account (id, username, display_name, role, organization, password_hash)
         values ($1, $2, $3, $4, $5, $6) on conflict (username) do nothing returning id`,
        [id, a.username, a.displayName, a.role, a.organization ?? null, hash],
      )
      if (!rows[0]) throw AccessErrors.USERNAME_TAKEN(a.username)
      return id
    },

    async findAccount(username: string): Promise<AccountRow | undefined> {
      return (await db.query<AccountRow>('select * from access.account where username = $1', [username]))[0]
    },

    async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
      const a = (await db.query<AccountRow>(`${ACCOUNT} where a.username = $1 and a.disabled_at is null`, [username]))[0]
      // Verify even for unknown users, so response time does not tell which usernames exist.
      const ok = await verifyPassword(password, a?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
      if (!a || !a.password_hash || !ok) throw AccessErrors.BAD_CREDENTIALS()
      if (a.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
      return this.openSession(a.id, principalOf(a, 'session'))
    },

    async openSession(accountId: string, principal?: Principal, hours = SESSION_HOURS): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
      const token = randomBytes(32).toString('base64url')
      const expiresAt = new Date(now().getTime() + hours * 3_600_000)
      await db.query('insert into access.session (token_hash, account_id, expires_at) values ($1, $2, $3)', [tokenHash(token), accountId, expiresAt])
      const p = principal ?? principalOf((await db.query<AccountRow>(`${ACCOUNT} where a.id = $1`, [accountId]))[0]!, 'session')
      return { token, expiresAt, principal: p }
    },

    /**
     * A session for the built-in `system` operator account, used by the CLI on this machine to hand work to the
     * running server. It has no password: it cannot log in, only hold this session.
     */
    async ensureSystemSession(hours = 24 * 30): Promise<string> {
      await db.query(
        `insert into access.account (id, username, display_name, role, organization) values ($1, 'system', '系统（本机命令行）', 'operator', null)
         on conflict (username) do nothing`,
        [randomUUID()],
      )
      const a = (await db.query<AccountRow>(`select * from access.account where username = 'system'`))[0]!
      return (await this.openSession(a.id, principalOf(a, 'session'), hours)).token
    },

    async logout(token: string): Promise<void> {
      await db.query('delete from access.session where token_hash = $1', [tokenHash(token)])
    },

    /** Issues an API key for a system; the key is `xs_<id>_<secret>` and is shown only now. */
    async createApiKey(k: { accountId: string; label: string; scopes?: string[]; expiresAt: Date }): Promise<string> {
      const id = randomBytes(6).toString('hex')
      const secret = randomBytes(24).toString('base64url')
      await db.query(
        `insert into access.api_key (id, secret_hash, account_id, label, scopes, expires_at) values ($1, $2, $3, $4, $5, $6)`,
        [id, tokenHash(secret), k.accountId, k.label, k.scopes ?? [], k.expiresAt],
      )
      return `xs_${id}_${secret}`
    },

    async revokeApiKey(id: string): Promise<void> {
      await db.query('update access.api_key set revoked_at = now() where id = $1 and revoked_at is null', [id])
    },

    /** Resolves a bearer credential (session token or API key) to the principal, or throws 401. */
    async authenticate(credential: string): Promise<Principal> {
      const key = /^xs_([0-9a-f]{12})_(.+)$/.exec(credential)
      if (key) {
        const rows = await db.query<AccountRow & { secret_hash: string; scopes: string[]; expires_at: Date; revoked_at: Date | null }>(
          `select a.*, k.secret_hash, k.scopes, k.expires_at, k.revoked_at from access.api_key k join (${ACCOUNT}) a on a.id = k.account_id where k.id = $1`,
          [key[1]],
        )
        const row = rows[0]
        if (!row || row.secret_hash !== tokenHash(key[2]!) || row.revoked_at || new Date(row.expires_at) <= now() || row.disabled_at) throw AccessErrors.KEY_INVALID()
        if (row.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
        return principalOf(row, 'api_key', row.scopes)
      }
      const rows = await db.query<AccountRow & { expires_at: Date }>(
        `select a.*, s.expires_at from access.session s join (${ACCOUNT}) a on a.id = s.account_id where s.token_hash = $1`,
        [tokenHash(credential)],
      )
      const row = rows[0]
      if (!row || row.disabled_at) throw AccessErrors.UNAUTHENTICATED()
      if (row.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
      if (new Date(row.expires_at) <= now()) throw AccessErrors.SESSION_EXPIRED()
      return principalOf(row, 'session')
    },
  }
}

export type AccessService = ReturnType<typeof createAccessService>

import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Database } from '../core/index.js'
import { hashPassword, verifyPassword } from './password.js'
import { AccessErrors } from './access.errors.js'
import type { Principal, Role } from './access.types.js'
import { createAccessRepository, type AccountRow } from './access.repository.js'

/** Tokens and API keys are random 256-bit secrets, so a fast hash is enough to keep them unusable if read. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

const SESSION_HOURS = 8

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
  const repo = createAccessRepository()
  return {
    async createAccount(a: { username: string; displayName: string; role: Role; organization?: string | null; password?: string }): Promise<string> {
      const id = randomUUID()
      const hash = a.password ? await hashPassword(a.password) : null
      const created = await repo.createAccount(db, { id, username: a.username, displayName: a.displayName, role: a.role, organization: a.organization ?? null, passwordHash: hash })
      if (!created) throw AccessErrors.USERNAME_TAKEN(a.username)
      return id
    },

    async findAccount(username: string): Promise<AccountRow | undefined> {
      return repo.byUsername(db, username)
    },

    async login(username: string, password: string): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
      const a = await repo.activeByUsername(db, username)
      // Verify even for unknown users, so response time does not tell which usernames exist.
      const ok = await verifyPassword(password, a?.password_hash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
      if (!a || !a.password_hash || !ok) throw AccessErrors.BAD_CREDENTIALS()
      if (a.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
      return this.openSession(a.id, principalOf(a, 'session'))
    },

    async openSession(accountId: string, principal?: Principal, hours = SESSION_HOURS): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
      const token = randomBytes(32).toString('base64url')
      const expiresAt = new Date(now().getTime() + hours * 3_600_000)
      await repo.openSession(db, tokenHash(token), accountId, expiresAt)
      const p = principal ?? principalOf((await repo.byId(db, accountId))!, 'session')
      return { token, expiresAt, principal: p }
    },

    /**
     * A session for the built-in `system` operator account, used by the CLI on this machine to hand work to the
     * running server. It has no password: it cannot log in, only hold this session.
     */
    async ensureSystemSession(hours = 24 * 30): Promise<string> {
      const a = await repo.ensureSystemAccount(db, randomUUID())
      return (await this.openSession(a.id, principalOf(a, 'session'), hours)).token
    },

    async logout(token: string): Promise<void> {
      await repo.closeSession(db, tokenHash(token))
    },

    /** Issues an API key for a system; the key is `xs_<id>_<secret>` and is shown only now. */
    async createApiKey(k: { accountId: string; label: string; scopes?: string[]; expiresAt: Date }): Promise<string> {
      const id = randomBytes(6).toString('hex')
      const secret = randomBytes(24).toString('base64url')
      await repo.createApiKey(db, { id, secretHash: tokenHash(secret), accountId: k.accountId, label: k.label, scopes: k.scopes ?? [], expiresAt: k.expiresAt })
      return `xs_${id}_${secret}`
    },

    async revokeApiKey(id: string): Promise<void> {
      await repo.revokeApiKey(db, id)
    },

    /** Resolves a bearer credential (session token or API key) to the principal, or throws 401. */
    async authenticate(credential: string): Promise<Principal> {
      const key = /^xs_([0-9a-f]{12})_(.+)$/.exec(credential)
      if (key) {
        const row = await repo.byApiKey(db, key[1]!)
        if (!row || row.secret_hash !== tokenHash(key[2]!) || row.revoked_at || new Date(row.expires_at) <= now() || row.disabled_at) throw AccessErrors.KEY_INVALID()
        if (row.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
        return principalOf(row, 'api_key', row.scopes)
      }
      const row = await repo.bySession(db, tokenHash(credential))
      if (!row || row.disabled_at) throw AccessErrors.UNAUTHENTICATED()
      if (row.org_disabled) throw AccessErrors.ORGANIZATION_DISABLED()
      if (new Date(row.expires_at) <= now()) throw AccessErrors.SESSION_EXPIRED()
      return principalOf(row, 'session')
    },
  }
}

export type AccessService = ReturnType<typeof createAccessService>

import { randomBytes, randomUUID } from 'node:crypto'
import type { Database } from '../core/index.js'
import type { AuditActor, AuditService } from '../audit/index.js'
import { hashPassword } from './password.js'
import { tokenHash } from './access.service.js'
import { AccessErrors } from './access.errors.js'
import { OnboardingErrors } from './onboarding.errors.js'
import type { Role } from './access.types.js'
import { isApiScope, ROLE_SCOPES, type ApiScope } from './api-scopes.js'
import { accountWrites, createAccountAdminRepository, type AccountListRow, type ApiKeyRow } from './account-admin.repository.js'
import type { InstitutionService } from './institution.service.js'
import { createRegistrationRepository } from './enterprise-registration.repository.js'

export interface AccountView {
  id: string
  username: string
  displayName: string
  role: Role
  organization: string | null
  status: 'active' | 'pending' | 'disabled'
  createdAt: string
  activeKeys: number
}

export interface ApiKeyView {
  id: string
  accountId: string
  label: string
  scopes: string[]
  expiresAt: string
  revokedAt: string | null
  createdAt: string
  lastUsedAt: string | null
  status: 'active' | 'expired' | 'revoked'
}

const MAX_KEY_DAYS = 731
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)

const accountView = (r: AccountListRow): AccountView => ({
  id: r.id, username: r.username, displayName: r.display_name, role: r.role, organization: r.organization,
  status: r.disabled_at ? 'disabled' : r.status, createdAt: iso(r.created_at)!, activeKeys: r.keys,
})

/** A password people can be given: 14 characters, letters and digits, no look-alikes (0/O, 1/l/I). */
export function generatePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
  const digits = '23456789'
  const all = letters + digits
  const bytes = randomBytes(14)
  const chars = [...bytes].map((b) => all[b % all.length]!)
  chars[0] = letters[bytes[0]! % letters.length]!
  chars[13] = digits[bytes[13]! % digits.length]!
  return chars.join('')
}

/** At least 8 characters, letters and digits both: what a provincial system's password rule asks of people. */
export function checkPassword(p: string): void {
  if (p.length < 8 || !/[A-Za-z]/.test(p) || !/\d/.test(p)) throw OnboardingErrors.PASSWORD_WEAK()
}

/** Roles whose accounts act for an organisation, and must name it. */
const NEEDS_ORGANIZATION: readonly Role[] = ['provider', 'platform', 'institution', 'enterprise', 'supervisor']

/**
 * The operator's side of accounts and API keys: create, list, disable and enable accounts, reset passwords; create,
 * list and revoke keys with scopes and an expiry. Secrets (initial passwords, keys) are returned once and kept only
 * as hashes. Every change is one transaction with its audit entry. Institutions, providers and platforms manage
 * their own keys through the `self*` functions, which only ever touch the caller's own account.
 */
export function createAccountAdminService(deps: { db: Database; audit: AuditService; institutions: InstitutionService; now?: () => Date }) {
  const { db, audit, institutions } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createAccountAdminRepository()
  const registrations = createRegistrationRepository()

  async function mustGet(id: string): Promise<AccountListRow> {
    const a = await repo.get(db, id)
    if (!a || a.username === 'system') throw OnboardingErrors.ACCOUNT_NOT_FOUND(id)
    return a
  }

  const keyView = (k: ApiKeyRow): ApiKeyView => ({
    id: k.id, accountId: k.account_id, label: k.label, scopes: k.scopes, expiresAt: iso(k.expires_at)!, revokedAt: iso(k.revoked_at),
    createdAt: iso(k.created_at)!, lastUsedAt: iso(k.last_used_at),
    status: k.revoked_at ? 'revoked' : new Date(k.expires_at) <= now() ? 'expired' : 'active',
  })

  async function issueKey(actor: AuditActor, account: AccountListRow, k: { label: string; scopes: string[]; expiresAt: Date }): Promise<{ key: string; apiKey: ApiKeyView }> {
    for (const s of k.scopes) {
      if (!isApiScope(s)) throw OnboardingErrors.SCOPE_UNKNOWN(s)
      if (!ROLE_SCOPES[account.role].includes(s)) throw OnboardingErrors.SCOPE_NOT_FOR_ROLE(s)
    }
    const days = (k.expiresAt.getTime() - now().getTime()) / 86_400_000
    if (!(days > 0) || days > MAX_KEY_DAYS) throw OnboardingErrors.KEY_EXPIRY_INVALID()
    const id = randomBytes(6).toString('hex')
    const secret = randomBytes(24).toString('base64url')
    const scopes = [...new Set(k.scopes)].sort() as ApiScope[]
    const row = await db.transaction(async (tx) => {
      const r = await accountWrites.insertKey(tx, { id, secretHash: tokenHash(secret), accountId: account.id, label: k.label, scopes, expiresAt: k.expiresAt })
      await audit.appendWithin(tx, { actor, action: 'api_key.create', details: { keyId: id, account: account.username, organization: account.organization, label: k.label, scopes, expiresAt: k.expiresAt.toISOString() } })
      return r
    })
    return { key: `xs_${id}_${secret}`, apiKey: keyView(row) }
  }

  async function revoke(actor: AuditActor, keyId: string, ownerId?: string): Promise<ApiKeyView> {
    return db.transaction(async (tx) => {
      const before = await repo.key(tx, keyId)
      // Another account's key answers as if it did not exist: a caller learns nothing about keys it does not hold.
      if (!before || (ownerId !== undefined && before.account_id !== ownerId)) throw OnboardingErrors.KEY_NOT_FOUND(keyId)
      const row = (await repo.revokeKey(tx, keyId))!
      await audit.appendWithin(tx, { actor, action: 'api_key.revoke', details: { keyId, accountId: row.account_id } })
      return keyView(row)
    })
  }

  return {
    /**
     * Creates an account for a role and organisation. Institutions and platforms must be in the directory first, so
     * that the name on the account is the one the directory (and financing) knows. Without a password, one is made
     * and returned once.
     */
    async createAccount(actor: AuditActor, a: { username: string; displayName: string; role: Role; organization?: string | null | undefined; password?: string | undefined }): Promise<{ account: AccountView; initialPassword?: string }> {
      const organization = a.organization?.trim() || null
      if (NEEDS_ORGANIZATION.includes(a.role) && !organization) throw OnboardingErrors.ACCOUNT_ORGANIZATION_REQUIRED(a.role)
      if ((a.role === 'institution' || a.role === 'platform') && (await institutions.find(organization!))?.kind !== a.role) {
        throw OnboardingErrors.ACCOUNT_ORGANIZATION_UNLISTED(organization!)
      }
      if (a.password !== undefined) checkPassword(a.password)
      const password = a.password ?? generatePassword()
      const hash = await hashPassword(password)
      const id = randomUUID()
      await db.transaction(async (tx) => {
        if (!(await accountWrites.insertAccount(tx, { id, username: a.username, displayName: a.displayName, role: a.role, organization, passwordHash: hash }))) {
          throw AccessErrors.USERNAME_TAKEN(a.username)
        }
        await audit.appendWithin(tx, { actor, action: 'account.create', details: { accountId: id, username: a.username, role: a.role, organization } })
      })
      const account = accountView((await repo.get(db, id))!)
      return a.password === undefined ? { account, initialPassword: password } : { account }
    },

    async listAccounts(f: { q?: string | undefined; role?: Role | undefined; organization?: string | undefined; status?: 'active' | 'pending' | 'disabled' | undefined; limit: number; offset: number }): Promise<{ total: number; rows: AccountView[] }> {
      const r = await repo.list(db, f)
      return { total: r.total, rows: r.rows.map(accountView) }
    },

    async getAccount(id: string): Promise<AccountView> {
      return accountView(await mustGet(id))
    },

    /** Disables (ending its sessions at once) or enables an account. */
    async setAccountDisabled(actor: AuditActor, id: string, disabled: boolean, reason?: string | null): Promise<AccountView> {
      const a = await mustGet(id)
      await db.transaction(async (tx) => {
        // An enterprise account let back in must not make a second live claim on its USCC (one may have come since).
        if (!disabled && a.role === 'enterprise' && a.organization && a.disabled_at) {
          await registrations.lockUscc(tx, a.organization)
          if (await registrations.usccTaken(tx, a.organization)) throw OnboardingErrors.USCC_CLAIMED()
        }
        await repo.setDisabled(tx, id, disabled)
        await audit.appendWithin(tx, { actor, action: disabled ? 'account.disable' : 'account.enable', reason: reason ?? null, details: { accountId: id, username: a.username } })
      })
      return accountView((await repo.get(db, id))!)
    },

    /** Sets a new password (given, or made and returned once) and ends the account's sessions. */
    async resetPassword(actor: AuditActor, id: string, password?: string): Promise<{ account: AccountView; password?: string }> {
      const a = await mustGet(id)
      if (password !== undefined) checkPassword(password)
      const next = password ?? generatePassword()
      const hash = await hashPassword(next)
      await db.transaction(async (tx) => {
        await repo.setPassword(tx, id, hash)
        await audit.appendWithin(tx, { actor, action: 'account.password_reset', details: { accountId: id, username: a.username } })
      })
      return password === undefined ? { account: accountView(a), password: next } : { account: accountView(a) }
    },

    async listKeys(accountId: string): Promise<ApiKeyView[]> {
      await mustGet(accountId)
      return (await repo.keys(db, accountId)).map(keyView)
    },

    /** Issues a key for an account; the key (`xs_<id>_<secret>`) is in the answer only, never stored. */
    async createKey(actor: AuditActor, accountId: string, k: { label: string; scopes: string[]; expiresAt: Date }): Promise<{ key: string; apiKey: ApiKeyView }> {
      return issueKey(actor, await mustGet(accountId), k)
    },

    async revokeKey(actor: AuditActor, keyId: string): Promise<ApiKeyView> {
      return revoke(actor, keyId)
    },

    /** The caller's own keys (an institution's, provider's or platform's systems). */
    async selfKeys(accountId: string): Promise<ApiKeyView[]> {
      return (await repo.keys(db, accountId)).map(keyView)
    },

    async selfCreateKey(actor: AuditActor & { accountId: string }, k: { label: string; scopes: string[]; expiresAt: Date }): Promise<{ key: string; apiKey: ApiKeyView }> {
      return issueKey(actor, await mustGet(actor.accountId), k)
    },

    async selfRevokeKey(actor: AuditActor & { accountId: string }, keyId: string): Promise<ApiKeyView> {
      return revoke(actor, keyId, actor.accountId)
    },

    /** Resolves an account by username, for the command line. */
    async accountByUsername(username: string): Promise<AccountView> {
      const r = await repo.list(db, { q: username, limit: 50, offset: 0 })
      const a = r.rows.find((x) => x.username === username)
      if (!a) throw OnboardingErrors.ACCOUNT_NOT_FOUND(username)
      return accountView(a)
    },
  }
}

export type AccountAdminService = ReturnType<typeof createAccountAdminService>

import type { Database, LoginLimits } from '../core/index.js'
import type { AuditService } from '../audit/index.js'
import { LoginThrottleErrors } from './login-throttle.errors.js'
import { createLoginThrottleRepository } from './login-throttle.repository.js'

const accountKey = (username: string) => `account:${username.toLowerCase()}`
const addressKey = (address: string) => `address:${address}`

/**
 * Slows password guessing: failed logins are counted per account name and per client address within a window;
 * past the limit the account (or the address) is locked for a while, whatever password comes next. Lockouts and
 * failures are written to the audit log. The counts live in the database, so every web node sees the same ones.
 *
 * @example
 * await logins.check(username, request.ip)   // throws ACCESS_LOGIN_LOCKED (429) while locked
 * try { … } catch (e) { await logins.failed(username, request.ip); throw e }
 * await logins.succeeded(username)
 */
export function createLoginThrottle(deps: { db: Database; audit: AuditService; limits: LoginLimits; now?: () => Date }) {
  const { limits } = deps
  const repo = createLoginThrottleRepository()
  const now = deps.now ?? (() => new Date())

  const anonymous = (username: string) => ({ accountId: null, username, role: 'anonymous', organization: null })

  return {
    /** Refuses while the account or the address is locked. */
    async check(username: string, address: string): Promise<void> {
      const at = now()
      const rows = await repo.lockedAt(deps.db, [accountKey(username), addressKey(address)], at)
      const until = Math.max(0, ...rows.map((r) => new Date(r.locked_until!).getTime()))
      if (until > 0) throw LoginThrottleErrors.LOGIN_LOCKED(Math.max(1, Math.ceil((until - at.getTime()) / 60_000)))
    },

    /** Counts a failure against both keys; the one that reaches its limit is locked, and the lockout audited. */
    async failed(username: string, address: string): Promise<void> {
      const at = now()
      const windowStart = new Date(at.getTime() - limits.windowSeconds * 1000)
      const lockUntil = new Date(at.getTime() + limits.lockSeconds * 1000)
      const locked: string[] = []
      for (const [key, max] of [[accountKey(username), limits.maxFailures], [addressKey(address), limits.maxAddressFailures]] as const) {
        const row = await repo.countFailure(deps.db, key, at, windowStart)
        if (row.failures >= max && !row.locked_until) {
          await repo.lock(deps.db, key, lockUntil)
          locked.push(key)
        }
      }
      await deps.audit.append({ actor: anonymous(username), action: 'access.login.failed', details: { address } })
      for (const key of locked) {
        await deps.audit.append({ actor: anonymous(username), action: 'access.login.locked', details: { key, address, until: lockUntil.toISOString() } })
      }
    },

    /** A successful login clears its account's count; the address's count runs on. */
    async succeeded(username: string): Promise<void> {
      await repo.clear(deps.db, accountKey(username))
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>

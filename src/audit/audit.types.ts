import type { Principal } from '../access/index.js'

/** Who acted: an account, or the operator at this machine's command line (no account id). */
export interface AuditActor {
  accountId: string | null
  username: string
  role: string
  organization: string | null
}

/**
 * What is logged. Actions are dotted names, stable because people search by them:
 * `profile.read`, `profile.reveal`, `verification.run`, `report.issue`, `report.fetch`, `grant.create`, `grant.request`,
 * `grant.approve`, `grant.refuse`, `grant.revoke`, `operator.request`, `operator.command`, `audit.verify`,
 * `access.login.failed`, `access.login.locked`.
 */
export interface AuditInput {
  actor: AuditActor
  action: string
  subjectKey?: string | null
  items?: readonly string[]
  /** `item.field` keys of the non-public fields disclosed. */
  fields?: readonly string[]
  grantId?: string | null
  purpose?: string | null
  /** Why, in the actor's words: required when an operator reveals a whole identifier. */
  reason?: string | null
  details?: Record<string, unknown> | null
}

/** One stored entry. `hash = SM3(prevHash + canonical entry)`; see {@link entryHash}. */
export interface AuditEntry {
  seq: number
  at: Date
  actor: AuditActor
  action: string
  subjectKey: string | null
  items: string[]
  fields: string[]
  grantId: string | null
  purpose: string | null
  reason: string | null
  details: Record<string, unknown> | null
  prevHash: string
  hash: string
}

/** The result of walking the chain: `broken` names the first entry that does not verify. */
export interface ChainReport {
  ok: boolean
  checked: number
  head: { seq: number; hash: string } | null
  broken?: { seq: number; problem: 'hash' | 'prev_hash' | 'gap' | 'published_head' | 'truncated'; zh: string; en: string }
}

/** The audit actor of a logged-in principal. */
export const actorOf = (p: Pick<Principal, 'accountId' | 'username' | 'role' | 'organization'>): AuditActor => ({
  accountId: p.accountId, username: p.username, role: p.role, organization: p.organization,
})

import { sm3 } from '../core/crypto.js'
import { canonicalJson } from './canonical-json.js'
import type { AuditEntry } from './audit.types.js'

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64)

/**
 * The hash of an entry: SM3 over the previous hash and the canonical JSON of everything else in the entry. Any
 * change to a stored column (or to the order of entries) changes it, which is what makes tampering visible.
 *
 * @example
 * const hash = entryHash({ ...entry, prevHash: GENESIS_HASH })
 */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    subjectKey: e.subjectKey,
    items: e.items,
    fields: e.fields,
    grantId: e.grantId,
    purpose: e.purpose,
    reason: e.reason,
    details: e.details,
  })
  return sm3(e.prevHash + body)
}

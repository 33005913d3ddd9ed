import { sm3 } from '../core/index.js'
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

/** A head as it is published and given back to the check: `SEQ:HASH`, e.g. `27001:5f3c…` (64 hex digits). */
export const PUBLISHED_HEAD = /^[1-9]\d*:[0-9a-f]{64}$/

export function parsePublishedHead(text: string): { seq: number; hash: string } {
  const [seq, hash] = text.trim().split(':')
  return { seq: Number(seq), hash: hash! }
}

export const publishedHead = (head: { seq: number; hash: string }): string => `${head.seq}:${head.hash}`

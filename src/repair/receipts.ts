import type { Sql } from '../core/index.js'
import type { Principal } from '../access/index.js'
import { createRepairRepository } from './repair.repository.js'

const repo = createRepairRepository()

/** Roles that are told when a record they received is repaired: the others are the subject, its providers and the hub. */
const TOLD = new Set<Principal['role']>(['institution', 'platform'])

/** The whole subject: a read that holds every item's public fields (a profile). */
export const WHOLE_SUBJECT = '*'

/**
 * Receipts the audit log cannot show: a read that disclosed public fields only leaves no audit entry (public data is
 * not logged per read), yet the institution or platform that made it received the record and is told on its repair
 * (docs/repair.md, "Telling the recipients"). createXinshu records each such read of an institution or platform here
 * (the profile: the whole subject, or the items asked for); the first read of each item is kept.
 *
 * @example
 * const receipts = createReceiptLog({ db })
 * await receipts.read(bank, subjectKey, null, 'profile.read') // the whole subject
 */
export function createReceiptLog(deps: { db: Sql; now?: () => Date }) {
  const now = deps.now ?? (() => new Date())
  return {
    /**
     * Notes that `p` received the public fields of `items` of the subject (null: of every item), before they are
     * returned; `within`: the read's transaction.
     */
    async read(p: Pick<Principal, 'role' | 'organization'>, subjectKey: string, items: readonly string[] | null, via: string, within?: Sql): Promise<void> {
      if (!TOLD.has(p.role) || !p.organization) return
      const at = now()
      // Inside the reader's transaction when it has one (on PGlite a write beside it would wait for it to end).
      await repo.addReceipts(within ?? deps.db, (items ?? [WHOLE_SUBJECT]).map((item) => ({
        subject_key: subjectKey, organization: p.organization!, item_key: item, role: p.role, via, first_at: at,
      })))
    },
  }
}

export type ReceiptLog = ReturnType<typeof createReceiptLog>

import type { Sql } from '../core/index.js'
import type { AuditEntry } from './audit.types.js'
import { statements } from '../core/index.js'

/** Any constant: the advisory lock that keeps two writers (two server processes) from forking the chain. audit.insert_entries
 * (migration 0009) takes the same number: change both or neither. */
const AUDIT_CHAIN_LOCK = 7_316_006

interface EntryRow {
  seq: number | string
  at: Date | string
  actor_id: string | null
  actor_username: string
  actor_role: string
  actor_organization: string | null
  action: string
  subject_key: string | null
  items: string[]
  fields: string[]
  grant_id: string | null
  purpose: string | null
  reason: string | null
  details: Record<string, unknown> | null
  prev_hash: string
  hash: string
}

const entryOf = (r: EntryRow): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at instanceof Date ? r.at : new Date(r.at),
  actor: { accountId: r.actor_id, username: r.actor_username, role: r.actor_role, organization: r.actor_organization },
  action: r.action,
  subjectKey: r.subject_key,
  items: r.items ?? [],
  fields: r.fields ?? [],
  grantId: r.grant_id,
  purpose: r.purpose,
  reason: r.reason,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
})

export interface AuditFilter {
  subjectKey?: string
  /** Entries by this organisation's accounts (an institution's own usage). */
  organization?: string
  /** Leaves out entries by this organisation's accounts (an enterprise's own reads of its data). */
  notOrganization?: string
  action?: string
  grantId?: string
  /** Newest first, entries with seq below this. */
  beforeSeq?: number
  limit: number
}

const SQL = statements('audit.audit', {
  lockChain: 'select pg_advisory_xact_lock($1)',
  head: 'select seq, hash from audit.entry order by seq desc limit 1',
  insertMany: 'select audit.insert_entries($1::json)',
  page: 'select * from audit.entry where seq > $1 order by seq limit $2',
  list: `select * from audit.entry
         where ($1::text is null or subject_key = $1) and ($2::text is null or actor_organization = $2)
           and ($3::text is null or action = $3) and ($4::text is null or grant_id = $4) and ($5::bigint is null or seq < $5)
           and ($7::text is null or actor_organization is distinct from $7)
         order by seq desc limit $6`,
  // A refused read (details.refused) received nothing. Whole-subject reads count for every item when $3.
  recipients: `select distinct actor_organization as organization, actor_role as role from audit.entry
         where subject_key = $1 and actor_role in ('institution', 'platform') and actor_organization is not null
           and not coalesce(details ? 'refused', false)
           and ($2 = any(items) or ($3 and action = any($4::text[])))
         order by 1`,
})

/**
 * The SQL of the audit log: the chain's head under a lock, a batch insert, and reads. There is no update and no
 * delete here, and the table's triggers refuse them anyway.
 */
export function createAuditRepository() {
  return {
    /** Serialises writers for the rest of the transaction (a no-op in effect on PGlite's single connection). */
    async lockChain(tx: Sql): Promise<void> {
      await tx.query(SQL.lockChain, [AUDIT_CHAIN_LOCK])
    },

    async head(tx: Sql): Promise<{ seq: number; hash: string } | undefined> {
      const rows = await tx.query<{ seq: number | string; hash: string }>(SQL.head)
      return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined
    },

    /** Inserts entries whose seq and hashes are already computed, in one statement. */
    async insertMany(tx: Sql, entries: readonly AuditEntry[]): Promise<void> {
      const rows = entries.map((e) => ({
        seq: e.seq, at: e.at.toISOString(), actor_id: e.actor.accountId, actor_username: e.actor.username, actor_role: e.actor.role,
        actor_organization: e.actor.organization, action: e.action, subject_key: e.subjectKey, items: e.items, fields: e.fields,
        grant_id: e.grantId, purpose: e.purpose, reason: e.reason, details: e.details, prev_hash: e.prevHash, hash: e.hash,
      }))
      // audit.insert_entries (migration 0009) takes the lock inside the call, so a lone insert (autocommit) is ordered
      // after any open transaction that holds it, and a re-entrant take inside such a transaction costs nothing. Being
      // a server function, its statements are planned once per connection.
      await tx.query(SQL.insertMany, [JSON.stringify(rows)])
    },

    /** Entries in chain order after `afterSeq`, for verification. */
    async page(db: Sql, afterSeq: number, limit: number): Promise<AuditEntry[]> {
      const rows = await db.query<EntryRow>(SQL.page, [afterSeq, limit])
      return rows.map(entryOf)
    },

    /**
     * The institutions and platforms whose reads of a subject (profiles, reports, verifications) took in an item:
     * who received its records. Reads of the subject's index, then its entries; not the chain's hot path.
     */
    async recipients(db: Sql, subjectKey: string, itemKey: string, wholeSubjectActions: readonly string[] | null): Promise<Array<{ organization: string; role: string }>> {
      return db.query<{ organization: string; role: string }>(
        SQL.recipients,
        [subjectKey, itemKey, wholeSubjectActions !== null, wholeSubjectActions ?? []],
      )
    },

    async list(db: Sql, f: AuditFilter): Promise<AuditEntry[]> {
      const rows = await db.query<EntryRow>(
        SQL.list,
        [f.subjectKey ?? null, f.organization ?? null, f.action ?? null, f.grantId ?? null, f.beforeSeq ?? null, f.limit, f.notOrganization ?? null],
      )
      return rows.map(entryOf)
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>

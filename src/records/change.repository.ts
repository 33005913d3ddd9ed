import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface ChangeRow {
  subject_key: string
  seq: number
  txid: string
  item_key: string
  record_key: string
  version: number
  kind: string
  source: string
  batch_id: string | null
  provider: string | null
  details: Record<string, unknown> | null
  at: Date
}

export interface NewChangeRow {
  subjectKey: string
  itemKey: string
  recordKey: string
  version: number
  kind: string
  source: string
  batchId?: string | null
  provider?: string | null
  details?: Record<string, unknown> | null
}

/**
 * The oldest transaction still in progress that could write here (xid8); see {@link createChangeRepository}'s
 * `horizon`. Declared once, used alone and inside the page read.
 */
const HORIZON = `with s as (select pg_current_snapshot() as snap),
         elsewhere as (
           select backend_xid::text::bigint as x from pg_stat_activity
           where datname is distinct from current_database() and backend_xid is not null
         )
         select coalesce(
           (select x from s, pg_snapshot_xip(s.snap) as x
            where (x::text::numeric % 4294967296)::bigint not in (select x from elsewhere)
            order by x limit 1),
           (select pg_snapshot_xmax(snap) from s)) as h`

const SQL = statements('records.change', {
  append: `insert into records.change (subject_key, item_key, record_key, version, kind, source, batch_id, provider, details)
         select subject_key, item_key, record_key, version, kind, source, batch_id, provider, details
         from json_to_recordset($1::json) as r(subject_key text, item_key text, record_key text, version integer, kind text,
              source text, batch_id uuid, provider text, details jsonb)`,
  horizon: `select h::text as h from (${HORIZON}) as horizon`,
  // One round trip for a page: the horizon, the rows below it after the cursor, and whether rows wait above it, all
  // under one snapshot. Every row: the horizon and the flag; no row of the page: one row with the page's columns null.
  page: `with horizon as (${HORIZON}),
         -- the first row by the index (an exists here would be planned as a scan of the whole table, finding none)
         flags as (select h, (select txid from records.change where txid >= (select h from horizon) order by txid limit 1) is not null as pending from horizon),
         page as (
           select c.subject_key, c.seq, c.txid::text as txid, c.item_key, c.record_key, c.version, c.kind, c.source, c.batch_id, c.provider, c.details, c.at
           from records.change c
           where (c.txid, c.seq) > ($1::xid8, $2::bigint) and c.txid < (select h from horizon)
             and ($4::text[] is null or c.subject_key = any($4)) and ($5::text[] is null or c.item_key = any($5)) and ($6::text[] is null or c.kind = any($6))
           order by c.txid, c.seq
           limit $3
         )
         select flags.h::text as horizon, flags.pending, page.* from flags left join page on true
         order by page.txid::xid8, page.seq`,
  histories: `select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.received_at, r.superseded_at
         from json_to_recordset($1::json) as k(subject_key text, item_key text, record_key text)
         join records.record r on r.subject_key = k.subject_key and r.item_key = k.item_key and r.record_key = k.record_key
         order by r.subject_key, r.item_key, r.record_key, r.version`,
})

/** SQL of records.change (migration 0080). See change-feed.ts for the ordering and its horizon. */
export function createChangeRepository() {
  return {
    async append(tx: Sql, rows: readonly NewChangeRow[]): Promise<void> {
      if (rows.length === 0) return
      await tx.query(
        SQL.append,
        [JSON.stringify(rows.map((r) => ({
          subject_key: r.subjectKey, item_key: r.itemKey, record_key: r.recordKey, version: r.version, kind: r.kind, source: r.source,
          batch_id: r.batchId ?? null, provider: r.provider ?? null, details: r.details ?? null,
        })))],
      )
    },

    /**
     * The oldest transaction still in progress that could write here (xid8, as text): every change of an older
     * transaction is final. The snapshot's in-progress transactions span the whole server; those a session of
     * another database holds cannot write this database's rows and are left out (a long bulk load next door must
     * not hold the feed back). A transaction not found among the sessions counts: better late than skipped.
     */
    async horizon(db: Sql): Promise<string> {
      return (await db.query<{ h: string }>(
        SQL.horizon,
      ))[0]!.h
    },

    /**
     * A page in one round trip, under one snapshot: the horizon, the changes after (txid, seq) of transactions older
     * than it in (txid, seq) order, and whether changes are committed past it.
     */
    async page(db: Sql, o: { txid: string; seq: number; limit: number; subjectKeys: readonly string[] | null; itemKeys: readonly string[] | null; kinds: readonly string[] | null }): Promise<{ horizon: string; pending: boolean; rows: ChangeRow[] }> {
      const rows = await db.query<ChangeRow & { horizon: string; pending: boolean }>(
        SQL.page,
        [o.txid, o.seq, o.limit, o.subjectKeys, o.itemKeys, o.kinds],
      )
      const first = rows[0]!
      return { horizon: first.horizon, pending: first.pending, rows: first.seq === null ? [] : rows }
    },

    /** Every version of the named records, oldest first. */
    async histories(db: Sql, keys: ReadonlyArray<{ subjectKey: string; itemKey: string; recordKey: string }>): Promise<Array<{ subject_key: string; item_key: string; record_key: string; version: number; data: Record<string, unknown>; received_at: Date; superseded_at: Date | null }>> {
      if (keys.length === 0) return []
      return db.query(
        SQL.histories,
        [JSON.stringify(keys.map((k) => ({ subject_key: k.subjectKey, item_key: k.itemKey, record_key: k.recordKey })))],
      )
    },
  }
}

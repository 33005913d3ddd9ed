import type { Sql } from '../core/db/database.js'

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

/** SQL of records.change (migration 0080). See change-feed.ts for the ordering and its horizon. */
export function createChangeRepository() {
  return {
    async append(tx: Sql, rows: readonly NewChangeRow[]): Promise<void> {
      if (rows.length === 0) return
      await tx.query(
        `insert into records.change (subject_key, item_key, record_key, version, kind, source, batch_id, provider, details)
         select subject_key, item_key, record_key, version, kind, source, batch_id, provider, details
         from json_to_recordset($1::json) as r(subject_key text, item_key text, record_key text, version integer, kind text,
              source text, batch_id uuid, provider text, details jsonb)`,
        [JSON.stringify(rows.map((r) => ({
          subject_key: r.subjectKey, item_key: r.itemKey, record_key: r.recordKey, version: r.version, kind: r.kind, source: r.source,
          batch_id: r.batchId ?? null, provider: r.provider ?? null, details: r.details ?? null,
        })))],
      )
    },

    /** The oldest transaction still in progress (xid8, as text): every change of an older transaction is final. */
    async horizon(db: Sql): Promise<string> {
      return (await db.query<{ h: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as h'))[0]!.h
    },

    /** Changes after (txid, seq), of transactions older than `horizon`, in (txid, seq) order. */
    async after(db: Sql, o: { txid: string; seq: number; horizon: string; limit: number; subjectKeys: readonly string[] | null; itemKeys: readonly string[] | null; kinds: readonly string[] | null }): Promise<ChangeRow[]> {
      return db.query<ChangeRow>(
        `select subject_key, seq, txid::text as txid, item_key, record_key, version, kind, source, batch_id, provider, details, at
         from records.change
         where (txid, seq) > ($1::xid8, $2::bigint) and txid < $3::xid8
           and ($5::text[] is null or subject_key = any($5)) and ($6::text[] is null or item_key = any($6)) and ($7::text[] is null or kind = any($7))
         order by txid, seq
         limit $4`,
        [o.txid, o.seq, o.horizon, o.limit, o.subjectKeys, o.itemKeys, o.kinds],
      )
    },

    /** Whether changes are committed past the horizon (their transaction is newer than one still in progress). */
    async pendingPast(db: Sql, horizon: string): Promise<boolean> {
      return (await db.query<{ p: boolean }>('select exists (select 1 from records.change where txid >= $1::xid8) as p', [horizon]))[0]!.p
    },
  }
}

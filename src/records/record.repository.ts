import type { Sql } from '../core/db/database.js'

/** Columns of the staging table that a batch chunk is copied into before it is merged. */
export const RECORD_STAGE_COLUMNS = ['position', 'subject_key', 'record_key', 'content_hash', 'data', 'warnings'] as const

export interface StoreContext {
  itemKey: string
  batchId: string
  provider: string
  method: string
  catalogVersion: number
  receivedAt: Date
}

/**
 * Records are never updated in place: a new content for a record's identity becomes a new version, and the
 * version it replaces is closed (superseded_at, superseded_by) and kept. Content already stored, in any version,
 * is a duplicate and stores nothing.
 */
export function createRecordRepository() {
  return {
    /** Makes the per-transaction staging table; it disappears at commit. */
    async createStage(tx: Sql): Promise<string> {
      await tx.exec(`create temp table if not exists record_stage (
        position integer not null, subject_key text not null, record_key text not null,
        content_hash text not null, data jsonb not null, warnings jsonb) on commit delete rows`)
      return 'pg_temp.record_stage'
    },

    /** Merges the staged rows into records.record; returns how many were new (the rest were duplicates). */
    async mergeStage(tx: Sql, ctx: StoreContext): Promise<number> {
      const sql = `with fresh as (
           select distinct on (s.subject_key, s.record_key, s.content_hash) s.*
           from pg_temp.record_stage s
           where not exists (
             select 1 from records.record r
             where r.subject_key = s.subject_key and r.item_key = $1 and r.record_key = s.record_key
               and r.content_hash = s.content_hash)
           order by s.subject_key, s.record_key, s.content_hash, s.position
         ),
         numbered as (
           select f.*,
                  row_number() over (partition by f.subject_key, f.record_key order by f.position) as n,
                  count(*) over (partition by f.subject_key, f.record_key) as total
           from fresh f
         ),
         keys as (select distinct subject_key, record_key from numbered),
         latest as (
           select r.subject_key, r.record_key, max(r.version) as version
           from records.record r join keys k on r.subject_key = k.subject_key and r.record_key = k.record_key
           where r.item_key = $1
           group by r.subject_key, r.record_key
         ),
         closed as (
           update records.record r set superseded_at = $6, superseded_by = $2
           from keys k
           where r.subject_key = k.subject_key and r.item_key = $1 and r.record_key = k.record_key
             and r.superseded_at is null
           returning 1
         ),
         inserted as (
           insert into records.record (subject_key, item_key, record_key, version, content_hash, data, warnings,
                                       batch_id, provider, method, catalog_version, received_at, superseded_at, superseded_by)
           select n.subject_key, $1, n.record_key, coalesce(l.version, 0) + n.n, n.content_hash, n.data, n.warnings,
                  $2, $3, $4, $5, $6,
                  case when n.n < n.total then $6::timestamptz end, case when n.n < n.total then $2::uuid end
           from numbered n left join latest l on l.subject_key = n.subject_key and l.record_key = n.record_key
           returning 1
         )
         select (select count(*) from inserted)::int as stored, (select count(*) from closed)::int as closed`
      const params = [ctx.itemKey, ctx.batchId, ctx.provider, ctx.method, ctx.catalogVersion, ctx.receivedAt]
      const rows = await tx.query<{ stored: number }>(sql, params)
      return rows[0]!.stored
    },
  }
}

export type RecordRepository = ReturnType<typeof createRecordRepository>

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface StoreContext {
  itemKey: string
  batchId: string
  provider: string
  method: string
  catalogVersion: number
  receivedAt: Date
}

/** A staged record refused because its record belongs to another provider: where it came from, what it said, whose it is. */
export interface RefusedRow {
  position: number
  /** The validated record, as staged (JSON text). */
  data: string
  /** Keyed hash of its content (the same content sent again hashes the same). */
  content_hash: string
  /** The provider that delivered the record's first version. */
  owner: string
}

const SQL = statements('records.record', {
  refreshStatistics: 'set local default_statistics_target = 10; analyze records.record',
  createStage: `create temp table if not exists record_stage (
        seq integer not null, position integer not null, subject_key text not null, record_key text not null, content_hash text not null,
        data text not null, warnings text, uscc text, kind text not null, name text, entity_type text, division_code text)
        on commit delete rows`,
})

/**
 * Records are never updated in place: a new content for a record's identity becomes a new version, and the
 * version it replaces is closed (superseded_at, superseded_by) and kept. Content already stored, in any version,
 * is a duplicate and stores nothing.
 */
export function createRecordRepository() {
  return {
    /**
     * During a bulk load the statistics of the records lag behind (a fresh table looks empty), and the planner may
     * then scan the whole table to close the versions a chunk replaces instead of probing its index. The plan needs
     * the table's size, not fine histograms, so a small sample does.
     */
    async refreshStatistics(tx: Sql): Promise<void> {
      await tx.exec(SQL.refreshStatistics)
    },

    /**
     * Makes the per-transaction staging table of a chunk (RECORD_STAGE_COLUMNS of ingest/chunk-builder.ts); it
     * empties at commit.
     * The record's JSON stays text here: only the records that turn out new are parsed, once, as they are stored.
     */
    async createStage(tx: Sql): Promise<string> {
      await tx.exec(SQL.createStage)
      return 'pg_temp.record_stage'
    },

    /**
     * Merges the staged rows into records.record, and writes a change (records.change) for each record it makes
     * current: 'inserted' for a first version, 'corrected' for a later one. Returns how many were new, and the rows refused because their
     * record was delivered by another provider (the rest were duplicates).
     *
     * A record belongs to the unit that delivered its first version: only that unit corrects it. Items that many
     * units deliver (各有关部门（单位）) would otherwise let one unit replace another's record that happens to share
     * its identity (a decision number), and the replacement would be current in every profile and report. Such a
     * row is refused here, not stored, and comes back for the quarantine. The ownership comes from the same probe
     * that finds the versions held: no further lookup.
     *
     * Each staged row looks its record up once, by the primary key's prefix: the versions already held tell
     * whether this content is one of them (a duplicate), and which version number comes next. A lateral lookup
     * keeps that a probe of the index whatever the planner thinks of the sizes (it once chose to hash the whole
     * table for every chunk), and only records that already existed have a version to close. When a record comes
     * more than once in the chunk (`repeats`), its new contents are numbered in the order they came, and all but
     * the last are stored closed; otherwise that sorting is skipped.
     */
    async mergeStage(tx: Sql, ctx: StoreContext & { repeats: boolean }): Promise<{ stored: number; refused: RefusedRow[] }> {
      const numbered = ctx.repeats
        ? `fresh as (
             select distinct on (subject_key, record_key, content_hash) *
             from staged
             order by subject_key, record_key, content_hash, seq
           ),
           numbered as (
             select f.*, coalesce(f.prior_version, 0) + row_number() over w as version,
                    row_number() over w < count(*) over (partition by f.subject_key, f.record_key) as replaced
             from fresh f
             window w as (partition by f.subject_key, f.record_key order by f.seq)
           )`
        : `numbered as (select f.*, coalesce(f.prior_version, 0) + 1 as version, false as replaced from staged f)`
      // Without repeats nothing is sorted, so the staged rows carry their JSON along; with repeats only their keys
      // are sorted, and the JSON of those stored is joined back.
      const carried = ctx.repeats ? '' : 's.data, s.warnings, '
      const stored = ctx.repeats ? 'numbered n join pg_temp.record_stage d on d.seq = n.seq' : 'numbered n'
      const json = ctx.repeats ? 'd' : 'n'
      const sql = `with probed as (
           select s.seq, s.subject_key, s.record_key, s.content_hash, ${carried}held.version as prior_version, held.same, held.owner
           from pg_temp.record_stage s
           left join lateral (
             select max(r.version) as version, bool_or(r.content_hash = s.content_hash) as same,
                    max(r.provider) filter (where r.version = 1) as owner
             from records.record r
             where r.subject_key = s.subject_key and r.item_key = $1 and r.record_key = s.record_key
           ) held on true
           where held.same is not true
         ),
         staged as (select * from probed where owner is null or owner = $3),
         refused as (
           select d.position, d.data, d.content_hash, p.owner from probed p join pg_temp.record_stage d on d.seq = p.seq
           where p.owner <> $3
         ),
         ${numbered},
         closed as (
           update records.record r set superseded_at = $6, superseded_by = $2
           from (select distinct subject_key, record_key, prior_version from numbered where prior_version is not null) k
           where r.subject_key = k.subject_key and r.item_key = $1 and r.record_key = k.record_key
             and r.version = k.prior_version and r.superseded_at is null
           returning 1
         ),
         inserted as (
           insert into records.record (subject_key, item_key, record_key, version, content_hash, data, warnings,
                                       batch_id, provider, method, catalog_version, received_at, superseded_at, superseded_by)
           select n.subject_key, $1, n.record_key, n.version, n.content_hash, ${json}.data::jsonb, ${json}.warnings::jsonb,
                  $2, $3, $4, $5, $6,
                  case when n.replaced then $6::timestamptz end, case when n.replaced then $2::uuid end
           from ${stored}
           returning subject_key, record_key, version, superseded_at
         ),
         changed as (
           -- the change feed (change-feed.ts), in the same statement: one change per record made current
           insert into records.change (subject_key, item_key, record_key, version, kind, source, batch_id, provider)
           select i.subject_key, $1, i.record_key, i.version, case when i.version = 1 then 'inserted' else 'corrected' end, 'ingest', $2, $3
           from inserted i where i.superseded_at is null
           returning 1
         )
         select (select count(*) from inserted)::int as stored, (select count(*) from closed)::int as closed,
                (select coalesce(json_agg(refused order by position), '[]'::json) from refused) as refused`
      const params = [ctx.itemKey, ctx.batchId, ctx.provider, ctx.method, ctx.catalogVersion, ctx.receivedAt]
      const rows = await tx.query<{ stored: number; refused: RefusedRow[] | string }>(sql, params)
      const refused = rows[0]!.refused
      return { stored: rows[0]!.stored, refused: typeof refused === 'string' ? (JSON.parse(refused) as RefusedRow[]) : refused }
    },
  }
}

export type RecordRepository = ReturnType<typeof createRecordRepository>

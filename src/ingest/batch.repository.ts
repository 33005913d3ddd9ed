import type { Sql } from '../core/index.js'
import type { CollectionMethod } from '../catalog/index.js'

export interface BatchRow {
  id: string
  item_key: string
  provider: string
  method: CollectionMethod
  catalog_version: number
  source: string | null
  content_hash: string | null
  status: 'running' | 'completed' | 'failed'
  received: number
  stored: number
  duplicates: number
  quarantined: number
  quarantine_repeats: number
  position: number
  watermark: unknown
  options: Record<string, unknown>
  error: string | null
  created_by: string | null
  started_at: Date
  updated_at: Date
  finished_at: Date | null
}

export function createBatchRepository(db: Sql) {
  return {
    async ensureProvider(tx: Sql, name: string): Promise<void> {
      await tx.query('insert into ingest.provider (name) values ($1) on conflict do nothing', [name])
    },

    async create(tx: Sql, b: { id: string; itemKey: string; provider: string; method: CollectionMethod; catalogVersion: number; source?: string | null; contentHash?: string | null; options?: object; createdBy?: string | null }): Promise<void> {
      await tx.query(
        `insert into ingest.batch (id, item_key, provider, method, catalog_version, source, content_hash, options, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [b.id, b.itemKey, b.provider, b.method, b.catalogVersion, b.source ?? null, b.contentHash ?? null, JSON.stringify(b.options ?? {}), b.createdBy ?? null],
      )
    },

    async get(id: string): Promise<BatchRow | undefined> {
      return (await db.query<BatchRow>('select * from ingest.batch where id = $1', [id]))[0]
    },

    /** An interrupted run of the same content from the same provider, to continue rather than start again. */
    async findUnfinished(itemKey: string, provider: string, contentHash: string): Promise<BatchRow | undefined> {
      const rows = await db.query<BatchRow>(
        `select * from ingest.batch where item_key = $1 and provider = $2 and content_hash = $3 and status = 'running'
         order by started_at desc limit 1`,
        [itemKey, provider, contentHash],
      )
      return rows[0]
    },

    /** Counters and the resume position move together, in the chunk's own transaction: never half-counted. */
    async advance(tx: Sql, id: string, d: { received: number; stored: number; duplicates: number; quarantined: number; quarantineRepeats?: number; filled?: number; position: number; watermark?: unknown }): Promise<void> {
      await tx.query(
        `update ingest.batch set received = received + $2, stored = stored + $3, duplicates = duplicates + $4,
           quarantined = quarantined + $5, position = $6, watermark = coalesce($7::jsonb, watermark),
           filled_fields = filled_fields + $8, quarantine_repeats = quarantine_repeats + $9, updated_at = now()
         where id = $1`,
        [id, d.received, d.stored, d.duplicates, d.quarantined, d.position, d.watermark === undefined ? null : JSON.stringify(d.watermark), d.filled ?? 0, d.quarantineRepeats ?? 0],
      )
    },

    async finish(id: string, status: 'completed' | 'failed', error?: string, options?: object): Promise<void> {
      await db.query(
        `update ingest.batch set status = $2, error = $3, finished_at = now(), updated_at = now(),
           options = options || coalesce($4::jsonb, '{}'::jsonb)
         where id = $1`,
        [id, status, error ?? null, options ? JSON.stringify(options) : null],
      )
    },

    /**
     * Opens a chunk's transaction: one writer per item at a time, so that version numbers of a record never race.
     * JIT compilation costs more than a chunk's statements take to run. On a server (`server`), a chunk's commit
     * need not wait for its WAL to reach the disk: only a crash of the server itself could lose it, and then whole
     * chunks with their counters and position, so the batch resumes cleanly; the batch's final, synchronous commit
     * flushes every chunk before the batch says completed. PGlite lives in this process: there a killed process
     * would lose an unflushed chunk it reported done. The merge sorts a chunk in memory rather than in temporary files.
     */
    async lockItemForChunk(tx: Sql, itemKey: string, server: boolean): Promise<void> {
      await tx.query(
        `select ${server ? 'pg_advisory_xact_lock(hashtext($1)),' : '$1::text,'} set_config('jit', 'off', true),
                set_config('synchronous_commit', $2, true), set_config('work_mem', '64MB', true)`,
        ['ingest:' + itemKey, server ? 'off' : 'on'],
      )
    },

    async createQuarantineStage(tx: Sql): Promise<void> {
      await tx.exec(`create temp table if not exists quarantine_stage (position integer not null, raw jsonb not null, raw_hash text not null, issues jsonb not null)
        on commit delete rows`)
    },

    /** Returns how many were newly quarantined; the rest are already waiting in the quarantine (duplicates). */
    async mergeQuarantineStage(tx: Sql, b: { batchId: string; itemKey: string; provider: string }): Promise<number> {
      const rows = await tx.query<{ n: number }>(
        `with ins as (
           insert into ingest.quarantine (batch_id, position, item_key, provider, raw, raw_hash, issues)
           select distinct on (raw_hash) $1::uuid, position, $2, $3, raw, raw_hash, issues from pg_temp.quarantine_stage order by raw_hash, position
           on conflict do nothing
           returning 1)
         select count(*)::int as n from ins`,
        [b.batchId, b.itemKey, b.provider],
      )
      return rows[0]!.n
    },
  }
}

export type BatchRepository = ReturnType<typeof createBatchRepository>

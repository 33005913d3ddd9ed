import type { Sql } from '../core/index.js'
import type { CollectionMethod } from '../catalog/index.js'
import { statements, variants } from '../core/index.js'
import type { Issue } from './ingest.types.js'

export interface QuarantineRow {
  batch_id: string
  position: number
  item_key: string
  provider: string
  raw: Record<string, unknown>
  issues: Issue[]
  status: 'open' | 'resubmitted' | 'discarded'
  created_at: Date
  resolved_by: string | null
  resolved_at: Date | null
  resolved_batch_id: string | null
}

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

const BATCH_WHERE = `where ($1::text is null or provider = $1) and ($2::text is null or item_key = $2) and ($3::text is null or status = $3)`
const QUARANTINE_WHERE = `where ($1::text is null or provider = $1) and ($2::text is null or item_key = $2)
        and ($3::text is null or issues @> jsonb_build_array(jsonb_build_object('code', $3::text)))
        and status = coalesce($4::text, 'open') and ($5::uuid is null or batch_id = $5)`

const SQL = statements('ingest.batch', {
  ensureProvider: 'insert into ingest.provider (name) values ($1) on conflict do nothing',
  create: `insert into ingest.batch (id, item_key, provider, method, catalog_version, source, content_hash, options, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  get: 'select * from ingest.batch where id = $1',
  findUnfinished: `select * from ingest.batch where item_key = $1 and provider = $2 and content_hash = $3 and status = 'running'
         order by started_at desc limit 1`,
  advance: `update ingest.batch set received = received + $2, stored = stored + $3, duplicates = duplicates + $4,
           quarantined = quarantined + $5, position = $6, watermark = coalesce($7::jsonb, watermark),
           filled_fields = filled_fields + $8, quarantine_repeats = quarantine_repeats + $9, updated_at = now()
         where id = $1`,
  finish: `update ingest.batch set status = $2, error = $3, finished_at = now(), updated_at = now(),
           options = options || coalesce($4::jsonb, '{}'::jsonb)
         where id = $1`,
  keepError: 'update ingest.batch set error = $2, updated_at = now() where id = $1',
  failRunningOfSource: `update ingest.batch set status = 'failed', finished_at = now(), updated_at = now(),
           error = coalesce(error || '; ', '') || '数据源已改配，本批次不再续拉 / the source was reconfigured; this batch will not be resumed'
         where source = $1 and status = 'running'`,
  runningOfSource: `select * from ingest.batch where item_key = $1 and provider = $2 and source = $3 and status = 'running'
       order by started_at desc limit 1`,
  completedWatermarkAfter: `select watermark from ingest.batch where item_key = $1 and provider = $2 and source = $3 and status = 'completed'
         and watermark is not null and finished_at > $4
       order by finished_at desc limit 1`,
  watermark: 'select watermark from ingest.batch where id = $1',
  tryClaim: 'select pg_try_advisory_xact_lock(hashtext($1)) as ok',
  /**
   * One writer per item at a time, so that version numbers of a record never race (on a server; PGlite has one
   * connection), with the chunk's settings: see `lockItem`.
   */
  lockItem: variants((server: boolean) => `select ${server ? 'pg_advisory_xact_lock(hashtext($1)),' : '$1::text,'} set_config('jit', 'off', true),
                set_config('synchronous_commit', $2, true), set_config('work_mem', '64MB', true)`, [[true], [false]]),
  listCount: `select count(*)::int as n from ingest.batch ${BATCH_WHERE}`,
  list: `select * from ingest.batch ${BATCH_WHERE} order by started_at desc limit $4 offset $5`,
  quality: `select provider, item_key, count(*)::int as batches, sum(received)::int as received, sum(stored)::int as stored,
                sum(duplicates)::int as duplicates, sum(quarantined)::int as quarantined, sum(filled_fields)::bigint as filled,
                max(coalesce(finished_at, updated_at)) filter (where status = 'completed') as last_delivery
         from ingest.batch
         where started_at > $1::timestamptz - make_interval(days => $2::int)
           and ($3::text is null or provider = $3) and ($4::text is null or item_key = $4)
         group by provider, item_key`,
  createQuarantineStage: `create temp table if not exists quarantine_stage (position integer not null, raw jsonb not null, raw_hash text not null, issues jsonb not null)
        on commit delete rows`,
  mergeQuarantineStage: `with ins as (
           insert into ingest.quarantine (batch_id, position, item_key, provider, raw, raw_hash, issues)
           select distinct on (raw_hash) $1::uuid, position, $2, $3, raw, raw_hash, issues from pg_temp.quarantine_stage order by raw_hash, position
           on conflict do nothing
           returning 1)
         select count(*)::int as n from ins`,
  quarantined: 'select * from ingest.quarantine where batch_id = $1 and position = $2',
  quarantineCount: `select count(*)::int as n from ingest.quarantine ${QUARANTINE_WHERE}`,
  quarantineList: `select * from ingest.quarantine ${QUARANTINE_WHERE} order by created_at desc, batch_id, position limit $6 offset $7`,
  quarantineIssues: 'update ingest.quarantine set issues = $3 where batch_id = $1 and position = $2',
  batchIssues: 'select issues from ingest.quarantine where batch_id = $1',
  resubmitted: `update ingest.quarantine set status = 'resubmitted', resolved_by = $3, resolved_at = now(), resolved_batch_id = $4
         where batch_id = $1 and position = $2`,
  discarded: `update ingest.quarantine set status = 'discarded', resolved_by = $3, resolved_at = now(),
           issues = issues || jsonb_build_array(jsonb_build_object('field', '*', 'code', 'DISCARDED', 'zh', $4::text, 'en', $4::text))
         where batch_id = $1 and position = $2`,
})

/** Batches, their counters and the quarantine (`ingest.provider`, `ingest.batch`, `ingest.quarantine`). */
export function createBatchRepository() {
  return {
    async ensureProvider(tx: Sql, name: string): Promise<void> {
      await tx.query(SQL.ensureProvider, [name])
    },

    async create(tx: Sql, b: { id: string; itemKey: string; provider: string; method: CollectionMethod; catalogVersion: number; source?: string | null; contentHash?: string | null; options?: object; createdBy?: string | null }): Promise<void> {
      await tx.query(
        SQL.create,
        [b.id, b.itemKey, b.provider, b.method, b.catalogVersion, b.source ?? null, b.contentHash ?? null, JSON.stringify(b.options ?? {}), b.createdBy ?? null],
      )
    },

    async get(db: Sql, id: string): Promise<BatchRow | undefined> {
      return (await db.query<BatchRow>(SQL.get, [id]))[0]
    },

    /** An interrupted run of the same content from the same provider, to continue rather than start again. */
    async findUnfinished(db: Sql, itemKey: string, provider: string, contentHash: string): Promise<BatchRow | undefined> {
      const rows = await db.query<BatchRow>(
        SQL.findUnfinished,
        [itemKey, provider, contentHash],
      )
      return rows[0]
    },

    /** Counters and the resume position move together, in the chunk's own transaction: never half-counted. */
    async advance(tx: Sql, id: string, d: { received: number; stored: number; duplicates: number; quarantined: number; quarantineRepeats?: number; filled?: number; position: number; watermark?: unknown }): Promise<void> {
      await tx.query(
        SQL.advance,
        [id, d.received, d.stored, d.duplicates, d.quarantined, d.position, d.watermark === undefined ? null : JSON.stringify(d.watermark), d.filled ?? 0, d.quarantineRepeats ?? 0],
      )
    },

    async finish(db: Sql, id: string, status: 'completed' | 'failed', error?: string, options?: object): Promise<void> {
      await db.query(
        SQL.finish,
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
      await tx.exec(SQL.createQuarantineStage)
    },

    /** Returns how many were newly quarantined; the rest are already waiting in the quarantine (duplicates). */
    async mergeQuarantineStage(tx: Sql, b: { batchId: string; itemKey: string; provider: string }): Promise<number> {
      const rows = await tx.query<{ n: number }>(
        SQL.mergeQuarantineStage,
        [b.batchId, b.itemKey, b.provider],
      )
      return rows[0]!.n
    },

    /** A failed pull's reason, kept while the batch stays running (resumable from its last chunk). */
    async keepError(db: Sql, id: string, reason: string): Promise<void> {
      await db.query(SQL.keepError, [id, reason])
    },

    /** Closes as failed the interrupted batch of a source that was reconfigured (resuming it could skip rows). */
    async failRunningOfSource(tx: Sql, source: string): Promise<void> {
      await tx.query(SQL.failRunningOfSource, [source])
    },

    /** The newest unfinished batch of a source (`source` is the batch's tag of it). */
    async runningOfSource(db: Sql, s: { itemKey: string; provider: string; source: string }): Promise<BatchRow | undefined> {
      return (await db.query<BatchRow>(SQL.runningOfSource, [s.itemKey, s.provider, s.source]))[0]
    },

    /** The watermark of the newest batch of a source completed after `after`, if any. */
    async completedWatermarkAfter(db: Sql, s: { itemKey: string; provider: string; source: string; after: Date }): Promise<{ watermark: unknown } | undefined> {
      return (await db.query<{ watermark: unknown }>(SQL.completedWatermarkAfter, [s.itemKey, s.provider, s.source, s.after]))[0]
    },

    async watermark(db: Sql, batchId: string): Promise<unknown> {
      return (await db.query<{ watermark: unknown }>(SQL.watermark, [batchId]))[0]?.watermark ?? null
    },

    /** Tries to take a batch's claim for this transaction (a server's advisory lock): false when another holds it. */
    async tryClaim(tx: Sql, batchId: string): Promise<boolean> {
      const [row] = await tx.query<{ ok: boolean }>(SQL.tryClaim, [`ingest-batch:${batchId}`])
      return row!.ok
    },

    /** Takes the item's writer lock for this transaction and sets the chunk's settings (`synchronous` 'on' or 'off'). */
    async lockItem(tx: Sql, itemKey: string, o: { server: boolean; synchronous: 'on' | 'off' }): Promise<void> {
      await tx.query(SQL.lockItem(o.server), ['ingest:' + itemKey, o.synchronous])
    },

    async list(db: Sql, f: { provider: string | null; itemKey: string | null; status: string | null; limit: number; offset: number }): Promise<{ total: number; rows: BatchRow[] }> {
      const params = [f.provider, f.itemKey, f.status]
      const [count] = await db.query<{ n: number }>(SQL.listCount, params)
      const rows = await db.query<BatchRow>(SQL.list, [...params, f.limit, f.offset])
      return { total: count!.n, rows }
    },

    /** Batches' counters summed per provider and item since `sinceDays` before `now` (the data quality table). */
    async quality(db: Sql, f: { now: Date; sinceDays: number; provider: string | null; itemKey: string | null }) {
      return db.query<{ provider: string; item_key: string; batches: number; received: number; stored: number; duplicates: number; quarantined: number; filled: number; last_delivery: Date | null }>(
        SQL.quality, [f.now, f.sinceDays, f.provider, f.itemKey],
      )
    },

    async quarantined(db: Sql, batchId: string, position: number): Promise<QuarantineRow | undefined> {
      return (await db.query<QuarantineRow>(SQL.quarantined, [batchId, position]))[0]
    },

    async listQuarantine(db: Sql, f: { provider: string | null; itemKey: string | null; code: string | null; status: string | null; batchId: string | null; limit: number; offset: number }): Promise<{ total: number; rows: QuarantineRow[] }> {
      const params = [f.provider, f.itemKey, f.code, f.status, f.batchId]
      const [count] = await db.query<{ n: number }>(SQL.quarantineCount, params)
      const rows = await db.query<QuarantineRow>(SQL.quarantineList, [...params, f.limit, f.offset])
      return { total: count!.n, rows }
    },

    async setQuarantineIssues(db: Sql, batchId: string, position: number, issues: unknown): Promise<void> {
      await db.query(SQL.quarantineIssues, [batchId, position, JSON.stringify(issues)])
    },

    /** The issues of a batch's quarantined rows. */
    async batchIssues<I>(db: Sql, batchId: string): Promise<Array<{ issues: I[] }>> {
      return db.query<{ issues: I[] }>(SQL.batchIssues, [batchId])
    },

    async markResubmitted(db: Sql, batchId: string, position: number, by: string, resolvedBatchId: string): Promise<void> {
      await db.query(SQL.resubmitted, [batchId, position, by, resolvedBatchId])
    },

    async markDiscarded(db: Sql, batchId: string, position: number, by: string, reason: string): Promise<void> {
      await db.query(SQL.discarded, [batchId, position, by, reason])
    },
  }
}

export type BatchRepository = ReturnType<typeof createBatchRepository>

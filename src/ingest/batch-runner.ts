import { randomUUID } from 'node:crypto'
import { type Database, type Sql, copyText } from '../core/index.js'
import type { CatalogIndex, ResolvedItem, CollectionMethod } from '../catalog/index.js'
import type { RefusedRow } from '../records/index.js'
import { createBatchRepository } from './batch.repository.js'
import { chunksOf, createChunkBuilder, QUARANTINE_STAGE_COLUMNS, type Chunk, type ChunkPlan } from './chunk-builder.js'
import { IngestErrors } from './ingest.errors.js'
import { claimBatch } from './batch-claims.js'
import type { BatchSummary, RawRecord } from './ingest.types.js'

interface BatchOptions {
  itemKey: string
  provider: string
  method: CollectionMethod
  /** File name, table or URL, for people reading the batch list. */
  source?: string
  /** SM3 of the delivered bytes: an interrupted batch of the same content is continued, not started again. */
  contentHash?: string
  createdBy?: string
  /** Continue this batch: skip the records it already committed. */
  resume?: { batchId: string }
  /** Where a pull stands after a record (table and national sources); saved with each chunk. */
  watermarkOf?: (record: RawRecord) => unknown
  warnings?: string[]
  onProgress?: (summary: BatchSummary) => void
  chunkSize?: number
  /**
   * What a failure leaves: `failed` with its reason (deliveries by a request: the request is over, nothing may stay
   * running), or `running` with its reason, to be continued by the next pull (table and national sources).
   */
  onFailure?: 'fail' | 'keep-running'
}

/**
 * Where the records come from: raw records validated here, or chunks validated elsewhere (a worker thread reading
 * a large file) from the plan the batch hands over: where to start, how big a chunk, with which keys.
 */
type RecordSource =
  | { records: AsyncIterable<RawRecord> | Iterable<RawRecord>; chunksFrom?: never }
  | { chunksFrom: (plan: ChunkPlan) => AsyncIterable<Chunk>; records?: never }

export type RunBatchInput = BatchOptions & RecordSource

/**
 * Items whose subject name is the registered one (市场监管's 营业执照信息): only they name an organisation. Other
 * items' names are compared with it (registry.name_mismatch, shown in data quality).
 */
const AUTHORITATIVE_NAME_ITEMS = new Set(['business_license'])

/**
 * Quarantine rows (COPY text of {@link QUARANTINE_STAGE_COLUMNS}) for records refused because another provider
 * delivered them: the record as validated (ID numbers already sealed), and a reason that names the owner and the
 * identity fields, so the provider can see whether it mistyped a number or the record is truly another unit's.
 */
function refusedQuarantineText(refused: readonly RefusedRow[], resolved: ResolvedItem): string {
  const fields = resolved.identity.map((k) => resolved.item.fields.find((f) => f.key === k)?.name ?? k).join('、')
  const same = fields ? `${fields}相同` : '同一信用主体'
  return refused.map((r) => {
    const issue = {
      field: '*', code: 'RECORD_OTHER_PROVIDER',
      zh: `该记录（${same}）已由“${r.owner}”报送，只能由报送单位更正${fields ? `；请核对${fields}` : ''}`,
      en: `this record (same ${resolved.identity.join(', ') || 'subject'}) was delivered by ${r.owner}; only that unit can correct it`,
    }
    return [r.position, r.data, r.content_hash, JSON.stringify([issue])].map(copyText).join('\t') + '\n'
  }).join('')
}

/**
 * Which items a provider may deliver: those naming it as a responsible unit, plus the list's collective units
 * (各有关部门（单位）: any provider; 各市、县（区）: any city or county office).
 */
export function isResponsible(resolved: ResolvedItem, provider: string, isLocalGovernment: (p: string) => boolean): boolean {
  const units = resolved.item.responsibleUnits
  if (units.includes(provider)) return true
  if (units.includes('各有关部门（单位）')) return true
  return units.includes('各市、县（区）') && isLocalGovernment(provider)
}

/** The batch a chunk belongs to, as the chunk's commit needs it. */
export interface ChunkBatch {
  batchId: string
  itemKey: string
  provider: string
  method: CollectionMethod
  catalogVersion: number
  /** The item names its subjects authoritatively ({@link AUTHORITATIVE_NAME_ITEMS}). */
  authoritativeName: boolean
  resolved: ResolvedItem
  receivedAt: Date
  /** Refresh the statistics of the records in this commit. */
  analyze: boolean
}

/** What one chunk's commit counted. */
export interface ChunkCounts { stored: number; quarantined: number; quarantineRepeats: number; duplicates: number }

/**
 * Where a chunk is committed: in one transaction with ingest's batch and quarantine, the registry's subjects and the
 * records' records. `src/flows/commit-chunk.flow.ts` provides it and `createXinshu()` wires it (as `x.chunks`), so
 * that collection does not reach into the tables of the contexts it feeds.
 */
export interface ChunkCommitter {
  /** The registry's allowlist of real codes that fail the GB 32100 check, for validating the batch's records. */
  usccAllowlist(db: Sql): Promise<Set<string>>
  commit(chunk: Chunk, batch: ChunkBatch): Promise<ChunkCounts>
}

/** What a batch runs on. */
export interface BatchDeps {
  db: Database; catalog: CatalogIndex; dataKey: Buffer; chunks: ChunkCommitter
  /**
   * The clock of the batch: records' dates are checked against its day, and the records it stores are stamped as
   * received at its moment; the present by default. A backfill (the demo's history) passes its `BackfillClock`, so a
   * delivery made "as of" a past day is judged by, and dated at, that day.
   */
  now?: () => Date
}

/**
 * Ingest's part of a chunk's commit, in the chunk's transaction, after its records were merged: the quarantine rows
 * (the chunk's own and the records refused because another provider delivered them), then the batch's counters and
 * resume position.
 */
export async function settleChunk(tx: Sql, chunk: Chunk, b: ChunkBatch, merged: { stored: number; refused: RefusedRow[] }): Promise<ChunkCounts> {
  const batches = createBatchRepository()
  const { stored: n, refused } = merged
  let newlyQuarantined = 0
  const quarantined = chunk.quarantined + refused.length
  if (quarantined > 0) {
    await batches.createQuarantineStage(tx)
    if (chunk.quarantined > 0) await tx.copyFrom('pg_temp.quarantine_stage', QUARANTINE_STAGE_COLUMNS, chunk.quarantine)
    if (refused.length > 0) await tx.copyFrom('pg_temp.quarantine_stage', QUARANTINE_STAGE_COLUMNS, refusedQuarantineText(refused, b.resolved))
    newlyQuarantined = await batches.mergeQuarantineStage(tx, { batchId: b.batchId, itemKey: b.itemKey, provider: b.provider })
  }
  // Every rejected record counts as quarantined; one still waiting there from an earlier delivery is not
  // stored twice, and is counted apart so the batch's own quarantine rows can be reconciled with its counters.
  const quarantineRepeats = quarantined - newlyQuarantined
  const duplicates = chunk.received - n - quarantined
  await batches.advance(tx, b.batchId, { received: chunk.received, stored: n, duplicates, quarantined, quarantineRepeats, filled: chunk.filled, position: chunk.position, watermark: chunk.watermark })
  return { stored: n, quarantined, quarantineRepeats, duplicates }
}

/**
 * Collects one batch: validates every record, quarantines what fails with its reasons, and stores the rest in
 * chunks. Each chunk commits records, subjects, quarantine rows, the batch's counters and its resume position in
 * one transaction, so a crash (even kill -9) leaves the batch complete up to the last chunk and resumable from
 * there. The next chunk is validated while the previous one commits.
 */
export async function runBatch(deps: BatchDeps, input: RunBatchInput): Promise<BatchSummary> {
  const { db, catalog } = deps
  const item = catalog.get(input.itemKey)
  if (!item) throw IngestErrors.BATCH_NOT_FOUND(input.itemKey)
  const resolved: ResolvedItem = item
  const batches = createBatchRepository()
  const chunkSize = input.chunkSize ?? 10_000

  let batchId: string
  let skip = 0
  const summary: BatchSummary = {
    batchId: '',
    itemKey: input.itemKey,
    provider: input.provider,
    method: input.method,
    catalogVersion: catalog.version,
    status: 'running',
    received: 0,
    stored: 0,
    quarantined: 0,
    quarantineRepeats: 0,
    duplicates: 0,
    resumed: false,
    warnings: input.warnings ?? [],
  }

  const found = input.resume ? await batches.get(db, input.resume.batchId) : input.contentHash ? await batches.findUnfinished(db, input.itemKey, input.provider, input.contentHash) : undefined
  if (input.resume && !found) throw IngestErrors.BATCH_NOT_FOUND(input.resume.batchId)
  let release: (() => Promise<void>) | undefined
  let earlier: typeof found
  if (found && found.status === 'running') {
    // Still being run by a live request (the same file sent twice at once): continuing it here would count its
    // records twice.
    release = await claimBatch(db, found.id)
    if (!release) throw IngestErrors.BATCH_BUSY(found.id)
    // Read again under the claim: the run that held it may have moved on, or finished, since it was found.
    earlier = await batches.get(db, found.id)
    if (earlier?.status !== 'running') {
      await release()
      release = undefined
      earlier = undefined
    }
  }
  if (earlier && release) {
    batchId = earlier.id
    skip = earlier.position
    Object.assign(summary, { received: earlier.received, stored: earlier.stored, quarantined: earlier.quarantined, quarantineRepeats: earlier.quarantine_repeats, duplicates: earlier.duplicates, resumed: true, catalogVersion: earlier.catalog_version })
  } else {
    batchId = randomUUID()
    // Claimed before it exists, so that no other request can take it between its creation and its first chunk.
    release = (await claimBatch(db, batchId))!
    try {
      await db.transaction(async (tx) => {
        await batches.ensureProvider(tx, input.provider)
        await batches.create(tx, { id: batchId, itemKey: input.itemKey, provider: input.provider, method: input.method, catalogVersion: catalog.version, source: input.source ?? null, contentHash: input.contentHash ?? null, createdBy: input.createdBy ?? null })
      })
    } catch (err) {
      await release()
      throw err
    }
  }
  const releaseClaim = release
  summary.batchId = batchId

  const plan: ChunkPlan = { skip, chunkSize, dataKey: deps.dataKey, usccAllowlist: await deps.chunks.usccAllowlist(db), ...(deps.now ? { now: deps.now } : {}) }
  const authoritativeName = AUTHORITATIVE_NAME_ITEMS.has(input.itemKey)

  async function commit(chunk: Chunk): Promise<void> {
    // The statistics of the records are refreshed each time the batch has doubled (see the chunk commit flow).
    const analyze = chunk.valid > 0 && ++chunksCommitted === nextAnalyzeAt
    if (analyze) nextAnalyzeAt *= 2
    const counted = await deps.chunks.commit(chunk, {
      batchId, itemKey: input.itemKey, provider: input.provider, method: input.method, catalogVersion: summary.catalogVersion,
      authoritativeName, resolved, receivedAt: deps.now ? deps.now() : new Date(), analyze,
    })
    summary.received += chunk.received
    summary.stored += counted.stored
    summary.duplicates += counted.duplicates
    summary.quarantined += counted.quarantined
    summary.quarantineRepeats += counted.quarantineRepeats
    input.onProgress?.({ ...summary })
  }

  let chunksCommitted = 0
  let nextAnalyzeAt = 1
  let pending: Promise<void> | undefined
  try {
    const chunks = input.chunksFrom ? input.chunksFrom(plan) : chunksOf(input.records, createChunkBuilder(resolved, { ...plan, ...(input.watermarkOf ? { watermarkOf: input.watermarkOf } : {}) }))
    for await (const chunk of chunks) {
      await pending
      pending = commit(chunk)
      // Keep the rejection observed until it is awaited: the next chunk is validated meanwhile.
      pending.catch(() => {})
    }
    await pending
    summary.status = 'completed'
    await batches.finish(db, batchId, 'completed', undefined, summary.warnings.length ? { warnings: summary.warnings } : undefined)
  } catch (err) {
    await pending?.catch(() => {})
    const reason = String((err as Error).message ?? err)
    if (input.onFailure === 'keep-running') {
      // A pull that fails (the network, the remote database) stays resumable from its last chunk; the reason is kept.
      await batches.keepError(db, batchId, reason).catch(() => {})
    } else {
      summary.status = 'failed'
      await batches.finish(db, batchId, 'failed', reason).catch(() => {})
    }
    throw err
  } finally {
    await releaseClaim()
  }
  return summary
}

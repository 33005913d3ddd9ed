import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import type { Database } from '../core/index.js'
import type { XlsxLimits } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { CollectionMethod } from '../catalog/index.js'
import { NINGXIA_DIVISIONS } from '../registry/index.js'
import { runBatch, isResponsible, type ChunkCommitter } from './batch-runner.js'
import { createBatchRepository, type BatchRow, type QuarantineRow } from './batch.repository.js'

export type { QuarantineRow }
import { createRowValidator } from './row-validator.js'
import { openFileReader, type FileFormat } from './readers/open-file-reader.js'
import { fileChunksInWorker, WORKER_MIN_BYTES } from './file-chunks.js'
import { valuesByField } from './readers/jsonl-reader.js'
import { IngestErrors } from './ingest.errors.js'
import { knownRaw } from './quarantine-raw.js'
import { namesUpTo } from './readers/header-map.js'
import { maskSealedIds, maskSealedText, unsealText } from './personal-ids.js'
import type { BatchSummary, Issue, RawRecord } from './ingest.types.js'

/**
 * Quarantined rows as people see them: sealed ID numbers shown masked. The sealed originals stay in the database,
 * and a resubmission that leaves a masked value untouched gets the original back (see `restoreMasked`).
 */
function maskSealed(row: QuarantineRow, key: Buffer): QuarantineRow {
  return { ...row, raw: maskSealedIds(row.raw, key) }
}

function restoreMasked(corrected: Record<string, unknown>, original: Record<string, unknown>, key: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = { ...corrected }
  for (const [k, v] of Object.entries(corrected)) {
    const o = original[k]
    // Left as it was shown (masked), whether the value was an ID number or text with one inside: the original.
    if (typeof v === 'string' && typeof o === 'string' && o.includes('sm4:') && v === maskSealedText(o, key)) out[k] = unsealText(o, key)
  }
  return out
}

/** Most records one API call may carry; larger deliveries come as several calls or as a file. */
export const MAX_API_RECORDS = 10_000


/** A city or county office of Ningxia (or 宁东管委会), which may deliver items whose list names 各市、县（区）. */
function isLocalGovernment(provider: string): boolean {
  return provider.startsWith('宁东') || NINGXIA_DIVISIONS.some((d) => d.level !== 'province' && provider.startsWith(d.name))
}

/** Hashes a file as it streams: a re-sent file is recognised, and an interrupted one continued. */
async function fileHash(path: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}

/**
 * Collection (归集): files, API calls, resubmissions from the quarantine. Every record received is either stored
 * or quarantined with its reasons.
 */
export function createIngestService(deps: { db: Database; catalog: CatalogService; dataKey: Buffer; chunks: ChunkCommitter; xlsxLimits?: XlsxLimits; now?: () => Date }) {
  const { db } = deps
  const batches = createBatchRepository()

  function resolve(itemKey: string, provider: string | undefined) {
    const resolved = deps.catalog.current().get(itemKey)
    if (!resolved) throw IngestErrors.BODY_INVALID(`共享清单中没有信息项 ${itemKey} / no such item ${itemKey}`)
    const who = provider ?? resolved.item.responsibleUnits[0]!
    if (!isResponsible(resolved, who, isLocalGovernment)) throw IngestErrors.PROVIDER_NOT_RESPONSIBLE(who, `${resolved.item.name}(${itemKey})`)
    return { resolved, provider: who }
  }

  async function loadQuarantined(batchId: string, position: number): Promise<QuarantineRow> {
    const row = await batches.quarantined(db, batchId, position)
    if (!row) throw IngestErrors.QUARANTINE_NOT_FOUND(batchId, position)
    return row
  }

  const run = (input: Parameters<typeof runBatch>[1]) => runBatch({ db, catalog: deps.catalog.current(), dataKey: deps.dataKey, chunks: deps.chunks, ...(deps.now ? { now: deps.now } : {}) }, input)

  return {
    /** Which provider a delivery is counted for when none is named: the item's first responsible unit. */
    resolve,

    /**
     * A delivered file. A large one is read and validated in a worker thread while this thread commits its
     * chunks (`inWorker` forces either way); the file is opened here first all the same, so that a file that
     * cannot be read is refused before a batch is made.
     */
    async ingestFile(input: { path: string; itemKey: string; provider?: string; encoding?: string; format?: FileFormat; name?: string; createdBy?: string; onProgress?: (s: BatchSummary) => void; inWorker?: boolean }): Promise<BatchSummary & { format: string; encoding: string }> {
      const { resolved, provider } = resolve(input.itemKey, input.provider)
      const name = input.name ?? basename(input.path)
      const reader = await openFileReader(input.path, resolved, { ...(input.encoding ? { encoding: input.encoding } : {}), ...(input.format ? { format: input.format } : {}), name, ...(deps.xlsxLimits ? { xlsxLimits: deps.xlsxLimits } : {}) })
      const inWorker = input.inWorker ?? (await stat(input.path)).size >= WORKER_MIN_BYTES
      if (inWorker) await reader.close()
      const catalog = deps.catalog.current()
      const file = { path: input.path, name, format: reader.format, encoding: reader.encoding, itemKey: input.itemKey, catalog, warnings: reader.warnings }
      const summary = await run({
        itemKey: input.itemKey, provider, method: 'file', source: name,
        ...(inWorker ? { chunksFrom: (plan) => fileChunksInWorker(file, plan) } : { records: reader.records }),
        contentHash: await fileHash(input.path), warnings: reader.warnings,
        ...(input.createdBy ? { createdBy: input.createdBy } : {}), ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      })
      return { ...summary, format: reader.format, encoding: reader.encoding }
    },

    /** One API call of a provider's system: an array of records keyed by field key or Chinese name. */
    async ingestRecords(input: { itemKey: string; provider: string; records: unknown[]; method?: CollectionMethod; createdBy?: string }): Promise<BatchSummary> {
      const { resolved, provider } = resolve(input.itemKey, input.provider)
      if (input.records.length > MAX_API_RECORDS) throw IngestErrors.TOO_MANY_RECORDS(MAX_API_RECORDS)
      const unknown = new Set<string>()
      const records: RawRecord[] = input.records.map((r, i) =>
        r && typeof r === 'object' && !Array.isArray(r)
          ? { position: i + 1, values: valuesByField(resolved, r as Record<string, unknown>, unknown), raw: knownRaw(resolved, r as Record<string, unknown>) }
          : { position: i + 1, values: {}, raw: { _value: r }, issue: { field: '*', code: 'RECORD_NOT_OBJECT', zh: `第 ${i + 1} 条记录不是对象`, en: `record ${i + 1} is not an object` } },
      )
      const warnings = unknown.size ? [`忽略了共享清单中没有的字段 / ignored keys not in the sharing list: ${namesUpTo(unknown, 20)}`] : []
      return run({ itemKey: input.itemKey, provider, method: input.method ?? 'api', records, source: 'api', warnings, ...(input.createdBy ? { createdBy: input.createdBy } : {}) })
    },

    getBatch: async (id: string): Promise<BatchRow> => (await batches.get(db, id)) ?? (() => { throw IngestErrors.BATCH_NOT_FOUND(id) })(),

    async listBatches(f: { provider?: string; itemKey?: string; status?: string; limit: number; offset: number }): Promise<{ total: number; rows: BatchRow[] }> {
      return batches.list(db, { provider: f.provider ?? null, itemKey: f.itemKey ?? null, status: f.status ?? null, limit: f.limit, offset: f.offset })
    },

    async listQuarantine(f: { provider?: string; itemKey?: string; code?: string; status?: string; batchId?: string; limit: number; offset: number }): Promise<{ total: number; rows: QuarantineRow[] }> {
      const { total, rows } = await batches.listQuarantine(db, { provider: f.provider ?? null, itemKey: f.itemKey ?? null, code: f.code ?? null, status: f.status ?? null, batchId: f.batchId ?? null, limit: f.limit, offset: f.offset })
      return { total, rows: rows.map((r) => maskSealed(r, deps.dataKey)) }
    },

    async getQuarantined(batchId: string, position: number): Promise<QuarantineRow> {
      return maskSealed(await loadQuarantined(batchId, position), deps.dataKey)
    },

    /**
     * Resubmits a corrected quarantined record. Still invalid: its reasons are updated and returned, nothing is
     * stored. Valid: it is collected as a one-record batch of the same provider and method, and the quarantine
     * row is closed with a link to that batch.
     */
    async resubmit(batchId: string, position: number, corrected: Record<string, unknown>, by: string): Promise<{ ok: true; batch: BatchSummary } | { ok: false; issues: Issue[] }> {
      const q = await loadQuarantined(batchId, position)
      if (q.status !== 'open') throw IngestErrors.QUARANTINE_CLOSED(q.status)
      const original = await this.getBatch(batchId)
      const { resolved } = resolve(q.item_key, q.provider)
      corrected = restoreMasked(corrected, q.raw, deps.dataKey)
      const values = valuesByField(resolved, corrected)
      const check = createRowValidator(resolved, { dataKey: deps.dataKey, usccAllowlist: await deps.chunks.usccAllowlist(db), ...(deps.now ? { now: deps.now } : {}) })(values)
      if (!check.ok) {
        await batches.setQuarantineIssues(db, batchId, position, check.issues)
        return { ok: false, issues: check.issues }
      }
      const batch = await run({ itemKey: q.item_key, provider: q.provider, method: original.method, records: [{ position: 1, values, raw: corrected }], source: `quarantine:${batchId}#${position}`, createdBy: by })
      // Valid, yet refused when stored (the record is another provider's). Either the refusal waits in the new
      // batch's quarantine, and this row is resolved into it, or it is this very row again, which stays open.
      const [again] = batch.quarantined > 0 ? await batches.batchIssues<Issue>(db, batch.batchId) : []
      if (batch.quarantined > 0 && !again) return { ok: false, issues: q.issues }
      await batches.markResubmitted(db, batchId, position, by, batch.batchId)
      return again ? { ok: false, issues: again.issues } : { ok: true, batch }
    },

    async discard(batchId: string, position: number, reason: string, by: string): Promise<void> {
      const q = await loadQuarantined(batchId, position)
      if (q.status !== 'open') throw IngestErrors.QUARANTINE_CLOSED(q.status)
      await batches.markDiscarded(db, batchId, position, by, reason)
    },
  }
}

export type IngestService = ReturnType<typeof createIngestService>

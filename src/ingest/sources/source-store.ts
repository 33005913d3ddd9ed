import { type Database, type Sql, isSealed, seal, unseal } from '../../core/index.js'
import { type CatalogIndex, type ResolvedItem, latestCatalog } from '../../catalog/index.js'
import { NINGXIA_DIVISIONS } from '../../registry/index.js'
import { isResponsible } from '../batch-runner.js'
import { createBatchRepository, type BatchRow } from '../batch.repository.js'
import { createSourceRepository, type SourceRow } from './source.repository.js'

const sources = createSourceRepository()
const batches = createBatchRepository()
import { IngestErrors } from '../ingest.errors.js'
import type { BatchSummary, RawRecord } from '../ingest.types.js'
import { SourceErrors, sourceError } from './source.errors.js'

/**
 * What the pulled sources (库表 and 通过国家平台调用) share: their row in `ingest.source`, secrets sealed at rest,
 * URLs masked for messages, one pull per source at a time, and the way an interrupted pull is continued.
 */

export type SourceMethod = 'table' | 'national'

export type { SourceRow }

/** What a pull returns: the batch it ran, and where the source now stands. */
export interface PullSummary extends BatchSummary {
  sourceId: string
  /** The watermark the pull started from (`null`: from the beginning). */
  from: unknown
  /** The source's watermark after the pull: where the next pull starts. */
  watermark: unknown
  /** Pages fetched by this run (not counting pages of an earlier, interrupted run). */
  pages: number
}

/** What register returns. */
export interface RegisterResult {
  id: string
  created: boolean
  /** True when the change moved the source to other data (table, column, URL, item): it is pulled from the start. */
  watermarkReset: boolean
}

/** Common options of a pull. */
export interface PullOptionsBase {
  /** Records per committed chunk (runBatch's default 5000). Smaller chunks lose less work on a failure. */
  chunkSize?: number
  createdBy?: string
  onProgress?: (summary: BatchSummary) => void
}

export const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/

/** The tag a source's batches carry in `ingest.batch.source`; it is how an interrupted batch is found again. */
export const batchTag = (method: SourceMethod, id: string) => `${method}:${id}`

/** A city or county office of Ningxia (or 宁东管委会): may deliver items whose list names 各市、县（区）. */
function isLocalGovernment(provider: string): boolean {
  return provider.startsWith('宁东') || NINGXIA_DIVISIONS.some((d) => d.level !== 'province' && provider.startsWith(d.name))
}

/** The item a source delivers, checked as a delivery is checked: it exists and the provider is responsible for it. */
export function resolveItem(catalog: CatalogIndex, itemKey: string, provider: string): ResolvedItem {
  const resolved = catalog.get(itemKey)
  if (!resolved) throw SourceErrors.UNKNOWN_ITEM(itemKey)
  if (!isResponsible(resolved, provider, isLocalGovernment)) throw IngestErrors.PROVIDER_NOT_RESPONSIBLE(provider, `${resolved.item.name}(${itemKey})`)
  return resolved
}

/** Checks that every key of a mapping is a field of the item, naming the first that is not and the ones that are. */
export function checkFieldKeys(resolved: ResolvedItem, keys: readonly string[]): void {
  const known = new Set(resolved.item.fields.map((f) => f.key))
  for (const k of keys) {
    if (!known.has(k)) throw SourceErrors.UNKNOWN_FIELD(k, resolved.item.key, [...known].join(', '))
  }
}

/** The catalog to check a registration against: the one given, else the newest published version. */
export async function catalogFor(db: Sql, given: CatalogIndex | undefined): Promise<CatalogIndex> {
  if (given) return given
  const latest = await latestCatalog(db)
  if (!latest) throw SourceErrors.NO_CATALOG()
  return latest
}

export function requireString(key: string, value: unknown, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw sourceError('BAD_VALUE', key, { zh: `必须是非空文本（最长 ${max} 个字符）`, en: `must be non-empty text (at most ${max} characters)` })
  }
  return value.trim()
}

export function optionalInt(key: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw sourceError('BAD_VALUE', key, { zh: `必须是 ${min} 到 ${max} 之间的整数，收到 ${JSON.stringify(value)}`, en: `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}` })
  }
  return value
}

export function checkSourceId(id: unknown): string {
  if (typeof id !== 'string' || !SOURCE_ID.test(id)) {
    throw sourceError('BAD_VALUE', 'id', { zh: '只允许字母、数字和 _ . : -，以字母或数字开头，最长 100 个字符', en: 'letters, digits and _ . : - only, starting with a letter or digit, at most 100 characters' })
  }
  return id
}

/**
 * A URL as it may be shown: password and secret-looking query parameters replaced by ***. Text that is not a URL
 * is not echoed at all, since it might be a password pasted in the wrong place.
 */
export function maskUrl(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return '<无效地址 invalid URL>'
  }
  if (u.password) u.password = '***'
  for (const k of [...u.searchParams.keys()]) {
    if (/pass|pwd|token|secret|key|auth|sign/i.test(k)) u.searchParams.set(k, '***')
  }
  return u.toString()
}

/** Removes a secret from a driver's or server's message, in case it repeats what it was given. */
export function scrub(message: string, ...secrets: Array<string | undefined>): string {
  let out = message
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***')
  return out
}

/**
 * Passwords and tokens rest sealed with the data key (SM4) when one is given at registration, so that a copy of
 * `ingest.source` does not open the providers' databases; without a key they are kept as given.
 */
export function sealSecret(secret: string | undefined, dataKey: Buffer | undefined): string | undefined {
  if (!secret) return undefined
  return dataKey ? seal(dataKey, secret) : secret
}

export function openSecret(sourceId: string, stored: unknown, dataKey: Buffer): string | undefined {
  if (typeof stored !== 'string' || stored === '') return undefined
  if (!isSealed(stored)) return stored
  try {
    return unseal(dataKey, stored)
  } catch {
    throw SourceErrors.SECRET_UNREADABLE(sourceId)
  }
}

/** The source registered under `id`, of either method, or undefined (the CLI's `source pull` picks the puller by it). */
export async function findSource(db: Sql, id: string): Promise<SourceRow | undefined> {
  return sources.get(db, id)
}

export async function getSource(db: Sql, id: string, method: SourceMethod): Promise<SourceRow> {
  const row = await findSource(db, id)
  if (!row) throw SourceErrors.NOT_FOUND(id)
  if (row.method !== method) throw SourceErrors.WRONG_METHOD(id, row.method, method)
  return row
}

/**
 * Inserts or updates a source. When `cursorOf` of the stored and the new configuration differ, the source now
 * reads other data: its watermark is cleared and an interrupted batch of it is closed as failed, because resuming
 * that batch against the new data could skip rows.
 */
export async function upsertSource(
  db: Database,
  s: { id: string; itemKey: string; provider: string; method: SourceMethod; config: Record<string, unknown>; cursor: string },
): Promise<RegisterResult> {
  return db.transaction(async (tx) => {
    const old = await sources.getForUpdate(tx, s.id)
    if (old && old.method !== s.method) throw SourceErrors.WRONG_METHOD(s.id, old.method, s.method)
    await batches.ensureProvider(tx, s.provider)
    const config = { ...s.config, cursor: s.cursor }
    const reset = !!old && (old.config.cursor !== s.cursor || old.item_key !== s.itemKey || old.provider !== s.provider)
    if (!old) {
      await sources.insert(tx, { id: s.id, itemKey: s.itemKey, provider: s.provider, method: s.method, config })
    } else {
      await sources.update(tx, { id: s.id, itemKey: s.itemKey, provider: s.provider, config, resetWatermark: reset })
    }
    if (reset) {
      await batches.failRunningOfSource(tx, batchTag(s.method, s.id))
    }
    return { id: s.id, created: !old, watermarkReset: reset }
  })
}

export async function saveWatermark(db: Sql, id: string, watermark: unknown): Promise<void> {
  await sources.saveWatermark(db, id, watermark)
}

/**
 * Where a pull starts. An unfinished (`running`) batch of the source is continued: from the watermark of its last
 * committed chunk, or, when no chunk committed, from where that batch started (the source's watermark, which only
 * a completed pull moves). Otherwise the source's watermark — unless a batch completed after the source was last
 * written, i.e. the process stopped between finishing the batch and saving the watermark: then that batch's.
 */
export async function startingPoint(db: Sql, source: SourceRow): Promise<{ running: BatchRow | undefined; from: unknown }> {
  const tag = batchTag(source.method, source.id)
  const running = await batches.runningOfSource(db, { itemKey: source.item_key, provider: source.provider, source: tag })
  if (running) return { running, from: running.watermark ?? source.watermark ?? null }
  const lost = await batches.completedWatermarkAfter(db, { itemKey: source.item_key, provider: source.provider, source: tag, after: source.updated_at })
  return { running: undefined, from: lost ? lost.watermark : (source.watermark ?? null) }
}

/** The watermark a batch committed last (runBatch saves it with each chunk). */
export async function batchWatermark(db: Sql, batchId: string): Promise<unknown> {
  return batches.watermark(db, batchId)
}

const SKIPPED: RawRecord = Object.freeze({ position: 0, values: Object.freeze({}) }) as RawRecord

/**
 * runBatch continues a batch by skipping as many records as it had committed (`position`); a pulled source instead
 * starts reading after the committed watermark. So the records read are preceded by that many stand-ins, which
 * runBatch counts and skips without looking at them.
 */
export async function* afterSkipped(skip: number, records: AsyncIterable<RawRecord>): AsyncGenerator<RawRecord> {
  for (let i = 0; i < skip; i++) yield SKIPPED
  yield* records
}

const pulling = new WeakMap<object, Set<string>>()

/**
 * One pull of a source at a time in this process: two would continue the same batch and read the same rows.
 * (Pulls of one source from two processes must be prevented by whoever schedules them.)
 */
export async function exclusive<T>(db: object, id: string, fn: () => Promise<T>): Promise<T> {
  let set = pulling.get(db)
  if (!set) pulling.set(db, (set = new Set()))
  if (set.has(id)) throw SourceErrors.BUSY(id)
  set.add(id)
  try {
    return await fn()
  } finally {
    set.delete(id)
  }
}

import { type Database, AppError } from '../../core/index.js'
import type { CatalogIndex, ResolvedItem } from '../../catalog/index.js'
import { runBatch, type BatchDeps } from '../batch-runner.js'
import type { RawRecord } from '../ingest.types.js'
import { valuesByField } from '../readers/jsonl-reader.js'
import { SourceErrors, sourceError, type Reason } from './source.errors.js'
import {
  afterSkipped, batchTag, batchWatermark, catalogFor, checkFieldKeys, checkSourceId, exclusive, getSource, maskUrl, openSecret,
  optionalInt, requireString, resolveItem, saveWatermark, scrub, sealSecret, startingPoint, upsertSource,
  type PullOptionsBase, type PullSummary, type RegisterResult,
} from './source-store.js'

/**
 * 通过国家平台调用 — the hub pulls an item from an upstream national platform (国家公共信用信息中心 and the like)
 * through its HTTP JSON API, page by page, with retries and back-off.
 *
 * ## The upstream contract
 *
 * ```
 * GET {baseUrl}{path}?page=N&size=M[&since=S]
 * Authorization: Bearer {token}            (when a token is configured)
 * Accept: application/json
 *
 * 200 → { "total": number, "page": N, "records": [ { ... }, ... ], "next": boolean, "watermark"?: string }
 * ```
 *
 * - `page` counts from 1; the answer echoes it. `size` is the configured page size.
 * - `records` are objects keyed by catalog field key or printed Chinese field name, or by the upstream's own names
 *   translated with `fieldMap`. Records must come in a stable order (ascending update time), new ones appended at
 *   the end, so that page N means the same records when it is asked for again.
 * - `next` is true while pages follow (when absent: `page × size < total`).
 * - `since` (omitted on the first pull): the records added or changed since then. It is the `watermark` the
 *   platform returned on the first page of the previous completed pull, or — when it returns none — the ISO 8601
 *   time (UTC) the previous completed pull started, less five minutes for clock skew (re-read records are
 *   recognised as duplicates).
 * - 429 and 5xx mean "try again" (`Retry-After` in seconds or as an HTTP date is respected, up to two minutes);
 *   any other status means the request is wrong (token, path) and is not retried. Redirects are not followed (the
 *   token must not travel to another host): configure the final https URL.
 * - Each request has `timeoutMs` for the whole answer, body included.
 *
 * ## Why it retries and how it resumes
 *
 * A national platform is far away and busy: a timeout, a 503, a half-written page are ordinary. Each page is tried
 * `maxRetries + 1` times with exponential back-off and jitter (so that many hubs do not retry in step). When a page
 * still fails, the pull fails with the page and the reason, and its batch stays `running`: every chunk committed so
 * far is kept with the position of its last record (`{ page, index }`), and the next pull continues that batch from
 * there, with the same `since`, so nothing is skipped. A record that is not a JSON object is quarantined, not
 * dropped.
 */
export interface NationalSourceConfig {
  id: string
  itemKey: string
  provider: string
  /** https://platform.example.gov.cn */
  baseUrl: string
  /** /api/credit/bankruptcy */
  path: string
  /** Records per page (`size`), default 500. */
  pageSize?: number
  /** Bearer token; sealed at rest when a data key is given at registration. */
  token?: string
  /** Per request, default 10000 ms. */
  timeoutMs?: number
  /** Retries of a page after its first attempt, default 4. */
  maxRetries?: number
  /** Base of the exponential back-off, default 500 ms (capped at 30 s). */
  backoffMs?: number
  /** Catalog field key → upstream field name, for upstream names that are neither the key nor the Chinese name. */
  fieldMap?: Record<string, string>
}

/** Where a national pull stands after a record. */
export interface NationalWatermark {
  /** The `since` of this pull (null: everything). */
  since: string | null
  /** The `since` of the next pull, fixed when this pull started. */
  until: string
  /** Page size of this pull: page numbers only mean the same records with the same size. */
  size: number
  page: number
  /** 1-based index of the record within its page, and the page's length. */
  index: number
  of: number
}

export interface NationalPullOptions extends PullOptionsBase {
  /** Waits between attempts; tests pass one that returns at once (and records the waits). */
  sleep?: (ms: number) => Promise<void>
  /** Called after each page is fetched, before its records are collected. */
  onPage?: (page: { number: number; records: number; total: number | undefined }) => void | Promise<void>
  /** The clock, for the fallback `since` of the next pull. */
  now?: () => Date
}

const DEFAULT_PAGE_SIZE = 500
const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RETRIES = 4
const DEFAULT_BACKOFF_MS = 500
const MAX_BACKOFF_MS = 30_000
/** A Retry-After longer than this is not honoured in full: the pull would rather fail and be resumed later. */
const MAX_RETRY_AFTER_MS = 120_000
const CLOCK_SKEW_MS = 5 * 60_000

interface CheckedConfig {
  id: string
  itemKey: string
  provider: string
  baseUrl: string
  path: string
  pageSize: number
  token: string | undefined
  timeoutMs: number
  maxRetries: number
  backoffMs: number
  fieldMap: Record<string, string>
  resolved: ResolvedItem
}

function checkConfig(input: NationalSourceConfig, catalog: CatalogIndex): CheckedConfig {
  if (!input || typeof input !== 'object') throw sourceError('BAD_VALUE', 'config', { zh: '必须是对象', en: 'must be an object' })
  const id = checkSourceId(input.id)
  const itemKey = requireString('itemKey', input.itemKey, 200)
  const provider = requireString('provider', input.provider, 200)
  const baseUrl = requireString('baseUrl', input.baseUrl).replace(/\/+$/, '')
  let u: URL
  try {
    u = new URL(baseUrl)
  } catch {
    throw sourceError('BAD_VALUE', 'baseUrl', { zh: '不是合法的网址', en: 'not a valid URL' })
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw sourceError('BAD_VALUE', 'baseUrl', { zh: `只支持 http(s)：${maskUrl(baseUrl)}`, en: `http(s) only: ${maskUrl(baseUrl)}` })
  if (u.search || u.hash) throw sourceError('BAD_VALUE', 'baseUrl', { zh: '不能带查询参数或锚点（令牌请写在 token 中）', en: 'must not carry a query or fragment (put a token in token)' })
  const path = requireString('path', input.path)
  if (!/^\/[^?#\s]*$/.test(path)) throw sourceError('BAD_VALUE', 'path', { zh: '必须以 / 开头，且不带查询参数和空白', en: 'must start with / and carry no query or whitespace' })
  const resolved = resolveItem(catalog, itemKey, provider)
  const fieldMap = input.fieldMap ?? {}
  if (typeof fieldMap !== 'object' || Array.isArray(fieldMap)) throw sourceError('BAD_VALUE', 'fieldMap', { zh: '必须是“字段代码 → 上游字段名”的对象', en: 'must be an object of field key → upstream name' })
  checkFieldKeys(resolved, Object.keys(fieldMap))
  for (const [k, v] of Object.entries(fieldMap)) requireString(`fieldMap.${k}`, v, 200)
  const token = input.token === undefined || input.token === null || input.token === '' ? undefined : requireString('token', input.token, 4000)
  return {
    id, itemKey, provider, baseUrl, path, token, fieldMap: { ...fieldMap }, resolved,
    pageSize: optionalInt('pageSize', input.pageSize, 1, 10_000, DEFAULT_PAGE_SIZE),
    timeoutMs: optionalInt('timeoutMs', input.timeoutMs, 1, 600_000, DEFAULT_TIMEOUT_MS),
    maxRetries: optionalInt('maxRetries', input.maxRetries, 0, 20, DEFAULT_MAX_RETRIES),
    backoffMs: optionalInt('backoffMs', input.backoffMs, 0, 60_000, DEFAULT_BACKOFF_MS),
  }
}

/**
 * Registers (or reconfigures) a national source in `ingest.source`, after checking it: the item exists and the
 * provider is responsible for it, every `fieldMap` key is a field of the item, the URL is http(s).
 * Changing the URL, path or item starts the source over (its `since` is cleared).
 *
 * @param opts.dataKey seals the token (SM4) in the stored configuration; without it, it is stored as given.
 *
 * @example
 * await registerNationalSource(db, { id: 'gjxy-bankruptcy', itemKey: 'bankruptcy', provider: '自治区高级人民法院',
 *   baseUrl: 'https://credit.example.gov.cn', path: '/api/v1/bankruptcy', token }, { dataKey })
 */
export async function registerNationalSource(db: Database, config: NationalSourceConfig, opts: { dataKey?: Buffer; catalog?: CatalogIndex } = {}): Promise<RegisterResult> {
  const c = checkConfig(config, await catalogFor(db, opts.catalog))
  const stored = {
    baseUrl: c.baseUrl, path: c.path, pageSize: c.pageSize, token: sealSecret(c.token, opts.dataKey), timeoutMs: c.timeoutMs,
    maxRetries: c.maxRetries, backoffMs: c.backoffMs, fieldMap: c.fieldMap,
  }
  return upsertSource(db, { id: c.id, itemKey: c.itemKey, provider: c.provider, method: 'national', config: stored, cursor: JSON.stringify([c.baseUrl, c.path]) })
}

interface Page {
  records: unknown[]
  next: boolean
  total: number | undefined
  watermark: string | undefined
}

/** A page failed in a way worth trying again (timeout, network, 429/5xx, malformed answer). */
class Retryable extends Error {
  constructor(
    readonly reason: Reason,
    readonly retryAfterMs?: number,
  ) {
    super(reason.en)
  }
}

/** Checks an answer against the contract; anything else is a malformed page, retried like a failed request. */
function readPage(text: string, page: number, size: number): Page {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new Retryable({ zh: `第 ${page} 页的响应不是合法的 JSON（${text.slice(0, 60).replace(/\s+/g, ' ')}…）`, en: `page ${page} is not valid JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…)` })
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Retryable({ zh: `第 ${page} 页的响应不是 JSON 对象`, en: `page ${page} is not a JSON object` })
  const b = body as Record<string, unknown>
  if (!Array.isArray(b.records)) throw new Retryable({ zh: `第 ${page} 页的 records 不是数组`, en: `records of page ${page} is not an array` })
  if (b.page !== undefined && Number(b.page) !== page) throw new Retryable({ zh: `请求第 ${page} 页，返回的却是第 ${String(b.page)} 页`, en: `asked for page ${page}, got page ${String(b.page)}` })
  const total = typeof b.total === 'number' && Number.isFinite(b.total) ? b.total : undefined
  const next = typeof b.next === 'boolean' ? b.next : total !== undefined ? page * size < total : b.records.length >= size
  const watermark = typeof b.watermark === 'string' && b.watermark !== '' ? b.watermark : undefined
  return { records: b.records, next, total, watermark }
}

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined
  const s = header.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Math.min(Number(s) * 1000, MAX_RETRY_AFTER_MS)
  const at = Date.parse(s)
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - Date.now()), MAX_RETRY_AFTER_MS)
}

/** Exponential back-off with "equal jitter": half the step fixed, half random, so retries grow yet spread out. */
function backoff(base: number, attempt: number): number {
  const step = Math.min(MAX_BACKOFF_MS, base * 2 ** (attempt - 1))
  return Math.round(step / 2 + Math.random() * (step / 2))
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function describeFailure(err: unknown, timeoutMs: number): Reason {
  const e = err as Error & { cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { zh: `${timeoutMs} 毫秒内无响应`, en: `no answer within ${timeoutMs} ms` }
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err)
  return { zh: `网络错误（${detail}）`, en: `network error (${detail})` }
}

/**
 * Pulls the records of a national source added or changed since its last pull, page by page, and collects them as
 * one batch of method `national`. An interrupted pull is continued from its last committed chunk; the source's
 * `since` moves only when the batch completes.
 *
 * @example
 * const s = await pullNationalSource({ db, catalog: catalogService.current(), dataKey }, 'gjxy-bankruptcy')
 */
export async function pullNationalSource(deps: BatchDeps, sourceId: string, opts: NationalPullOptions = {}): Promise<PullSummary> {
  const { db } = deps
  const sleep = opts.sleep ?? defaultSleep
  return exclusive(db, sourceId, async () => {
    const source = await getSource(db, sourceId, 'national')
    const stored = source.config as Record<string, unknown>
    const c = checkConfig({ ...(stored as unknown as NationalSourceConfig), id: source.id, itemKey: source.item_key, provider: source.provider, token: undefined }, deps.catalog)
    const token = openSecret(source.id, stored.token, deps.dataKey)
    const { running, from } = await startingPoint(db, source)

    // Where to start: inside the interrupted batch, or at page 1 of a new pull.
    const resumeAt = running && from && typeof from === 'object' && 'page' in from ? (from as NationalWatermark) : undefined
    // A completed batch whose result was never saved (see startingPoint) carries a record's mark: its `until`.
    const since: string | null = resumeAt
      ? resumeAt.since
      : from && typeof from === 'object' && 'until' in from
        ? (from as NationalWatermark).until
        : ((from as { since?: string } | null)?.since ?? null)
    let until = resumeAt?.until
    const size = resumeAt?.size ?? c.pageSize
    let pageNo = resumeAt ? (resumeAt.index >= resumeAt.of ? resumeAt.page + 1 : resumeAt.page) : 1
    let skipInPage = resumeAt && resumeAt.index < resumeAt.of ? resumeAt.index : 0
    const startedAt = (opts.now ?? (() => new Date()))()

    const urlOf = (page: number) => {
      const u = new URL(c.baseUrl + c.path)
      u.searchParams.set('page', String(page))
      u.searchParams.set('size', String(size))
      if (since !== null) u.searchParams.set('since', since)
      return u
    }
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'xinshu-national-source' }
    if (token) headers.authorization = `Bearer ${token}`

    async function fetchPage(page: number): Promise<Page> {
      const url = urlOf(page)
      const shown = maskUrl(url.toString())
      let reason: Reason = { zh: '', en: '' }
      for (let attempt = 1; ; attempt++) {
        let wait: number | undefined
        try {
          // No redirects: following one could hand the token to another host. A 3xx fails like a 4xx.
          const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(c.timeoutMs) })
          const text = await res.text()
          if (res.ok) return readPage(text, page, size)
          if (res.status === 429 || res.status >= 500) throw new Retryable({ zh: `HTTP ${res.status}`, en: `HTTP ${res.status}` }, retryAfter(res.headers.get('retry-after')))
          const said = scrub(text.slice(0, 200).replace(/\s+/g, ' '), token)
          throw SourceErrors.HTTP_STATUS(source.id, res.status, shown, said ? `— ${said}` : '')
        } catch (err) {
          if (err instanceof AppError) throw err
          if (err instanceof Retryable) {
            reason = err.reason
            wait = err.retryAfterMs
          } else reason = describeFailure(err, c.timeoutMs)
        }
        if (attempt > c.maxRetries) throw sourceError('PAGE_FAILED', source.id, page, attempt, shown, { zh: scrub(reason.zh, token), en: scrub(reason.en, token) })
        await sleep(wait ?? backoff(c.backoffMs, attempt))
      }
    }

    const fieldMap = Object.entries(c.fieldMap)
    const toValues = (obj: Record<string, unknown>): Record<string, unknown> => {
      const values = valuesByField(c.resolved, obj)
      for (const [key, name] of fieldMap) if (name in obj) values[key] = obj[name]
      return values
    }
    const marks = new WeakMap<RawRecord, NationalWatermark>()
    const skip = running?.position ?? 0
    const warnings: string[] = []
    let pages = 0

    async function* records(): AsyncGenerator<RawRecord> {
      let position = skip
      for (;;) {
        const page = await fetchPage(pageNo)
        pages++
        // The next pull's `since`: the platform's own mark from this pull's first page, else this pull's start.
        until ??= page.watermark ?? new Date(startedAt.getTime() - CLOCK_SKEW_MS).toISOString()
        await opts.onPage?.({ number: pageNo, records: page.records.length, total: page.total })
        const of = page.records.length
        for (let i = skipInPage; i < of; i++) {
          const item = page.records[i]
          const rec: RawRecord =
            item && typeof item === 'object' && !Array.isArray(item)
              ? { position: ++position, values: toValues(item as Record<string, unknown>), raw: item as Record<string, unknown> }
              : // Not an object: nothing to map; runBatch quarantines it with this reason, as it came.
                {
                  position: ++position,
                  values: {},
                  raw: { _page: pageNo, _index: i + 1, _value: item },
                  issue: { field: '*', code: 'RECORD_NOT_OBJECT', zh: `第 ${pageNo} 页第 ${i + 1} 条记录不是 JSON 对象`, en: `record ${i + 1} of page ${pageNo} is not a JSON object` },
                }
          marks.set(rec, { since, until, size, page: pageNo, index: i + 1, of })
          yield rec
        }
        skipInPage = 0
        if (!page.next) return
        if (of === 0) {
          warnings.push(`国家平台第 ${pageNo} 页为空却标明还有下一页，已停止 / page ${pageNo} was empty but claimed a next page; stopped there`)
          return
        }
        pageNo++
      }
    }

    const summary = await runBatch(deps, {
      itemKey: c.itemKey,
      provider: c.provider,
      method: 'national',
      // A failed pull is continued by the next one.
      onFailure: 'keep-running',
      source: batchTag('national', source.id),
      records: afterSkipped(skip, records()),
      watermarkOf: (rec) => marks.get(rec),
      ...(running ? { resume: { batchId: running.id } } : {}),
      warnings,
      ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
      ...(opts.createdBy ? { createdBy: opts.createdBy } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
    const last = (await batchWatermark(db, summary.batchId)) as NationalWatermark | null
    const next = { since: until ?? last?.until ?? since }
    await saveWatermark(db, source.id, next.since === null ? null : next)
    return { ...summary, sourceId: source.id, from: since === null ? null : { since }, watermark: next.since === null ? null : next, pages }
  })
}

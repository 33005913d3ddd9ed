import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { CatalogService } from '../catalog/index.js'
import type { IngestService } from './ingest.service.js'
import type { QualityService } from './quality.service.js'
import { type Config, DEFAULT_LIMITS, AppError, RequestErrors } from '../core/index.js'
import { principal, AccessErrors, allowedOrThrow, type Authorize } from '../access/index.js'
import { IngestErrors } from './ingest.errors.js'
import { uploadDirPrefix } from './upload-temp.js'
import { MAX_API_RECORDS } from './ingest.service.js'
import { buildRejectsWorkbook } from './rejects-export.js'
import {
  BatchListResponse, BatchResponse, BatchSummaryResponse, FileBatchSummaryResponse, NameMismatchListResponse, OkResponse, QualityQuery, QualityResponse, QuarantineListResponse,
  QuarantineResponse, ResubmittedResponse, StillRefusedResponse,
} from './ingest.schemas.js'

const Paging = { limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }), offset: Type.Integer({ minimum: 0, default: 0 }) }
const ItemParams = Type.Object({ itemKey: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }) })
const QuarantineParams = Type.Object({ batchId: Type.String({ format: 'uuid' }), position: Type.Integer({ minimum: 0 }) })

/** A multipart body the parser could not read (no boundary, cut short): the client's error, not a 500. */
function malformedUpload(err: unknown): unknown {
  if (err instanceof AppError || ((err as { statusCode?: number }).statusCode ?? 500) < 500) return err
  return RequestErrors.MULTIPART_INVALID((err as Error).message ?? String(err))
}

/** What these routes use of the product (`createXinshu()` provides it). */
export interface IngestRoutesServices { catalog: CatalogService; authorize: Authorize; ingest: IngestService; quality: QualityService; config: Partial<Pick<Config, 'limits'>> }

export const ingestRoutes: FastifyPluginAsyncTypebox<{ x: IngestRoutesServices }> = async (app, { x }) => {
  const limits = x.config.limits ?? DEFAULT_LIMITS

  /**
   * The provider a request acts for: a provider account always acts for its own unit; the operator may name one
   * (and defaults to the item's first responsible unit).
   */
  function actingProvider(req: FastifyRequest, named: string | undefined): string | undefined {
    const d = x.authorize(principal(req), { kind: 'provider-data', op: 'act', provider: named })
    allowedOrThrow(d)
    return d.provider
  }

  /** A provider sees only its own batches and rejects; operators and supervisors see all (or filter). */
  function visibleProvider(req: FastifyRequest, named: string | undefined): string | undefined {
    const d = x.authorize(principal(req), { kind: 'provider-data', op: 'list', provider: named })
    allowedOrThrow(d)
    return d.provider
  }

  /** Refuses a provider another unit's batch or quarantined row. */
  function requireOwnRow(req: FastifyRequest, provider: string): void {
    allowedOrThrow(x.authorize(principal(req), { kind: 'provider-data', op: 'row', provider }))
  }
  app.post('/api/ingest/items/:itemKey/records', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:write' } },
    // Up to MAX_API_RECORDS records: more than the ordinary body limit, still far below a file upload's.
    bodyLimit: limits.recordsBodyBytes,
    schema: {
      tags: ['ingest'], summary: '接口报送：提交一批记录（接口调用方式）',
      description: `每次最多 ${MAX_API_RECORDS} 条。每条记录以共享内容的字段代码或中文名称为键。返回批次结果：接收、入库、隔离、重复条数。`,
      params: ItemParams,
      body: Type.Object({ records: Type.Array(Type.Unknown(), { maxItems: MAX_API_RECORDS }), provider: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
      response: { 200: BatchSummaryResponse },
    },
  }, async (req) => {
    const provider = actingProvider(req, req.body.provider) ?? x.ingest.resolve(req.params.itemKey, undefined).provider
    return x.ingest.ingestRecords({ itemKey: req.params.itemKey, provider, records: req.body.records, createdBy: principal(req).username })
  })

  app.post('/api/ingest/items/:itemKey/files', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:write' } },
    schema: {
      tags: ['ingest'], summary: '文件报送：上传 CSV / XLSX / JSON Lines 文件',
      description: 'multipart/form-data，字段 file；可选查询参数 encoding（utf8、gb18030、gbk，默认自动识别）与 provider（仅信用服务中心可指定）。',
      params: ItemParams,
      querystring: Type.Object({ encoding: Type.Optional(Type.String({ maxLength: 20 })), provider: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 201: FileBatchSummaryResponse },
    },
  }, async (req, reply) => {
    const provider = actingProvider(req, req.query.provider)
    const file = await req.file().catch((err: unknown) => { throw malformedUpload(err) })
    if (!file) throw IngestErrors.BODY_INVALID('缺少文件字段 file / the form has no file field')
    if (file.filename.includes('\0')) throw RequestErrors.INVALID('文件名含有空字符 U+0000 / the file name contains a NUL character')
    let partError: unknown
    file.file.once('error', (err) => { partError = err })
    const dir = await mkdtemp(join(tmpdir(), uploadDirPrefix()))
    let summary: Awaited<ReturnType<typeof x.ingest.ingestFile>>
    try {
      const path = join(dir, 'upload')
      // Streamed to disk first: the readers stream from there, so memory stays flat for any file size.
      try {
        await pipeline(file.file, createWriteStream(path))
      } catch (err) {
        // The upload's own stream failing is the client's malformed body (or its abort); a disk error is ours.
        throw err === partError || (err as { code?: string }).code === undefined ? malformedUpload(err) : err
      }
      if (file.file.truncated) throw RequestErrors.TOO_LARGE(`${Math.floor(limits.uploadBytes / 1024 / 1024)} MB`)
      summary = await x.ingest.ingestFile({ path, name: file.filename, itemKey: req.params.itemKey, ...(provider ? { provider } : {}), ...(req.query.encoding ? { encoding: req.query.encoding } : {}), createdBy: principal(req).username })
    } finally {
      // Before the answer goes out, so that a client that has its answer finds nothing of its upload left behind.
      await rm(dir, { recursive: true, force: true })
    }
    return reply.status(201).send(summary)
  })

  app.get('/api/ingest/batches', {
    config: { policy: { roles: ['provider', 'operator', 'supervisor'], scope: 'ingest:read' } },
    schema: { tags: ['ingest'], summary: '批次列表', querystring: Type.Object({ provider: Type.Optional(Type.String()), itemKey: Type.Optional(Type.String()), status: Type.Optional(Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')])), ...Paging }), response: { 200: BatchListResponse } },
  }, async (req) => {
    const provider = visibleProvider(req, req.query.provider)
    return x.ingest.listBatches({ ...req.query, ...(provider !== undefined ? { provider } : {}) })
  })

  app.get('/api/ingest/batches/:batchId', {
    config: { policy: { roles: ['provider', 'operator', 'supervisor'], scope: 'ingest:read' } },
    schema: { tags: ['ingest'], summary: '批次详情（含实时进度）', params: Type.Object({ batchId: Type.String({ format: 'uuid' }) }), response: { 200: BatchResponse } },
  }, async (req) => {
    const b = await x.ingest.getBatch(req.params.batchId)
    requireOwnRow(req, b.provider)
    return b
  })

  const QuarantineQuery = Type.Object({
    provider: Type.Optional(Type.String()), itemKey: Type.Optional(Type.String()), code: Type.Optional(Type.String()), batchId: Type.Optional(Type.String({ format: 'uuid' })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resubmitted'), Type.Literal('discarded')])), ...Paging,
  })

  app.get('/api/ingest/quarantine', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:read' } },
    schema: { tags: ['ingest'], summary: '隔离区：未通过校验的记录及原因', querystring: QuarantineQuery, response: { 200: QuarantineListResponse } },
  }, async (req) => {
    const provider = visibleProvider(req, req.query.provider)
    return x.ingest.listQuarantine({ ...req.query, ...(provider !== undefined ? { provider } : {}) })
  })

  app.get('/api/ingest/quarantine/export.xlsx', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:read' } },
    schema: { tags: ['ingest'], summary: '导出隔离记录为 Excel，退回数据提供单位修正', querystring: Type.Object({ provider: Type.Optional(Type.String()), itemKey: Type.Optional(Type.String()), batchId: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req, reply) => {
    const provider = visibleProvider(req, req.query.provider)
    const { rows } = await x.ingest.listQuarantine({ ...req.query, ...(provider !== undefined ? { provider } : {}), limit: 100_000, offset: 0 })
    const buf = await buildRejectsWorkbook(rows, x.catalog.current())
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="rejects.xlsx"; filename*=UTF-8''${encodeURIComponent('隔离记录.xlsx')}`)
      .send(buf)
  })

  app.get('/api/ingest/quarantine/:batchId/:position', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:read' } },
    schema: { tags: ['ingest'], summary: '一条隔离记录', params: QuarantineParams, response: { 200: QuarantineResponse } },
  }, async (req) => {
    const q = await x.ingest.getQuarantined(req.params.batchId, req.params.position)
    requireOwnRow(req, q.provider)
    return q
  })

  app.post('/api/ingest/quarantine/:batchId/:position/resubmit', {
    config: { policy: { roles: ['provider', 'operator'], scope: 'ingest:write' } },
    schema: {
      tags: ['ingest'], summary: '修正后重新提交隔离记录',
      params: QuarantineParams,
      body: Type.Object({ values: Type.Record(Type.String(), Type.Unknown()) }, { additionalProperties: false }),
      response: { 201: ResubmittedResponse, 422: StillRefusedResponse },
    },
  }, async (req, reply) => {
    const q = await x.ingest.getQuarantined(req.params.batchId, req.params.position)
    requireOwnRow(req, q.provider)
    const result = await x.ingest.resubmit(req.params.batchId, req.params.position, req.body.values, principal(req).username)
    return reply.status(result.ok ? 201 : 422).send(result)
  })

  app.post('/api/ingest/quarantine/:batchId/:position/discard', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['ingest'], summary: '作废隔离记录（须说明理由）', params: QuarantineParams, body: Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }), response: { 200: OkResponse } },
  }, async (req) => {
    await x.ingest.discard(req.params.batchId, req.params.position, req.body.reason, principal(req).username)
    return { ok: true }
  })

  app.get('/api/quality', {
    config: { policy: { roles: ['provider', 'operator', 'supervisor'], scope: 'ingest:read' } },
    schema: { tags: ['quality'], summary: '数据质量：完整性、有效率、重复率、及时性（按单位和信息项）', querystring: QualityQuery, response: { 200: QualityResponse } },
  }, async (req) => {
    const provider = visibleProvider(req, req.query.provider)
    return x.quality.report({ ...req.query, ...(provider !== undefined ? { provider } : {}) })
  })

  app.get('/api/quality/name-mismatches', {
    config: { policy: { roles: ['provider', 'operator', 'supervisor'] } },
    schema: {
      tags: ['quality'], summary: '名称不一致：非登记信息项记录中的主体名称与其登记名称（营业执照信息）不符的（不写入主体名称，供核对）',
      querystring: Type.Object({ provider: Type.Optional(Type.String({ maxLength: 200 })), itemKey: Type.Optional(Type.String({ maxLength: 100 })), ...Paging }),
      response: { 200: NameMismatchListResponse },
    },
  }, async (req) => {
    const provider = visibleProvider(req, req.query.provider)
    return x.quality.nameMismatches({ ...req.query, ...(provider !== undefined ? { provider } : {}) })
  })
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principal } from '../access/index.js'
import type { FeedService } from './feed.service.js'
import type { FeedbackService } from './feedback.service.js'
import type { UsageService } from './usage.service.js'
import {
  FeedbackBody, FeedbackIdParams, FeedbackListQuery, FeedbackReceiptSchema, FeedChangesQuery, FeedPageResponse, FeedStatusResponse, SnapshotPageResponse, SnapshotQuery, UsageQuery, UsageResponse,
} from './platforms.schemas.js'
import { Type } from '@sinclair/typebox'

/** What the platform routes use. */
export interface PlatformsRoutesServices {
  feed: Pick<FeedService, 'changes' | 'status' | 'snapshot'>
  feedback: Pick<FeedbackService, 'submit' | 'get' | 'list'>
  platformUsage: Pick<UsageService, 'report' | 'export'>
}

const pulls = { roles: ['platform'] as const, scope: 'feed:read' as const }
const reports = { roles: ['platform'] as const, scope: 'feed:feedback' as const }
const usage = { roles: ['operator', 'supervisor'] as const, scope: 'stats:read' as const }

const CONTENT_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const

/**
 * The N platforms (§七, §九) over HTTP: a platform pulls the incremental feed of shared data and reports how it used
 * it; the operator and supervisors read usage per platform, on screen or exported.
 */
export const platformsRoutes: FastifyPluginAsyncTypebox<{ x: PlatformsRoutesServices }> = async (app, { x }) => {
  const tags = ['platforms']

  app.get('/api/feed/changes', {
    config: { policy: pulls },
    schema: { tags, summary: '拉取共享数据增量：自游标起按提交顺序的记录变更（新增、更正、撤回即删除），附下次游标', querystring: FeedChangesQuery, response: { 200: FeedPageResponse } },
  }, async (req) => x.feed.changes(principal(req), req.query))

  app.get('/api/feed/snapshot', {
    config: { policy: pulls },
    schema: { tags, summary: '全量同步：按主体、信息项、记录键顺序分页下发全部当前可共享记录（与增量同样的授权裁剪），附接续增量的起点游标', querystring: SnapshotQuery, response: { 200: SnapshotPageResponse } },
  }, async (req) => x.feed.snapshot(principal(req), req.query))

  app.get('/api/feed/status', {
    config: { policy: pulls },
    schema: { tags, summary: '本平台的订阅状态：游标、落后位置数、最近拉取、近日下发与反馈', response: { 200: FeedStatusResponse } },
  }, async (req) => x.feed.status(principal(req)))

  app.post('/api/feed/feedback', {
    config: { policy: reports },
    schema: { tags, summary: '报送数据使用情况反馈（查询、匹配、放款，按主体和日期），按平台自定编号幂等', body: FeedbackBody, response: { 200: FeedbackReceiptSchema, 201: FeedbackReceiptSchema } },
  }, async (req, reply) => {
    const r = await x.feedback.submit(principal(req), req.body)
    return reply.status(r.replayed ? 200 : 201).send(r)
  })

  app.get('/api/feed/feedback', {
    config: { policy: reports },
    schema: { tags, summary: '本平台最近报送的反馈', querystring: FeedbackListQuery, response: { 200: Type.Array(FeedbackReceiptSchema) } },
  }, async (req) => x.feedback.list(principal(req), req.query.limit ?? 50))

  app.get('/api/feed/feedback/:id', {
    config: { policy: reports },
    schema: { tags, summary: '本平台的一批反馈的回执', params: FeedbackIdParams, response: { 200: FeedbackReceiptSchema } },
  }, async (req) => x.feedback.get(principal(req), req.params.id))

  app.get('/api/platforms/usage', {
    config: { policy: usage },
    schema: { tags, summary: '各服务平台使用情况：下发记录与反馈的查询、匹配、放款', querystring: UsageQuery, response: { 200: UsageResponse } },
  }, async (req) => x.platformUsage.report(principal(req), req.query))

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/api/platforms/usage.${format}`, {
      config: { policy: usage },
      schema: { tags, summary: `导出各服务平台使用情况（${format === 'xlsx' ? 'Excel' : 'CSV，UTF-8'}）`, querystring: UsageQuery },
    }, async (req, reply) => {
      const { body, fileName } = await x.platformUsage.export(principal(req), req.query, format)
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="platform-usage.${format}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(body)
    })
  }
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { principal } from '../access/index.js'
import type { MonitoringService } from './monitoring.service.js'
import type { LiveFeed } from './live-feed.js'
import {
  AcknowledgeBody, AddWatchesBody, AlertResponse, AlertsQuery, AlertsResponse, DeliveriesQuery, DeliveriesResponse, IdParams, PutRulesBody,
  PutWebhookBody, RuleResponse, WatchesQuery, WatchesResponse, WatchResponse, WebhookResponse, WebhookSetResponse,
  NegativeRuleHistoryResponse, NegativeRuleParams, NegativeRuleResponse, PutNegativeRuleBody,
} from './monitoring.schemas.js'
import type { NegativeRuleService } from './negative-rules.service.js'
import type { Alert } from './monitoring.types.js'
import { MonitoringErrors } from './monitoring.errors.js'
import { createStreamSlots } from './stream-slots.js'
import type { MonitoringStatsService } from './monitoring-stats.service.js'
import { MonitoringStatsQuery, MonitoringStatsResponse } from './monitoring-stats.schemas.js'

/** What the monitoring routes use. */
export interface MonitoringRoutesServices {
  monitoring: { service: MonitoringService; live: Pick<LiveFeed, 'subscribe'>; negativeRules: NegativeRuleService; stats: MonitoringStatsService }
}

const READ = { roles: ['institution'] as const, scope: 'monitoring:read' as const }
const WRITE = { roles: ['institution'] as const, scope: 'monitoring:write' as const }
/** What counts as negative per item: the operator sets it, supervisors may read it. */
const NEGATIVE_READ = { roles: ['operator', 'supervisor'] as const, scope: 'monitoring:read' as const }
const NEGATIVE_WRITE = { roles: ['operator'] as const, scope: 'monitoring:write' as const }
/** Counts only, no alert bodies nor watch lists: the operator and supervisors (监管). */
const STATS_READ = { roles: ['operator', 'supervisor'] as const, scope: 'monitoring:read' as const }
/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 25_000
/** The most alerts a reconnecting stream is sent from before it reconnected; older ones are in the alert list. */
export const REPLAY_LIMIT = 500
/** What the stream sends as each event's `id:` and the browser sends back as Last-Event-ID: an alert's id. */
const ALERT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** 风险监测预警 (§十五) over HTTP: the institution's own watch list, rules, alerts, live feed and webhook. */
export const monitoringRoutes: FastifyPluginAsyncTypebox<{ x: MonitoringRoutesServices }> = async (app, { x }) => {
  const m = x.monitoring.service
  /** Open live streams per account, bounded (STREAM_LIMITS). */
  const streams = createStreamSlots()

  app.get('/api/monitoring/watches', {
    config: { policy: READ },
    schema: { tags: ['monitoring'], summary: '监测名单（放款自动加入、结清移出；或按授权手工加入）', querystring: WatchesQuery, response: { 200: WatchesResponse } },
  }, async (req) => m.watches(principal(req), { live: req.query.live, subjectKey: req.query.subject, limit: req.query.limit, offset: req.query.offset }))

  app.post('/api/monitoring/watches', {
    config: { policy: WRITE },
    bodyLimit: 128 * 1024,
    schema: { tags: ['monitoring'], summary: '手工加入监测名单（每个主体须有有效授权）', body: AddWatchesBody, response: { 201: Type.Array(WatchResponse) } },
  }, async (req, reply) => reply.status(201).send(await m.addWatches(principal(req), req.body.subjects)))

  app.delete('/api/monitoring/watches/:id', {
    config: { policy: WRITE },
    schema: { tags: ['monitoring'], summary: '移出监测名单（记录保留）', params: IdParams, response: { 200: WatchResponse } },
  }, async (req) => m.endWatch(principal(req), req.params.id))

  app.get('/api/monitoring/rules', {
    config: { policy: READ },
    schema: { tags: ['monitoring'], summary: '本机构的预警规则（各类负面信息的级别与推送渠道）', response: { 200: Type.Array(RuleResponse) } },
  }, async (req) => m.rules(principal(req)))

  app.put('/api/monitoring/rules', {
    config: { policy: WRITE },
    schema: { tags: ['monitoring'], summary: '设置预警规则', body: PutRulesBody, response: { 200: Type.Array(RuleResponse) } },
  }, async (req) => m.putRules(principal(req), req.body.rules))

  app.get('/api/monitoring/negative-rules', {
    config: { policy: NEGATIVE_READ },
    schema: { tags: ['monitoring'], summary: '负面信息规则：各信息项何种记录视为负面信息（如水电气欠费持续月数）', response: { 200: Type.Array(NegativeRuleResponse) } },
  }, async (req) => x.monitoring.negativeRules.list(principal(req)))

  app.put('/api/monitoring/negative-rules/:itemKey', {
    config: { policy: NEGATIVE_WRITE },
    bodyLimit: 16 * 1024,
    schema: { tags: ['monitoring'], summary: '设置一个信息项的负面信息规则（按目录校验信息项和字段；变更留痕并审计）', params: NegativeRuleParams, body: PutNegativeRuleBody, response: { 200: NegativeRuleResponse } },
  }, async (req) => x.monitoring.negativeRules.put(principal(req), req.params.itemKey, req.body))

  app.get('/api/monitoring/negative-rules/:itemKey/history', {
    config: { policy: NEGATIVE_READ },
    schema: { tags: ['monitoring'], summary: '一个信息项的负面信息规则变更记录（新的在前）', params: NegativeRuleParams, response: { 200: NegativeRuleHistoryResponse } },
  }, async (req) => x.monitoring.negativeRules.history(principal(req), req.params.itemKey))

  app.get('/api/monitoring/stats', {
    config: { policy: STATS_READ },
    schema: { tags: ['monitoring'], summary: '监测预警统计：各机构按日、按类型的预警数，回调推送成功率，在监主体数（仅计数，不含主体与预警内容）', querystring: MonitoringStatsQuery, response: { 200: MonitoringStatsResponse } },
  }, async (req) => x.monitoring.stats.read(principal(req), req.query))

  app.get('/api/monitoring/alerts', {
    config: { policy: READ },
    schema: { tags: ['monitoring'], summary: '本机构的预警（新的在前）', querystring: AlertsQuery, response: { 200: AlertsResponse } },
  }, async (req) => m.alerts(principal(req), {
    unacknowledged: req.query.unacknowledged, kind: req.query.kind, since: req.query.since ? new Date(req.query.since) : undefined, limit: req.query.limit, offset: req.query.offset,
  }))

  app.post('/api/monitoring/alerts/acknowledge', {
    config: { policy: WRITE },
    bodyLimit: 64 * 1024,
    schema: { tags: ['monitoring'], summary: '确认（已读）预警', body: AcknowledgeBody, response: { 200: Type.Array(AlertResponse) } },
  }, async (req) => m.acknowledge(principal(req), req.body.ids))

  app.get('/api/monitoring/alerts/stream', {
    config: { policy: READ },
    schema: {
      tags: ['monitoring'],
      summary: '实时预警（Server-Sent Events；请求头 Accept: text/event-stream）。不带该请求头时返回最近的预警（JSON）',
      response: { 200: AlertsResponse },
    },
  }, async (req, reply) => {
    const p = principal(req)
    const institution = m.institutionOf(p)
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      return m.alerts(p, { unacknowledged: false, limit: 20, offset: 0 })
    }
    // Only an alert id we sent is a cursor. Anything else is refused (400) rather than ignored: a client sending it
    // would otherwise believe it was caught up. Refused before the hijack, like the slot bound below.
    const lastEventId = req.headers['last-event-id']
    if (lastEventId !== undefined && (typeof lastEventId !== 'string' || !ALERT_ID.test(lastEventId))) {
      throw MonitoringErrors.LAST_EVENT_ID_INVALID(String(lastEventId).slice(0, 64))
    }
    // Refused before the hijack, so that the refusal is an ordinary problem+json answer.
    const release = streams.take(p.accountId)
    reply.hijack()
    const res = reply.raw
    let closed = false
    let beat: ReturnType<typeof setInterval> | undefined
    let unsubscribe: (() => Promise<void>) | undefined
    // Listened for before anything is awaited: a client gone while the subscription starts still frees its slot.
    res.on('close', () => {
      closed = true
      clearInterval(beat)
      release()
      void unsubscribe?.()
    })
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    // A stream outlives the moment it was let in: before each alert and at each heartbeat the caller's session or
    // key is checked again, and a logged-out session, revoked key or disabled account ends the stream.
    const stillIn = async (): Promise<boolean> => {
      try {
        await req.reauthenticate?.()
        return true
      } catch {
        res.end()
        return false
      }
    }
    // In order, each after its audit entry: a pushed alert is a read like the list's. No entry, no push.
    let sending = Promise.resolve()
    const send = (a: Alert) => {
      sending = sending.then(async () => {
        if (closed || !(await stillIn())) return
        await m.streamed(p, a)
        if (!closed) res.write(`id: ${a.id}\nevent: alert\ndata: ${JSON.stringify({ ...a, createdAt: a.createdAt.toISOString(), acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null })}\n\n`)
      }).catch((err: unknown) => {
        req.log.error({ err }, '实时预警推送失败 / live alert push failed')
        res.destroy()
      })
    }
    // A reconnect (Last-Event-ID) first gets what it missed. Live alerts are held while the backlog is read: the
    // subscription starts before the read, so an alert committed in between is in one or both, and by its id sent once.
    let held: Alert[] | undefined = lastEventId ? [] : undefined
    const replayed = new Set<string>()
    const push = (a: Alert) => {
      if (replayed.has(a.id)) return
      if (held) held.push(a)
      else send(a)
    }
    try {
      const stop = await x.monitoring.live.subscribe(institution, push)
      if (closed) return void (await stop())
      unsubscribe = stop
    } catch (err) {
      req.log.error({ err }, '实时预警订阅失败 / live alert subscription failed')
      res.destroy()
      return
    }
    // The first line goes out once the subscription is live: from it on, no new alert is missed.
    res.write('retry: 3000\n\n')
    if (lastEventId) {
      try {
        const missed = await m.alertsAfter(p, lastEventId, REPLAY_LIMIT)
        for (const a of missed) {
          replayed.add(a.id)
          send(a)
        }
      } catch (err) {
        req.log.error({ err }, '实时预警续传读取失败 / live alert replay read failed')
        res.destroy()
        return
      }
      // No await from here to the end of the hold: no alert can slip between the flush and live sending.
      for (const a of held ?? []) if (!replayed.has(a.id)) send(a)
      held = undefined
    }
    beat = setInterval(() => {
      sending = sending.then(async () => {
        if (!closed && (await stillIn())) res.write(': keep-alive\n\n')
      })
    }, HEARTBEAT_MS)
  })

  app.get('/api/monitoring/webhook', {
    config: { policy: READ },
    schema: { tags: ['monitoring'], summary: '本机构的预警回调地址（不含密钥）', response: { 200: WebhookResponse } },
  }, async (req) => ({ webhook: await m.webhook(principal(req)) }))

  app.put('/api/monitoring/webhook', {
    config: { policy: WRITE },
    schema: {
      tags: ['monitoring'], summary: '设置预警回调地址；返回新的签名密钥（HMAC-SM3，仅显示一次）', body: PutWebhookBody, response: { 200: WebhookSetResponse },
    },
  }, async (req) => m.setWebhook(principal(req), req.body))

  app.delete('/api/monitoring/webhook', {
    config: { policy: WRITE },
    schema: { tags: ['monitoring'], summary: '删除预警回调地址', response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await m.deleteWebhook(principal(req))
    return reply.status(204).send(null)
  })

  app.get('/api/monitoring/deliveries', {
    config: { policy: READ },
    schema: { tags: ['monitoring'], summary: '回调推送记录（每次尝试的结果）', querystring: DeliveriesQuery, response: { 200: DeliveriesResponse } },
  }, async (req) => m.deliveries(principal(req), req.query))
}

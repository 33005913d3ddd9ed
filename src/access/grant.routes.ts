import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { GrantService } from './grant.service.js'
import { principal } from './request-principal.js'
import {
  ApproveGrantBody, CreateGrantBody, GrantIdParams, GrantResponse, GrantWithHistoryResponse, ListGrantsQuery, ListGrantsResponse,
  ListNotificationsQuery, NotificationResponse, ReasonBody, RequestGrantBody,
} from './grant.schemas.js'

/** Dates as ISO strings before the response schema sees them (its date-time fields are strings). */
const plain = <T>(v: T): any => JSON.parse(JSON.stringify(v))

const ctxOf = (req: FastifyRequest) => ({ ip: req.ip, ...(req.headers['user-agent'] ? { userAgent: String(req.headers['user-agent']).slice(0, 200) } : {}) })

/** What these routes use of the product (`createXinshu()` provides it). */
export interface GrantRoutesServices { grants: GrantService }

/**
 * Grants (授权) over HTTP: the enterprise grants, approves, refuses and revokes; the institution asks and follows its
 * grants and notifications; the operator sees all and may revoke with a reason.
 */
export const grantRoutes: FastifyPluginAsyncTypebox<{ x: GrantRoutesServices }> = async (app, { x }) => {
  app.get('/api/institutions', {
    config: { policy: { roles: ['enterprise', 'operator'], scope: 'grant:read' } },
    schema: { tags: ['grants'], summary: '可授权的接入机构', response: { 200: Type.Array(Type.String()) } },
  }, async () => x.grants.institutions())

  app.post('/api/grants', {
    config: { policy: { roles: ['enterprise'], scope: 'grant:write' } },
    schema: { tags: ['grants'], summary: '企业授权接入机构（立即生效）', body: CreateGrantBody, response: { 201: GrantResponse } },
  }, async (req, reply) => {
    const { how, ...input } = req.body
    return reply.status(201).send(plain(await x.grants.create(principal(req), input, { ...ctxOf(req), how })))
  })

  app.post('/api/grants/requests', {
    config: { policy: { roles: ['institution'], scope: 'grant:write' } },
    schema: { tags: ['grants'], summary: '接入机构向企业申请授权', body: RequestGrantBody, response: { 201: GrantResponse } },
  }, async (req, reply) => reply.status(201).send(plain(await x.grants.request(principal(req), req.body))))

  app.get('/api/grants', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'grant:read' } },
    schema: { tags: ['grants'], summary: '授权列表（企业：本企业；接入机构：本机构；中心：全部）', querystring: ListGrantsQuery, response: { 200: ListGrantsResponse } },
  }, async (req) => plain(await x.grants.list(principal(req), req.query)))

  app.get('/api/grants/:id', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'grant:read' } },
    schema: { tags: ['grants'], summary: '授权详情与变更记录（含撤销时间 revokedAt）', params: GrantIdParams, response: { 200: GrantWithHistoryResponse } },
  }, async (req) => plain(await x.grants.get(principal(req), req.params.id)))

  app.post('/api/grants/:id/approve', {
    config: { policy: { roles: ['enterprise'], scope: 'grant:write' } },
    schema: { tags: ['grants'], summary: '企业批准授权申请', params: GrantIdParams, body: ApproveGrantBody, response: { 200: GrantResponse } },
  }, async (req) => plain(await x.grants.approve(principal(req), req.params.id, req.body, ctxOf(req))))

  app.post('/api/grants/:id/refuse', {
    config: { policy: { roles: ['enterprise'], scope: 'grant:write' } },
    schema: { tags: ['grants'], summary: '企业拒绝授权申请', params: GrantIdParams, body: ReasonBody, response: { 200: GrantResponse } },
  }, async (req) => plain(await x.grants.refuse(principal(req), req.params.id, req.body)))

  app.post('/api/grants/:id/revoke', {
    config: { policy: { roles: ['enterprise', 'operator'], scope: 'grant:write' } },
    schema: { tags: ['grants'], summary: '撤销授权（立即生效，接入机构将收到通知）', params: GrantIdParams, body: ReasonBody, response: { 200: GrantResponse } },
  }, async (req) => plain(await x.grants.revoke(principal(req), req.params.id, req.body)))

  app.get('/api/notifications', {
    config: { policy: { roles: ['institution', 'enterprise'], scope: 'grant:read' } },
    schema: { tags: ['grants'], summary: '本单位的通知（授权撤销、申请、批准、拒绝）', querystring: ListNotificationsQuery, response: { 200: Type.Array(NotificationResponse) } },
  }, async (req) => plain(await x.grants.notifications(principal(req), req.query)))

  app.post('/api/notifications/:id/read', {
    config: { policy: { roles: ['institution', 'enterprise'], scope: 'grant:read' } },
    schema: { tags: ['grants'], summary: '标记通知为已读', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async (req) => {
    await x.grants.markRead(principal(req), req.params.id)
    return { ok: true }
  })
}

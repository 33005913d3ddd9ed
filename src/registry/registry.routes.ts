import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistryService } from './registry.service.js'
import { principal } from '../access/index.js'

/** Roles that find enterprises by name to ask them for a grant: only organisations, whose name and code are public. */
const ORGANIZATIONS_ONLY = new Set(['institution', 'platform'])

/** What these routes use of the product (`createXinshu()` provides it). */
export interface RegistryRoutesServices { registry: RegistryService }

/**
 * Subjects and the USCC allowlist. A subject's record data is read through the profile's audited queries; here only
 * who exists: the operator and supervisors find any subject, institutions and service platforms find enterprises
 * (their name and code are public registration data; natural persons and name-only subjects are not listed).
 */
export const registryRoutes: FastifyPluginAsyncTypebox<{ x: RegistryRoutesServices }> = async (app, { x }) => {
  app.get('/api/subjects', {
    config: { policy: { roles: ['operator', 'supervisor', 'institution', 'platform'], scope: 'subject:read' } },
    schema: { tags: ['registry'], summary: '按名称或代码查找信用主体（接入机构与服务平台：仅企业等组织）', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), division: Type.Optional(Type.String({ pattern: '^\\d{2,6}$' })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }), offset: Type.Integer({ minimum: 0, default: 0 }) }) },
  }, async (req) => x.registry.search({
    ...(req.query.q ? { text: req.query.q } : {}), ...(req.query.division ? { divisionPrefix: req.query.division } : {}),
    ...(ORGANIZATIONS_ONLY.has(principal(req).role) ? { organizationsOnly: true } : {}),
    limit: req.query.limit, offset: req.query.offset,
  }))

  app.get('/api/subjects/:code', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '信用主体基本信息与曾用名', params: Type.Object({ code: Type.String({ maxLength: 60 }) }) },
  }, async (req) => x.registry.get(req.params.code))

  app.get('/api/registry/allowlist', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '统一社会信用代码例外名单' },
  }, async () => x.registry.allowlist())

  app.post('/api/registry/allowlist', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '将校验不通过的真实代码加入例外名单（须说明理由）', body: Type.Object({ uscc: Type.String({ minLength: 18, maxLength: 40 }), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false }) },
  }, async (req, reply) => reply.status(201).send(await x.registry.allow(req.body.uscc, req.body.reason, principal(req).username)))

  app.delete('/api/registry/allowlist/:uscc', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '移出例外名单', params: Type.Object({ uscc: Type.String({ maxLength: 40 }) }) },
  }, async (req) => {
    await x.registry.disallow(req.params.uscc)
    return { ok: true }
  })
}

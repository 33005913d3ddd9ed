import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RegistryService } from './registry.service.js'
import { principal } from '../access/index.js'
import {
  AllowBody, AllowlistResponse, AllowResponse, OkResponse, SearchSubjectsQuery, SubjectCodeParams, SubjectDetailResponse, SubjectListResponse, UsccParams,
} from './registry.schemas.js'

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
    schema: { tags: ['registry'], summary: '按名称或代码查找信用主体（接入机构与服务平台：仅企业等组织）', querystring: SearchSubjectsQuery, response: { 200: SubjectListResponse } },
  }, async (req) => x.registry.search({
    ...(req.query.q ? { text: req.query.q } : {}), ...(req.query.division ? { divisionPrefix: req.query.division } : {}),
    ...(ORGANIZATIONS_ONLY.has(principal(req).role) ? { organizationsOnly: true } : {}),
    limit: req.query.limit, offset: req.query.offset,
  }))

  app.get('/api/subjects/:code', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '信用主体基本信息与曾用名', params: SubjectCodeParams, response: { 200: SubjectDetailResponse } },
  }, async (req) => x.registry.get(req.params.code))

  app.get('/api/registry/allowlist', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '统一社会信用代码例外名单', response: { 200: AllowlistResponse } },
  }, async () => x.registry.allowlist())

  app.post('/api/registry/allowlist', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '将校验不通过的真实代码加入例外名单（须说明理由）', body: AllowBody, response: { 201: AllowResponse } },
  }, async (req, reply) => reply.status(201).send(await x.registry.allow(req.body.uscc, req.body.reason, principal(req).username)))

  app.delete('/api/registry/allowlist/:uscc', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags: ['registry'], summary: '移出例外名单', params: UsccParams, response: { 200: OkResponse } },
  }, async (req) => {
    await x.registry.disallow(req.params.uscc)
    return { ok: true }
  })
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AuditService } from './audit.service.js'
import type { RegistryService } from '../registry/index.js'
import { principal, AccessErrors, allowedOrThrow, type Authorize } from '../access/index.js'
import { ChainReportResponse, ListAuditEntriesQuery, ListAuditEntriesResponse } from './audit.schemas.js'
import type { AuditEntry } from './audit.types.js'
import { parsePublishedHead, PUBLISHED_HEAD } from './audit-chain.js'
import { Type } from '@sinclair/typebox'

const json = (e: AuditEntry) => ({ ...e, at: e.at.toISOString() })

/** What these routes use of the product (`createXinshu()` provides it). */
export interface AuditRoutesServices { audit: AuditService; authorize: Authorize; registry: Pick<RegistryService, 'subjectKeyOf'> }

/**
 * Reading the audit log. One route, scoped by role as the issue asks: the operator sees everything, an institution
 * its own usage, an enterprise every access to its own data (the self-query's "who looked at me").
 */
export const auditRoutes: FastifyPluginAsyncTypebox<{ x: AuditRoutesServices }> = async (app, { x }) => {
  app.get('/api/audit/entries', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'audit:read' } },
    schema: {
      tags: ['audit'], summary: '审计日志（中心：全部；接入机构：本机构查询记录；企业：本企业数据被访问记录）',
      querystring: ListAuditEntriesQuery,
      response: { 200: ListAuditEntriesResponse },
    },
  }, async (req) => {
    const p = principal(req)
    const q = req.query
    const subjectKey = q.subject ? x.registry.subjectKeyOf(q.subject) : undefined
    const access = x.authorize(p, { kind: 'audit-log', subjectKey, organization: q.organization, others: q.others })
    allowedOrThrow(access)
    const filter = { ...access.scope, action: q.action, grantId: q.grant }
    const entries = await x.audit.list({ ...stripUndefined(filter), ...(q.before ? { beforeSeq: q.before } : {}), limit: q.limit })
    return { entries: entries.map(json), next: entries.length === q.limit ? entries[entries.length - 1]!.seq : null }
  })

  app.get('/api/audit/chain', {
    config: { policy: { roles: ['operator'] } },
    schema: {
      tags: ['audit'], summary: '校验审计日志哈希链（SM3），指出第一条被篡改的记录',
      querystring: Type.Object({ published: Type.Optional(Type.String({ pattern: PUBLISHED_HEAD.source, description: '此前公布的链头 SEQ:HASH，用于发现截断 / a head published earlier, SEQ:HASH: catches a cut tail' })) }),
      response: { 200: ChainReportResponse },
    },
  }, async (req) => x.audit.verifyChain(req.query.published ? { published: parsePublishedHead(req.query.published) } : {}))
}

function stripUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> }
}

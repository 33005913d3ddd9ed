import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principal } from '../../access/index.js'
import type { RelationsService } from './relations.service.js'
import { RelationsErrors } from './relations.errors.js'
import { RelationsParams, RelationsQuery, RelationsResponse, SelfRelationsQuery } from './relations.schemas.js'

/** What the relationship-graph routes use. */
export interface RelationsRoutesServices { relations: RelationsService }

/**
 * 关联分析: a subject's relationship graph (shareholders, legal representatives, branches, investments) with the
 * propagation flags and their paths, for the same callers as the portrait: the enterprise itself, the operator, an
 * institution under a live grant. Bounded in depth and size; audited.
 */
export const relationsRoutes: FastifyPluginAsyncTypebox<{ x: RelationsRoutesServices }> = async (app, { x }) => {
  const tags = ['relations']

  app.get('/api/subjects/:code/relations', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'profile:read' } },
    schema: {
      tags, summary: '企业关联关系图：股东、法定代表人、分支机构、对外投资，及关联传导标记和路径（本企业免费；机构凭有效授权；自然人姓名脱敏；有层数和节点上限；记入审计日志）',
      params: RelationsParams, querystring: RelationsQuery, response: { 200: RelationsResponse },
    },
  }, async (req) => x.relations.graph(principal(req), req.params.code, { depth: req.query.depth, grantId: req.query.grant }))

  app.get('/api/self/relations', {
    config: { policy: { roles: ['enterprise'], scope: 'profile:read' } },
    schema: { tags, summary: '企业免费查看本企业的关联关系图及关联传导标记', querystring: SelfRelationsQuery, response: { 200: RelationsResponse } },
  }, async (req) => {
    const p = principal(req)
    if (!p.organization) throw RelationsErrors.NOT_ALLOWED()
    return x.relations.graph(p, p.organization, { depth: req.query.depth })
  })
}

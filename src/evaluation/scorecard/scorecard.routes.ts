import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principal } from '../../access/index.js'
import type { ScorecardService } from './scorecard.service.js'
import type { PortraitService } from './portrait.service.js'
import {
  CharacteristicsResponse, GrantQuery, PortraitParams, PortraitResponse, ScorecardIdParams, ScorecardListResponse, ScorecardResponse, ScoreSubjectParams,
  SubjectScoreResponse, TrainScorecardBody,
} from './scorecard.schemas.js'

/** What the scorecard and portrait routes use. */
export interface ScorecardRoutesServices { scorecards: ScorecardService; portraits: PortraitService }

const institutionRead = { roles: ['institution'] as const, scope: 'financing:read' as const }

/**
 * 评分卡 (institutions only: each sees and uses its own cards) and 企业信用画像 (the enterprise itself, the operator,
 * an institution under a grant; without one, public tags only).
 */
export const scorecardRoutes: FastifyPluginAsyncTypebox<{ x: ScorecardRoutesServices }> = async (app, { x }) => {
  const tags = ['scorecards']

  app.get('/api/scorecards', {
    config: { policy: institutionRead },
    schema: { tags, summary: '本机构的评分卡（各版本，新者在前）', response: { 200: ScorecardListResponse } },
  }, async (req) => ({ scorecards: await x.scorecards.list(principal(req)) }))

  app.get('/api/scorecards/characteristics', {
    config: { policy: institutionRead },
    schema: { tags, summary: '可用于训练评分卡的特征（由平台从企业记录衍生，原值不出平台）', response: { 200: CharacteristicsResponse } },
  }, async () => ({ characteristics: x.scorecards.characteristics() }))

  app.post('/api/scorecards', {
    config: { policy: { roles: ['institution'], scope: 'financing:write' } },
    schema: {
      tags, summary: '用本机构贷款的表现（正常 / 逾期 / 违约）训练评分卡：分箱、WoE、逻辑回归、分值刻度，报告 AUC、KS、PSI 和分箱表',
      body: TrainScorecardBody, response: { 201: ScorecardResponse },
    },
  }, async (req, reply) => reply.code(201).send(await x.scorecards.train(principal(req), req.body)))

  app.get('/api/scorecards/:id', {
    config: { policy: institutionRead },
    schema: { tags, summary: '评分卡及其报告（AUC、KS、PSI、分箱表）', params: ScorecardIdParams, response: { 200: ScorecardResponse } },
  }, async (req) => x.scorecards.get(principal(req), req.params.id))

  app.get('/api/scorecards/:id/subjects/:code', {
    config: { policy: { roles: ['institution'], scope: 'profile:read' } },
    schema: {
      tags, summary: '用评分卡为一家企业评分（须有该企业的有效授权，任一方式；只给分箱和分值及原因，不给原值；记入审计日志）',
      params: ScoreSubjectParams, querystring: GrantQuery, response: { 200: SubjectScoreResponse },
    },
  }, async (req) => x.scorecards.score(principal(req), req.params.id, req.params.code, { grantId: req.query.grant }))

  app.get('/api/subjects/:code/portrait', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'profile:read' } },
    schema: {
      tags: ['portrait'], summary: '企业信用画像：标签、评价指标与月度趋势（本企业免费；机构凭有效授权，无授权仅见公开信息标签；记入审计日志）',
      params: PortraitParams, querystring: GrantQuery, response: { 200: PortraitResponse },
    },
  }, async (req) => x.portraits.read(principal(req), req.params.code, { grantId: req.query.grant }))
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { principal } from '../access/index.js'
import type { EvaluationService } from './evaluation.service.js'
import { EvaluationErrors } from './evaluation.errors.js'
import {
  EvaluationResponse, OverviewResponse, PublishedResponse, ReadEvaluationQuery, RunResponse, SubjectCodeParams, SystemResponse,
  SystemSourceBody, TrendQuery, TrendResponse, ValidateResponse, VersionsResponse,
} from './evaluation.schemas.js'

/** What the evaluation routes use. */
export interface EvaluationRoutesServices {
  evaluation: EvaluationService
}

const tags = ['evaluation']

/**
 * 信用评价 (§十二): a subject's score, grade, reasons and derived indicators for the enterprise itself (free), the
 * operator, and an institution under a live grant (a `model` grant is enough; audited); the indicator system for
 * everyone who logs in; its versions, validation and publication for the operator.
 */
export const evaluationRoutes: FastifyPluginAsyncTypebox<{ x: EvaluationRoutesServices }> = async (app, { x }) => {
  app.get('/api/subjects/:code/evaluation', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'evaluation:read' } },
    schema: {
      tags, summary: '企业信用评价：评分、等级、主要原因和衍生指标（不含原始数据；机构须有有效授权，记入审计日志）',
      params: SubjectCodeParams, querystring: ReadEvaluationQuery, response: { 200: EvaluationResponse },
    },
  }, async (req) => x.evaluation.read(principal(req), req.params.code, { grantId: req.query.grant }))

  app.get('/api/subjects/:code/evaluation/trend', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise'], scope: 'evaluation:read' } },
    schema: { tags, summary: '企业信用评价的变化历史和月度快照', params: SubjectCodeParams, querystring: TrendQuery, response: { 200: TrendResponse } },
  }, async (req) => x.evaluation.trend(principal(req), req.params.code, { grantId: req.query.grant, months: req.query.months }))

  app.get('/api/self/evaluation', {
    config: { policy: { roles: ['enterprise'], scope: 'evaluation:read' } },
    schema: { tags, summary: '企业免费查看本企业的信用评价及原因', response: { 200: EvaluationResponse } },
  }, async (req) => {
    const p = principal(req)
    if (!p.organization) throw EvaluationErrors.NOT_ALLOWED(p.role)
    return x.evaluation.read(p, p.organization)
  })

  app.get('/api/evaluation/system', {
    config: { policy: { roles: ['operator', 'institution', 'enterprise', 'supervisor', 'platform', 'provider'] } },
    schema: { tags, summary: '现行信用评价指标体系：维度、指标公式、分档分值、等级划分（公开透明）', response: { 200: SystemResponse } },
  }, async () => {
    const { version, system } = x.evaluation.current()
    const byKey = new Map(system.indicators.map((i) => [i.key, i]))
    const doc = system.document
    return {
      version, name: doc.name, base: doc.base, scoreRange: { min: system.minScore, max: system.maxScore },
      dimensions: doc.dimensions, grades: doc.grades.map((g) => ({ grade: g.grade, name: g.name, min: g.min ?? null })),
      indicators: doc.indicators.map((i) => ({
        key: i.key, name: i.name, dimension: i.dimension, formula: i.formula, windowMonths: i.window?.months ?? null,
        bins: i.bins.map((b) => ({ label: b.label ?? null, points: b.points, from: b.from ?? null, to: b.to ?? null, is: b.is ?? null })),
        missing: { points: i.missing.points, label: i.missing.label ?? '无数据' },
        maxPoints: byKey.get(i.key)!.maxPoints, minPoints: byKey.get(i.key)!.minPoints,
      })),
    }
  })

  app.get('/api/evaluation/versions', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags, summary: '指标体系的全部已发布版本（含提交的 JSON 文本）', response: { 200: VersionsResponse } },
  }, async () => x.evaluation.versions())

  app.post('/api/evaluation/validate', {
    config: { policy: { roles: ['operator'] } },
    bodyLimit: 512 * 1024,
    schema: { tags, summary: '检查指标体系草稿（不发布）：逐条列出错误所在的行和列', body: SystemSourceBody, response: { 200: ValidateResponse } },
  }, async (req) => {
    const r = x.evaluation.validate(req.body.source)
    return r.ok ? { ok: true, issues: [], indicators: r.indicators, aggregates: r.aggregates, scoreRange: r.scoreRange } : { ok: false, issues: r.issues }
  })

  app.post('/api/evaluation/versions', {
    config: { policy: { roles: ['operator'] } },
    bodyLimit: 512 * 1024,
    schema: { tags, summary: '发布指标体系新版本（有误则拒绝并列出行列）；下次评价起使用', body: SystemSourceBody, response: { 201: PublishedResponse } },
  }, async (req, reply) => reply.status(201).send(await x.evaluation.publish(principal(req), req.body.source)))

  app.post('/api/evaluation/runs', {
    config: { policy: { roles: ['operator'] } },
    schema: { tags, summary: '对全部信用主体运行一次全量评价（仅分数变化者写入新记录）', response: { 200: RunResponse } },
  }, async (req) => x.evaluation.runAll(principal(req).username))

  app.get('/api/evaluation/overview', {
    config: { policy: { roles: ['operator', 'supervisor'] } },
    schema: { tags, summary: '信用评价概况：各等级主体数、最近的评价运行', response: { 200: OverviewResponse } },
  }, async () => x.evaluation.overview())
}

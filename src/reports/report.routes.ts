import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ReportService } from './report.service.js'
import { type Config, DEFAULT_LIMITS } from '../core/index.js'
import { principal } from '../access/index.js'
import { renderReportPdfOffThread } from './report-pdf-thread.js'

const ReportCheckResponse = Type.Object({
  genuine: Type.Boolean({ description: '是否为本中心出具且内容未被修改 / issued here and unaltered' }),
  problem: Type.Optional(Type.Union([Type.Literal('altered'), Type.Literal('unknown')], { description: 'altered 内容已被修改 · unknown 无此报告' })),
  reportNo: Type.Optional(Type.String()),
  issuedAt: Type.Optional(Type.String()),
  subjectName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  issuer: Type.Optional(Type.String()),
})

/** The issued report as JSON: its content, plus the verification block. Values vary by item, hence open objects. */
const IssuedReportResponse = Type.Object({
  format: Type.String(), reportNo: Type.String(), title: Type.String(), standard: Type.String(), issuer: Type.String(), issuedAt: Type.String(),
  requester: Type.Object({}, { additionalProperties: true }),
  subject: Type.Object({}, { additionalProperties: true }),
  asOf: Type.Union([Type.String(), Type.Null()]),
  sections: Type.Array(Type.Object({}, { additionalProperties: true }), { description: '九个部分：基础信息、行政管理、诚实守信、严重失信、经营异常、信用承诺、信用评价、司法判决、其他' }),
  notes: Type.Array(Type.String()),
  verification: Type.Object({ algorithm: Type.String(), code: Type.String(), url: Type.String() }),
}, { additionalProperties: true })

/** What these routes use of the product (`createXinshu()` provides it). */
export interface ReportRoutesServices { reports: ReportService; config: Partial<Pick<Config, 'limits'>> }

/**
 * Credit reports (公共信用信息报告): issue (JSON), fetch again (JSON or PDF), and check a report without logging in —
 * by its printed code, or by its whole JSON.
 */
export const reportRoutes: FastifyPluginAsyncTypebox<{ x: ReportRoutesServices }> = async (app, { x }) => {
  app.post('/api/subjects/:code/reports', {
    config: { policy: { roles: ['institution', 'enterprise', 'operator'], scope: 'report:issue' } },
    schema: {
      tags: ['reports'], summary: '出具公共信用信息报告（JSON，含 SM3 验证码；PDF 见 /api/reports/{reportNo}/pdf）',
      params: Type.Object({ code: Type.String({ minLength: 2, maxLength: 60 }) }),
      body: Type.Object({ grant: Type.Optional(Type.String({ format: 'uuid', description: '接入机构：按此授权出具 / institution: under this grant' })) }, { additionalProperties: false }),
      response: { 201: IssuedReportResponse },
    },
  }, async (req, reply) => reply.status(201).send(await x.reports.issue(principal(req), req.params.code, { grantId: req.body.grant })))

  app.get('/api/reports/:reportNo', {
    config: { policy: { roles: ['institution', 'enterprise', 'operator'], scope: 'report:issue' } },
    schema: { tags: ['reports'], summary: '已出具报告（JSON）', params: Type.Object({ reportNo: Type.String({ maxLength: 40 }) }), response: { 200: IssuedReportResponse } },
  }, async (req) => x.reports.get(principal(req), req.params.reportNo))

  app.get('/api/reports/:reportNo/pdf', {
    config: { policy: { roles: ['institution', 'enterprise', 'operator'], scope: 'report:issue' } },
    schema: { tags: ['reports'], summary: '已出具报告（PDF，中文正式版式，每页含验证码和页码）', params: Type.Object({ reportNo: Type.String({ maxLength: 40 }) }) },
  }, async (req, reply) => {
    const report = await x.reports.get(principal(req), req.params.reportNo, { format: 'pdf' })
    const pdf = await renderReportPdfOffThread(report, (x.config.limits ?? DEFAULT_LIMITS).reportMaxRecords)
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="${report.reportNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`公共信用信息报告-${report.reportNo}.pdf`)}`)
      .send(pdf)
  })

  app.get('/verify/:code', {
    config: { policy: { public: true } },
    schema: {
      tags: ['reports'], summary: '凭验证码核验信用报告真伪（无需登录）',
      params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 120, description: '报告上印的 SM3 验证码（可含空格）/ the printed code' }) }),
      response: { 200: ReportCheckResponse },
    },
  }, async (req) => x.reports.checkCode(req.params.code))

  app.post('/verify', {
    config: { policy: { public: true } },
    bodyLimit: 16 * 1024 * 1024,
    schema: {
      tags: ['reports'], summary: '提交报告 JSON 核验其内容是否与出具时一致（无需登录；被修改的报告返回 genuine=false）',
      body: Type.Object({ format: Type.String() }, { additionalProperties: true, description: '报告 JSON（GET /api/reports/{reportNo} 的返回）' }),
      response: { 200: ReportCheckResponse },
    },
  }, async (req) => x.reports.checkContent(req.body as Record<string, unknown>))
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { StatsService } from './stats.service.js'
import { principal } from '../access/index.js'
import { StatsQuery, StatsResponse } from './stats.schemas.js'

const readers = { roles: ['operator', 'supervisor'] as const, scope: 'stats:read' as const }

/** What these routes use of the product (`createXinshu()` provides it). */
export interface StatsRoutesServices { stats: StatsService }

/** 融资统计 over HTTP, read-only, for the credit service centre and supervisors; the Excel export is audited. */
export const statsRoutes: FastifyPluginAsyncTypebox<{ x: StatsRoutesServices }> = async (app, { x }) => {
  const tags = ['stats']

  app.get('/api/stats/financing', {
    config: { policy: readers },
    schema: { tags, summary: '融资统计：按地区、机构、产品类型、企业规模、月份的贷款笔数与金额、信用贷款占比、首贷户、审批用时、逾期与违约，机构超期报送', querystring: StatsQuery, response: { 200: StatsResponse } },
  }, async (req) => x.stats.financing(principal(req), req.query))

  app.get('/api/stats/financing.xlsx', {
    config: { policy: readers },
    schema: { tags, summary: '导出融资统计（Excel，每种分组一张工作表，金额以元计）', querystring: StatsQuery },
  }, async (req, reply) => {
    const { workbook, fileName } = await x.stats.exportFinancing(principal(req), req.query)
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="financing-stats.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(workbook)
  })
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Database } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface SystemRoutesServices { db: Database; catalog: Pick<CatalogService, 'current'> }

/** Health and the API description: public on purpose. */
export const systemRoutes: FastifyPluginAsyncTypebox<{ x: SystemRoutesServices }> = async (app, { x }) => {
  app.get('/api/health', {
    config: { policy: { public: true } },
    schema: { tags: ['system'], summary: '健康检查' },
  }, async () => {
    await x.db.query('select 1')
    return { status: 'ok', database: x.db.kind, catalogVersion: x.catalog.current().version }
  })
  app.get('/openapi.json', {
    config: { policy: { public: true } },
    schema: { hide: true },
  }, async () => app.swagger())
}

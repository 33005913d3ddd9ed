import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CatalogService } from './catalog.service.js'
import type { Database } from '../core/index.js'
import { principal } from '../access/index.js'
import { CatalogErrors } from './catalog.errors.js'
import type { CatalogDocument } from './catalog.types.js'
import { buildItemTemplate } from './item-template.js'
import {
  CatalogItemResponse, CatalogResponse, CatalogVersionQuery, CatalogVersionsResponse, DirectoryResponse, ItemKeyParams, PublishVersionBody, PublishVersionResponse,
} from './catalog.schemas.js'

const ANYONE_LOGGED_IN = { roles: ['operator', 'provider', 'platform', 'institution', 'enterprise', 'supervisor'] } as const

/** What these routes use of the product (`createXinshu()` provides it). */
export interface CatalogRoutesServices { catalog: CatalogService; db: Database }

/** The sharing list over HTTP: browse categories → items → fields, publish versions, download Excel templates. */
export const catalogRoutes: FastifyPluginAsyncTypebox<{ x: CatalogRoutesServices }> = async (app, { x }) => {
  app.get('/api/catalog', {
    config: { policy: ANYONE_LOGGED_IN },
    schema: { tags: ['catalog'], summary: '当前共享清单（信息种类 → 信息项）', querystring: CatalogVersionQuery, response: { 200: CatalogResponse } },
  }, async (req) => {
    const c = req.query.version ? await x.catalog.version(req.query.version) : x.catalog.current()
    return {
      version: c.version,
      label: c.document.version,
      title: c.document.title,
      categories: c.document.categories.map((cat) => ({
        no: cat.no, key: cat.key, name: cat.name, nameEn: cat.nameEn,
        items: cat.items.map((i) => ({
          key: i.key, name: i.name, nameEn: i.nameEn, shareMethod: i.shareMethod, shareMethodZh: i.shareMethodZh,
          responsibleUnits: i.responsibleUnits, fieldCount: i.fields.length, frequency: i.frequency ?? null,
          sensitivities: [...new Set(i.fields.map((f) => f.sensitivity))],
        })),
      })),
    }
  })

  app.get('/api/catalog/items/:itemKey', {
    config: { policy: ANYONE_LOGGED_IN },
    schema: { tags: ['catalog'], summary: '信息项详情：共享内容、类型、分级、责任单位', params: ItemKeyParams, querystring: CatalogVersionQuery, response: { 200: CatalogItemResponse } },
  }, async (req) => {
    const c = req.query.version ? await x.catalog.version(req.query.version) : x.catalog.current()
    const r = c.get(req.params.itemKey)
    if (!r) throw CatalogErrors.ITEM_NOT_FOUND(req.params.itemKey)
    return { version: c.version, category: { no: r.category.no, key: r.category.key, name: r.category.name }, ...r.item, identity: [...r.identity] }
  })

  app.get('/api/catalog/items/:itemKey/template.xlsx', {
    config: { policy: { roles: ['operator', 'provider'], scope: 'catalog:read' } },
    schema: { tags: ['catalog'], summary: '下载信息项的 Excel 报送模板（中文表头）', params: ItemKeyParams },
  }, async (req, reply) => {
    const r = x.catalog.current().get(req.params.itemKey)
    if (!r) throw CatalogErrors.ITEM_NOT_FOUND(req.params.itemKey)
    const buf = await buildItemTemplate(r.item, x.catalog.current().version)
    const name = encodeURIComponent(`${r.item.name}-报送模板.xlsx`)
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${r.item.key}-template.xlsx"; filename*=UTF-8''${name}`)
      .send(buf)
  })

  app.get('/api/catalog/versions', {
    config: { policy: ANYONE_LOGGED_IN },
    schema: { tags: ['catalog'], summary: '共享清单版本列表', response: { 200: CatalogVersionsResponse } },
  }, async () => x.catalog.list())

  app.get('/api/catalog/directory', {
    config: { policy: ANYONE_LOGGED_IN },
    schema: { tags: ['catalog'], summary: '公共信用信息基础目录（附件1）', response: { 200: DirectoryResponse } },
  }, async () => x.catalog.directory())

  app.post('/api/catalog/versions', {
    config: { policy: { roles: ['operator'] } },
    // A whole sharing list (about 120 KB today): room to grow tenfold and more, beyond the ordinary 1 MB.
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags: ['catalog'], summary: '发布共享清单新版本（只能新增信息项或共享内容）',
      body: PublishVersionBody, response: { 201: PublishVersionResponse },
    },
  }, async (req, reply) => {
    const c = await x.catalog.publish(req.body.document as unknown as CatalogDocument, { publishedBy: principal(req).username, ...(req.body.label ? { label: req.body.label } : {}), ...(req.body.note ? { note: req.body.note } : {}) })
    return reply.status(201).send({ version: c.version, items: c.items.size })
  })
}

import { Type } from '@sinclair/typebox'
import type { FieldType, Sensitivity, ShareMethod } from './catalog.types.js'

/**
 * The sharing list's HTTP shapes. Answers describe what the list holds today; objects taken from the published
 * document stay open (`additionalProperties`), so that what a later version adds (a note, a rule) is never
 * silently dropped from answers. What validateCatalogDocument does not require of a published document is optional
 * here: the serializer refuses an answer that lacks a required property.
 */

/** A string of a closed set: documented as an enum, typed as the union, written as a plain string. */
const OneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) })

const FIELD_TYPES: readonly FieldType[] = ['string', 'uscc', 'id_number', 'date', 'datetime', 'integer', 'decimal', 'money', 'boolean', 'enum', 'text']
const SENSITIVITIES: readonly Sensitivity[] = ['public', 'restricted', 'sensitive']
const SHARE_METHODS: readonly ShareMethod[] = ['table', 'api', 'file', 'national', 'api_or_table']
const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const

const At = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })

export const CatalogVersionQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: '共享清单版本，缺省为当前版本' })) })
export const ItemKeyParams = Type.Object({ itemKey: Type.String() })

/** An item as GET /api/catalog lists it: enough to choose one. */
export const CatalogItemSummaryResponse = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  shareMethod: OneOf(SHARE_METHODS, '优先共享方式'),
  shareMethodZh: Type.Optional(Type.String()),
  responsibleUnits: Type.Array(Type.String(), { description: '责任单位' }),
  fieldCount: Type.Integer({ description: '共享内容（字段）数' }),
  frequency: Type.Union([OneOf(FREQUENCIES), Type.Null()], { description: '报送频度，用于及时性检查' }),
  sensitivities: Type.Array(OneOf(SENSITIVITIES), { description: '字段中出现的分级' }),
})

export const CatalogCategoryResponse = Type.Object({
  no: Type.Optional(Type.Integer({ description: '清单中的序号' })),
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  items: Type.Array(CatalogItemSummaryResponse),
})

/** GET /api/catalog: categories → items of one version. */
export const CatalogResponse = Type.Object({
  version: Type.Integer({ description: '共享清单版本号' }),
  label: Type.String({ description: '版本标签，如 2022' }),
  title: Type.Optional(Type.String()),
  categories: Type.Array(CatalogCategoryResponse),
})

export const CatalogFieldResponse = Type.Object({
  key: Type.String(),
  name: Type.String(),
  type: OneOf(FIELD_TYPES),
  sensitivity: OneOf(SENSITIVITIES, 'public 公开 · restricted 受限 · sensitive 敏感'),
  note: Type.Optional(Type.String()),
  required: Type.Optional(Type.Boolean({ description: '必填：为空的记录进入隔离区' })),
}, { additionalProperties: true })

/** GET /api/catalog/items/:itemKey: the item as the published list holds it, with its category and version. */
export const CatalogItemResponse = Type.Object({
  version: Type.Integer(),
  category: Type.Object({ no: Type.Optional(Type.Integer()), key: Type.String(), name: Type.String() }),
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  seq: Type.Optional(Type.Integer({ description: '清单中的序号' })),
  fields: Type.Array(CatalogFieldResponse),
  shareMethod: OneOf(SHARE_METHODS),
  shareMethodZh: Type.Optional(Type.String()),
  responsibleUnits: Type.Array(Type.String()),
  responsibleUnitsZh: Type.Optional(Type.String()),
  subject: Type.Optional(Type.Object({ code: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }, { description: '无统一社会信用代码字段时，承载主体代码与名称的字段' })),
  frequency: Type.Optional(OneOf(FREQUENCIES)),
  identity: Type.Array(Type.String(), { description: '在信息项内标识一条记录的字段；为空表示每个主体一条当前记录' }),
}, { additionalProperties: true })

/** GET /api/catalog/versions */
export const CatalogVersionsResponse = Type.Array(Type.Object({
  version: Type.Integer(),
  label: Type.String(),
  checksum: Type.String({ description: '文档的 SHA-256' }),
  published_at: At,
  published_by: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: true }))

/** GET /api/catalog/directory: 附件1 as loaded, or null before any was. */
export const DirectoryResponse = Type.Union([
  Type.Object({ title: Type.Optional(Type.String()), source: Type.Optional(Type.String()), version: Type.Optional(Type.String()) }, { additionalProperties: true }),
  Type.Null(),
], { description: '公共信用信息基础目录（附件1），结构同 data/catalog/credit-directory.json' })

export const PublishVersionBody = Type.Object({
  document: Type.Object({}, { additionalProperties: true }),
  label: Type.Optional(Type.String({ maxLength: 50 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })

export const PublishVersionResponse = Type.Object({ version: Type.Integer(), items: Type.Integer({ description: '信息项数' }) })

import { Type } from '@sinclair/typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Name = Type.String({ minLength: 2, maxLength: 100, description: '机构全称（与其账号的所属单位一致）/ full name, as on its accounts' })
const Regions = Type.Array(Type.String({ pattern: '^\\d{6}$' }), { maxItems: 40, description: '服务地区：GB/T 2260 行政区划代码 / division codes served' })
const Contact = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 100, format: 'email' }))),
}, { additionalProperties: false })

export const OrganizationParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) })

export const CreateOrganizationBody = Type.Object({
  name: Name,
  kind: Type.Union([Type.Literal('institution'), Type.Literal('platform')], { description: 'institution 接入机构 · platform 服务平台' }),
  type: Type.String({ pattern: '^[a-z_]+$', maxLength: 40, description: '机构类型代码，见 /api/directory/types' }),
  regions: Regions,
  contact: Type.Optional(Contact),
}, { additionalProperties: false })

export const UpdateOrganizationBody = Type.Object({
  type: Type.String({ pattern: '^[a-z_]+$', maxLength: 40 }),
  regions: Regions,
  contact: Type.Optional(Contact),
}, { additionalProperties: false })

export const DisableBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500, description: '停用理由（记入审计日志）' }) }, { additionalProperties: false })

export const ListOrganizationsQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('institution'), Type.Literal('platform')])),
  type: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
}, { additionalProperties: false })

export const OrganizationResponse = Type.Object({
  id: Type.String(), name: Type.String(), kind: Type.String(), type: Type.String(), typeName: Type.String(), regions: Type.Array(Type.String()),
  contact: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()) }),
  disabledAt: Nullable(Type.String()), disabledReason: Nullable(Type.String()), createdAt: Type.String(),
})

export const ListOrganizationsResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(OrganizationResponse) })

export const OrganizationTypesResponse = Type.Object({
  institution: Type.Record(Type.String(), Type.String()),
  platform: Type.Record(Type.String(), Type.String()),
})

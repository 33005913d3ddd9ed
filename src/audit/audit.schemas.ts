import { Type } from '@sinclair/typebox'

export const AuditEntryResponse = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    accountId: Type.Union([Type.String(), Type.Null()]),
    username: Type.String(),
    role: Type.String(),
    organization: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String({ description: 'profile.read · profile.reveal · verification.run · report.issue · report.fetch · grant.* · operator.request · operator.command' }),
  subjectKey: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(Type.String()),
  fields: Type.Array(Type.String(), { description: '披露的非公开字段 item.field / non-public fields disclosed' }),
  grantId: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
})

export const ListAuditEntriesQuery = Type.Object({
  subject: Type.Optional(Type.String({ maxLength: 60, description: '信用主体代码 / subject code (operator, institution)' })),
  organization: Type.Optional(Type.String({ maxLength: 100, description: '操作单位 / acting organisation (operator only)' })),
  action: Type.Optional(Type.String({ maxLength: 40 })),
  grant: Type.Optional(Type.String({ maxLength: 40 })),
  others: Type.Optional(Type.Boolean({ description: '企业：只看其他单位的访问，不含本企业自查 / enterprise: only others\' accesses, not its own reads' })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: '分页：只取序号小于此值的记录 / page: entries with seq below this' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}, { additionalProperties: false })

export const ListAuditEntriesResponse = Type.Object({
  entries: Type.Array(AuditEntryResponse),
  next: Type.Union([Type.Integer(), Type.Null()], { description: '下一页的 before 值 / `before` of the next page' }),
})

export const ChainReportResponse = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  head: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
  broken: Type.Optional(Type.Object({ seq: Type.Integer(), problem: Type.String(), zh: Type.String(), en: Type.String() })),
})

import { Type } from '@sinclair/typebox'
import { GRANT_MODES, GRANT_PURPOSES } from './grant.types.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })
const ValidUntil = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$', description: '授权截止日期（当日 24 时止，北京时间）或时间 / the last day (ends at midnight, Beijing time) or a date-time' })
const Mode = Type.Union(GRANT_MODES.map((m) => Type.Literal(m)), { description: 'view 查看数据 · verify 仅核验（是/否） · model 仅衍生指标和评分' })
const Purpose = Type.Union(GRANT_PURPOSES.map((p) => Type.Literal(p)), { description: '用途 / purpose' })
const Keys = (description: string) => Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), { maxItems: 60, description }))

export const GrantIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const CreateGrantBody = Type.Object({
  institution: Type.String({ minLength: 2, maxLength: 100, description: '接入机构名称 / the institution, by name' }),
  categories: Keys('信息种类 / category keys of the catalog'),
  items: Keys('信息项 / item keys of the catalog'),
  mode: Mode,
  purpose: Purpose,
  validUntil: ValidUntil,
  how: Type.Optional(Type.Union([Type.Literal('web-consent'), Type.Literal('api'), Type.Literal('paper')], { description: '授权方式（证据）/ how consent was given; default from the session or API key' })),
}, { additionalProperties: false })

export const RequestGrantBody = Type.Object({
  subject: Type.String({ minLength: 18, maxLength: 40, description: '企业统一社会信用代码 / the enterprise\'s USCC' }),
  categories: Keys('信息种类 / category keys'),
  items: Keys('信息项 / item keys'),
  mode: Mode,
  purpose: Purpose,
  validUntil: ValidUntil,
  note: Type.Optional(Type.String({ maxLength: 500, description: '申请说明，如贷款产品 / why, e.g. the loan product' })),
}, { additionalProperties: false })

export const ApproveGrantBody = Type.Object({ validUntil: Type.Optional(ValidUntil) }, { additionalProperties: false })
export const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })

export const ListGrantsQuery = Type.Object({
  status: Type.Optional(Type.Union(['requested', 'active', 'refused', 'revoked', 'expired'].map((s) => Type.Literal(s)))),
  subject: Type.Optional(Type.String({ maxLength: 40 })),
  institution: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false })

export const GrantResponse = Type.Object({
  id: Type.String(),
  subjectKey: Type.String(),
  subjectName: Nullable(Type.String({ description: '信用主体名称 / the subject\'s registered name' })),
  institution: Type.String(),
  categories: Type.Array(Type.String()),
  items: Type.Array(Type.String()),
  mode: Type.String(),
  purpose: Type.String(),
  validUntil: DateTime,
  status: Type.String({ description: 'requested 待确认 · active 有效 · refused 已拒绝 · revoked 已撤销 · expired 已到期' }),
  evidence: Type.Union([Type.Object({
    by: Type.String(), accountId: Type.Union([Type.String(), Type.Null()]), at: Type.String(), how: Type.String(),
    statement: Type.String(), statementHash: Type.String(), ip: Type.Optional(Type.String()), userAgent: Type.Optional(Type.String()),
  }), Type.Null()]),
  requestedBy: Nullable(Type.String()),
  requestedAt: Nullable(DateTime),
  requestNote: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  refuseReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
})

export const GrantWithHistoryResponse = Type.Intersect([GrantResponse, Type.Object({
  history: Type.Array(Type.Object({ seq: Type.Integer(), at: DateTime, action: Type.String(), actor: Type.String(), actorRole: Type.String(), how: Nullable(Type.String()), note: Nullable(Type.String()) })),
})])

export const ListGrantsResponse = Type.Object({ total: Type.Integer(), grants: Type.Array(GrantResponse) })

export const ListNotificationsQuery = Type.Object({
  unread: Type.Boolean({ default: false }),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}, { additionalProperties: false })

export const NotificationResponse = Type.Object({
  id: Type.String(), kind: Type.String(), grantId: Nullable(Type.String()), subjectKey: Nullable(Type.String()),
  zh: Type.String(), en: Type.String(), createdAt: DateTime, readAt: Nullable(DateTime),
})

import { Type, type TSchema } from '@sinclair/typebox'
import { ALERT_KIND_NAMES, CHANNELS, SEVERITIES, type AlertKind } from './monitoring.types.js'
import { MAX_BATCH } from './monitoring.service.js'

const Uuid = Type.String({ format: 'uuid' })
const At = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })
const NullableAt = Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Page = { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }) }
const Kind = Type.Unsafe<AlertKind>({ type: 'string', enum: ALERT_KIND_NAMES, description: '预警类型 / alert kind' })
const KindIn = Type.String({ enum: ALERT_KIND_NAMES, description: '预警类型 / alert kind' })
const SubjectKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Z:_-]+$', description: '信用主体代码（统一社会信用代码）/ subject code' })

export const IdParams = Type.Object({ id: Uuid })

export const WatchResponse = Type.Object({
  id: Type.String(), subjectKey: Type.String(), institution: Type.String(), source: Type.Union([Type.Literal('loan'), Type.Literal('manual')]),
  loanId: Nullable(Type.String()), grantId: Nullable(Type.String()), note: Nullable(Type.String()), createdBy: Type.String(), createdAt: At,
  endedAt: NullableAt, endReason: Nullable(Type.String()),
})
export const WatchesQuery = Type.Object({
  live: Type.Boolean({ default: true, description: '只列监测中的 / live watches only' }), subject: Type.Optional(SubjectKey), ...Page,
}, { additionalProperties: false })
export const WatchesResponse = Type.Object({ total: Type.Integer(), watches: Type.Array(WatchResponse) })
export const AddWatchesBody = Type.Object({
  subjects: Type.Array(Type.Object({ subjectKey: SubjectKey, note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }), {
    minItems: 1, maxItems: MAX_BATCH, description: '加入监测名单的主体（须有有效授权）/ subjects to watch (each needs a live grant)',
  }),
}, { additionalProperties: false })

export const RuleResponse = Type.Object({
  kind: Kind, enabled: Type.Boolean(), severity: Type.String(), channels: Type.Array(Type.String()), custom: Type.Boolean(),
})
export const PutRulesBody = Type.Object({
  rules: Type.Array(Type.Object({
    kind: KindIn, enabled: Type.Boolean(),
    severity: Type.String({ enum: [...SEVERITIES] }),
    channels: Type.Array(Type.String({ enum: [...CHANNELS] }), { maxItems: CHANNELS.length, uniqueItems: true }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: ALERT_KIND_NAMES.length }),
}, { additionalProperties: false })

export const AlertResponse = Type.Object({
  id: Type.String(), subjectKey: Type.String(), institution: Type.String(), kind: Kind, severity: Type.String(),
  itemKey: Nullable(Type.String()), recordKey: Nullable(Type.String()), version: Nullable(Type.Integer()), title: Type.String(),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())), createdAt: At, acknowledgedAt: NullableAt, acknowledgedBy: Nullable(Type.String()),
})
export const AlertsQuery = Type.Object({
  unacknowledged: Type.Boolean({ default: false }), kind: Type.Optional(KindIn), since: Type.Optional(Type.String({ format: 'date-time' })), ...Page,
}, { additionalProperties: false })
export const AlertsResponse = Type.Object({ total: Type.Integer(), alerts: Type.Array(AlertResponse) })
export const AcknowledgeBody = Type.Object({ ids: Type.Array(Uuid, { minItems: 1, maxItems: MAX_BATCH }) }, { additionalProperties: false })

export const WebhookResponse = Type.Object({
  webhook: Nullable(Type.Object({ url: Type.String(), enabled: Type.Boolean(), updatedBy: Type.String(), updatedAt: At })),
})
export const PutWebhookBody = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) 地址；不能指向内网 / http(s), not a private address' }),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export const WebhookSetResponse = Type.Object({
  url: Type.String(), enabled: Type.Boolean(), updatedBy: Type.String(), updatedAt: At,
  secret: Type.String({ description: '签名密钥，仅此一次显示 / the signing secret, shown this once' }),
})

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])), ...Page,
}, { additionalProperties: false })
export const DeliveryResponse = Type.Object({
  id: Type.String(), alertId: Type.String(), subjectKey: Type.String(), url: Type.String(), status: Type.String(), attempts: Type.Integer(),
  nextAt: At, lastStatus: Nullable(Type.Integer()), lastError: Nullable(Type.String()), createdAt: At, deliveredAt: NullableAt,
  log: Type.Array(Type.Object({ n: Type.Integer(), at: At, httpStatus: Nullable(Type.Integer()), error: Nullable(Type.String()), durationMs: Type.Integer() })),
})
export const DeliveriesResponse = Type.Object({ total: Type.Integer(), deliveries: Type.Array(DeliveryResponse) })

/** `equals` as sent: checked by the service against the field's type (the body's type coercion would turn true into "true"). */
const NegativeConditionOf = (equals: TSchema) => Type.Object({
  all: Type.Optional(Type.Array(Type.Object({
    field: Type.String({ minLength: 1, maxLength: 64, description: '信息项的字段' }),
    equals: Type.Optional(equals),
    absent: Type.Optional(Type.Boolean({ description: 'true：字段为空' })),
  }, { additionalProperties: false }), { maxItems: 10, description: '全部满足' })),
  sustainedMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, description: '须在各版本上持续满足的月数（如水电气欠费 3 个月）' })),
}, { additionalProperties: false })
const NegativeCondition = NegativeConditionOf(Type.Union([Type.Boolean(), Type.Number(), Type.String()], { description: '字段等于此值（是/否字段比较 true 或 false）' }))

export const NegativeRuleParams = Type.Object({ itemKey: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' }) })

export const PutNegativeRuleBody = Type.Object({
  kind: Type.String({ maxLength: 40, description: '预警类别：penalty / dishonest / enforcement / abnormal / tax_arrears / utility_arrears' }),
  condition: NegativeConditionOf(Type.Unknown({ description: '字段等于此值（是/否字段比较 true 或 false；其他字段为文字或数字，至多 200 字）' })),
}, { additionalProperties: false })

export const NegativeRuleResponse = Type.Object({
  itemKey: Type.String(),
  itemName: Type.String(),
  kind: Type.String(),
  condition: NegativeCondition,
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
  fieldNames: Type.Record(Type.String(), Type.String(), { description: '条件所检验字段的中文名（按字段键）' }),
})

export const NegativeRuleHistoryResponse = Type.Array(Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  changedBy: Type.String(),
  kind: Type.String(),
  condition: NegativeCondition,
  previousKind: Type.Union([Type.String(), Type.Null()]),
  previousCondition: Type.Union([NegativeCondition, Type.Null()]),
}))

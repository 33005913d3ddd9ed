import { Type } from '@sinclair/typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Text = (description: string) => Type.String({ minLength: 2, maxLength: 2000, description })
const ItemKey = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 80, description: '信息项代码 / item key' })
const RecordKey = Type.String({ maxLength: 200, description: '记录标识 / record key (the profile\'s recordKey)' })

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** An action whose answer is that it happened (a notice marked read). */
export const DoneResponse = Type.Object({ ok: Type.Boolean() })
export const AttachmentParams = Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) })
export const CodeParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })
export const Paging = { limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }), offset: Type.Integer({ minimum: 0, maximum: 100000, default: 0 }) }

export const ListObjectionsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('corrected'), Type.Literal('kept'), Type.Literal('removed')])),
  overdue: Type.Optional(Type.Boolean({ description: '只看已超期未答复的 / only open objections past their deadline' })),
  ...Paging,
}, { additionalProperties: false })

export const FileObjectionBody = Type.Object({ itemKey: ItemKey, recordKey: RecordKey, reasons: Text('异议理由 / reasons') }, { additionalProperties: false })

export const AnswerObjectionBody = Type.Object({
  outcome: Type.Union([Type.Literal('corrected'), Type.Literal('kept'), Type.Literal('removed')], { description: 'corrected 更正 · kept 维持 · removed 删除' }),
  note: Text('处理说明 / reasons of the decision'),
  values: Type.Optional(Type.Record(Type.String({ maxLength: 80 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 40, description: '更正后的字段值（仅 corrected）/ corrected field values' })),
}, { additionalProperties: false })

export const MessageBody = Type.Object({ text: Text('留言 / message') }, { additionalProperties: false })

export const ApplyRepairBody = Type.Object({
  itemKey: ItemKey, recordKey: RecordKey,
  fulfilment: Text('履行义务、纠正失信行为的情况 / how the obligations were fulfilled'),
  commitmentAccepted: Type.Boolean({ description: '接受信用承诺（GET /api/repairs/commitment）/ accepts the credit commitment' }),
}, { additionalProperties: false })

export const DecideRepairBody = Type.Object({ approve: Type.Boolean(), note: Text('审核意见 / reasons') }, { additionalProperties: false })

export const ListRepairsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('repaired'), Type.Literal('refused')])),
  kind: Type.Optional(Type.Union([Type.Literal('early'), Type.Literal('automatic')])),
  ...Paging,
}, { additionalProperties: false })

export const NoticesQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false })

const Message = Type.Object({ id: Type.String(), author: Type.String(), authorRole: Type.String(), kind: Type.String({ description: 'filed 提出 · message 留言 · decision 决定' }), text: Type.String(), at: Type.String() })
export const AttachmentResponse = Type.Object({ id: Type.String(), name: Type.String(), mediaType: Type.String(), size: Type.Integer(), sm3: Type.String(), uploadedBy: Type.String(), uploadedAt: Type.String() })
const CaseRecord = Type.Object({
  itemKey: Type.String(), itemName: Type.String(), recordKey: Type.String(), version: Type.Integer(),
  state: Type.String({ description: 'normal 正常 · objected 异议中 · withdrawn 已终止公示' }), values: Type.Record(Type.String(), Type.Unknown()),
})
const Clock = Type.Object({ dueOn: Type.String(), remainingWorkingDays: Type.Integer(), overdue: Type.Boolean() })

const ObjectionFields = {
  id: Type.String(), subjectKey: Type.String(), itemKey: Type.String(), itemName: Type.String(), recordKey: Type.String(), recordVersion: Type.Integer(),
  provider: Type.String(), reasons: Type.String(), status: Type.String({ description: 'open 处理中 · corrected 已更正 · kept 已维持 · removed 已删除' }),
  filedBy: Type.String(), filedAt: Type.String(), clock: Clock, decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()), decisionNote: Nullable(Type.String()),
  correction: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
}
export const ObjectionResponse = Type.Object(ObjectionFields)
export const ObjectionDetailResponse = Type.Object({ ...ObjectionFields, record: Type.Union([CaseRecord, Type.Null()]), messages: Type.Array(Message), attachments: Type.Array(AttachmentResponse) })
export const ObjectionListResponse = Type.Object({ total: Type.Integer(), objections: Type.Array(ObjectionResponse) })

const ApplicationFields = {
  id: Type.String(), subjectKey: Type.String(), itemKey: Type.String(), itemName: Type.String(), recordKey: Type.String(), provider: Type.String(),
  kind: Type.String({ description: 'early 提前修复申请 · automatic 公示期满自动终止' }), class: Type.String({ description: 'minor 轻微 · general 一般 · serious 严重' }),
  ruleSet: Type.String(), publicityStart: Type.String(), minEnd: Type.String(), maxEnd: Type.String(), status: Type.String({ description: 'open 审核中 · repaired 已修复 · refused 未通过' }),
  fulfilment: Nullable(Type.String()), commitment: Nullable(Type.String()), filedBy: Type.String(), filedAt: Type.String(),
  decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()), decisionNote: Nullable(Type.String()),
}
export const ApplicationResponse = Type.Object(ApplicationFields)
export const ApplicationDetailResponse = Type.Object({ ...ApplicationFields, record: Type.Union([CaseRecord, Type.Null()]), messages: Type.Array(Message), attachments: Type.Array(AttachmentResponse) })
export const ApplicationListResponse = Type.Object({ total: Type.Integer(), applications: Type.Array(ApplicationResponse) })

export const SubjectRecordsResponse = Type.Array(Type.Object({
  record: CaseRecord,
  eligibility: Type.Object({
    itemKey: Type.String(), recordKey: Type.String(), dishonesty: Type.Boolean(), class: Nullable(Type.String()), ruleSet: Nullable(Type.String()),
    publicityStart: Nullable(Type.String()), minEnd: Nullable(Type.String()), maxEnd: Nullable(Type.String()), canApply: Type.Boolean(),
  }),
  openObjection: Nullable(Type.String()),
  openApplication: Nullable(Type.String()),
}))

export const CommitmentResponse = Type.Object({ text: Type.String() })

export const NoticeListResponse = Type.Array(Type.Object({
  id: Type.String(), subjectKey: Type.String(), itemKey: Type.String(), recordKey: Type.String(),
  reason: Type.String({ description: 'repaired 信用修复 · removed 异议删除 · publicity_ended 公示期满' }), caseId: Type.String(), createdAt: Type.String(), readAt: Nullable(Type.String()),
}))

const Counts = Type.Record(Type.String(), Type.Integer())
export const RepairStatsResponse = Type.Object({
  objections: Type.Object({
    total: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), byOutcome: Counts,
    byProvider: Type.Array(Type.Object({ provider: Type.String(), total: Type.Integer(), open: Type.Integer(), overdue: Type.Integer() })),
    medianDays: Type.Union([Type.Number(), Type.Null()]),
  }),
  repairs: Type.Object({
    total: Type.Integer(), byClass: Counts, byStatus: Counts, byKind: Counts,
    byProvider: Type.Array(Type.Object({ provider: Type.String(), total: Type.Integer(), repaired: Type.Integer() })),
    medianDays: Type.Union([Type.Number(), Type.Null()]),
  }),
})

export const SweepResponse = Type.Object({ checked: Type.Integer(), ended: Type.Integer() })

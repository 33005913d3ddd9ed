import { Type } from '@sinclair/typebox'

/** What a delivery comes back with: the batch's counts, so that a provider's system can reconcile what it sent. */
export const BatchSummaryResponse = Type.Object({
  batchId: Type.String({ format: 'uuid' }),
  itemKey: Type.String(),
  provider: Type.String(),
  method: Type.Union([Type.Literal('table'), Type.Literal('api'), Type.Literal('file'), Type.Literal('national')]),
  catalogVersion: Type.Integer({ description: '记录入库时的共享清单版本 / the catalog version the records were collected under' }),
  status: Type.Union([Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  received: Type.Integer({ description: '接收条数 / records received' }),
  stored: Type.Integer({ description: '入库条数（新记录或新版本）/ stored: new records or new versions' }),
  quarantined: Type.Integer({ description: '隔离条数（未通过校验，附原因）/ quarantined with their reasons' }),
  quarantineRepeats: Type.Integer({ description: '其中此前已在隔离区的条数 / of those, already waiting in the quarantine' }),
  duplicates: Type.Integer({ description: '重复条数（内容已入库，不重复存储）/ already stored, not stored again' }),
  resumed: Type.Boolean({ description: '是否续传了此前中断的批次 / whether an interrupted batch was continued' }),
  warnings: Type.Array(Type.String(), { description: '关于整个批次的提示，如忽略的列 / notes about the whole batch, e.g. ignored columns' }),
})

/** A file's batch also says how the file was read. */
export const FileBatchSummaryResponse = Type.Composite([BatchSummaryResponse, Type.Object({
  format: Type.String({ description: 'csv · xlsx · jsonl' }),
  encoding: Type.String({ description: 'utf8 · gb18030 · binary (XLSX)' }),
})])

/** A moment: a `Date` in the services, ISO 8601 on the wire. */
const At = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })
const NullableAt = Type.Unsafe<Date | string | null>({ type: ['string', 'null'], format: 'date-time' })
const NullableText = Type.Union([Type.String(), Type.Null()])

/**
 * A batch as stored: counters, where it stands (position, watermark) and its provenance. Documents every column; the
 * object stays open (`additionalProperties`) so that a column added later is never silently dropped from answers.
 */
export const BatchResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  item_key: Type.String(),
  provider: Type.String(),
  method: Type.String({ description: 'file · api · table · national' }),
  catalog_version: Type.Integer(),
  source: NullableText,
  content_hash: NullableText,
  status: Type.String({ description: 'running 进行中（可续传）· completed 已完成 · failed 失败' }),
  received: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  quarantined: Type.Integer(),
  quarantine_repeats: Type.Integer(),
  filled_fields: Type.Optional(Type.Number({ description: '有效记录中已填字段总数（完整性）/ filled fields over valid records' })),
  position: Type.Integer({ description: '已提交到第几条 / records committed so far' }),
  watermark: Type.Unknown({ description: '库表、国家平台拉取的水位 / where a pull stands' }),
  options: Type.Record(Type.String(), Type.Unknown()),
  error: NullableText,
  created_by: NullableText,
  started_at: At,
  updated_at: At,
  finished_at: NullableAt,
}, { additionalProperties: true })

export const BatchListResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(BatchResponse) })

/** Why a record was refused: the field ('*' for the record as a whole), a stable code, Chinese and English. */
export const IssueResponse = Type.Object({ field: Type.String(), code: Type.String(), zh: Type.String(), en: Type.String() }, { additionalProperties: true })

/** A quarantined record: what was sent (ID numbers masked), why it was refused, and what became of it. */
export const QuarantineResponse = Type.Object({
  batch_id: Type.String({ format: 'uuid' }),
  position: Type.Integer({ description: '在来源中的位置（行号等）/ where it stood in the source' }),
  item_key: Type.String(),
  provider: Type.String(),
  raw: Type.Record(Type.String(), Type.Unknown()),
  issues: Type.Array(IssueResponse),
  status: Type.String({ description: 'open 待处理 · resubmitted 已重新提交 · discarded 已作废' }),
  created_at: At,
  resolved_by: NullableText,
  resolved_at: NullableAt,
  resolved_batch_id: NullableText,
}, { additionalProperties: true })

export const QuarantineListResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(QuarantineResponse) })

/** GET /api/quality/name-mismatches: names other items gave a subject that its registration never did. */
export const NameMismatchListResponse = Type.Object({
  total: Type.Integer(),
  rows: Type.Array(Type.Object({
    subjectKey: Type.String(),
    itemKey: Type.String(),
    provider: Type.String(),
    name: Type.String({ description: '记录中的名称（原样，未写入主体）' }),
    registeredName: Type.Union([Type.String(), Type.Null()], { description: '登记名称' }),
    times: Type.Integer({ description: '出现次数' }),
    firstSeenAt: At,
    lastSeenAt: At,
  })),
})

/** POST /api/ingest/quarantine/:batchId/:position/resubmit: stored as a one-record batch (201)… */
export const ResubmittedResponse = Type.Object({ ok: Type.Literal(true), batch: BatchSummaryResponse })
/** …or still refused, with the new reasons (422). */
export const StillRefusedResponse = Type.Object({ ok: Type.Literal(false), issues: Type.Array(IssueResponse) })

export const OkResponse = Type.Object({ ok: Type.Boolean() })

const Ratio = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description })

/** GET /api/quality: one row per provider and item, from the batches' own counters. */
export const QualityRowResponse = Type.Object({
  provider: Type.String(),
  itemKey: Type.String(),
  itemName: Type.String(),
  batches: Type.Integer(),
  received: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  quarantined: Type.Integer(),
  validity: Ratio('有效率：有效记录占接收记录的比例（0–1），尚无报送时为空'),
  completeness: Ratio('完整性：有效记录中已填字段的比例（0–1）'),
  duplicateRate: Ratio('重复率：已入库内容占接收记录的比例（0–1）'),
  lastDelivery: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: '最近一次完成的报送' }),
  frequency: Type.String({ description: 'weekly · monthly · quarterly · yearly' }),
  dueBy: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: '下次报送的最晚时间；逾期即不及时' }),
  overdue: Type.Boolean(),
  nameMismatches: Type.Integer({ description: '记录中与登记名称不符的主体名称数（见 /api/quality/name-mismatches）' }),
})

export const QualityResponse = Type.Array(QualityRowResponse)

export const QualityQuery = Type.Object({
  provider: Type.Optional(Type.String()),
  itemKey: Type.Optional(Type.String()),
  sinceDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: '统计最近多少天的批次，缺省 365' })),
})

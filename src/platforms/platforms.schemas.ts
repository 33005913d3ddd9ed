import { Type } from '@sinclair/typebox'

const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })
const NullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description })

export const FeedChangesQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 80, description: '上一次拉取返回的 next 游标；不带则从头拉取（新平台或本地副本丢失请先用 /api/feed/snapshot 全量同步）' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: '每页条数（上限见 XINSHU_FEED_PAGE_MAX，默认 1000）' })),
}, { additionalProperties: false })

export const FeedEntrySchema = Type.Object({
  seq: Type.Integer({ description: '变更编号（同类条目内唯一，用于识别已处理的条目；顺序以本页为准）；forget 条目为本平台遗忘通知的编号' }),
  op: Type.Union([Type.Literal('upsert'), Type.Literal('delete'), Type.Literal('forget')], { description: 'upsert：按记录键保存此版本；delete：删除本地副本（撤回、修复、终止公示）；forget：授权终止，删除该主体该信息项全部记录的受限字段（withheld 所列）' }),
  change: Type.String({ description: '变更类型：inserted / corrected / withdrawn / restored …' }),
  subject: Type.String({ description: '主体：统一社会信用代码（自然人为不可逆标识）' }),
  item: Type.String({ description: '信息项' }),
  recordKey: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  committedAt: Type.String({ format: 'date-time' }),
  provider: Type.Optional(Type.String()),
  receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  values: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: '公开字段；受限字段仅在企业对本平台的有效授权覆盖时提供；个人身份号码脱敏' })),
  masked: Type.Optional(Type.Array(Type.String())),
  withheld: Type.Optional(Type.Array(Type.String(), { description: '未提供的受限字段（无有效授权）' })),
  grantId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
})

export const FeedPageResponse = Type.Object({
  platform: Type.String(),
  after: NullableString('本页起点游标'),
  next: Type.String({ description: '下次拉取的 after 游标' }),
  lagSeconds: Type.Integer({ description: '尚未拉取的最早变更距今秒数（0 表示已是最新）' }),
  hasMore: Type.Boolean({ description: '还有更多变更：立即继续拉取' }),
  pending: Type.Boolean({ description: '有已提交但尚未确定顺序的变更：稍后（约 1 秒）再拉取' }),
  changes: Type.Array(FeedEntrySchema),
  skipped: Type.Integer({ description: '本页范围内本平台无权看到的变更数' }),
  forgets: Type.Integer({ description: '本页开头的授权终止遗忘条目数' }),
  audit: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
})

export const SnapshotQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 600, description: '上一页返回的 next 令牌；不带则开始新的全量同步' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: '每页条数（上限见 XINSHU_FEED_PAGE_MAX）' })),
}, { additionalProperties: false })

export const SnapshotPageResponse = Type.Object({
  platform: Type.String(),
  feedCursor: Type.String({ description: '全量同步完成后拉取增量的起点游标（同一次同步各页相同）' }),
  startedAt: Type.String({ format: 'date-time', description: '本次全量同步开始时间' }),
  next: NullableString('下一页令牌；为 null 表示已是最后一页'),
  records: Type.Array(Type.Object({
    subject: Type.String(),
    item: Type.String(),
    recordKey: Type.String(),
    version: Type.Integer(),
    provider: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    values: Type.Record(Type.String(), Type.Unknown(), { description: '公开字段；受限字段仅在企业对本平台的有效授权覆盖时提供；个人身份号码脱敏' }),
    masked: Type.Optional(Type.Array(Type.String())),
    withheld: Type.Optional(Type.Array(Type.String())),
    grantId: Type.Union([Type.String(), Type.Null()]),
  })),
  skipped: Type.Integer({ description: '本页范围内本平台无权看到的记录数' }),
  audit: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
})

export const FeedbackReceiptSchema = Type.Object({
  id: Type.String(),
  rows: Type.Integer(),
  queries: Type.Integer(),
  matches: Type.Integer(),
  loans: Type.Integer(),
  loanAmountFen: Type.Integer(),
  receivedAt: Type.String({ format: 'date-time' }),
  replayed: Type.Optional(Type.Boolean({ description: '重复报送的同一批反馈：返回首次的回执' })),
})

export const FeedStatusResponse = Type.Object({
  platform: Type.String(),
  cursor: NullableString('最近一次拉取返回的 next 游标'),
  behind: Type.Boolean({ description: '有尚未拉取的变更' }),
  lagSeconds: Type.Integer({ description: '尚未拉取的最早变更距今秒数' }),
  pulls: Type.Integer(),
  firstPullAt: NullableString('首次拉取时间'),
  lastPullAt: NullableString('最近拉取时间'),
  retentionDays: Type.Integer({ description: '变更为平台保留的天数；落后更久须重新全量同步' }),
  recentDays: Type.Array(Type.Object({ day: Type.String(), pulls: Type.Integer(), upserts: Type.Integer(), tombstones: Type.Integer(), granted: Type.Integer() })),
  recentFeedback: Type.Array(FeedbackReceiptSchema),
})

const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000, description })

export const FeedbackBody = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$', description: '平台自定的反馈编号：同一编号同一内容重复报送只记一次' }),
  rows: Type.Array(Type.Object({
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '主体统一社会信用代码（或公民身份号码）；不填表示全平台当日合计' })),
    date: IsoDate('使用日期（北京时间）'),
    queries: Count('查询次数'),
    matches: Count('匹配（推荐）次数'),
    loans: Count('放款笔数'),
    loanAmountFen: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000_000, description: '放款金额（分）' })),
  }, { additionalProperties: false }), { minItems: 1, description: '按主体和日期的使用情况' }),
}, { additionalProperties: false })

export const FeedbackIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export const FeedbackListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false })

export const UsageQuery = Type.Object({
  from: Type.Optional(IsoDate('日期自（含）')),
  to: Type.Optional(IsoDate('日期至（含）')),
}, { additionalProperties: false })

export const UsageResponse = Type.Object({
  filter: UsageQuery,
  platforms: Type.Array(Type.Object({
    platform: Type.String(),
    pulls: Type.Integer(),
    lastPullAt: NullableString('最近拉取时间'),
    lagSeconds: Type.Union([Type.Integer(), Type.Null()], { description: '尚未拉取的最早变更距今秒数（从未拉取为 null）' }),
    upserts: Type.Integer({ description: '下发记录数' }),
    tombstones: Type.Integer({ description: '下发删除数' }),
    granted: Type.Integer({ description: '含授权（受限）字段的记录数' }),
    subjectsDelivered: Type.Integer({ description: '累计下发主体数' }),
    reports: Type.Integer({ description: '反馈批次' }),
    queries: Type.Integer(),
    matches: Type.Integer(),
    loans: Type.Integer(),
    loanAmountFen: Type.Integer(),
    subjectsUsed: Type.Integer({ description: '期间反馈涉及的主体数' }),
    usedShareBp: Type.Union([Type.Integer(), Type.Null()], { description: '使用率（基点）' }),
  })),
})

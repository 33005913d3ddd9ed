import { defineErrors } from '../core/index.js'

export const PlatformErrors = defineErrors('PLATFORM', {
  NOT_A_PLATFORM: { type: 'not_allowed', zh: '仅融资信用服务平台可拉取共享数据增量和报送使用反馈', en: 'only service platforms may pull the feed and report usage' },
  NO_ORGANIZATION: { type: 'not_allowed', zh: '当前账号未关联服务平台', en: 'this account acts for no platform' },
  CURSOR_INVALID: { type: 'invalid_data', zh: '游标无效：%s。请使用本平台上一次拉取返回的 next 游标，或不带 after 从头拉取', en: 'invalid cursor: %s; use the `next` cursor of your previous pull, or pull without `after` to start over' },
  CURSOR_EXPIRED: { type: 'gone', zh: '游标已过期，请先取快照：此游标之后的变更中有提交于 %s 的，已超出 %s 天的保留期（可能已被清理）。请清空本地副本，逐页拉取全量快照 GET /api/feed/snapshot，再从其 feedCursor 继续拉取增量', en: 'cursor expired, take a snapshot: changes after this cursor include one committed at %s, beyond the %s-day retention window (it may have been pruned); resync via snapshot: clear your copy, page through GET /api/feed/snapshot, then pull the feed from its feedCursor' },
  SNAPSHOT_TOKEN_INVALID: { type: 'invalid_data', zh: '全量同步令牌无效：%s。请使用本平台上一页返回的 next 令牌，或不带 after 重新开始', en: 'invalid snapshot token: %s; use the `next` token of your previous page, or start again without `after`' },
  SNAPSHOT_EXPIRED: { type: 'gone', zh: '本次全量同步开始于 %s，已超出 %s 天的保留期，其增量起点不再有效：请不带 after 重新开始全量同步', en: 'this snapshot began at %s, beyond the %s-day retention window, so its feed cursor is no longer good; start a new snapshot without `after`' },
  LIMIT_INVALID: { type: 'invalid_data', zh: '每页条数须在 1 到 %s 之间', en: 'limit must be between 1 and %s' },
  FEEDBACK_INVALID: { type: 'invalid_data', zh: '使用反馈有 %s 处错误，整批未接收（逐行说明见 errors）', en: 'the usage report has %s errors and was not taken (see errors, row by row)' },
  FEEDBACK_TOO_LARGE: { type: 'too_large', zh: '一次反馈最多 %s 行，本次 %s 行，请分批报送', en: 'a usage report holds at most %s rows, this one has %s; send it in parts' },
  FEEDBACK_ID_REUSED: { type: 'conflict', zh: '反馈编号 %s 已用于内容不同的另一批反馈；重发同一批请保持内容不变，新的一批请换新编号', en: 'feedback id %s was already used for different content; resend a report unchanged, or give a new report a new id' },
  FEEDBACK_NOT_FOUND: { type: 'not_found', zh: '本平台没有编号为 %s 的反馈', en: 'this platform has no usage report %s' },
  USAGE_NOT_ALLOWED: { type: 'not_allowed', zh: '仅信用服务中心和监管部门可查看平台使用情况', en: 'only the credit service centre and supervisors may read platform usage' },
  USAGE_FILTER_INVALID: { type: 'invalid_data', zh: '统计条件有误：%s', en: 'the usage filter is invalid: %s' },
})

/** Why one row of a usage report is refused: each appears in the report's `errors`, with its row and field. */
export const FeedbackRowErrors = defineErrors('PLATFORM_FEEDBACK', {
  DATE_INVALID: { type: 'invalid_data', zh: '日期无效：%s（应为 YYYY-MM-DD 的真实日期）', en: 'invalid date: %s (expected a real YYYY-MM-DD date)' },
  DATE_FUTURE: { type: 'invalid_data', zh: '日期 %s 晚于今天（北京时间），不能反馈尚未发生的使用', en: 'date %s is after today (Beijing time): usage cannot be reported in advance' },
  SUBJECT_INVALID: { type: 'invalid_data', zh: '主体代码无效：%s（%s），应为统一社会信用代码或公民身份号码', en: 'invalid subject code: %s (%s); expected a USCC or an ID number' },
  ROW_REPEATED: { type: 'invalid_data', zh: '与第 %s 行重复（同一主体同一天只报一行）', en: 'repeats row %s (one row per subject and day)' },
  AMOUNT_WITHOUT_LOANS: { type: 'invalid_data', zh: '放款笔数为 0 时放款金额应为 0', en: 'a loan amount needs at least one loan' },
  ROW_EMPTY: { type: 'invalid_data', zh: '查询、匹配、放款均为 0 的行无需报送', en: 'a row with no queries, matches or loans says nothing' },
})

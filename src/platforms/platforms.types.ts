import type { RecordChange as RecordsChange } from '../records/index.js'

/**
 * One change of the records change feed, as the platform feed reads it: which record version changed, how (`kind`),
 * by which write path (`source`), when (`at`); `seq` is unique per change, not the order (pages are in commit order).
 */
export type RecordChange = Pick<RecordsChange, 'seq' | 'subjectKey' | 'itemKey' | 'recordKey' | 'version' | 'kind' | 'source' | 'at'>

/**
 * Where the platform feed reads changes from: the records change feed, behind this small interface so that the feed
 * depends on what it uses, not on how records keeps it. Cursors are the records feed's own opaque text.
 */
export interface ChangeSource {
  /** The cursor before every change. */
  readonly start: string
  /** The cursor of "now": every change not yet final at the call lies after it (a snapshot's starting point). */
  now(): Promise<string>
  isCursor(text: string): boolean
  /**
   * Changes after `after`, in commit order, at most `limit`; `cursor` is where to continue, `more` that a full page
   * came, `pending` that changes are committed but not yet final (an older transaction is still open).
   */
  read(after: string, limit: number): Promise<{ changes: RecordChange[]; cursor: string; more: boolean; pending: boolean }>
  /**
   * Whether changes after `after` may have been pruned (the cursor is below the last change deleted), and when that
   * change was committed; null when nothing after it was. Asked after `read`, so a prune that raced the read is seen.
   */
  lost(after: string): Promise<Date | null>
}

/**
 * How a platform applies one entry: keep the record as given, remove it (withdrawn, repaired, 终止公示), or forget the
 * restricted fields (`withheld`) of every record of the subject's item, because the grant it got them under ended.
 */
export type FeedOp = 'upsert' | 'delete' | 'forget'

/** One entry of a feed page. */
export interface FeedEntry {
  /** The change's number: unique, so a platform can tell a change it has applied already (pages are in commit order, not by this). */
  seq: number
  op: FeedOp
  /** What happened to the record, as the records context names it (inserted, corrected, withdrawn, restored, …). */
  change: string
  /** The subject's USCC (or, for a natural person, the hub's non-reversible key). */
  subject: string
  item: string
  /** The record (empty for `forget`: every record of the item). */
  recordKey: string
  version: number | null
  committedAt: string
  /** Upserts: the provider and when the hub received this version. */
  provider?: string
  receivedAt?: string
  /** Upserts: public fields, restricted ones only under a live grant, personal identifiers masked. */
  values?: Record<string, unknown>
  /** Fields shown masked. */
  masked?: string[]
  /** Fields left out (restricted, no live grant to this platform covering the item). */
  withheld?: string[]
  /** The grant under which restricted fields were shown. */
  grantId?: string | null
}

export interface FeedPage {
  platform: string
  /** The cursor the page was read after (null: from the start). */
  after: string | null
  /** The cursor to pass as `after` next time; equal to `after` when nothing new was there. */
  next: string
  /** How old the oldest change not yet pulled is, in seconds (0: up to date). */
  lagSeconds: number
  /** More changes wait beyond this page: pull again at once. */
  hasMore: boolean
  /** Changes are committed but not final yet: pull again in a moment. */
  pending: boolean
  changes: FeedEntry[]
  /** Changes in the page's range this platform may not see at all (an all-restricted item without a grant). */
  skipped: number
  /** Forget entries at the head of the page. */
  forgets: number
  /** The audit entry of this page, when it disclosed anything beyond public fields. */
  audit: { seq: number; hash: string } | null
}

/** One record of a snapshot page: the record's current version, cut as the feed cuts it. */
export interface SnapshotRecord {
  subject: string
  item: string
  recordKey: string
  version: number
  provider: string
  receivedAt: string
  values: Record<string, unknown>
  masked?: string[]
  withheld?: string[]
  /** The grant under which restricted fields were shown (null: none shown). */
  grantId: string | null
}

/** A page of the snapshot: every current shareable record in key order, then the feed from `feedCursor`. */
export interface SnapshotPage {
  platform: string
  /** Where to pull the feed from once the last page is applied (the same on every page of one snapshot). */
  feedCursor: string
  /** When the snapshot began; its pages and its feed cursor are good for the feed's retention window from then. */
  startedAt: string
  /** The token for the next page (null: this was the last). */
  next: string | null
  records: SnapshotRecord[]
  /** Records in the page's range this platform may not see at all. */
  skipped: number
  audit: { seq: number; hash: string } | null
}

/** A platform's standing in the feed, for its own 数据订阅 page. */
export interface FeedStatus {
  platform: string
  /** The `next` cursor of its latest pull (null before the first). */
  cursor: string | null
  /** Changes wait that it has not pulled yet; how old the oldest of them is, in seconds. */
  behind: boolean
  lagSeconds: number
  pulls: number
  firstPullAt: string | null
  lastPullAt: string | null
  /** Changes older than this many days are not kept for platforms: a platform that far behind must resync. */
  retentionDays: number
  recentDays: DeliveryDay[]
  recentFeedback: FeedbackReceipt[]
}

export interface DeliveryDay {
  day: string
  pulls: number
  upserts: number
  tombstones: number
  granted: number
}

/** One row of a usage report (§七 反馈): per subject and day, or for the platform as a whole that day. */
export interface FeedbackRowInput {
  /** The subject's USCC (or ID number); absent for a platform-wide count of the day. */
  subject?: string | undefined
  /** Beijing date, YYYY-MM-DD. */
  date: string
  queries: number
  matches: number
  loans: number
  /** Amount lent, in 分. */
  loanAmountFen?: number | undefined
}

export interface FeedbackInput {
  /** The platform's own id for this report: sending it again with the same content is harmless. */
  id: string
  rows: FeedbackRowInput[]
}

/** Why one row (or field) of a usage report was refused. */
export interface FeedbackRowError {
  row: number
  field: string
  code: string
  zh: string
  en: string
}

export interface FeedbackReceipt {
  id: string
  rows: number
  queries: number
  matches: number
  loans: number
  loanAmountFen: number
  receivedAt: string
  /** True when this answer repeats the receipt of an earlier identical report. */
  replayed?: boolean
}

export interface UsageFilter {
  from?: string | undefined
  to?: string | undefined
}

/** Usage per platform (§七): what the feed delivered and what the platform reported it did with it. */
export interface PlatformUsage {
  platform: string
  pulls: number
  lastPullAt: string | null
  /** How old the oldest change it has not pulled is, in seconds (null: it never pulled). */
  lagSeconds: number | null
  upserts: number
  tombstones: number
  granted: number
  subjectsDelivered: number
  reports: number
  queries: number
  matches: number
  loans: number
  loanAmountFen: number
  subjectsUsed: number
  /** Subjects used / subjects delivered, in basis points (null when none delivered). */
  usedShareBp: number | null
}

export interface UsageReport {
  filter: UsageFilter
  platforms: PlatformUsage[]
}

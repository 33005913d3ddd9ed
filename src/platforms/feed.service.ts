import { beijingDate, beijingTime } from '../core/index.js'
import type { Database, Sql } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import { DEFAULT_MASKING, type GrantService, type MaskingPolicy, type Principal } from '../access/index.js'
import type { AuditService } from '../audit/index.js'
import { readRecordVersions, recordVersionKey } from '../records/index.js'
import { feedCursors, type FeedPosition } from './feed-cursor.js'
import { platformCut } from './feed-cut.js'
import { issueForgets } from './forget.js'
import { createSnapshot } from './snapshot.js'
import { pageDisclosure } from './page-disclosure.js'
import { PlatformErrors } from './platforms.errors.js'
import { createPlatformsRepository, type PullRecord } from './platforms.repository.js'
import type { ChangeSource, FeedEntry, FeedOp, FeedPage, FeedStatus, RecordChange, SnapshotPage } from './platforms.types.js'

/** Page sizes of the feed and how long changes are kept for platforms (XINSHU_FEED_PAGE_DEFAULT, XINSHU_FEED_PAGE_MAX, XINSHU_FEED_RETENTION_DAYS). */
export interface FeedLimits {
  defaultPage: number
  maxPage: number
  retentionDays: number
}

export const DEFAULT_FEED_LIMITS: FeedLimits = { defaultPage: 200, maxPage: 1000, retentionDays: 30 }

const DAY_MS = 86_400_000

/** A position as stored in `platforms.feed_state` (`<txid>:<seq>` or `<txid>:<seq>/<forget>`). */
const positionText = (p: FeedPosition): string => (p.forget > 0 ? `${p.change}/${p.forget}` : p.change)
const positionOf = (text: string): FeedPosition => {
  const [change, forget] = text.split('/')
  return { change: change!, forget: forget ? Number(forget) : 0 }
}

/** Changes that take a record out of sharing: the platform deletes its copy (终止公示, 停止共享和使用). */
const REMOVING = /withdraw|repair|remov|delet|revok/i

/** How a platform applies a change of this kind. */
export const opOf = (kind: string): FeedOp => (REMOVING.test(kind) ? 'delete' : 'upsert')

/** What an enterprise says of itself (自愿填报) is shown in its profile, apart from providers' records; it is not fed to platforms. */
const isOwnStatement = (c: RecordChange) => c.source === 'self-declared' || c.kind.startsWith('declar')

/** The platform a principal acts for; the feed and the reports are for platforms only. */
export function platformOf(p: Principal): string {
  if (p.role !== 'platform') throw PlatformErrors.NOT_A_PLATFORM()
  if (!p.organization) throw PlatformErrors.NO_ORGANIZATION()
  return p.organization
}

/**
 * The incremental feed of shared data for service platforms (§九): the records change feed in commit order, each
 * change cut to what this platform may see. Public fields always; restricted fields only for a subject that has a
 * live `view` grant to the platform covering the item; personal identifiers masked; a withdrawn or repaired
 * record comes as a tombstone (`op: 'delete'`). Cursors are tagged for the platform they were given to. A page that
 * discloses anything beyond public fields is written to the audit log before it is returned, and every pull moves
 * the platform's position, its daily counts and the list of subjects it holds records of, in one transaction.
 *
 * @example
 * const page = await feed.changes(platform, { limit: 500 })
 * for (const c of page.changes) c.op === 'delete' ? drop(c) : keep(c)
 * const next = await feed.changes(platform, { after: page.next })
 */
export function createFeedService(deps: {
  db: Database; catalog: CatalogService; grants: Pick<GrantService, 'betweenMany'>; audit: AuditService; changes: ChangeSource
  dataKey: Buffer; masking?: MaskingPolicy; limits?: FeedLimits; now?: () => Date
}) {
  const { db, catalog, grants, audit, changes } = deps
  const masking = deps.masking ?? DEFAULT_MASKING
  const limits = deps.limits ?? DEFAULT_FEED_LIMITS
  const now = deps.now ?? (() => new Date())
  const cursors = feedCursors(deps.dataKey)
  const repo = createPlatformsRepository()
  const platformView = platformCut({ catalog, dataKey: deps.dataKey, masking })
  const { cut, mayTombstone, restrictedFields, covered } = platformView
  const snapshotPage = createSnapshot({ db, grants, audit, changes, repo, cut: platformView, cursors, dataKey: deps.dataKey, retentionDays: limits.retentionDays, now })

  /** Whether a change waits after `cursor`, and how old the oldest one is, in seconds. */
  async function lagOf(cursor: string): Promise<{ behind: boolean; seconds: number }> {
    const first = (await changes.read(cursor, 1)).changes[0]
    return { behind: first !== undefined, seconds: first ? Math.max(0, Math.round((now().getTime() - first.at.getTime()) / 1000)) : 0 }
  }

  function pageSize(limit: number | undefined): number {
    if (limit === undefined) return Math.min(limits.defaultPage, limits.maxPage)
    if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxPage) throw PlatformErrors.LIMIT_INVALID(limits.maxPage)
    return limit
  }

  return {
    /**
     * One page after the platform's cursor (from the start without one): first the forget entries it has not been
     * handed yet (restricted fields of a subject's item whose grant ended), then the changes in commit order.
     */
    async changes(p: Principal, q: { after?: string | undefined; limit?: number | undefined }): Promise<FeedPage> {
      const platform = platformOf(p)
      const limit = pageSize(q.limit)
      const resumed = q.after !== undefined && q.after !== ''
      const t = now()
      // A fresh start holds nothing yet, so there is nothing for it to forget: it starts after the latest forget entry.
      const from: FeedPosition = resumed ? cursors.decode(platform, q.after!) : { change: changes.start, forget: await repo.lastForget(db, platform) }
      const after = from.change
      if (!changes.isCursor(after)) throw PlatformErrors.CURSOR_INVALID('位置格式不符 / malformed position')
      await issueForgets({ db, repo, grants, cut: { covered, restrictedFields } }, platform, t)
      const forgets = await repo.forgetsAfter(db, platform, from.forget, limit)
      const room = limit - forgets.length
      const page = room > 0 ? await changes.read(after, room) : { changes: [], cursor: after, more: true, pending: false }
      // A platform that resumes must not have missed changes the hub no longer promises to keep: a platform that far
      // behind starts again from a snapshot. Starting without a cursor is a fresh start.
      const oldest = page.changes[0]
      if (resumed && oldest && t.getTime() - oldest.at.getTime() > limits.retentionDays * DAY_MS) {
        throw PlatformErrors.CURSOR_EXPIRED(beijingTime(oldest.at), limits.retentionDays)
      }
      // Changes the hub has pruned (records/change-retention.ts) would be a silent gap: asked after the read, so a
      // prune that committed before the read is seen here.
      const lostAt = resumed ? await changes.lost(after) : null
      if (lostAt) throw PlatformErrors.CURSOR_EXPIRED(beijingTime(lostAt), limits.retentionDays)
      const list = page.changes
      const subjects = [...new Set(list.map((c) => c.subjectKey))]
      const grantMap = await grants.betweenMany(platform, subjects)
      const upserts = list.filter((c) => opOf(c.kind) === 'upsert' && !isOwnStatement(c))
      const found = await readRecordVersions(db, upserts.map((c) => ({ subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version })))
      const entries: FeedEntry[] = forgets.map((f) => ({
        seq: f.id, op: 'forget', change: f.reason, subject: f.subjectKey, item: f.itemKey, recordKey: '', version: null, committedAt: f.at, withheld: [...f.fields], grantId: f.grantId,
      }))
      const disclosure = pageDisclosure()
      let skipped = 0
      let granted = 0
      let tombstones = 0
      for (const c of list) {
        const op = opOf(c.kind)
        const base = { seq: c.seq, op, change: c.kind, committedAt: c.at.toISOString() }
        let entry: FeedEntry | undefined
        if (isOwnStatement(c)) entry = undefined
        else if (op === 'delete') {
          if (mayTombstone(c.itemKey, grantMap.get(c.subjectKey))) {
            entry = { ...base, subject: c.subjectKey, item: c.itemKey, recordKey: c.recordKey, version: c.version }
            tombstones++
          }
        } else {
          const rec = found.get(recordVersionKey({ subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version }))
          const shaped = rec ? cut(rec, grantMap.get(c.subjectKey)) : undefined
          if (shaped) {
            const { nonPublic, ...rest } = shaped
            entry = { ...base, ...rest }
            disclosure.shown(c.subjectKey, c.itemKey, shaped)
            if (rest.grantId) granted++
          }
        }
        if (!entry) {
          skipped++
          continue
        }
        entries.push(entry)
        disclosure.sent(c.subjectKey)
      }
      const auditRef = await disclosure.audit(audit, p, 'feed.read', { after, next: page.cursor, changes: entries.length })
      const next: FeedPosition = { change: page.cursor, forget: forgets.at(-1)?.id ?? from.forget }
      const pull: PullRecord = {
        platform, acked: positionText(from), served: positionText(next), at: t, day: beijingDate(t), upserts: entries.length - tombstones - forgets.length, tombstones,
        granted, subjects: disclosure.subjects(), grantedItems: disclosure.grantedItems(),
      }
      await db.transaction((tx) => repo.recordPull(tx, pull))
      const last = list[list.length - 1]
      return {
        platform, after: resumed ? q.after! : null, next: cursors.encode(platform, next),
        lagSeconds: page.more && last ? Math.max(0, Math.round((t.getTime() - last.at.getTime()) / 1000)) : 0,
        hasMore: page.more, pending: page.pending, changes: entries, skipped, forgets: forgets.length, audit: auditRef,
      }
    },

    /**
     * One page of the resync snapshot: every current shareable record in key order (see snapshot.ts for why the
     * snapshot and then the feed from its `feedCursor` miss nothing).
     */
    async snapshot(p: Principal, q: { after?: string | undefined; limit?: number | undefined }): Promise<SnapshotPage> {
      return snapshotPage(p, platformOf(p), { after: q.after || undefined, limit: pageSize(q.limit) })
    },

    /** The platform's own standing: its cursor, whether changes wait and how old, its latest pulls and reports. */
    async status(p: Principal): Promise<FeedStatus> {
      const platform = platformOf(p)
      const [state, recentDays, recentFeedback] = await Promise.all([repo.state(db, platform), repo.recentDays(db, platform, 14), repo.recentFeedback(db, platform, 10)])
      const served = state ? positionOf(state.served_cursor) : undefined
      const lag = await lagOf(served?.change ?? changes.start)
      return {
        platform, cursor: served ? cursors.encode(platform, served) : null, behind: lag.behind,
        lagSeconds: lag.seconds, pulls: state ? Number(state.pulls) : 0,
        firstPullAt: state ? new Date(state.first_pull_at).toISOString() : null, lastPullAt: state ? new Date(state.last_pull_at).toISOString() : null,
        retentionDays: limits.retentionDays, recentDays, recentFeedback,
      }
    },

    /** How far behind a platform that has pulled before is (null: never pulled), for the usage table. */
    async lagOfPlatform(platform: string): Promise<number | null> {
      const state = await repo.state(db, platform)
      return state ? (await lagOf(positionOf(state.served_cursor).change)).seconds : null
    },

    /** Platforms that were sent records of a subject (for repair and withdrawal notices). */
    recipients: (subjectKey: string) => repo.recipients(db, subjectKey),

    /**
     * Platforms that received a record of this subject's item, for repair and withdrawal notices: those sent any record
     * of the subject when the item has public fields (the feed sends those to every platform), and those sent the
     * item's restricted fields under a grant. Read within the caller's transaction when given one.
     */
    async recipientsOfItem(sql: Sql, subjectKey: string, itemKey: string): Promise<string[]> {
      const viaGrant = await repo.grantedRecipients(sql, subjectKey, itemKey)
      const hasPublic = catalog.current().get(itemKey)?.item.fields.some((f) => f.sensitivity === 'public') ?? false
      const viaFeed = hasPublic ? (await repo.recipients(sql, subjectKey)).map((r) => r.platform) : []
      return [...new Set([...viaFeed, ...viaGrant])].sort()
    },
  }
}

export type FeedService = ReturnType<typeof createFeedService>

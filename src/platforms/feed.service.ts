import { beijingDate, beijingTime } from '../core/index.js'
import { isSealed, unseal } from '../core/index.js'
import type { Database } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import { liveCoverage, DEFAULT_MASKING, disclose, maskIdentifier, MODES_FOR, type Grant, type GrantService, type MaskingPolicy, type Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import { readRecordVersions, recordVersionKey, type StoredRecordVersion as RecordVersion } from '../records/index.js'
import { feedCursors } from './feed-cursor.js'
import { PlatformErrors } from './platforms.errors.js'
import { createPlatformsRepository, type PullRecord } from './platforms.repository.js'
import type { ChangeSource, FeedEntry, FeedOp, FeedPage, FeedStatus, RecordChange } from './platforms.types.js'

/** Page sizes of the feed and how long changes are kept for platforms (XINSHU_FEED_PAGE_DEFAULT, XINSHU_FEED_PAGE_MAX, XINSHU_FEED_RETENTION_DAYS). */
export interface FeedLimits {
  defaultPage: number
  maxPage: number
  retentionDays: number
}

export const DEFAULT_FEED_LIMITS: FeedLimits = { defaultPage: 200, maxPage: 1000, retentionDays: 30 }

const DAY_MS = 86_400_000

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

  /** What this platform sees of one record version, or undefined when it may see none of it. */
  function cut(change: RecordChange, rec: RecordVersion, grantsOf: Grant[] | undefined): Omit<FeedEntry, 'seq' | 'op' | 'change' | 'committedAt'> & { nonPublic: string[] } | undefined {
    const resolved = catalog.current().get(change.itemKey)
    if (!resolved) return undefined
    const { item, category } = resolved
    const coverage = grantsOf ? liveCoverage(grantsOf, MODES_FOR.view) : undefined
    const grant = coverage?.covering(item.key, category.key)
    const hasPublic = item.fields.some((f) => f.sensitivity === 'public')
    const byKey = new Map(item.fields.map((f) => [f.key, f]))
    const values: Record<string, unknown> = {}
    const masked: string[] = []
    const withheld: string[] = []
    const nonPublic: string[] = []
    let restrictedShown = false
    for (const [key, raw] of Object.entries(rec.data)) {
      const sensitivity = byKey.get(key)?.sensitivity ?? 'restricted'
      // A platform reads as an institution does: restricted fields under its own grant, identifiers never whole.
      const d = disclose(sensitivity, { basis: 'institution', itemHasPublicFields: hasPublic, granted: grant !== undefined, revealed: false })
      if (d === 'withhold') {
        withheld.push(key)
        continue
      }
      let v = raw
      // Sealed values are natural persons' ID numbers; an organisation's USCC in an ID-or-USCC field is public.
      if (isSealed(v)) {
        v = maskIdentifier(unseal(deps.dataKey, v), masking)
        masked.push(key)
      }
      if (sensitivity !== 'public') nonPublic.push(`${item.key}.${key}`)
      if (sensitivity === 'restricted') restrictedShown = true
      values[key] = v
    }
    if (Object.keys(values).length === 0) return undefined
    return {
      subject: change.subjectKey, item: change.itemKey, recordKey: change.recordKey, version: rec.version,
      provider: rec.provider, receivedAt: rec.receivedAt, values,
      ...(masked.length ? { masked } : {}), ...(withheld.length ? { withheld } : {}),
      grantId: restrictedShown && grant ? grant.id : null,
      nonPublic,
    }
  }

  /** Whether a tombstone may be sent: the platform could ever have seen something of the record. */
  function mayTombstone(change: RecordChange, grantsOf: Grant[] | undefined): boolean {
    const resolved = catalog.current().get(change.itemKey)
    if (!resolved) return false
    if (resolved.item.fields.some((f) => f.sensitivity === 'public')) return true
    // Only a grant that was once in force let the platform see the record (a request or a refusal never did).
    return (grantsOf ?? []).some((g) => (g.status === 'active' || g.status === 'revoked' || g.status === 'expired') && (g.items.includes(change.itemKey) || g.categories.includes(resolved.category.key)))
  }

  return {
    /** One page of changes after the platform's cursor (from the start without one). */
    async changes(p: Principal, q: { after?: string | undefined; limit?: number | undefined }): Promise<FeedPage> {
      const platform = platformOf(p)
      const limit = pageSize(q.limit)
      const resumed = q.after !== undefined && q.after !== ''
      const after = resumed ? cursors.decode(platform, q.after!) : changes.start
      if (!changes.isCursor(after)) throw PlatformErrors.CURSOR_INVALID('位置格式不符 / malformed position')
      const t = now()
      const page = await changes.read(after, limit)
      // A platform that resumes must not have missed changes the hub no longer promises to keep: a platform that far
      // behind starts again from a full copy. Starting without a cursor is that fresh start.
      const oldest = page.changes[0]
      if (resumed && oldest && t.getTime() - oldest.at.getTime() > limits.retentionDays * DAY_MS) {
        throw PlatformErrors.CURSOR_EXPIRED(beijingTime(oldest.at), limits.retentionDays)
      }
      const list = page.changes
      const subjects = [...new Set(list.map((c) => c.subjectKey))]
      const grantMap = await grants.betweenMany(platform, subjects)
      const upserts = list.filter((c) => opOf(c.kind) === 'upsert' && !isOwnStatement(c))
      const found = await readRecordVersions(db, upserts.map((c) => ({ subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version })))
      const entries: FeedEntry[] = []
      const fields = new Set<string>()
      const items = new Set<string>()
      const grantIds = new Set<string>()
      const disclosedSubjects = new Set<string>()
      const sent = new Set<string>()
      let skipped = 0
      let granted = 0
      let tombstones = 0
      for (const c of list) {
        const op = opOf(c.kind)
        const base = { seq: c.seq, op, change: c.kind, committedAt: c.at.toISOString() }
        let entry: FeedEntry | undefined
        if (isOwnStatement(c)) entry = undefined
        else if (op === 'delete') {
          if (mayTombstone(c, grantMap.get(c.subjectKey))) {
            entry = { ...base, subject: c.subjectKey, item: c.itemKey, recordKey: c.recordKey, version: c.version }
            tombstones++
          }
        } else {
          const rec = found.get(recordVersionKey({ subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version }))
          const shaped = rec ? cut(c, rec, grantMap.get(c.subjectKey)) : undefined
          if (shaped) {
            const { nonPublic, ...rest } = shaped
            entry = { ...base, ...rest }
            if (nonPublic.length) {
              for (const f of nonPublic) fields.add(f)
              items.add(c.itemKey)
              disclosedSubjects.add(c.subjectKey)
            }
            if (rest.grantId) {
              grantIds.add(rest.grantId)
              granted++
            }
          }
        }
        if (!entry) {
          skipped++
          continue
        }
        entries.push(entry)
        sent.add(c.subjectKey)
      }
      let auditRef: FeedPage['audit'] = null
      if (fields.size) {
        const subjectList = [...disclosedSubjects]
        const e = await audit.append({
          actor: actorOf(p), action: 'feed.read',
          subjectKey: subjectList.length === 1 ? subjectList[0]! : null,
          items: [...items], fields: [...fields], grantId: [...grantIds][0] ?? null, purpose: '融资',
          details: { after, next: page.cursor, changes: entries.length, subjects: subjectList, grants: [...grantIds] },
        })
        auditRef = { seq: e.seq, hash: e.hash }
      }
      const pull: PullRecord = { platform, acked: after, served: page.cursor, at: t, day: beijingDate(t), upserts: entries.length - tombstones, tombstones, granted, subjects: [...sent] }
      await db.transaction((tx) => repo.recordPull(tx, pull))
      const last = list[list.length - 1]
      return {
        platform, after: resumed ? q.after! : null, next: cursors.encode(platform, page.cursor),
        lagSeconds: page.more && last ? Math.max(0, Math.round((t.getTime() - last.at.getTime()) / 1000)) : 0,
        hasMore: page.more, pending: page.pending, changes: entries, skipped, audit: auditRef,
      }
    },

    /** The platform's own standing: its cursor, whether changes wait and how old, its latest pulls and reports. */
    async status(p: Principal): Promise<FeedStatus> {
      const platform = platformOf(p)
      const [state, recentDays, recentFeedback] = await Promise.all([repo.state(db, platform), repo.recentDays(db, platform, 14), repo.recentFeedback(db, platform, 10)])
      const lag = await lagOf(state?.served_cursor ?? changes.start)
      return {
        platform, cursor: state ? cursors.encode(platform, state.served_cursor) : null, behind: lag.behind,
        lagSeconds: lag.seconds, pulls: state ? Number(state.pulls) : 0,
        firstPullAt: state ? new Date(state.first_pull_at).toISOString() : null, lastPullAt: state ? new Date(state.last_pull_at).toISOString() : null,
        retentionDays: limits.retentionDays, recentDays, recentFeedback,
      }
    },

    /** How far behind a platform that has pulled before is (null: never pulled), for the usage table. */
    async lagOfPlatform(platform: string): Promise<number | null> {
      const state = await repo.state(db, platform)
      return state ? (await lagOf(state.served_cursor)).seconds : null
    },

    /** Platforms that were sent records of a subject (for repair and withdrawal notices). */
    recipients: (subjectKey: string) => repo.recipients(db, subjectKey),
  }
}

export type FeedService = ReturnType<typeof createFeedService>

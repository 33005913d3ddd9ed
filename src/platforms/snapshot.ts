import { timingSafeEqual } from 'node:crypto'
import { beijingDate, beijingTime, hmacSm3 } from '../core/index.js'
import type { Database } from '../core/index.js'
import type { GrantService, Principal } from '../access/index.js'
import type { AuditService } from '../audit/index.js'
import { readCurrentRecordsPage, RECORDS_START, type RecordPosition } from '../records/index.js'
import type { FeedCursors } from './feed-cursor.js'
import type { PlatformCut } from './feed-cut.js'
import { PlatformErrors } from './platforms.errors.js'
import { pageDisclosure } from './page-disclosure.js'
import type { PlatformsRepository } from './platforms.repository.js'
import type { ChangeSource, SnapshotPage, SnapshotRecord } from './platforms.types.js'

const DAY_MS = 86_400_000

/** What a snapshot token carries: where the feed continues, when the snapshot began, and the last record handed out. */
interface SnapshotState {
  /** The records change cursor taken when the snapshot began, and the platform's last forget entry then. */
  change: string
  forget: number
  startedMs: number
  at: RecordPosition
}

/**
 * Snapshot tokens: the state as base64url JSON, then `.` and a tag (HMAC-SM3 over the platform's name and the state,
 * under a key of its own derived from the data key). A token is good only for the platform it was handed to and
 * cannot be edited to start elsewhere.
 */
export function snapshotTokens(dataKey: Buffer) {
  const key = Buffer.from(hmacSm3(dataKey, 'xinshu/platforms/snapshot-token/v1'), 'hex')
  const tag = (platform: string, body: string) => hmacSm3(key, `${platform}\u0000${body}`).slice(0, 32)
  return {
    encode(platform: string, s: SnapshotState): string {
      const body = Buffer.from(JSON.stringify([s.change, s.forget, s.startedMs, s.at.subjectKey, s.at.itemKey, s.at.recordKey])).toString('base64url')
      return `${body}.${tag(platform, body)}`
    },
    decode(platform: string, text: string): SnapshotState {
      const m = /^([A-Za-z0-9_-]{1,560})\.([0-9a-f]{32})$/.exec(text)
      if (!m) throw PlatformErrors.SNAPSHOT_TOKEN_INVALID('格式应为“内容.校验码” / expected "body.tag"')
      if (!timingSafeEqual(Buffer.from(tag(platform, m[1]!)), Buffer.from(m[2]!))) throw PlatformErrors.SNAPSHOT_TOKEN_INVALID('校验不符，不是发给本平台的令牌 / tag mismatch: not a token given to this platform')
      // The tag held, so the body is one this hub wrote.
      const [change, forget, startedMs, subjectKey, itemKey, recordKey] = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as [string, number, number, string, string, string]
      return { change, forget, startedMs, at: { subjectKey, itemKey, recordKey } }
    },
  }
}

/**
 * The resync snapshot (`GET /api/feed/snapshot`): every current shareable record, in key order, in bounded pages, cut
 * exactly as the feed cuts it, then the feed from the cursor taken when the snapshot began.
 *
 * Why snapshot + feed misses nothing: the feed cursor is the records change feed's horizon at the start (every
 * transaction of this database with an id below it had ended by then). A write by such a transaction is committed
 * before any page is read, so the page covering its record shows it, or something later. A write by any other
 * transaction (still open at the start, or begun after) has a change at or after the horizon, so the feed from the
 * cursor carries it, whether its page was read before or after it. A record the snapshot missed, or showed in a
 * state since changed or withdrawn, is therefore in the feed; the feed may also repeat what a page showed, which
 * applying in order makes harmless (keep the higher version).
 */
export function createSnapshot(deps: {
  db: Database; grants: Pick<GrantService, 'betweenMany'>; audit: AuditService; changes: ChangeSource; repo: PlatformsRepository
  cut: PlatformCut; cursors: FeedCursors; dataKey: Buffer; retentionDays: number; now: () => Date
}) {
  const { db, grants, audit, changes, repo, cut, cursors } = deps
  const tokens = snapshotTokens(deps.dataKey)

  return async function snapshotPage(p: Principal, platform: string, q: { after?: string | undefined; limit: number }): Promise<SnapshotPage> {
    const t = deps.now()
    let state: SnapshotState
    if (q.after) {
      state = tokens.decode(platform, q.after)
      if (t.getTime() - state.startedMs > deps.retentionDays * DAY_MS) throw PlatformErrors.SNAPSHOT_EXPIRED(beijingTime(new Date(state.startedMs)), deps.retentionDays)
    } else {
      // The feed cursor first, then the pages: everything not final at this moment is after the cursor.
      state = { change: await changes.now(), forget: await repo.lastForget(db, platform), startedMs: t.getTime(), at: RECORDS_START }
    }
    const rows = await readCurrentRecordsPage(db, state.at, q.limit)
    const grantMap = await grants.betweenMany(platform, [...new Set(rows.map((r) => r.subjectKey))])
    const records: SnapshotRecord[] = []
    const disclosure = pageDisclosure()
    let skipped = 0
    for (const r of rows) {
      const shaped = cut.cut(r, grantMap.get(r.subjectKey))
      if (!shaped) {
        skipped++
        continue
      }
      const { nonPublic, ...rest } = shaped
      records.push(rest)
      disclosure.sent(r.subjectKey)
      disclosure.shown(r.subjectKey, r.itemKey, shaped)
    }
    const auditRef = await disclosure.audit(audit, p, 'feed.snapshot', { startedAt: new Date(state.startedMs).toISOString(), records: records.length })
    await db.transaction((tx) => repo.recordSnapshotPage(tx, {
      platform, day: beijingDate(t), at: t, upserts: records.length, granted: records.filter((r) => r.grantId).length,
      subjects: disclosure.subjects(), grantedItems: disclosure.grantedItems(),
    }))
    const last = rows.at(-1)
    return {
      platform, feedCursor: cursors.encode(platform, { change: state.change, forget: state.forget }), startedAt: new Date(state.startedMs).toISOString(),
      next: last && rows.length === q.limit ? tokens.encode(platform, { ...state, at: { subjectKey: last.subjectKey, itemKey: last.itemKey, recordKey: last.recordKey } }) : null,
      records, skipped, audit: auditRef,
    }
  }
}

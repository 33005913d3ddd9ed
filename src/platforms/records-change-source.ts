import type { Sql } from '../core/index.js'
import { CHANGE_FEED_START, changeFeedPruned, currentChangeCursor, isChangeCursor, lostByPruning, readRecordChanges } from '../records/index.js'
import type { ChangeSource } from './platforms.types.js'

/**
 * The platform feed's view of the records change feed (records/change-feed.ts): pages in commit order from an
 * opaque `<txid>:<seq>` cursor, never past the horizon below which the set of changes is final.
 *
 * @example
 * const source = recordsChangeSource(db)
 * const page = await source.read(source.start, 500)
 */
export function recordsChangeSource(db: Sql): ChangeSource {
  return {
    start: CHANGE_FEED_START,
    isCursor: isChangeCursor,
    now: () => currentChangeCursor(db),
    async read(after, limit) {
      const page = await readRecordChanges(db, { after, limit })
      return {
        changes: page.changes.map((c) => ({ seq: c.seq, subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version, kind: c.kind, source: c.source, at: c.at })),
        cursor: page.cursor, more: page.more, pending: page.pending,
      }
    },
    async lost(after) {
      const pruned = await changeFeedPruned(db)
      return lostByPruning(after, pruned) ? pruned!.at : null
    },
  }
}

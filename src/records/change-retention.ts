import type { Sql } from '../core/index.js'
import { messageOf, startPeriodicJob } from '../core/index.js'
import { changeCursorParts, compareChangeCursors, currentChangeCursor } from './change-feed.js'
import { createChangeRetentionRepository } from './change-retention.repository.js'

/**
 * Retention of the records change feed (records.change). The table would otherwise grow forever; the platforms'
 * feed promises changes for a window (XINSHU_FEED_RETENTION_DAYS) and resyncs a platform that falls further behind
 * through the snapshot, so older changes serve nobody once the product's own readers have read them.
 *
 * A run deletes, oldest first in the feed's order, changes committed before the window that every in-process
 * consumer has read (each consumer's stored cursor bounds the run: a consumer that stopped, or never started, holds
 * every change after its cursor back). It works in batches of `batchSize`, each one statement and its own short
 * transaction, so no run holds a long lock nor a giant transaction. What stays is a suffix of the feed's order, and
 * the position of the last change deleted is recorded by the statement that deletes: a reader (a platform's cursor)
 * below it may have lost changes, and is told so ({@link changeFeedPruned}) instead of reading past a silent gap.
 *
 * @example
 * const retention = createChangeRetention({ db, retentionDays: 30, consumers: async () => ['812:0', '815:3'] })
 * const { deleted } = await retention.prune()
 */
export function createChangeRetention(deps: {
  db: Sql
  retentionDays: number
  /** The cursors of every in-process consumer of the feed: nothing after the lowest is deleted. */
  consumers: () => Promise<readonly string[]>
  batchSize?: number
  now?: () => Date
}) {
  const repo = createChangeRetentionRepository()
  const now = deps.now ?? (() => new Date())
  const batchSize = deps.batchSize ?? 5000
  let running: Promise<PruneResult> | undefined

  async function run(): Promise<PruneResult> {
    const before = new Date(now().getTime() - deps.retentionDays * 86_400_000)
    // The horizon too: a change of a transaction still open is not final, whatever its age.
    const bounds = [...(await deps.consumers()), await currentChangeCursor(deps.db)]
    const bound = bounds.reduce((lo, c) => (compareChangeCursors(c, lo) < 0 ? c : lo))
    const { txid, seq } = changeCursorParts(bound)
    let deleted = 0
    let batches = 0
    for (;;) {
      const r = await repo.pruneBatch(deps.db, { txid, seq, limit: batchSize, before })
      deleted += r.deleted
      batches++
      if (r.stopped || r.looked < batchSize || r.deleted === 0) break
      // Let other work of this process (requests, the consumers) go between batches.
      await new Promise((resolve) => setImmediate(resolve))
    }
    return { deleted, batches, before, bound, pruned: await changeFeedPruned(deps.db) }
  }

  return {
    /** One run (a run already under way is joined, not doubled). */
    prune(): Promise<PruneResult> {
      running ??= run().finally(() => { running = undefined })
      return running
    },
  }
}

export interface PruneResult {
  /** Changes deleted by this run. */
  deleted: number
  batches: number
  /** Changes committed before this were due. */
  before: Date
  /** The lowest consumer cursor (or the horizon): nothing after it was deleted. */
  bound: string
  /** How far the feed has been pruned, over all runs. */
  pruned: ChangeFeedPruned | null
}

export interface ChangeFeedPruned {
  /** The cursor of the last change deleted: a reader whose cursor is below it may have lost changes. */
  cursor: string
  /** When that change was committed. */
  at: Date
  /** Changes deleted over all runs. */
  deleted: number
}

/** How far the change feed has been pruned (null: never). Read it after a page to know whether the page's cursor was still whole. */
export async function changeFeedPruned(db: Sql): Promise<ChangeFeedPruned | null> {
  const row = await createChangeRetentionRepository().pruned(db)
  return row ? { cursor: `${row.txid}:${row.seq}`, at: row.pruned_at, deleted: Number(row.deleted) } : null
}

/** Whether changes after `cursor` may have been pruned: the cursor is below the last change deleted. */
export function lostByPruning(cursor: string, pruned: ChangeFeedPruned | null): boolean {
  return pruned !== null && compareChangeCursors(cursor, pruned.cursor) < 0
}

export type ChangeRetention = ReturnType<typeof createChangeRetention>

/**
 * Runs the pruning every `seconds` (first run a minute after start), one run at a time, beside the API, as the repair
 * sweeper runs. Returns the function that stops it. `seconds = 0` runs nothing.
 *
 * @example
 * const stop = startChangePruner(x.changeRetention, config.feed.pruneSeconds, console.log)
 */
export function startChangePruner(retention: Pick<ChangeRetention, 'prune'>, seconds: number, log: (line: string) => void): () => Promise<void> {
  return startPeriodicJob(() => retention.prune(), {
    seconds, firstAfterMs: 60_000,
    done: (r) => { if (r.deleted) log(`变更流清理：删除 ${r.deleted} 条超出保留期且已处理的变更 / change feed pruned: ${r.deleted} changes past retention, already consumed`) },
    failed: (err) => log(`变更流清理失败 / change feed pruning failed: ${messageOf(err)}`),
  })
}

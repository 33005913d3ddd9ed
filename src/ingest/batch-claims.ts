import type { Database } from '../core/db/database.js'

/** Batches run by this process, per database: PGlite's only connection cannot hold a lock open beside the work. */
const live = new WeakMap<Database, Set<string>>()

/**
 * Claims a batch for the run of one request, so that two requests never run (and count) the same batch at once:
 * two uploads of one file at the same moment would otherwise both continue the same unfinished batch. Returns the
 * release, or undefined when another run holds the batch.
 *
 * On a PostgreSQL server the claim is a transaction-scoped advisory lock held open on its own connection for the
 * whole run, so it spans every web node and the CLI, and it dies with its process: a batch interrupted by kill -9
 * can be resumed at once. On PGlite (one process owns the data folder) an in-process set does the same.
 */
export async function claimBatch(db: Database, batchId: string): Promise<(() => Promise<void>) | undefined> {
  let mine = live.get(db)
  if (!mine) live.set(db, (mine = new Set()))
  if (mine.has(batchId)) return undefined
  mine.add(batchId)
  const local = mine
  if (db.kind !== 'postgres') {
    return async () => {
      local.delete(batchId)
    }
  }
  let finish!: () => void
  const finished = new Promise<void>((resolve) => (finish = resolve))
  let claimed!: (ok: boolean) => void
  const outcome = new Promise<boolean>((resolve) => (claimed = resolve))
  const holding = db.transaction(async (tx) => {
    const [row] = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock(hashtext($1)) as ok', [`ingest-batch:${batchId}`])
    claimed(row!.ok)
    if (row!.ok) await finished
  }).catch(() => claimed(false))
  if (!(await outcome)) {
    local.delete(batchId)
    await holding
    return undefined
  }
  return async () => {
    finish()
    await holding
    local.delete(batchId)
  }
}

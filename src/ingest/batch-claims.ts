import type { Database } from '../core/index.js'
import { createBatchRepository } from './batch.repository.js'

const batches = createBatchRepository()

/** Batches run by this process, per database: PGlite's only connection cannot hold a lock open beside the work. */
const live = new WeakMap<Database, Set<string>>()

/**
 * Most batches one process runs at once. On a server each run holds one pooled connection for its claim, so the
 * runs must leave the pool (10 connections) room for their own commits; further runs wait for a slot.
 */
export const MAX_LIVE_BATCHES = 4

const slots = new WeakMap<Database, { free: number; waiting: Array<() => void> }>()

async function takeSlot(db: Database): Promise<() => void> {
  let s = slots.get(db)
  if (!s) slots.set(db, (s = { free: MAX_LIVE_BATCHES, waiting: [] }))
  const state = s
  if (state.free > 0) state.free--
  else await new Promise<void>((resolve) => state.waiting.push(resolve))
  let given = false
  return () => {
    if (given) return
    given = true
    const next = state.waiting.shift()
    if (next) next()
    else state.free++
  }
}

/**
 * Claims a batch for the run of one request, so that two requests never run (and count) the same batch at once:
 * two uploads of one file at the same moment would otherwise both continue the same unfinished batch. Returns the
 * release, or undefined when another run holds the batch.
 *
 * On a PostgreSQL server the claim is a transaction-scoped advisory lock held open on its own connection for the
 * whole run, so it spans every web node and the CLI, and it dies with its process: a batch interrupted by kill -9
 * can be resumed at once. On PGlite (one process owns the data folder) an in-process set does the same. At most
 * {@link MAX_LIVE_BATCHES} runs hold claims at once; others wait for a slot.
 */
export async function claimBatch(db: Database, batchId: string): Promise<(() => Promise<void>) | undefined> {
  let mine = live.get(db)
  if (!mine) live.set(db, (mine = new Set()))
  if (mine.has(batchId)) return undefined
  mine.add(batchId)
  const local = mine
  const slot = await takeSlot(db)
  if (db.kind !== 'postgres') {
    return async () => {
      local.delete(batchId)
      slot()
    }
  }
  let finish!: () => void
  const finished = new Promise<void>((resolve) => (finish = resolve))
  let claimed!: (ok: boolean) => void
  const outcome = new Promise<boolean>((resolve) => (claimed = resolve))
  const holding = db.transaction(async (tx) => {
    const ok = await batches.tryClaim(tx, batchId)
    claimed(ok)
    if (ok) await finished
  }).catch(() => claimed(false))
  if (!(await outcome)) {
    local.delete(batchId)
    await holding
    slot()
    return undefined
  }
  return async () => {
    finish()
    await holding
    local.delete(batchId)
    slot()
  }
}

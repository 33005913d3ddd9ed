import type { Database } from '../../core/index.js'
import { createScorecardRepository } from './scorecard.repository.js'

const repo = createScorecardRepository()

/** Institutions training now, per database (one per process for a server, the only one for PGlite). */
const training = new WeakMap<Database, Set<string>>()

/**
 * Claims the one training run an institution may have at a time: a run reads up to 20,000 loans and fits on the main
 * thread, so parallel runs of one institution would only take the machine from everyone else. Returns the release,
 * or undefined when the institution already has a run going.
 *
 * In this process an in-memory set decides, before anything is awaited: two requests at once never both pass. On a
 * PostgreSQL server a transaction-scoped advisory lock, held on its own connection for the whole run, does the same
 * across web nodes and the CLI, and dies with its process (a run killed mid-way leaves nothing to clear).
 */
export async function claimTraining(db: Database, institution: string): Promise<(() => Promise<void>) | undefined> {
  let mine = training.get(db)
  if (!mine) training.set(db, (mine = new Set()))
  if (mine.has(institution)) return undefined
  mine.add(institution)
  const local = mine
  if (db.kind !== 'postgres') return async () => void local.delete(institution)
  let finish!: () => void
  const finished = new Promise<void>((resolve) => (finish = resolve))
  let claimed!: (ok: boolean) => void
  const outcome = new Promise<boolean>((resolve) => (claimed = resolve))
  const holding = db.transaction(async (tx) => {
    const ok = await repo.tryLockTraining(tx, institution)
    claimed(ok)
    if (ok) await finished
  }).catch(() => claimed(false))
  if (!(await outcome)) {
    await holding
    local.delete(institution)
    return undefined
  }
  return async () => {
    finish()
    await holding
    local.delete(institution)
  }
}

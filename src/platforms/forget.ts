import type { Database } from '../core/index.js'
import type { Grant, GrantService } from '../access/index.js'
import type { PlatformCut } from './feed-cut.js'
import type { ForgetReason, NewForget, PlatformsRepository } from './platforms.repository.js'

/**
 * Forget on grant end. A platform keeps what the feed sent it; restricted fields it was sent under a subject's grant
 * must go when that grant no longer covers them (revoked, expired, or replaced by a narrower one). No event is written
 * when a grant expires, so this is computed when the platform pulls: every item the platform was sent restricted
 * fields of and may still hold (`platforms.granted_item`, open) is checked against the subject's grants to the
 * platform as of now; each one no live grant covers gets a forget entry, numbered per platform, and is closed. The
 * check costs one grant read for the subjects the platform holds granted data of: grants are given one enterprise at a
 * time, so these are few beside the records.
 */
export async function issueForgets(deps: {
  db: Database; repo: PlatformsRepository; grants: Pick<GrantService, 'betweenMany'>; cut: Pick<PlatformCut, 'covered' | 'restrictedFields'>
}, platform: string, at: Date): Promise<number> {
  const { db, repo, grants, cut } = deps
  const open = await repo.openGranted(db, platform)
  if (open.length === 0) return 0
  const byGrant = await grants.betweenMany(platform, open.map((o) => o.subjectKey))
  const ended: NewForget[] = []
  for (const o of open) {
    const grantsOf = byGrant.get(o.subjectKey)
    if (cut.covered(o.itemKey, grantsOf)) continue
    ended.push({ ...o, reason: reasonOf(grantsOf?.find((g) => g.id === o.grantId)), fields: cut.restrictedFields(o.itemKey) })
  }
  if (ended.length === 0) return 0
  await db.transaction(async (tx) => {
    await repo.lockForgets(tx, platform)
    // Another pull of the same platform may have issued them meanwhile: only items still open are forgotten now.
    const still = new Set((await repo.openGranted(tx, platform)).map((o) => `${o.subjectKey}\u0000${o.itemKey}`))
    await repo.addForgets(tx, platform, ended.filter((f) => still.has(`${f.subjectKey}\u0000${f.itemKey}`)), at)
  })
  return ended.length
}

function reasonOf(g: Grant | undefined): ForgetReason {
  if (g?.status === 'revoked') return 'grant_revoked'
  if (g?.status === 'expired') return 'grant_expired'
  // Still active but no longer covering (cannot happen while grants are immutable), or gone: said plainly.
  return 'grant_ended'
}

import { GrantErrors } from './grant.errors.js'
import { grantCovers, type Grant, type GrantMode } from './grant.types.js'

/** The grants that let one institution act on one subject's data right now, and those that just ended. */
export interface Coverage {
  /** Live grants in an allowed mode. */
  live: Grant[]
  /** Revoked or expired grants: the institution is told of them in the answer. */
  ended: Grant[]
  /** The live grant that covers an item, if any (the first one, newest first). */
  covering(itemKey: string, categoryKey: string): Grant | undefined
}

const when = (d: Date | null) => (d ? d.toISOString() : '—')

/**
 * Decides which grants apply. With a named grant, that grant must be live and in an allowed mode, or the query is
 * refused at once, saying why (revoked when, expired when); without one, every live grant in an allowed mode counts.
 *
 * @example
 * const c = coverageOf(await grants.between(bank, uscc), ['view'])
 * c.covering('tax_payment', 'taxation') // the grant, or undefined
 */
export function coverageOf(grants: readonly Grant[], modes: readonly GrantMode[], opts: { grantId?: string | undefined } = {}): Coverage {
  let live: Grant[]
  if (opts.grantId) {
    const g = grants.find((x) => x.id === opts.grantId)
    if (!g) throw GrantErrors.NOT_FOUND(opts.grantId)
    if (g.status === 'revoked') throw GrantErrors.REVOKED(when(g.revokedAt))
    if (g.status === 'expired') throw GrantErrors.EXPIRED(when(g.validUntil))
    if (g.status !== 'active') throw GrantErrors.NOT_LIVE(g.status)
    if (!modes.includes(g.mode)) throw GrantErrors.MODE_INSUFFICIENT(g.mode, modes.join('/'))
    live = [g]
  } else {
    live = grants.filter((g) => g.status === 'active' && modes.includes(g.mode))
  }
  const ended = grants.filter((g) => g.status === 'revoked' || g.status === 'expired')
  return {
    live,
    ended,
    covering: (itemKey, categoryKey) => live.find((g) => grantCovers(g, itemKey, categoryKey)),
  }
}

/** Refuses a query that needs grants for items no live grant covers, naming a revocation when that is the cause. */
export function requireCoverage(c: Coverage, needed: ReadonlyArray<{ itemKey: string; categoryKey: string }>, modeName: string): Map<string, Grant> {
  const used = new Map<string, Grant>()
  for (const n of needed) {
    const g = c.covering(n.itemKey, n.categoryKey)
    if (g) {
      used.set(n.itemKey, g)
      continue
    }
    const gone = c.ended.find((e) => grantCovers(e, n.itemKey, n.categoryKey))
    if (gone?.status === 'revoked') throw GrantErrors.REVOKED(when(gone.revokedAt))
    if (gone?.status === 'expired') throw GrantErrors.EXPIRED(when(gone.validUntil))
    throw GrantErrors.REQUIRED(n.itemKey, modeName)
  }
  return used
}

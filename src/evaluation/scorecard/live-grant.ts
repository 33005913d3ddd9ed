import type { GrantService } from '../../access/index.js'
import { ScorecardErrors } from './scorecard.errors.js'

type Grant = Awaited<ReturnType<GrantService['between']>>[number]

/** Every grant mode lets an institution see derived values (a score, its reasons, tags): model, verify and view. */
export const DERIVED_MODES: ReadonlyArray<Grant['mode']> = ['model', 'verify', 'view']

/**
 * The live grant under which an institution may see a subject's derived values, newest first; the named one
 * when `grantId` is given (refused if it is not live or not the institution's). Throws GRANT_REQUIRED naming `what`.
 */
export async function liveGrant(grants: Pick<GrantService, 'between'>, institution: string, subjectKey: string, what: string, grantId?: string): Promise<Grant> {
  const g = await findLiveGrant(grants, institution, subjectKey, grantId)
  if (!g) throw ScorecardErrors.GRANT_REQUIRED(what)
  return g
}

/** The same without refusing: undefined when no live grant (or not the named one) lets the institution see derived values. */
export async function findLiveGrant(grants: Pick<GrantService, 'between'>, institution: string, subjectKey: string, grantId?: string): Promise<Grant | undefined> {
  const all = await grants.between(institution, subjectKey)
  return all.find((g) => g.status === 'active' && DERIVED_MODES.includes(g.mode) && (grantId === undefined || g.id === grantId))
}

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
  const all = await grants.between(institution, subjectKey)
  const live = all.filter((g) => g.status === 'active' && DERIVED_MODES.includes(g.mode) && (grantId === undefined || g.id === grantId))
  if (!live[0]) throw ScorecardErrors.GRANT_REQUIRED(what)
  return live[0]
}

import type { Role } from './access.types.js'
import type { Sensitivity } from '../catalog/index.js'

/**
 * On what footing a caller sees a subject's data:
 * - `self`: the enterprise's own data (§十七 free self-query): everything, identifiers whole;
 * - `operator`: the hub operator runs the data centre: everything, identifiers masked unless a reason is stated;
 * - `institution`: public fields with a login; restricted fields only under a live `view` grant covering the item;
 * - `public`: supervisors and service platforms: public fields only. Supervisors assess units and regions
 *   (通报考核) from statistics, not from one firm's tax or utility figures; platforms reach restricted data through
 *   the institutions they serve, each under its own grant, or through the feed (src/platforms), which reads as an
 *   institution does: restricted fields only under a live `view` grant from the subject to the platform.
 */
export type ViewerBasis = 'self' | 'operator' | 'institution' | 'public'

/** What happens to one field: shown as stored, shown masked, or left out. */
export type Disclosure = 'show' | 'mask' | 'withhold'

export function basisOf(role: Role, isOwnSubject: boolean): ViewerBasis {
  if (role === 'enterprise' && isOwnSubject) return 'self'
  if (role === 'operator') return 'operator'
  if (role === 'institution') return 'institution'
  return 'public'
}

/**
 * The one place that decides field by field (§十六 分级分类). A personal identifier (`sensitive`) is never more
 * visible than the item it sits in: in an item with public fields it is shown masked to anyone who may see the
 * item; in an all-restricted item (不动产) it needs the grant too. Whole identifiers only for the subject itself, and
 * for an operator who stated a reason.
 *
 * @example
 * disclose('sensitive', { basis: 'institution', itemHasPublicFields: true, granted: false, revealed: false }) // 'mask'
 * disclose('restricted', { basis: 'institution', itemHasPublicFields: true, granted: false, revealed: false }) // 'withhold'
 */
export function disclose(sensitivity: Sensitivity, ctx: { basis: ViewerBasis; itemHasPublicFields: boolean; granted: boolean; revealed: boolean }): Disclosure {
  const { basis } = ctx
  const seesRestricted = basis === 'self' || basis === 'operator' || (basis === 'institution' && ctx.granted)
  if (sensitivity === 'public') return 'show'
  if (sensitivity === 'restricted') return seesRestricted ? 'show' : 'withhold'
  if (basis === 'self') return 'show'
  if (basis === 'operator') return ctx.revealed ? 'show' : 'mask'
  return ctx.itemHasPublicFields || seesRestricted ? 'mask' : 'withhold'
}

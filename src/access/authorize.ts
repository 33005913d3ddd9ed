import type { AppError } from '../core/index.js'
import type { Sensitivity } from '../catalog/index.js'
import type { Principal } from './access.types.js'
import { AccessErrors } from './access.errors.js'
import { GrantErrors } from './grant.errors.js'
import { basisOf, disclose, type Disclosure, type ViewerBasis } from './disclosure.js'
import { grantOf, type GrantRow } from './grant.repository.js'
import { grantCovers, MODES_FOR, type Grant, type GrantMode } from './grant.types.js'

/**
 * Access decided in one place: every route and service that reads data it does not own asks `authorize` whether
 * the caller may, on what footing, with what masking, and gets either an allowance or a refusal naming its reason
 * and the problem to answer with. Nothing else in the product compares roles with rows.
 *
 * What is asked (`AccessRequest.kind`):
 * - `subject-data`: a subject's records (the profile, the credit report, verifications). The subject itself sees
 *   everything; the operator everything with identifiers masked unless it states a reason; an institution public
 *   fields, and restricted ones only under a live grant of its own in a mode allowing the use (`MODES_FOR`);
 *   supervisors and platforms public fields only, and no verifications; providers nothing;
 * - `audit-log`: who looked at what: the operator all, an institution its own usage, an enterprise the reads of
 *   its own data;
 * - `provider-data`: batches and quarantined rows: a provider only its own unit's, the operator and supervisors all;
 * - `issued-report`: a stored credit report: the organisation that asked for it, the subject, the operator; an
 *   institution only while every grant the report was issued under is still live.
 */

/** Why a request is refused: stable, so that callers with their own error codes can name the refusal their way. */
export type RefusalReason =
  | 'role'
  | 'not-your-data'
  | 'reveal-not-operator'
  | 'reveal-reason-missing'
  | 'grant-not-found'
  | 'grant-revoked'
  | 'grant-expired'
  | 'grant-not-live'
  | 'grant-mode'
  | 'grant-required'
  | 'not-owner'
  | 'grant-ended'

export interface Refused {
  ok: false
  reason: RefusalReason
  /** The problem to answer with (access and grant codes); callers whose contexts own a code for the reason map it. */
  problem: AppError
  /** Grants the refusal concerns (`grant-ended`: the report's grants no longer live). */
  grants?: string[]
}

export type Decision<T> = ({ ok: true } & T) | Refused

/** The grants that let one institution act on one subject's data right now, and those that just ended. */
export interface Coverage {
  /** Live grants in an allowed mode. */
  live: Grant[]
  /** Revoked or expired grants: the institution is told of them in the answer. */
  ended: Grant[]
  /** The live grant that covers an item, if any (the first one, newest first). */
  covering(itemKey: string, categoryKey: string): Grant | undefined
}

/** What a caller may see of a subject's data: its footing, the purpose written to the audit log, field by field. */
export interface SubjectAccess {
  basis: ViewerBasis
  /** The operator stated a reason to see whole identifiers. */
  revealed: boolean
  /** Purpose written to the audit log when no grant is used. */
  purpose: string
  /** The institution whose grants apply (its own only); undefined for every other footing. */
  institution: string | undefined
  /** How one field is shown, for a viewer with or without a grant covering its item (see `disclose`). */
  field(sensitivity: Sensitivity, ctx: { itemHasPublicFields: boolean; granted: boolean; maskIdentifiers?: boolean }): Disclosure
  /**
   * The grants that apply, from the caller's grants with the subject as stored (their status computed at `at`): with `grantId`, that grant only, refused at
   * once if it is not live or not in an allowed mode; with `needed`, every listed item must be covered.
   */
  withGrants(rows: readonly GrantRow[], at: Date, needed?: ReadonlyArray<{ itemKey: string; categoryKey: string }>): Decision<{ coverage: Coverage; used: Map<string, Grant> }>
}

export type AccessRequest =
  | { kind: 'subject-data'; use: 'view' | 'verify'; subjectKey: string; reveal?: string | undefined; grantId?: string | undefined }
  | { kind: 'audit-log'; subjectKey?: string | undefined; organization?: string | undefined; others?: boolean | undefined }
  | { kind: 'provider-data'; op: 'act' | 'list'; provider?: string | undefined }
  | { kind: 'provider-data'; op: 'row'; provider: string }
  | { kind: 'issued-report'; requesterOrg: string | null; subjectKey: string; grantIds: readonly string[] }

/** Which rows of the audit log a caller reads. */
export type AuditScope = { subjectKey?: string; organization?: string; notOrganization?: string }

export interface IssuedReportAccess {
  /** Grants to check before an institution fetches (empty: nothing to check). */
  grantsToCheck: readonly string[]
  /** Refuses the fetch if a grant the report was issued under is no longer live. */
  withGrants(grants: readonly Grant[]): Decision<object>
}

type Allowed<R extends AccessRequest> =
  R extends { kind: 'subject-data' } ? SubjectAccess
    : R extends { kind: 'audit-log' } ? { scope: AuditScope }
      : R extends { kind: 'provider-data' } ? { provider: string | undefined }
        : R extends { kind: 'issued-report' } ? IssuedReportAccess
          : never

/** Purposes written to the audit log for callers who read without a grant. */
export const PURPOSE_OF: Record<ViewerBasis, string> = { self: '信用主体自查', operator: '数据中心运营管理', institution: '融资', public: '公开信息查询' }

/** Grant modes naming each use in a refusal. */
const MODE_NAME: Record<'view' | 'verify', string> = { view: 'view', verify: 'verify / 核验' }

const when = (d: Date | null) => (d ? d.toISOString() : '—')

const refuse = (reason: RefusalReason, problem: AppError, grants?: string[]): Refused => ({ ok: false, reason, problem, ...(grants ? { grants } : {}) })

/**
 * Builds the one authorisation function. `subjectKeyOf` turns a code (an enterprise account's USCC) into the key
 * the subject is stored under (registry's rule, passed in so that access does not reach into registry).
 *
 * @example
 * const authorize = createAuthorizer({ subjectKeyOf: registry.subjectKeyOf })
 * const d = authorize(principal, { kind: 'subject-data', use: 'view', subjectKey })
 * if (!d.ok) throw d.problem
 * d.field('restricted', { itemHasPublicFields: true, granted: false }) // 'withhold' for an institution
 */
export function createAuthorizer(deps: { subjectKeyOf: (code: string) => string }) {

  function subjectData(p: Principal, r: Extract<AccessRequest, { kind: 'subject-data' }>): Decision<SubjectAccess> {
    const own = p.role === 'enterprise' && p.organization !== null && deps.subjectKeyOf(p.organization) === r.subjectKey
    if (p.role === 'enterprise' && !own) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
    if (p.role === 'provider') return refuse('role', AccessErrors.FORBIDDEN(p.role))
    // A yes/no verification is for the subject, the operator and institutions; statistics users read no single firm.
    if (r.use === 'verify' && p.role !== 'enterprise' && p.role !== 'operator' && p.role !== 'institution') return refuse('role', AccessErrors.FORBIDDEN(p.role))
    const basis = basisOf(p.role, own)
    const revealed = Boolean(r.reveal)
    if (revealed && basis !== 'operator') return refuse('reveal-not-operator', AccessErrors.FORBIDDEN(p.role))
    if (revealed && r.reveal!.trim().length < 4) return refuse('reveal-reason-missing', AccessErrors.REASON_REQUIRED())
    if (basis === 'institution' && !p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
    const institution = basis === 'institution' ? p.organization! : undefined
    const modes = MODES_FOR[r.use]
    return {
      ok: true, basis, revealed, institution, purpose: PURPOSE_OF[basis],
      field: (sensitivity, ctx) => {
        const d = disclose(sensitivity, { basis, itemHasPublicFields: ctx.itemHasPublicFields, granted: ctx.granted, revealed })
        // Printed reports travel further than screens: whole identifiers only on screen.
        return d === 'show' && sensitivity === 'sensitive' && ctx.maskIdentifiers ? 'mask' : d
      },
      withGrants: (rows, at, needed) => {
        // Only this institution's grants with this subject count, whatever the caller passes in.
        const grants = rows.map((g) => grantOf(g, at)).filter((g) => g.institution === institution && g.subjectKey === r.subjectKey)
        const c = coverage(grants, modes, r.grantId)
        if (!c.ok) return c
        const used = new Map<string, Grant>()
        for (const n of needed ?? []) {
          const g = c.coverage.covering(n.itemKey, n.categoryKey)
          if (g) {
            used.set(n.itemKey, g)
            continue
          }
          const gone = c.coverage.ended.find((e) => grantCovers(e, n.itemKey, n.categoryKey))
          if (gone?.status === 'revoked') return refuse('grant-revoked', GrantErrors.REVOKED(when(gone.revokedAt)), [gone.id])
          if (gone?.status === 'expired') return refuse('grant-expired', GrantErrors.EXPIRED(when(gone.validUntil)), [gone.id])
          return refuse('grant-required', GrantErrors.REQUIRED(n.itemKey, MODE_NAME[r.use]))
        }
        return { ok: true, coverage: c.coverage, used }
      },
    }
  }

  /**
   * With a named grant, that grant must be live and in an allowed mode, or the query is refused at once, saying why
   * (revoked when, expired when); without one, every live grant in an allowed mode counts.
   */
  function coverage(grants: readonly Grant[], modes: readonly GrantMode[], grantId: string | undefined): Decision<{ coverage: Coverage }> {
    let live: Grant[]
    if (grantId) {
      const g = grants.find((x) => x.id === grantId)
      if (!g) return refuse('grant-not-found', GrantErrors.NOT_FOUND(grantId))
      if (g.status === 'revoked') return refuse('grant-revoked', GrantErrors.REVOKED(when(g.revokedAt)), [g.id])
      if (g.status === 'expired') return refuse('grant-expired', GrantErrors.EXPIRED(when(g.validUntil)), [g.id])
      if (g.status !== 'active') return refuse('grant-not-live', GrantErrors.NOT_LIVE(g.status), [g.id])
      if (!modes.includes(g.mode)) return refuse('grant-mode', GrantErrors.MODE_INSUFFICIENT(g.mode, modes.join('/')), [g.id])
      live = [g]
    } else {
      return { ok: true, coverage: liveCoverage(grants, modes) }
    }
    return { ok: true, coverage: { ...liveCoverage(grants, modes), live, covering: (itemKey, categoryKey) => live.find((g) => grantCovers(g, itemKey, categoryKey)) } }
  }

  function auditLog(p: Principal, r: Extract<AccessRequest, { kind: 'audit-log' }>): Decision<{ scope: AuditScope }> {
    if (p.role === 'operator') return { ok: true, scope: strip({ subjectKey: r.subjectKey, organization: r.organization }) }
    if (p.role === 'institution') {
      if (!p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
      return { ok: true, scope: strip({ subjectKey: r.subjectKey, organization: p.organization }) }
    }
    if (p.role === 'enterprise') {
      if (!p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
      if (r.subjectKey && r.subjectKey !== p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
      // `others`: leave out what the enterprise did itself, so that it sees who else read its data.
      return { ok: true, scope: r.others ? { subjectKey: p.organization, notOrganization: p.organization } : { subjectKey: p.organization } }
    }
    return refuse('role', AccessErrors.FORBIDDEN(p.role))
  }

  function providerData(p: Principal, r: Extract<AccessRequest, { kind: 'provider-data' }>): Decision<{ provider: string | undefined }> {
    if (p.role === 'provider') {
      if (r.op === 'list') return { ok: true, provider: p.organization ?? '' } // its own rows, whatever it names
      if (r.op === 'act' && r.provider && r.provider !== p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
      if (r.op === 'row' && r.provider !== p.organization) return refuse('not-your-data', AccessErrors.NOT_YOUR_DATA())
      return { ok: true, provider: p.organization ?? undefined }
    }
    if (p.role === 'operator' || p.role === 'supervisor') return { ok: true, provider: r.provider }
    return refuse('role', AccessErrors.FORBIDDEN(p.role))
  }

  function issuedReport(p: Principal, r: Extract<AccessRequest, { kind: 'issued-report' }>): Decision<IssuedReportAccess> {
    const own = p.role === 'operator' || (p.organization !== null && (r.requesterOrg === p.organization || (p.role === 'enterprise' && r.subjectKey === p.organization)))
    if (!own) return refuse('not-owner', AccessErrors.NOT_YOUR_DATA())
    const grantsToCheck = p.role === 'institution' ? r.grantIds : []
    return {
      ok: true, grantsToCheck,
      withGrants: (grants) => {
        const live = new Set(grants.filter((g) => g.status === 'active' && g.institution === p.organization && g.subjectKey === r.subjectKey).map((g) => g.id))
        const ended = grantsToCheck.filter((id) => !live.has(id))
        return ended.length ? refuse('grant-ended', GrantErrors.NOT_LIVE(ended.join('、')), ended) : { ok: true }
      },
    }
  }

  /**
   * The one authorisation function.
   *
   * @example
   * const d = authorize(bank, { kind: 'provider-data', op: 'row', provider: batch.provider })
   * if (!d.ok) throw d.problem
   */
  function authorize<R extends AccessRequest>(caller: Principal, request: R): Decision<Allowed<R>> {
    const r = request as AccessRequest
    switch (r.kind) {
      case 'subject-data': return subjectData(caller, r) as Decision<Allowed<R>>
      case 'audit-log': return auditLog(caller, r) as Decision<Allowed<R>>
      case 'provider-data': return providerData(caller, r) as Decision<Allowed<R>>
      case 'issued-report': return issuedReport(caller, r) as Decision<Allowed<R>>
    }
  }

  return authorize
}

function strip<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}

export type Authorize = ReturnType<typeof createAuthorizer>

/**
 * Every live grant in an allowed mode, and what they cover together; ended grants beside them. For a reader that walks
 * many subjects' grants at once (the platform feed) rather than asking about one subject.
 */
export function liveCoverage(grants: readonly Grant[], modes: readonly GrantMode[]): Coverage {
  const live = grants.filter((g) => g.status === 'active' && modes.includes(g.mode))
  const ended = grants.filter((g) => g.status === 'revoked' || g.status === 'expired')
  return { live, ended, covering: (itemKey, categoryKey) => live.find((g) => grantCovers(g, itemKey, categoryKey)) }
}

/** Throws the refusal's problem, or the one its caller's context names for that reason. */
export function allowedOrThrow<T>(d: Decision<T>, problems: Partial<Record<RefusalReason, (d: Refused) => AppError>> = {}): asserts d is { ok: true } & T {
  if (!d.ok) throw problems[d.reason]?.(d) ?? d.problem
}

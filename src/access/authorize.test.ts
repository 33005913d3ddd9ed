import { describe, expect, it } from 'vitest'
import type { Principal, Role } from './access.types.js'
import { createAuthorizer, type Decision, type SubjectAccess } from './authorize.js'
import type { GrantRow } from './grant.repository.js'
import type { Sensitivity } from '../catalog/index.js'

const FIRM = '91640100MA76XQ0A8A'
const OTHER_FIRM = '91640100MA76XQ0B9B'
const BANK = '宁夏银行股份有限公司'
const OTHER_BANK = '石嘴山银行股份有限公司'
const AT = new Date('2026-06-01T00:00:00Z')
const ITEM = { itemKey: 'tax_payment', categoryKey: 'taxation' }

// Subject keys are the codes themselves here; the registry's rule (ID numbers hashed) is not what is tested.
const sut = createAuthorizer({ subjectKeyOf: (code) => code.trim().toUpperCase() })

const caller = (role: Role, organization: string | null): Principal => ({ accountId: `a-${role}`, username: role, displayName: role, role, organization, via: 'session', scopes: [] })

type Who = 'operator' | 'provider' | 'platform' | 'supervisor' | 'institution' | 'enterprise (own)' | 'enterprise (other)'
const CALLERS: Record<Who, Principal> = {
  operator: caller('operator', null),
  provider: caller('provider', '宁夏回族自治区税务局'),
  platform: caller('platform', '信易贷宁夏总站'),
  supervisor: caller('supervisor', '宁夏回族自治区发展和改革委员会'),
  institution: caller('institution', BANK),
  'enterprise (own)': caller('enterprise', FIRM),
  'enterprise (other)': caller('enterprise', OTHER_FIRM),
}

type GrantCase = 'none' | 'live view' | 'live verify' | 'expired' | 'revoked' | 'other institution' | 'model'

function grant(over: Partial<GrantRow>): GrantRow {
  return {
    id: 'g-1', subject_key: FIRM, institution: BANK, categories: ['taxation'], items: [], mode: 'view', purpose: '融资',
    valid_until: new Date('2026-12-31T00:00:00Z'), status: 'active', evidence: null, requested_by: null, requested_at: null, request_note: null,
    decided_at: null, revoked_at: null, revoked_by: null, revoke_reason: null, refuse_reason: null,
    created_at: new Date('2026-01-01T00:00:00Z'), updated_at: new Date('2026-01-01T00:00:00Z'), ...over,
  }
}

const GRANTS: Record<GrantCase, GrantRow[]> = {
  none: [],
  'live view': [grant({})],
  'live verify': [grant({ mode: 'verify' })],
  expired: [grant({ valid_until: new Date('2026-05-01T00:00:00Z') })],
  revoked: [grant({ status: 'revoked', revoked_at: new Date('2026-05-20T00:00:00Z') })],
  'other institution': [grant({ institution: OTHER_BANK })],
  model: [grant({ mode: 'model' })],
}

/** What a caller gets of one field of an item that has public fields: refused (with the reason) or its disclosure. */
function viewOutcome(who: Who, sensitivity: Sensitivity, grants: GrantCase): string {
  const d = sut(CALLERS[who], { kind: 'subject-data', use: 'view', subjectKey: FIRM })
  if (!d.ok) return `refused: ${d.reason}`
  let granted = false
  if (d.institution !== undefined) {
    const g = d.withGrants(GRANTS[grants], AT)
    if (!g.ok) return `refused: ${g.reason}`
    granted = g.coverage.covering(ITEM.itemKey, ITEM.categoryKey) !== undefined
  }
  return d.field(sensitivity, { itemHasPublicFields: true, granted })
}

/** Whether a verification reading a field of that sensitivity is answered. */
function verifyOutcome(who: Who, sensitivity: Sensitivity, grants: GrantCase): string {
  const d = sut(CALLERS[who], { kind: 'subject-data', use: 'verify', subjectKey: FIRM })
  if (!d.ok) return `refused: ${d.reason}`
  if (d.institution === undefined) return 'answered'
  const g = d.withGrants(GRANTS[grants], AT, sensitivity === 'public' ? [] : [ITEM])
  return g.ok ? 'answered' : `refused: ${g.reason}`
}

const SENSITIVITIES: Sensitivity[] = ['public', 'restricted', 'sensitive']
const GRANT_CASES = Object.keys(GRANTS) as GrantCase[]

/** Every caller but the institution: grants do not change what it sees. [public, restricted, sensitive]. */
const VIEW_WITHOUT_GRANTS: Record<Exclude<Who, 'institution'>, [string, string, string]> = {
  operator: ['show', 'show', 'mask'],
  provider: ['refused: role', 'refused: role', 'refused: role'],
  platform: ['show', 'withhold', 'mask'],
  supervisor: ['show', 'withhold', 'mask'],
  'enterprise (own)': ['show', 'show', 'show'],
  'enterprise (other)': ['refused: not-your-data', 'refused: not-your-data', 'refused: not-your-data'],
}

/** The institution, per grant: [public, restricted, sensitive]. */
const VIEW_INSTITUTION: Record<GrantCase, [string, string, string]> = {
  none: ['show', 'withhold', 'mask'],
  'live view': ['show', 'show', 'mask'],
  'live verify': ['show', 'withhold', 'mask'],
  expired: ['show', 'withhold', 'mask'],
  revoked: ['show', 'withhold', 'mask'],
  'other institution': ['show', 'withhold', 'mask'],
  model: ['show', 'withhold', 'mask'],
}

const VERIFY_WITHOUT_GRANTS: Record<Exclude<Who, 'institution'>, string> = {
  operator: 'answered',
  provider: 'refused: role',
  platform: 'refused: role',
  supervisor: 'refused: role',
  'enterprise (own)': 'answered',
  'enterprise (other)': 'refused: not-your-data',
}

/** The institution verifying over a restricted (or sensitive) field, per grant. */
const VERIFY_INSTITUTION: Record<GrantCase, string> = {
  none: 'refused: grant-required',
  'live view': 'answered',
  'live verify': 'answered',
  expired: 'refused: grant-expired',
  revoked: 'refused: grant-revoked',
  'other institution': 'refused: grant-required',
  model: 'refused: grant-required',
}

describe('authorize: subject data', () => {
  for (const [who, expected] of Object.entries(VIEW_WITHOUT_GRANTS) as Array<[Exclude<Who, 'institution'>, [string, string, string]]>) {
    for (const grants of GRANT_CASES) {
      it(`gives ${who} the same view of public, restricted and sensitive fields whatever the grants (${grants})`, () => {
        expect(SENSITIVITIES.map((s) => viewOutcome(who, s, grants))).toEqual(expected)
      })
    }
  }

  for (const grants of GRANT_CASES) {
    it(`shows an institution restricted fields only under its own live view grant (${grants})`, () => {
      expect(SENSITIVITIES.map((s) => viewOutcome('institution', s, grants))).toEqual(VIEW_INSTITUTION[grants])
    })
  }

  for (const [who, expected] of Object.entries(VERIFY_WITHOUT_GRANTS) as Array<[Exclude<Who, 'institution'>, string]>) {
    it(`answers or refuses ${who}'s verification without looking at grants`, () => {
      for (const s of SENSITIVITIES) for (const g of GRANT_CASES) expect(verifyOutcome(who, s, g)).toBe(expected)
    })
  }

  for (const grants of GRANT_CASES) {
    it(`answers an institution's verification of restricted data only under a live view or verify grant (${grants})`, () => {
      expect(verifyOutcome('institution', 'restricted', grants)).toBe(VERIFY_INSTITUTION[grants])
      expect(verifyOutcome('institution', 'sensitive', grants)).toBe(VERIFY_INSTITUTION[grants])
      expect(verifyOutcome('institution', 'public', grants)).toBe('answered')
    })
  }

  it('withholds a personal identifier in an all-restricted item from an institution without a grant, and masks it with one', () => {
    const d = sut(CALLERS.institution, { kind: 'subject-data', use: 'view', subjectKey: FIRM }) as Extract<Decision<SubjectAccess>, { ok: true }>
    expect(d.field('sensitive', { itemHasPublicFields: false, granted: false })).toBe('withhold')
    expect(d.field('sensitive', { itemHasPublicFields: false, granted: true })).toBe('mask')
  })

  it('masks identifiers for printed reports even for the subject itself', () => {
    const d = sut(CALLERS['enterprise (own)'], { kind: 'subject-data', use: 'view', subjectKey: FIRM }) as Extract<Decision<SubjectAccess>, { ok: true }>
    expect(d.field('sensitive', { itemHasPublicFields: true, granted: false, maskIdentifiers: true })).toBe('mask')
    expect(d.field('restricted', { itemHasPublicFields: true, granted: false, maskIdentifiers: true })).toBe('show')
  })

  it('lets only the operator see whole identifiers, and only with a stated reason', () => {
    const reveal = (who: Who, reason: string) => {
      const d = sut(CALLERS[who], { kind: 'subject-data', use: 'view', subjectKey: FIRM, reveal: reason })
      return d.ok ? d.field('sensitive', { itemHasPublicFields: true, granted: false }) : `refused: ${d.reason}`
    }
    expect(reveal('operator', '核查异议申诉')).toBe('show')
    expect(reveal('operator', ' ab ')).toBe('refused: reveal-reason-missing')
    expect(reveal('institution', '核查异议申诉')).toBe('refused: reveal-not-operator')
    expect(reveal('enterprise (own)', '核查异议申诉')).toBe('refused: reveal-not-operator')
  })

  it('refuses an institution account that acts for no institution', () => {
    const d = sut(caller('institution', null), { kind: 'subject-data', use: 'view', subjectKey: FIRM })
    expect(d.ok ? 'allowed' : d.problem.code).toBe('ACCESS_NOT_YOUR_DATA')
  })

  it('names the grant an institution asked for, and refuses it at once when it is not live or too narrow', () => {
    const named = (grants: GrantCase, use: 'view' | 'verify', grantId = 'g-1') => {
      const d = sut(CALLERS.institution, { kind: 'subject-data', use, subjectKey: FIRM, grantId })
      if (!d.ok) return d.reason
      const g = d.withGrants(GRANTS[grants], AT)
      return g.ok ? g.coverage.live.map((x) => x.id).join() : `${g.reason} ${g.problem.code}`
    }
    expect(named('live view', 'view')).toBe('g-1')
    expect(named('live verify', 'verify')).toBe('g-1')
    expect(named('live verify', 'view')).toBe('grant-mode GRANT_MODE_INSUFFICIENT')
    expect(named('model', 'verify')).toBe('grant-mode GRANT_MODE_INSUFFICIENT')
    expect(named('expired', 'view')).toBe('grant-expired GRANT_EXPIRED')
    expect(named('revoked', 'view')).toBe('grant-revoked GRANT_REVOKED')
    expect(named('other institution', 'view')).toBe('grant-not-found GRANT_NOT_FOUND')
    expect(named('live view', 'view', 'g-2')).toBe('grant-not-found GRANT_NOT_FOUND')
  })

  it('gives the purpose each footing is audited under', () => {
    const purpose = (who: Who) => {
      const d = sut(CALLERS[who], { kind: 'subject-data', use: 'view', subjectKey: FIRM })
      return d.ok ? d.purpose : d.reason
    }
    expect([purpose('enterprise (own)'), purpose('operator'), purpose('institution'), purpose('supervisor')]).toEqual(['信用主体自查', '数据中心运营管理', '融资', '公开信息查询'])
  })
})

describe('authorize: audit log', () => {
  const scope = (who: Who, req: { subjectKey?: string; organization?: string; others?: boolean }) => {
    const d = sut(CALLERS[who], { kind: 'audit-log', ...req })
    return d.ok ? d.scope : `refused: ${d.reason}`
  }

  it('lets the operator read everything, filtered as it asks', () => {
    expect(scope('operator', { organization: BANK })).toEqual({ organization: BANK })
    expect(scope('operator', {})).toEqual({})
  })

  it('keeps an institution to its own usage, whatever organisation it names', () => {
    expect(scope('institution', { organization: OTHER_BANK, subjectKey: FIRM })).toEqual({ subjectKey: FIRM, organization: BANK })
  })

  it('shows an enterprise the reads of its own data only, others\' if it asks', () => {
    expect(scope('enterprise (own)', {})).toEqual({ subjectKey: FIRM })
    expect(scope('enterprise (own)', { others: true })).toEqual({ subjectKey: FIRM, notOrganization: FIRM })
    expect(scope('enterprise (own)', { subjectKey: OTHER_FIRM })).toBe('refused: not-your-data')
  })

  it('refuses roles that read no audit log', () => {
    for (const who of ['provider', 'platform', 'supervisor'] as const) expect(scope(who, {})).toBe('refused: role')
  })
})

describe('authorize: provider data', () => {
  const provider = CALLERS.provider.organization!
  const outcome = (who: Who, req: { op: 'act' | 'list' | 'row'; provider?: string }) => {
    const d = sut(CALLERS[who], { kind: 'provider-data', ...req } as Parameters<typeof sut>[1])
    return d.ok ? (d as { provider?: string }).provider ?? '(all)' : `refused: ${d.reason}`
  }

  it('keeps a provider to its own unit: acting, listing and reading rows', () => {
    expect(outcome('provider', { op: 'act' })).toBe(provider)
    expect(outcome('provider', { op: 'act', provider: '其他单位' })).toBe('refused: not-your-data')
    expect(outcome('provider', { op: 'list', provider: '其他单位' })).toBe(provider)
    expect(outcome('provider', { op: 'row', provider })).toBe(provider)
    expect(outcome('provider', { op: 'row', provider: '其他单位' })).toBe('refused: not-your-data')
  })

  it('lets the operator and supervisors name any provider or none', () => {
    for (const who of ['operator', 'supervisor'] as const) {
      expect(outcome(who, { op: 'list' })).toBe('(all)')
      expect(outcome(who, { op: 'list', provider: '其他单位' })).toBe('其他单位')
      expect(outcome(who, { op: 'row', provider: '其他单位' })).toBe('其他单位')
    }
  })

  it('refuses institutions, enterprises and platforms', () => {
    for (const who of ['institution', 'enterprise (own)', 'platform'] as const) expect(outcome(who, { op: 'list' })).toBe('refused: role')
  })
})

describe('authorize: issued reports', () => {
  const fetch = (who: Who, requesterOrg: string | null, grantIds: string[], grants: GrantCase = 'live view') => {
    const d = sut(CALLERS[who], { kind: 'issued-report', requesterOrg, subjectKey: FIRM, grantIds })
    if (!d.ok) return `refused: ${d.reason}`
    if (!d.grantsToCheck.length) return 'fetched'
    const rows = GRANTS[grants].map((r) => ({ id: r.id, status: r.status === 'active' && r.valid_until <= AT ? 'expired' as const : r.status, institution: r.institution, subjectKey: r.subject_key }))
    const g = d.withGrants(rows as never)
    return g.ok ? 'fetched' : `refused: ${g.reason} ${g.grants!.join()}`
  }

  it('gives a report to the organisation that asked for it, the subject and the operator only', () => {
    expect(fetch('operator', BANK, ['g-1'])).toBe('fetched')
    expect(fetch('enterprise (own)', BANK, ['g-1'])).toBe('fetched')
    expect(fetch('institution', BANK, [])).toBe('fetched')
    expect(fetch('institution', OTHER_BANK, ['g-1'])).toBe('refused: not-owner')
    expect(fetch('enterprise (other)', BANK, ['g-1'])).toBe('refused: not-owner')
    expect(fetch('supervisor', BANK, [])).toBe('refused: not-owner')
  })

  it('refuses an institution a report whose grants are no longer live', () => {
    expect(fetch('institution', BANK, ['g-1'], 'live view')).toBe('fetched')
    for (const g of ['expired', 'revoked', 'other institution', 'none'] as const) expect(fetch('institution', BANK, ['g-1'], g)).toBe('refused: grant-ended g-1')
  })
})

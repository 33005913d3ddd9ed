import { describe, expect, it } from 'vitest'
import { canOpen, findScreen, homeFor, isPublic, landingFor, menuFor, PENDING_HOME, selectedMenu } from './registry'

describe('menus and guards by role', () => {
  it('gives each role its own menu, daily work first', () => {
    expect(menuFor('operator').map((m) => m.id)).toEqual(['catalog', 'providers', 'batches', 'quarantine', 'quality', 'subjects', 'lookup', 'grants', 'audit', 'objections', 'repairs', 'financingWork', 'compensationFunds', 'compensationClaims', 'financingStats', 'platformUsage', 'repairStats', 'monitoringStats', 'evaluationSystem', 'negativeRules', 'directory', 'accounts', 'registrations'])
    expect(menuFor('provider').map((m) => m.id)).toEqual(['upload', 'templates', 'batches', 'quarantine', 'objections', 'repairs', 'quality', 'catalog', 'apiKeys'])
    expect(menuFor('supervisor').map((m) => m.id)).toEqual(['quality', 'batches', 'subjects', 'lookup', 'financingWork', 'compensationFunds', 'compensationClaims', 'financingStats', 'platformUsage', 'repairStats', 'monitoringStats', 'catalog'])
    expect(menuFor('enterprise').map((m) => m.id)).toEqual(['profile', 'objections', 'repairs', 'evaluation', 'selfPortrait', 'financing', 'grants', 'audit', 'reports', 'commitments', 'declarations', 'reportCheck', 'catalog', 'registration'])
    expect(menuFor('institution').map((m) => m.id)).toEqual(['lookup', 'verify', 'grants', 'grantRequest', 'financingWork', 'monitoring', 'scorecards', 'compensationClaims', 'audit', 'reports', 'repairNotices', 'reportCheck', 'catalog', 'apiKeys'])
    expect(menuFor('platform').map((m) => m.id)).toEqual(['feedSubscription', 'lookup', 'repairNotices', 'reportCheck', 'catalog', 'apiKeys'])
    expect(menuFor('provider').find((m) => m.id === 'quarantine')?.label).toBe('menu.rejects')
    expect(menuFor('operator').find((m) => m.id === 'quarantine')?.label).toBe('menu.quarantine')
  })

  it('opens the registration form to anyone and keeps the operator\'s onboarding screens to the operator', () => {
    expect(isPublic('/register')).toBe(true)
    expect(canOpen('enterprise', '/admin/accounts')).toBe(false)
    expect(canOpen('institution', '/admin/registrations')).toBe(false)
    expect(canOpen('operator', '/admin/directory')).toBe(true)
    expect(canOpen('enterprise', '/self/declarations')).toBe(true)
    expect(canOpen('supervisor', '/self/keys')).toBe(false)
    expect(canOpen('enterprise', PENDING_HOME)).toBe(true)
  })

  it('names a shared screen after what it is for each role', () => {
    expect(menuFor('enterprise').find((m) => m.id === 'grants')?.label).toBe('menu.grants')
    expect(menuFor('institution').find((m) => m.id === 'grants')?.label).toBe('menu.myGrants')
    expect(menuFor('operator').find((m) => m.id === 'grants')?.label).toBe('menu.grantsOverview')
    expect(menuFor('enterprise').find((m) => m.id === 'audit')?.label).toBe('menu.audit')
    expect(menuFor('institution').find((m) => m.id === 'audit')?.label).toBe('menu.usage')
    expect(menuFor('operator').find((m) => m.id === 'audit')?.label).toBe('menu.auditLog')
  })

  it('follows the API\'s route policies for access screens', () => {
    // A platform may read profiles (public fields) but not run verifications (POST …/verifications refuses it).
    expect(canOpen('platform', '/access/verify')).toBe(false)
    expect(canOpen('platform', '/access/enterprises/91640100MA76XQ0A8A')).toBe(true)
    expect(canOpen('supervisor', '/access/enterprises/91640100MA76XQ0A8A')).toBe(true)
    expect(canOpen('enterprise', '/access/enterprises/91640100MA76XQ0A8A')).toBe(false)
    expect(canOpen('institution', '/access/grants/new')).toBe(false)
    expect(canOpen('enterprise', '/access/grants/new')).toBe(true)
    expect(canOpen('provider', '/access/audit')).toBe(false)
    expect(findScreen('/access/enterprises/91640100MA76XQ0A8A')?.params).toEqual({ code: '91640100MA76XQ0A8A' })
    expect(selectedMenu('/access/enterprises/91640100MA76XQ0A8A')).toBe('lookup')
    expect(selectedMenu('/access/grants/new')).toBe('grants')
  })

  it('follows the compensation routes\' policies: funds for the operator and supervisors, claims for institutions too', () => {
    expect(canOpen('institution', '/compensation/funds')).toBe(false)
    expect(canOpen('institution', '/compensation/claims')).toBe(true)
    expect(canOpen('enterprise', '/compensation/claims')).toBe(false)
    expect(menuFor('institution').find((m) => m.id === 'compensationClaims')?.label).toBe('menu.myClaims')
    // 融资统计 follows GET /api/stats/financing: the operator and supervisors, under 统计分析
    for (const role of ['operator', 'supervisor'] as const) expect(menuFor(role).find((m) => m.id === 'financingStats')).toMatchObject({ path: '/stats/financing', group: 'stats' })
    for (const role of ['institution', 'enterprise', 'provider', 'platform'] as const) expect(canOpen(role, '/stats/financing')).toBe(false)
    expect(menuFor('operator').find((m) => m.id === 'compensationClaims')?.label).toBe('menu.claimReview')
  })

  it('follows the evaluation routes\' policies: the enterprise its own, institutions and the operator a subject\'s, the operator the system', () => {
    expect(canOpen('enterprise', '/self/evaluation')).toBe(true)
    expect(canOpen('institution', '/self/evaluation')).toBe(false)
    expect(canOpen('institution', '/access/enterprises/91640100MA76XQ0A8A/evaluation')).toBe(true)
    expect(canOpen('platform', '/access/enterprises/91640100MA76XQ0A8A/evaluation')).toBe(false)
    expect(canOpen('supervisor', '/access/enterprises/91640100MA76XQ0A8A/evaluation')).toBe(false)
    expect(selectedMenu('/access/enterprises/91640100MA76XQ0A8A/evaluation')).toBe('lookup')
    expect(canOpen('operator', '/admin/evaluation')).toBe(true)
    expect(canOpen('institution', '/admin/evaluation')).toBe(false)
  })

  it('follows the platform routes\' policies: the feed for platforms, usage for the operator and supervisors', () => {
    expect(homeFor('platform')).toBe('/platforms/feed')
    for (const role of ['operator', 'supervisor', 'institution', 'enterprise', 'provider'] as const) expect(canOpen(role, '/platforms/feed')).toBe(false)
    for (const role of ['operator', 'supervisor'] as const) expect(menuFor(role).find((m) => m.id === 'platformUsage')).toMatchObject({ path: '/stats/platforms', group: 'stats' })
    for (const role of ['platform', 'institution', 'enterprise', 'provider'] as const) expect(canOpen(role, '/stats/platforms')).toBe(false)
  })

  it('follows the monitoring statistics route\'s policy: counts for the operator and supervisors, not for the institutions whose alerts they count', () => {
    for (const role of ['operator', 'supervisor'] as const) expect(menuFor(role).find((m) => m.id === 'monitoringStats')).toMatchObject({ path: '/stats/monitoring', group: 'stats' })
    for (const role of ['institution', 'enterprise', 'provider', 'platform'] as const) expect(canOpen(role, '/stats/monitoring')).toBe(false)
  })

  it('follows the negative-rule routes\' policies: the operator edits what counts as negative, institutions keep their own alert rules', () => {
    expect(menuFor('operator').find((m) => m.id === 'negativeRules')).toMatchObject({ path: '/monitoring/negative-rules', group: 'admin' })
    for (const role of ['supervisor', 'institution', 'enterprise', 'provider', 'platform'] as const) expect(canOpen(role, '/monitoring/negative-rules')).toBe(false)
    expect(canOpen('institution', '/monitoring')).toBe(true)
  })

  it('opens the report check to anyone, logged in or not', () => {
    expect(isPublic('/report-check')).toBe(true)
    expect(isPublic('/access/profile')).toBe(false)
    expect(landingFor('enterprise', '/report-check?code=abc')).toBe('/report-check?code=abc')
  })

  it('lands each role on its first screen', () => {
    expect(homeFor('operator')).toBe('/catalog')
    expect(homeFor('provider')).toBe('/ingest/upload')
    expect(homeFor('supervisor')).toBe('/quality')
    expect(homeFor('enterprise')).toBe('/access/profile')
    expect(homeFor('institution')).toBe('/access/enterprises')
  })

  it('keeps read-only roles out of the quarantine and the providers screen', () => {
    expect(canOpen('supervisor', '/ingest/quarantine')).toBe(false)
    expect(canOpen('supervisor', '/ingest/batches')).toBe(true)
    expect(canOpen('provider', '/providers')).toBe(false)
    expect(canOpen('provider', '/subjects')).toBe(false)
    expect(canOpen('institution', '/catalog/administrative_penalty')).toBe(true)
  })

  it('returns after login to where the user was, if the role may be there', () => {
    expect(landingFor('operator', '/ingest/quarantine?batchId=abc')).toBe('/ingest/quarantine?batchId=abc')
    expect(landingFor('provider', '/providers')).toBe('/ingest/upload')
    expect(landingFor('operator', '//evil.example/x')).toBe('/catalog')
    expect(landingFor('operator', 'https://evil.example/')).toBe('/catalog')
    expect(landingFor('operator', '/login?next=/x')).toBe('/catalog')
    expect(landingFor('operator', null)).toBe('/catalog')
  })

  it('matches detail paths and highlights their list in the menu', () => {
    expect(findScreen('/catalog/administrative_penalty')?.params).toEqual({ itemKey: 'administrative_penalty' })
    expect(selectedMenu('/catalog/administrative_penalty')).toBe('catalog')
    expect(selectedMenu('/ingest/batches/')).toBe('batches')
    expect(findScreen('/nowhere')).toBeNull()
  })

  it('opens scorecards to institutions only and the portrait to the enterprise itself, institutions and the operator', () => {
    // Follows /api/scorecards (institution) and GET /api/subjects/{code}/portrait (operator, institution, enterprise).
    expect(menuFor('institution').find((m) => m.id === 'scorecards')).toMatchObject({ path: '/scorecards' })
    expect(findScreen('/scorecards/abc')?.screen.id).toBe('scorecard')
    for (const role of ['operator', 'enterprise', 'supervisor', 'provider', 'platform'] as const) expect(canOpen(role, '/scorecards'), role).toBe(false)
    expect(findScreen('/access/enterprises/91640100MA76XQ0A8A/portrait')?.screen.id).toBe('portrait')
    expect(canOpen('institution', '/access/enterprises/91640100MA76XQ0A8A/portrait')).toBe(true)
    expect(canOpen('supervisor', '/access/enterprises/91640100MA76XQ0A8A/portrait')).toBe(false)
    expect(menuFor('enterprise').find((m) => m.id === 'selfPortrait')).toMatchObject({ path: '/self/portrait', group: 'access' })
  })

  it('follows the repair routes\' policies: cases for the enterprise, its units and the operator; statistics for oversight; notices for recipients', () => {
    expect(canOpen('enterprise', '/repair/objections')).toBe(true)
    expect(canOpen('institution', '/repair/objections')).toBe(false)
    expect(canOpen('provider', '/repair/repairs')).toBe(true)
    expect(canOpen('supervisor', '/stats/repair')).toBe(true)
    expect(canOpen('provider', '/stats/repair')).toBe(false)
    expect(canOpen('institution', '/repair/notices')).toBe(true)
    expect(canOpen('enterprise', '/repair/notices')).toBe(false)
    expect(menuFor('provider').find((m) => m.id === 'objections')?.label).toBe('menu.objectionQueue')
  })
})

describe('relationship graph screens', () => {
  it('opens on the portrait\'s footing: the enterprise its own, institutions and the operator an enterprise\'s', () => {
    expect(canOpen('enterprise', '/self/relations')).toBe(true)
    expect(canOpen('enterprise', '/access/enterprises/91640100MA76XQ0A8A/relations')).toBe(false)
    expect(canOpen('institution', '/access/enterprises/91640100MA76XQ0A8A/relations')).toBe(true)
    expect(canOpen('operator', '/access/enterprises/91640100MA76XQ0A8A/relations')).toBe(true)
    expect(canOpen('supervisor', '/access/enterprises/91640100MA76XQ0A8A/relations')).toBe(false)
    expect(canOpen('platform', '/access/enterprises/91640100MA76XQ0A8A/relations')).toBe(false)
  })
})


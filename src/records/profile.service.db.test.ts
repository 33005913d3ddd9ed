import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { type Role, createGrantService } from '../access/index.js'
import { AppError } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, INSURER, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { createProfileService } from './profile.service.js'
import type { Profile, ProfileItem } from './profile.types.js'

const item = (p: Profile, key: string): ProfileItem | undefined => p.categories.flatMap((c) => c.items).find((i) => i.key === key)
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: credit profile`, () => {
    let x: Xinshu
    let firm: Firm
    let as: Record<Role, Caller>
    let insurer: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      insurer = await seedInstitution(x, INSURER, 'insurer')
    })
    afterAll(async () => {
      await x?.close()
    })

    it('gives the enterprise all of its own data, grouped by category, with provenance and whole ID numbers', async () => {
      const p = await x.profiles.read(as.enterprise.principal, firm.uscc)
      expect(p.viewer).toMatchObject({ basis: 'self', purpose: '信用主体自查' })
      expect(p.subject).toMatchObject({ subjectKey: firm.uscc, name: firm.name })
      expect(p.categories.map((c) => c.key)).toEqual(['market_registration', 'taxation', 'housing_provident_fund', 'real_estate', 'administrative_management'])
      const tax = item(p, 'tax_payment')!
      expect(tax.records).toHaveLength(1)
      expect(tax.records[0]).toMatchObject({ version: 2, earlierVersions: 1, values: { vat_paid_last_12_months: '1250000.00' }, provenance: { provider: '宁夏税务局', method: 'api', catalogVersion: 1 } })
      expect(tax.withheld).toEqual([])
      expect(item(p, 'administrative_penalty')!.records[0]!.values.legal_representative_id_number).toBe(firm.legalRepresentativeId)
      expect(item(p, 'real_estate_registration')!.records[0]!.values.area).toBe(320.5)
      expect(p.asOf).toBe(p.categories.map((c) => c.asOf).sort().at(-1))
      expect(p.audit).not.toBeNull()
      const [e] = await x.audit.list({ subjectKey: firm.uscc, limit: 1 })
      expect(e).toMatchObject({ action: 'profile.read', seq: p.audit!.seq, purpose: '信用主体自查', actor: { username: as.enterprise.principal.username } })
    })

    it('shows an institution without a grant only public fields, ID numbers masked, and nothing of all-restricted items', async () => {
      const p = await x.profiles.read(as.institution.principal, firm.uscc)
      expect(p.viewer).toMatchObject({ basis: 'institution', grants: [] })
      const tax = item(p, 'tax_payment')!
      expect(Object.keys(tax.records[0]!.values).sort()).toEqual(['entity_name', 'uscc'])
      expect(tax.withheld).toContain('vat_paid_last_12_months')
      expect(item(p, 'housing_fund_contribution')!.withheld).toContain('avg_monthly_contributors_last_12_months')
      expect(item(p, 'real_estate_registration')).toBeUndefined()
      const penalty = item(p, 'administrative_penalty')!.records[0]!
      expect(penalty.values.legal_representative_id_number).toBe(`${firm.legalRepresentativeId.slice(0, 6)}********${firm.legalRepresentativeId.slice(-4)}`)
      expect(penalty.masked).toEqual(['legal_representative_id_number'])
      // The masked identifier is still personal data: the read is logged, naming that field only.
      const [e] = await x.audit.list({ subjectKey: firm.uscc, organization: BANK, limit: 1 })
      expect(e!.fields).toEqual(['administrative_penalty.legal_representative_id_number'])
      expect(e!.grantId).toBeNull()
    })

    it('shows restricted fields of the items a live view grant covers, and logs fields, grant and purpose', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      const p = await x.profiles.read(as.institution.principal, firm.uscc)
      expect(p.viewer.grants.map((r) => r.id)).toEqual([g.id])
      expect(item(p, 'tax_payment')!).toMatchObject({ grantId: g.id, withheld: [] })
      expect(item(p, 'tax_payment')!.records[0]!.values.vat_paid_last_12_months).toBe('1250000.00')
      expect(item(p, 'housing_fund_contribution')!.withheld).not.toEqual([]) // not in the grant's scope
      const [e] = await x.audit.list({ subjectKey: firm.uscc, organization: BANK, limit: 1 })
      expect(e).toMatchObject({ action: 'profile.read', grantId: g.id, purpose: '融资', seq: p.audit!.seq })
      expect(e!.fields).toContain('tax_payment.vat_paid_last_12_months')
      expect(e!.fields).not.toContain('housing_fund_contribution.total_contribution_last_12_months')
      // Another institution gains nothing from the bank's grant.
      const q = await x.profiles.read(insurer.principal, firm.uscc)
      expect(item(q, 'tax_payment')!.withheld).toContain('vat_paid_last_12_months')
    })

    it('does not show values under a grant for verification only', async () => {
      await x.grants.create(as.enterprise.principal, { institution: INSURER, categories: ['housing_provident_fund'], mode: 'verify', purpose: '融资', validUntil: inDays(30) })
      const p = await x.profiles.read(insurer.principal, firm.uscc)
      expect(item(p, 'housing_fund_contribution')!.withheld).toContain('total_contribution_last_12_months')
    })

    it('refuses the next query once a grant is revoked, and tells the institution when', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, items: ['housing_fund_contribution'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      expect(item(await x.profiles.read(as.institution.principal, firm.uscc, { grantId: g.id }), 'housing_fund_contribution')!.withheld).toEqual([])
      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '不再需要' })
      const err = await refusal(x.profiles.read(as.institution.principal, firm.uscc, { grantId: g.id }))
      expect(err.code).toBe('GRANT_REVOKED')
      expect(err.zh).toContain('撤销')
      const p = await x.profiles.read(as.institution.principal, firm.uscc)
      expect(item(p, 'housing_fund_contribution')!.withheld).toContain('total_contribution_last_12_months')
      expect(p.viewer.endedGrants.find((r) => r.id === g.id)).toMatchObject({ status: 'revoked' })
      expect(p.viewer.endedGrants.find((r) => r.id === g.id)!.revokedAt).toBeTruthy()
    })

    it('withholds restricted data the moment a grant expires', async () => {
      let clock = new Date()
      const grants = createGrantService({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, now: () => clock })
      const profiles = createProfileService({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, dataKey: x.config.dataKey, now: () => clock })
      const g = await grants.create(as.enterprise.principal, { institution: INSURER, items: ['annual_report', 'real_estate_registration'], mode: 'view', purpose: '融资', validUntil: inDays(5) })
      expect(item(await profiles.read(insurer.principal, firm.uscc), 'real_estate_registration')).toBeDefined()
      clock = new Date(Date.now() + 6 * 86_400_000)
      expect(item(await profiles.read(insurer.principal, firm.uscc), 'real_estate_registration')).toBeUndefined()
      expect((await refusal(profiles.read(insurer.principal, firm.uscc, { grantId: g.id }))).code).toBe('GRANT_EXPIRED')
    })

    it('shows the operator everything with ID numbers masked, and whole only with a stated reason that is logged', async () => {
      const p = await x.profiles.read(as.operator.principal, firm.uscc)
      expect(item(p, 'tax_payment')!.withheld).toEqual([])
      expect(item(p, 'administrative_penalty')!.records[0]!.values.legal_representative_id_number).toMatch(/^\d{6}\*{8}[\dX]{4}$/)
      const r = await x.profiles.read(as.operator.principal, firm.uscc, { reveal: '核实异议申诉中的法定代表人身份' })
      expect(item(r, 'administrative_penalty')!.records[0]!.values.legal_representative_id_number).toBe(firm.legalRepresentativeId)
      const [e] = await x.audit.list({ subjectKey: firm.uscc, action: 'profile.reveal', limit: 1 })
      expect(e).toMatchObject({ reason: '核实异议申诉中的法定代表人身份', actor: { role: 'operator' } })
      expect((await refusal(x.profiles.read(as.operator.principal, firm.uscc, { reveal: '查' }))).code).toBe('PROFILE_REVEAL_REASON')
      expect((await refusal(x.profiles.read(as.institution.principal, firm.uscc, { reveal: '我想看看完整号码' }))).code).toBe('PROFILE_REVEAL_OPERATOR_ONLY')
    })

    it('keeps an enterprise to its own subject and supervisors and platforms to public fields', async () => {
      const other = await seedFirm(x)
      expect((await refusal(x.profiles.read(as.enterprise.principal, other.uscc))).code).toBe('ACCESS_NOT_YOUR_DATA')
      for (const role of ['supervisor', 'platform'] as const) {
        const p = await x.profiles.read(as[role].principal, firm.uscc)
        expect(p.viewer.basis).toBe('public')
        expect(item(p, 'tax_payment')!.withheld).toContain('vat_paid_last_12_months')
        expect(item(p, 'real_estate_registration')).toBeUndefined()
      }
      expect((await refusal(x.profiles.read(as.provider.principal, firm.uscc))).code).toBe('ACCESS_FORBIDDEN')
      expect((await refusal(x.profiles.read(as.operator.principal, factory.uscc(999_999)))).code).toBe('REGISTRY_SUBJECT_NOT_FOUND')
    })

    it('leaves no audit entry for a read of public fields only', async () => {
      const n = factory.next()
      await ingestRows(x, 'business_license', [factory.licenseRow({ _n: n })], '自治区市场监管厅')
      const p = await x.profiles.read(as.institution.principal, factory.uscc(n))
      expect(p.audit).toBeNull()
      expect(await x.audit.list({ subjectKey: factory.uscc(n), limit: 5 })).toEqual([])
    })

    it('masks by the configured policy, not by code on each screen', async () => {
      const profiles = createProfileService({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, dataKey: x.config.dataKey, masking: { keepStart: 3, keepEnd: 2, maskChar: '•' } })
      const p = await profiles.read(as.institution.principal, firm.uscc)
      const id = firm.legalRepresentativeId
      expect(item(p, 'administrative_penalty')!.records[0]!.values.legal_representative_id_number).toBe(`${id.slice(0, 3)}${'•'.repeat(13)}${id.slice(-2)}`)
    })
  })
}

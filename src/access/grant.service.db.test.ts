import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from './access.types.js'
import { AppError } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, INSURER, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { createGrantService } from './grant.service.js'

async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err, `expected ${code}`).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  expect((err as AppError).zh).toMatch(/[\u4e00-\u9fa5]/)
  expect((err as AppError).en).toMatch(/[a-z]/)
  return err as AppError
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: grants`, () => {
    let x: Xinshu
    let firm: Firm
    let other: Firm
    let as: Record<Role, Caller>
    let insurer: Caller
    let otherFirm: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      other = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      insurer = await seedInstitution(x, INSURER, 'insurer')
      const id = await x.access.createAccount({ username: 'otherfirm', displayName: '另一企业', role: 'enterprise', organization: other.uscc })
      otherFirm = { ...(await x.access.openSession(id)), headers: { authorization: '' } } as Caller
    })
    afterAll(async () => {
      await x?.close()
    })

    it('lets an enterprise grant an institution at once, keeping who, when, how and the consent text as evidence', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], items: ['housing_fund_contribution'], mode: 'view', purpose: '融资', validUntil: inDays(180).slice(0, 10) }, { ip: '10.0.0.8' })
      expect(g).toMatchObject({ status: 'active', subjectKey: firm.uscc, institution: BANK, categories: ['taxation'], items: ['housing_fund_contribution'], mode: 'view', purpose: '融资' })
      expect(g.evidence).toMatchObject({ by: as.enterprise.principal.username, how: 'web-consent', ip: '10.0.0.8' })
      expect(g.evidence!.statement).toContain(BANK)
      expect(g.evidence!.statement).toContain('纳税信息')
      expect(g.evidence!.statementHash).toMatch(/^[0-9a-f]{64}$/)
      // A date alone runs to the end of that day, Beijing time.
      expect(g.validUntil.toISOString()).toMatch(/T15:59:59\.999Z$/)
      const full = await x.grants.get(as.institution.principal, g.id)
      expect(full.history.map((h) => h.action)).toEqual(['create'])
      const [entry] = await x.audit.list({ grantId: g.id, limit: 5 })
      expect(entry).toMatchObject({ action: 'grant.create', subjectKey: firm.uscc, purpose: '融资' })
      const notes = await x.grants.notifications(as.institution.principal, { unread: true, limit: 10 })
      expect(notes.find((n) => n.grantId === g.id)).toMatchObject({ kind: 'grant.created', zh: expect.stringContaining(`${firm.name}（${firm.uscc}）已授权贵机构`) })
      expect(g.evidence!.statement).toMatch(new RegExp(`^${firm.name}（${firm.uscc}）同意授权`))
    })

    it('checks the scope, the end date and the institution before granting', async () => {
      const base = { institution: BANK, mode: 'view' as const, purpose: '融资', validUntil: inDays(30) }
      await expectError(x.grants.create(as.enterprise.principal, { ...base, categories: ['no_such_category'] }), 'GRANT_SCOPE_UNKNOWN')
      await expectError(x.grants.create(as.enterprise.principal, { ...base, items: [] }), 'GRANT_SCOPE_EMPTY')
      await expectError(x.grants.create(as.enterprise.principal, { ...base, items: ['tax_payment'], validUntil: inDays(-1) }), 'GRANT_VALID_UNTIL_PAST')
      await expectError(x.grants.create(as.enterprise.principal, { ...base, items: ['tax_payment'], validUntil: inDays(2000) }), 'GRANT_VALID_UNTIL_TOO_FAR')
      await expectError(x.grants.create(as.enterprise.principal, { ...base, items: ['tax_payment'], institution: '不存在的银行' }), 'GRANT_INSTITUTION_UNKNOWN')
    })

    it('lets an institution ask, tells the enterprise, and records the approval as consent', async () => {
      const r = await x.grants.request(insurer.principal, { subject: firm.uscc, items: ['tax_payment'], mode: 'verify', purpose: '融资', validUntil: inDays(90), note: '小微企业贷款保证保险' })
      expect(r).toMatchObject({ status: 'requested', institution: INSURER, evidence: null, requestedBy: 'insurer', requestNote: '小微企业贷款保证保险' })
      const told = await x.grants.notifications(as.enterprise.principal, { unread: true, limit: 10 })
      expect(told.find((n) => n.grantId === r.id)).toMatchObject({ kind: 'grant.requested' })
      await expectError(x.grants.approve(otherFirm.principal, r.id), 'GRANT_NOT_YOURS')
      const a = await x.grants.approve(as.enterprise.principal, r.id, { validUntil: inDays(60) })
      expect(a.status).toBe('active')
      expect(a.evidence!.by).toBe(as.enterprise.principal.username)
      expect(a.validUntil.getTime()).toBeLessThan(Date.now() + 61 * 86_400_000)
      await expectError(x.grants.approve(as.enterprise.principal, r.id), 'GRANT_STATUS_CONFLICT')
      expect((await x.grants.get(insurer.principal, r.id)).history.map((h) => h.action)).toEqual(['request', 'approve'])
    })

    it('lets an enterprise refuse a request, and tells the institution why', async () => {
      const r = await x.grants.request(as.institution.principal, { subject: firm.uscc, categories: ['real_estate'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      const refused = await x.grants.refuse(as.enterprise.principal, r.id, { reason: '暂不需要贷款' })
      expect(refused).toMatchObject({ status: 'refused', refuseReason: '暂不需要贷款' })
      const notes = await x.grants.notifications(as.institution.principal, { unread: false, limit: 50 })
      expect(notes.find((n) => n.grantId === r.id)?.zh).toContain('暂不需要贷款')
    })

    it('revokes at once, records when and by whom, and notifies the institution', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, items: ['annual_report'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      const r = await x.grants.revoke(as.enterprise.principal, g.id, { reason: '贷款已结清' })
      expect(r).toMatchObject({ status: 'revoked', revokedBy: as.enterprise.principal.username, revokeReason: '贷款已结清' })
      expect(r.revokedAt).toBeInstanceOf(Date)
      const note = (await x.grants.notifications(as.institution.principal, { unread: true, limit: 50 })).find((n) => n.grantId === g.id && n.kind === 'grant.revoked')
      expect(note?.zh).toContain(`${firm.name}（${firm.uscc}）已于`)
      expect(note?.en).toContain(firm.name)
      await x.grants.markRead(as.institution.principal, note!.id)
      expect((await x.grants.notifications(as.institution.principal, { unread: true, limit: 50 })).some((n) => n.id === note!.id)).toBe(false)
      await expectError(x.grants.revoke(as.enterprise.principal, g.id), 'GRANT_STATUS_CONFLICT')
      await expectError(x.grants.revoke(as.operator.principal, g.id), 'ACCESS_REASON_REQUIRED')
      const entries = await x.audit.list({ grantId: g.id, limit: 10 })
      expect(entries.map((e) => e.action)).toEqual(['grant.revoke', 'grant.create'])
      expect((await x.audit.verifyChain()).ok).toBe(true)
    })

    it('computes expiry from the clock, without any job having to run', async () => {
      let clock = new Date()
      const timed = createGrantService({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, now: () => clock })
      const g = await timed.create(as.enterprise.principal, { institution: BANK, items: ['social_insurance_contribution'], mode: 'view', purpose: '融资', validUntil: inDays(10) })
      expect((await timed.get(as.operator.principal, g.id)).status).toBe('active')
      clock = new Date(Date.now() + 11 * 86_400_000)
      expect((await timed.get(as.operator.principal, g.id)).status).toBe('expired')
      const expired = await timed.list(as.operator.principal, { status: 'expired', limit: 50, offset: 0 })
      expect(expired.grants.map((e) => e.id)).toContain(g.id)
      expect((await timed.list(as.operator.principal, { status: 'active', limit: 50, offset: 0 })).grants.map((e) => e.id)).not.toContain(g.id)
    })

    it('shows each party only its own grants, and the operator all', async () => {
      await x.grants.create(otherFirm.principal, { institution: INSURER, items: ['tax_payment'], mode: 'verify', purpose: '融资', validUntil: inDays(30) })
      const mine = await x.grants.list(as.enterprise.principal, { limit: 200, offset: 0 })
      expect(mine.grants.every((g) => g.subjectKey === firm.uscc)).toBe(true)
      const bank = await x.grants.list(as.institution.principal, { limit: 200, offset: 0 })
      expect(bank.grants.every((g) => g.institution === BANK)).toBe(true)
      // Named, so a credit officer reads which enterprise granted what.
      expect(bank.grants.every((g) => g.subjectName === firm.name)).toBe(true)
      expect((await x.grants.get(as.institution.principal, bank.grants[0]!.id)).subjectName).toBe(firm.name)
      const all = await x.grants.list(as.operator.principal, { limit: 200, offset: 0 })
      expect(new Set(all.grants.map((g) => g.subjectKey))).toEqual(new Set([firm.uscc, other.uscc]))
      const anyInsurerGrant = all.grants.find((g) => g.institution === INSURER && g.subjectKey === other.uscc)!
      await expectError(x.grants.get(as.institution.principal, anyInsurerGrant.id), 'GRANT_NOT_YOURS')
      await expectError(x.grants.get(as.supervisor.principal, anyInsurerGrant.id), 'GRANT_NOT_YOURS')
    })
  })
}

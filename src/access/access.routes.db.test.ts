import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from './access.types.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

/**
 * The story over HTTP: an enterprise grants a bank, the bank queries, verifies and gets a report, the
 * enterprise revokes, the bank is refused at once and told; anyone checks the printed report; everyone sees the
 * audit log they are entitled to.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: grants, queries and reports over HTTP`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let grantId: string
    let reportNo: string
    let code: string
    let reportJson: Record<string, unknown>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (role: Role | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: role ? as[role].headers : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

    it('lets the enterprise grant the bank with web consent as evidence', async () => {
      expect((await call('enterprise', 'GET', '/api/institutions')).json()).toContain(BANK)
      const res = await call('enterprise', 'POST', '/api/grants', { institution: BANK, categories: ['taxation', 'housing_provident_fund'], mode: 'view', purpose: '融资', validUntil: inDays(90) })
      expect(res.statusCode).toBe(201)
      const g = res.json()
      expect(g).toMatchObject({ status: 'active', mode: 'view', evidence: { how: 'web-consent', by: as.enterprise.principal.username } })
      grantId = g.id
      const bad = await call('enterprise', 'POST', '/api/grants', { institution: BANK, items: ['tax_payment'], mode: 'view', purpose: '消费', validUntil: inDays(9) })
      expect(bad.statusCode).toBe(400)
      expect(bad.headers['content-type']).toContain('application/problem+json')
    })

    it('lets the bank find an enterprise by name, and lists no natural person to it', async () => {
      await x.db.query(`insert into registry.subject (subject_key, kind, name) values ('P:routes-test-person', 'person', $1)`, [`${firm.name}（个人）`])
      const q = encodeURIComponent(firm.name.slice(0, 6))
      const found = (await call('institution', 'GET', `/api/subjects?q=${q}&limit=50`)).json() as { rows: Array<{ uscc: string; kind: string }> }
      expect(found.rows.map((r) => r.uscc)).toContain(firm.uscc)
      expect(found.rows.every((r) => r.kind === 'organization')).toBe(true)
      const all = (await call('operator', 'GET', `/api/subjects?q=${q}&limit=50`)).json() as { rows: Array<{ kind: string }> }
      expect(all.rows.some((r) => r.kind === 'person')).toBe(true)
      expect((await call('enterprise', 'GET', `/api/subjects?q=${q}`)).statusCode).toBe(403)
    })

    it('shows the bank the granted data, verifies, and issues a report', async () => {
      const p = await call('institution', 'GET', `/api/subjects/${firm.uscc}/profile`)
      expect(p.statusCode).toBe(200)
      const tax = p.json().categories.flatMap((c: { items: unknown[] }) => c.items).find((i: { key: string }) => i.key === 'tax_payment')
      expect(tax.records[0].values.vat_paid_last_12_months).toBe('1250000.00')
      const v = await call('institution', 'POST', `/api/subjects/${firm.uscc}/verifications`, { questions: [{ expression: 'tax_payment.vat_paid_last_12_months >= 1000000' }, { expression: 'not exists(dishonest_judgment_debtor)' }] })
      expect(v.statusCode).toBe(200)
      expect(v.json().answers.map((a: { answer: boolean }) => a.answer)).toEqual([true, true])
      const bad = await call('institution', 'POST', `/api/subjects/${firm.uscc}/verifications`, { questions: [{ expression: 'tax_payment.vat >= 1' }] })
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ code: 'VERIFICATION_UNKNOWN_FIELD', errors: { question: 1 } })
      expect(bad.json().detail_en).toContain('no field')
      const r = await call('institution', 'POST', `/api/subjects/${firm.uscc}/reports`, {})
      expect(r.statusCode).toBe(201)
      reportJson = r.json()
      reportNo = reportJson.reportNo as string
      code = (reportJson.verification as { code: string }).code
      const pdf = await call('institution', 'GET', `/api/reports/${reportNo}/pdf`)
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    })

    it('lets anyone check a printed report without logging in, and catches an altered one', async () => {
      const ok = await call(null, 'GET', `/verify/${code}`)
      expect(ok.statusCode).toBe(200)
      expect(ok.json()).toMatchObject({ genuine: true, reportNo, subjectName: firm.name })
      const missing = await call(null, 'GET', `/verify/${'0'.repeat(64)}`)
      expect(missing.statusCode).toBe(404)
      expect(missing.json().code).toBe('REPORT_NOT_FOUND')
      expect((await call(null, 'POST', '/verify', reportJson)).json()).toMatchObject({ genuine: true })
      const altered = JSON.parse(JSON.stringify(reportJson))
      altered.subject.name = '宁夏另一家公司'
      expect((await call(null, 'POST', '/verify', altered)).json()).toEqual({ genuine: false, problem: 'altered', reportNo })
    })

    it('refuses the bank at once after the enterprise revokes, and tells it', async () => {
      const rv = await call('enterprise', 'POST', `/api/grants/${grantId}/revoke`, { reason: '已结清' })
      expect(rv.json()).toMatchObject({ status: 'revoked' })
      const p = await call('institution', 'GET', `/api/subjects/${firm.uscc}/profile?grant=${grantId}`)
      expect(p.statusCode).toBe(403)
      expect(p.json()).toMatchObject({ code: 'GRANT_REVOKED', type: 'urn:xinshu:problem:grant-revoked' })
      expect(p.json().detail).toContain('撤销')
      expect(p.json().detail_en).toContain('revoked')
      const v = await call('institution', 'POST', `/api/subjects/${firm.uscc}/verifications`, { questions: [{ expression: 'tax_payment.vat_paid_last_12_months >= 1000000' }] })
      expect(v.json().code).toBe('GRANT_REVOKED')
      const g = (await call('institution', 'GET', `/api/grants/${grantId}`)).json()
      expect(g).toMatchObject({ status: 'revoked', revokeReason: '已结清' })
      expect(g.revokedAt).toBeTruthy()
      expect(g.history.map((h: { action: string }) => h.action)).toEqual(['create', 'revoke'])
      const notes = (await call('institution', 'GET', '/api/notifications?unread=true')).json()
      expect(notes.find((n: { grantId: string; kind: string }) => n.grantId === grantId && n.kind === 'grant.revoked')).toBeTruthy()
    })

    it('lets an institution ask and the enterprise approve over HTTP', async () => {
      const r = await call('institution', 'POST', '/api/grants/requests', { subject: firm.uscc, items: ['tax_payment'], mode: 'verify', purpose: '融资', validUntil: inDays(30), note: '流动资金贷款' })
      expect(r.statusCode).toBe(201)
      const pending = (await call('enterprise', 'GET', '/api/grants?status=requested')).json()
      expect(pending.grants.map((g: { id: string }) => g.id)).toContain(r.json().id)
      const a = await call('enterprise', 'POST', `/api/grants/${r.json().id}/approve`, {})
      expect(a.json()).toMatchObject({ status: 'active', evidence: { how: 'web-consent' } })
    })

    it('shows each role the audit log it is entitled to, and the operator the chain', async () => {
      const mine = (await call('enterprise', 'GET', '/api/audit/entries?limit=200')).json().entries as Array<{ subjectKey: string; actor: { organization: string } }>
      expect(mine.length).toBeGreaterThan(3)
      expect(mine.every((e) => e.subjectKey === firm.uscc)).toBe(true)
      expect(mine.some((e) => e.actor.organization === BANK)).toBe(true)
      // Its own reads are accesses too, logged like any other; it may leave them out to see only others'.
      expect((await call('enterprise', 'GET', '/api/self/profile')).statusCode).toBe(200)
      const withOwn = (await call('enterprise', 'GET', '/api/audit/entries?limit=200')).json().entries as Array<{ actor: { organization: string } }>
      expect(withOwn.some((e) => e.actor.organization === firm.uscc)).toBe(true)
      const others = (await call('enterprise', 'GET', '/api/audit/entries?limit=200&others=true')).json().entries as Array<{ actor: { organization: string | null } }>
      expect(others.length).toBeGreaterThan(0)
      expect(others.every((e) => e.actor.organization !== firm.uscc)).toBe(true)
      const bank = (await call('institution', 'GET', '/api/audit/entries?limit=200')).json().entries as Array<{ actor: { organization: string }; action: string }>
      expect(bank.every((e) => e.actor.organization === BANK)).toBe(true)
      expect(new Set(bank.map((e) => e.action))).toEqual(new Set(['profile.read', 'verification.run', 'report.issue', 'report.fetch', 'grant.request']))
      expect((await call('enterprise', 'GET', '/api/audit/entries?subject=91640100MA76XQ0A8A')).statusCode).toBe(403)
      expect((await call('operator', 'GET', '/api/audit/chain')).json()).toMatchObject({ ok: true })
    })

    it('logs every operator action that may change something, with its route and outcome', async () => {
      const before = (await x.audit.list({ action: 'operator.request', limit: 50 })).length
      await call('operator', 'POST', '/api/registry/allowlist', { uscc: '91640100MA76XQ0A8B', reason: '核实为真实代码' })
      // The entry is written in onResponse, just after the reply has gone out.
      await vi.waitFor(async () => expect((await x.audit.list({ action: 'operator.request', limit: 50 })).length).toBe(before + 1))
      const entries = await x.audit.list({ action: 'operator.request', limit: 50 })
      expect(entries[0]!.details).toMatchObject({ method: 'POST', route: '/api/registry/allowlist' })
      expect(entries[0]!.details!.status).toBeTypeOf('number')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { API_SCOPE_NAMES } from '../../src/access/api-scopes.js'
import { BANK, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'
import { factory } from '../factory.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/**
 * Hostile cases of onboarding: keys beyond their scopes, enterprises claiming what is not theirs or approving
 * themselves, pending accounts reaching for data, oversized registrations, institutions reaching for others' keys,
 * and the legal representative's ID number leaking back out.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: onboarding under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let spec: { paths: Record<string, Record<string, { security?: unknown[] }>> }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (who: Role | { authorization: string } | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method, url, headers: { ...(who === null ? {} : typeof who === 'string' ? as[who].headers : who), ...headers }, ...(payload !== undefined ? { payload: payload as never } : {}) })
    const form = (n: number, over: Record<string, unknown> = {}) => ({
      username: `reg${n}`, password: 'Qiye2026abc', uscc: factory.uscc(n), companyName: `宁夏测试${n}有限公司`, contactName: '刘会计',
      mobile: '13995000000', legalRepresentative: { name: '王小明', idNumber: factory.idNumber(n) }, ...over,
    })

    it('refuses a key on every route whose scope it lacks, with a clear code, and on routes that name no scope', async () => {
      const key = (await x.accounts.createKey({ accountId: null, username: 'test', role: 'operator', organization: null }, as.institution.principal.accountId,
        { label: '只读画像', scopes: ['profile:read'], expiresAt: new Date(Date.now() + 86_400_000) })).key
      const verify = await call(bearer(key), 'POST', `/api/subjects/${firm.uscc}/verifications`, { questions: [{ expression: 'exists(business_license)' }] })
      expect(verify.statusCode).toBe(403)
      expect(verify.json()).toMatchObject({ code: 'ACCESS_SCOPE_MISSING', detail: expect.stringContaining('verify') })
      expect((await call(bearer(key), 'POST', `/api/subjects/${firm.uscc}/reports`, {})).json().code).toBe('ACCESS_SCOPE_MISSING')
      expect((await call(bearer(key), 'GET', '/api/grants')).json().code).toBe('ACCESS_SCOPE_MISSING')
      // A key with every scope its role may hold still cannot manage keys: that is for people.
      const wide = (await x.accounts.createKey({ accountId: null, username: 'test', role: 'operator', organization: null }, as.institution.principal.accountId,
        { label: '全部权限', scopes: ['catalog:read', 'subject:read', 'profile:read', 'verify', 'report:issue', 'grant:read', 'grant:write', 'audit:read', 'financing:read', 'financing:write'], expiresAt: new Date(Date.now() + 86_400_000) })).key
      for (const [method, url] of [['POST', '/api/self/keys'], ['GET', '/api/self/keys'], ['GET', '/api/auth/me']] as const) {
        const res = await call(bearer(wide), method, url, method === 'POST' ? { label: 'x', scopes: ['verify'], expiresAt: inDays(5) } : undefined)
        expect(res.json().code, `${method} ${url}`).toBe('ACCESS_SCOPE_MISSING')
      }
      expect((await call(bearer(wide), 'GET', `/api/subjects/${firm.uscc}/profile`)).statusCode).toBe(200)
    })

    it('refuses a key stored without scopes on every operation that accepts keys at all', async () => {
      const bare = await x.access.createApiKey({ accountId: as.operator.principal.accountId, label: '旧密钥', expiresAt: new Date(Date.now() + 86_400_000) })
      let checked = 0
      for (const [path, ops] of Object.entries(spec.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          if (Array.isArray(op.security) && op.security.length === 0) continue
          const url = path.replace(/\{[^}]+\}/g, (p) => (p.includes('code') || p.includes('uscc') ? firm.uscc : p === '{id}' ? '00000000-0000-4000-8000-000000000000' : 'x'))
          const res = await app.inject({ method: m.toUpperCase() as 'GET', url, headers: bearer(bare) })
          // an operator's key: refused for want of a scope where operators may call, for its role elsewhere
          expect(res.statusCode, `${m} ${path}`).toBe(403)
          expect(['ACCESS_SCOPE_MISSING', 'ACCESS_FORBIDDEN'], `${m} ${path}`).toContain(res.json().code)
          checked++
        }
      }
      expect(checked).toBeGreaterThan(40)
      expect((await call(bearer(bare), 'GET', `/api/subjects/${firm.uscc}/profile`)).json().code).toBe('ACCESS_SCOPE_MISSING')
    })

    it('does not let an enterprise claim a code already registered or in use', async () => {
      expect((await call(null, 'POST', '/api/registrations', form(1, { uscc: firm.uscc }))).json().code).toBe('ONBOARDING_USCC_CLAIMED')
      const n = factory.next()
      expect((await call(null, 'POST', '/api/registrations', form(n))).statusCode).toBe(201)
      expect((await call(null, 'POST', '/api/registrations', form(n, { username: `thief${n}` }))).json().code).toBe('ONBOARDING_USCC_CLAIMED')
      const rows = await x.db.query<{ n: number }>('select count(*)::int as n from access.registration where uscc = $1', [factory.uscc(n)])
      expect(rows[0]!.n).toBe(1)
    })

    it('does not let a disabled enterprise account back in once its code has been claimed again', async () => {
      const n = factory.next()
      const first = await x.accounts.createAccount({ accountId: null, username: 'test', role: 'operator', organization: null },
        { username: `first${n}`, displayName: '先前的账号', role: 'enterprise', organization: factory.uscc(n), password: 'Qiye2026abc' })
      await call('operator', 'POST', `/api/accounts/${first.account.id}/disable`, { reason: '企业申请注销' })
      expect((await call(null, 'POST', '/api/registrations', form(n))).statusCode).toBe(201)
      expect((await call('operator', 'POST', `/api/accounts/${first.account.id}/enable`, {})).json().code).toBe('ONBOARDING_USCC_CLAIMED')
    })

    it('does not let a registrant tie itself to its subject or change how registrations are checked', async () => {
      const n = factory.next()
      const reg = (await call(null, 'POST', '/api/registrations', form(n))).json()
      const { token } = await x.access.login(`reg${n}`, 'Qiye2026abc')
      expect((await call(bearer(token), 'POST', `/api/registrations/${reg.id}/approve`, {})).json().code).toBe('ACCESS_FORBIDDEN')
      expect((await call(bearer(token), 'PUT', '/api/settings/registration-check', { mode: 'registration-match' })).json().code).toBe('ACCESS_FORBIDDEN')
      expect((await call('enterprise', 'POST', `/api/registrations/${reg.id}/approve`, {})).json().code).toBe('ACCESS_FORBIDDEN')
      expect((await x.access.login(`reg${n}`, 'Qiye2026abc')).principal).toMatchObject({ organization: null, pending: true })
    })

    it('does not let an enterprise declare data about another subject', async () => {
      const other = factory.uscc(factory.next())
      const res = await call('enterprise', 'POST', '/api/self/declarations', { itemKey: 'business_license', values: { entity_name: '别人家公司', uscc: other, legal_representative: '张三' } })
      expect(res.statusCode).toBe(201)
      expect(res.json().values.uscc).toBe(firm.uscc)
      const stored = await x.db.query<{ subject_key: string }>('select subject_key from records.self_declared')
      expect(stored.map((r) => r.subject_key)).toEqual([firm.uscc])
      // and nothing of it entered providers' records
      expect((await x.db.query<{ n: number }>('select count(*)::int as n from records.record where subject_key = $1', [other]))[0]!.n).toBe(0)
    })

    it('lets a pending account read nothing but who it is and its registration', async () => {
      const n = factory.next()
      await call(null, 'POST', '/api/registrations', form(n))
      const { token } = await x.access.login(`reg${n}`, 'Qiye2026abc')
      const open: string[] = []
      for (const [path, ops] of Object.entries(spec.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          // logging out would end the session the walk uses
          if ((Array.isArray(op.security) && op.security.length === 0) || path === '/api/auth/logout') continue
          const url = path.replace(/\{[^}]+\}/g, (p) => (p.includes('code') || p.includes('uscc') ? firm.uscc : p === '{id}' ? '00000000-0000-4000-8000-000000000000' : 'x'))
          const res = await app.inject({ method: m.toUpperCase() as 'GET', url, headers: bearer(token) })
          if (res.statusCode !== 403) open.push(`${m.toUpperCase()} ${path} ${res.statusCode}`)
          else if (!['ACCESS_FORBIDDEN', 'ACCESS_REGISTRATION_PENDING'].includes(res.json().code)) open.push(`${m.toUpperCase()} ${path} ${res.json().code}`)
        }
      }
      expect(open.sort()).toEqual(['GET /api/auth/me 200', 'GET /api/registration 200'])
      expect((await call(bearer(token), 'GET', '/api/self/profile')).json().code).toBe('ACCESS_REGISTRATION_PENDING')
    })

    it('takes a registration body of a few kilobytes only, strictly shaped', async () => {
      const n = factory.next()
      const big = await call(null, 'POST', '/api/registrations', JSON.stringify({ ...form(n), companyName: '宁'.repeat(3000) }), { 'content-type': 'application/json' })
      expect(big.statusCode).toBe(413)
      expect((await call(null, 'POST', '/api/registrations', form(n, { companyName: 'x'.repeat(101) }))).statusCode).toBe(400)
      expect((await call(null, 'POST', '/api/registrations', form(n, { legalRepresentative: { name: '王小明', idNumber: factory.idNumber(n), extra: 'x'.repeat(10) }, mobile: '1'.repeat(2000) }))).statusCode).toBe(400)
      expect((await x.db.query<{ n: number }>('select count(*)::int as n from access.registration where uscc = $1', [factory.uscc(n)]))[0]!.n).toBe(0)
      // Properties the form does not have are refused at the edge: no role, no organisation chosen by the registrant.
      const sneaky = await call(null, 'POST', '/api/registrations', { ...form(n), role: 'operator', organization: firm.uscc, status: 'active' })
      expect([sneaky.statusCode, sneaky.json().code]).toEqual([400, 'REQUEST_INVALID'])
      const clean = await call(null, 'POST', '/api/registrations', form(n))
      expect(clean.json()).toMatchObject({ status: 'pending', uscc: factory.uscc(n) })
      expect((await x.access.login(`reg${n}`, 'Qiye2026abc')).principal).toMatchObject({ role: 'enterprise', organization: null, pending: true })
    })

    it('does not let an institution issue, see or revoke keys of another account', async () => {
      const other = await seedInstitution(x, '石嘴山银行股份有限公司', 'szs-bank')
      const theirs = (await call(other.headers, 'POST', '/api/self/keys', { label: '石嘴山银行系统', scopes: ['grant:read'], expiresAt: inDays(5) })).json()
      expect((await call('institution', 'POST', `/api/accounts/${other.principal.accountId}/keys`, { label: 'x', scopes: ['grant:read'], expiresAt: inDays(5) })).json().code).toBe('ACCESS_FORBIDDEN')
      expect((await call('institution', 'GET', `/api/accounts/${other.principal.accountId}/keys`)).json().code).toBe('ACCESS_FORBIDDEN')
      expect((await call('institution', 'POST', `/api/self/keys/${theirs.apiKey.id}/revoke`)).json().code).toBe('ONBOARDING_KEY_NOT_FOUND')
      expect((await call('institution', 'GET', '/api/self/keys')).json().map((k: { id: string }) => k.id)).not.toContain(theirs.apiKey.id)
      expect((await call(bearer(theirs.key), 'GET', '/api/grants')).statusCode).toBe(200)
      // a provider cannot give its own key an institution's scopes
      expect((await call('provider', 'POST', '/api/self/keys', { label: 'x', scopes: ['profile:read'], expiresAt: inDays(5) })).json().code).toBe('ONBOARDING_SCOPE_NOT_FOR_ROLE')
      expect(API_SCOPE_NAMES.length).toBeGreaterThan(5)
      expect(BANK).not.toBe('石嘴山银行股份有限公司')
    })

    it('never shows the legal representative\'s ID number whole, nor keeps or logs it in clear', async () => {
      const n = factory.next()
      const id = factory.idNumber(n)
      const reg = (await call(null, 'POST', '/api/registrations', form(n))).json()
      expect(reg.legalRepresentative.idNumber).not.toBe(id)
      expect(reg.legalRepresentative.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`)
      const { token } = await x.access.login(`reg${n}`, 'Qiye2026abc')
      for (const res of [
        await call(bearer(token), 'GET', '/api/registration'),
        await call('operator', 'GET', `/api/registrations/${reg.id}`),
        await call('operator', 'GET', '/api/registrations?limit=200'),
        await call('operator', 'GET', '/api/audit/entries?limit=200'),
      ]) {
        expect(res.statusCode).toBe(200)
        expect(res.body).not.toContain(id)
      }
      const stored = await x.db.query<{ row: string }>('select r::text as row from access.registration r where id = $1', [reg.id])
      expect(stored[0]!.row).not.toContain(id)
      const logged = await x.db.query<{ n: number }>(`select count(*)::int as n from audit.entry e where e::text like '%' || $1 || '%'`, [id])
      expect(logged[0]!.n).toBe(0)
    })
  })
}

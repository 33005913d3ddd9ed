import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { factory } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'
import { PLATFORM_B, seedPlatform } from '../fixtures/platforms.fixtures.js'

const ADMIN = { accountId: null, username: 'test', role: 'operator', organization: null }
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const inADay = () => new Date(Date.now() + 86_400_000)
const yesterday = () => new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)

/**
 * Hostile cases of the platform feed and usage reports: one platform reaching for another's cursor or reports,
 * restricted fields without a grant, crafted cursors, oversize reports, keys without the feed's scopes.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: platform feed under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let firm: Firm
    let b: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      b = await seedPlatform(x)
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers })
    const post = (headers: Record<string, string>, url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })

    it('refuses platform A\'s cursor to platform B, and shows B nothing of A\'s standing or reports', async () => {
      const a = (await get(as.platform.headers, '/api/feed/changes?limit=1')).json()
      const stolen = await get(b.headers, `/api/feed/changes?after=${encodeURIComponent(a.next)}`)
      expect(stolen.statusCode).toBe(400)
      expect(stolen.json().code).toBe('PLATFORM_CURSOR_INVALID')
      expect((await get(b.headers, '/api/feed/status')).json()).toMatchObject({ platform: PLATFORM_B, cursor: null, pulls: 0 })
      const report = await post(as.platform.headers, '/api/feed/feedback', { id: 'a-secret-1', rows: [{ subject: firm.uscc, date: yesterday(), queries: 9, matches: 2, loans: 1, loanAmountFen: 100 }] })
      expect(report.statusCode).toBe(201)
      expect((await get(b.headers, '/api/feed/feedback/a-secret-1')).statusCode).toBe(404)
      expect((await get(b.headers, '/api/feed/feedback')).json()).toEqual([])
      // The same id is B's own namespace: B's report under it is B's, and A's stays as it was.
      expect((await post(b.headers, '/api/feed/feedback', { id: 'a-secret-1', rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] })).statusCode).toBe(201)
      expect((await get(as.platform.headers, '/api/feed/feedback/a-secret-1')).json()).toMatchObject({ queries: 9 })
    })

    it('gives no restricted field without a grant to that very platform, and none after the grant is revoked', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: PLATFORM_B, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inADay().toISOString() })
      const figuresFor = async (who: Caller) => {
        const taxes = []
        let after = ''
        for (let i = 0; i < 200; i++) {
          const page = (await get(who.headers, `/api/feed/changes?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`)).json()
          taxes.push(...page.changes.filter((c: { item: string; op: string }) => c.item === 'tax_payment' && c.op === 'upsert'))
          after = page.next
          if (!page.hasMore && !page.pending) break
          if (!page.hasMore) await new Promise((r) => setTimeout(r, 50))
        }
        return taxes.map((t: { values: Record<string, unknown> }) => t.values.vat_paid_last_12_months)
      }
      expect((await figuresFor(b)).every((v) => v !== undefined)).toBe(true)
      expect((await figuresFor(as.platform)).every((v) => v === undefined)).toBe(true)
      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '不再需要' })
      expect((await figuresFor(b)).every((v) => v === undefined)).toBe(true)
      // A grant to a bank is not a grant to a platform.
      await x.grants.create(as.enterprise.principal, { institution: as.institution.principal.organization!, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inADay().toISOString() })
      expect((await figuresFor(as.platform)).every((v) => v === undefined)).toBe(true)
    })

    it('refuses crafted cursors and page sizes before they reach a query', async () => {
      for (const after of ["1:1.' or 1=1 --", '1:1', '0:0', '-1:0.00000000000000000000', `${'9'.repeat(21)}:0.00000000000000000000`, 'x'.repeat(65), '%00', '1:1.AAAAAAAAAAAAAAAAAAAA']) {
        const res = await get(as.platform.headers, `/api/feed/changes?after=${encodeURIComponent(after)}`)
        expect(res.statusCode, after).toBe(400)
        expect(['PLATFORM_CURSOR_INVALID', 'REQUEST_INVALID'], after).toContain(res.json().code)
      }
      for (const limit of ['0', '-5', '1.5', '1e9', 'abc']) {
        expect((await get(as.platform.headers, `/api/feed/changes?limit=${limit}`)).statusCode, limit).toBe(400)
      }
      expect((await get(as.platform.headers, '/api/feed/changes?extra=1')).json().code).toBe('REQUEST_INVALID')
    })

    it('refuses oversize and malformed usage reports', async () => {
      const rows = Array.from({ length: 5001 }, (_, i) => ({ date: yesterday(), subject: firm.uscc, queries: i + 1, matches: 0, loans: 0 }))
      const big = await post(as.platform.headers, '/api/feed/feedback', { id: 'too-big', rows })
      expect(big.statusCode).toBe(413)
      expect(big.json().code).toBe('PLATFORM_FEEDBACK_TOO_LARGE')
      const huge = await post(as.platform.headers, '/api/feed/feedback', `{"id":"huge","rows":[${'{"date":"2026-01-01","queries":1,"matches":0,"loans":0},'.repeat(30_000)}{}]}`)
      expect(huge.statusCode).toBe(413)
      for (const body of [
        { id: "x' or 1=1", rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] },
        { id: 'ok', rows: [] },
        { id: 'ok', rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0, secret: 1 }] },
        { id: 'ok', rows: [{ date: yesterday(), queries: 2_000_000, matches: 0, loans: 0 }] },
        { id: 'ok', rows: [{ date: yesterday(), subject: 'x'.repeat(41), queries: 1, matches: 0, loans: 0 }] },
        { id: 'y'.repeat(65), rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] },
      ]) {
        const res = await post(as.platform.headers, '/api/feed/feedback', body)
        expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400)
      }
      expect((await get(as.platform.headers, '/api/feed/feedback/huge')).statusCode).toBe(404)
    })

    it('keeps the feed and reports to platforms, usage to the operator and supervisors', async () => {
      for (const role of ['operator', 'institution', 'enterprise', 'provider', 'supervisor'] as const) {
        expect((await get(as[role].headers, '/api/feed/changes')).statusCode, role).toBe(403)
        expect((await post(as[role].headers, '/api/feed/feedback', { id: 'r', rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] })).statusCode, role).toBe(403)
      }
      for (const role of ['platform', 'institution', 'enterprise', 'provider'] as const) {
        expect((await get(as[role].headers, '/api/platforms/usage')).statusCode, role).toBe(403)
        expect((await get(as[role].headers, '/api/platforms/usage.csv')).statusCode, role).toBe(403)
      }
    })

    it('lets a platform\'s key pull only with feed:read and report only with feed:feedback', async () => {
      const readOnly = (await x.accounts.createKey(ADMIN as never, as.platform.principal.accountId!, { label: '拉取', scopes: ['feed:read'], expiresAt: inADay() })).key
      expect((await get(bearer(readOnly), '/api/feed/changes?limit=1')).statusCode).toBe(200)
      const report = await post(bearer(readOnly), '/api/feed/feedback', { id: 'k1', rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] })
      expect(report.json().code).toBe('ACCESS_SCOPE_MISSING')
      const reporter = (await x.accounts.createKey(ADMIN as never, as.platform.principal.accountId!, { label: '反馈', scopes: ['feed:feedback'], expiresAt: inADay() })).key
      expect((await get(bearer(reporter), '/api/feed/changes')).json().code).toBe('ACCESS_SCOPE_MISSING')
      expect((await post(bearer(reporter), '/api/feed/feedback', { id: 'k1', rows: [{ date: yesterday(), queries: 1, matches: 0, loans: 0 }] })).statusCode).toBe(201)
      await expect(x.accounts.createKey(ADMIN as never, as.institution.principal.accountId!, { label: 'x', scopes: ['feed:read'], expiresAt: inADay() })).rejects.toMatchObject({ code: 'ONBOARDING_SCOPE_NOT_FOR_ROLE' })
    })

    it('keeps the snapshot to its platform: tokens are not transferable nor editable, no restricted field without its grant, bounded pages', async () => {
      const a = (await get(as.platform.headers, '/api/feed/snapshot?limit=2')).json()
      expect(a.next).toEqual(expect.any(String))
      const stolen = await get(b.headers, `/api/feed/snapshot?after=${encodeURIComponent(a.next)}`)
      expect(stolen.statusCode).toBe(400)
      expect(stolen.json().code).toBe('PLATFORM_SNAPSHOT_TOKEN_INVALID')
      // Another platform's feed cursor is not the snapshot's business either, and vice versa.
      expect((await get(b.headers, `/api/feed/changes?after=${encodeURIComponent(a.feedCursor)}`)).json().code).toBe('PLATFORM_CURSOR_INVALID')
      const [, tag] = a.next.split('.')
      const forged = Buffer.from(JSON.stringify(['0:0', 0, Date.now(), '', '', ''])).toString('base64url')
      for (const after of [`${forged}.${tag}`, "x.' or 1=1 --", a.next.replace(/\.[0-9a-f]+$/, '.' + '0'.repeat(32)), '%00', `${'A'.repeat(600)}.${'0'.repeat(32)}`]) {
        const res = await get(as.platform.headers, `/api/feed/snapshot?after=${encodeURIComponent(after)}`)
        expect(res.statusCode, after.slice(0, 40)).toBe(400)
        expect(['PLATFORM_SNAPSHOT_TOKEN_INVALID', 'REQUEST_INVALID'], after.slice(0, 40)).toContain(res.json().code)
      }
      expect((await get(as.platform.headers, `/api/feed/snapshot?after=${'A'.repeat(700)}`)).json().code).toBe('REQUEST_INVALID')
      for (const limit of ['0', '1001', 'abc']) expect((await get(as.platform.headers, `/api/feed/snapshot?limit=${limit}`)).statusCode, limit).toBe(400)
      // A forged forget mark in a feed cursor breaks its tag.
      const cursor = (await get(as.platform.headers, '/api/feed/changes?limit=1')).json().next as string
      const [pos, ctag] = cursor.split('.')
      expect((await get(as.platform.headers, `/api/feed/changes?after=${encodeURIComponent(`${pos!.split('/')[0]}/0.${ctag}`)}`)).json().code).toBe('PLATFORM_CURSOR_INVALID')

      const all = async (who: Caller) => {
        const records = []
        let after = ''
        for (let i = 0; i < 100; i++) {
          const page = (await get(who.headers, `/api/feed/snapshot?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`)).json()
          records.push(...page.records)
          if (!page.next) break
          after = page.next
        }
        return records as Array<{ item: string; subject: string; values: Record<string, unknown> }>
      }
      const g = await x.grants.create(as.enterprise.principal, { institution: PLATFORM_B, categories: ['taxation', 'real_estate'], mode: 'view', purpose: '融资', validUntil: inADay().toISOString() })
      const forB = await all(b)
      expect(forB.filter((r) => r.subject === firm.uscc && r.item === 'tax_payment').every((r) => r.values.vat_paid_last_12_months !== undefined)).toBe(true)
      expect(forB.some((r) => r.item === 'real_estate_registration')).toBe(true)
      const forA = await all(as.platform)
      expect(forA.filter((r) => r.item === 'tax_payment').every((r) => r.values.vat_paid_last_12_months === undefined)).toBe(true)
      expect(forA.some((r) => r.item === 'real_estate_registration')).toBe(false)
      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '撤回' })
      const after = await all(b)
      expect(after.filter((r) => r.item === 'tax_payment').every((r) => r.values.vat_paid_last_12_months === undefined)).toBe(true)
      expect(after.some((r) => r.item === 'real_estate_registration')).toBe(false)
      for (const role of ['operator', 'institution', 'enterprise', 'provider', 'supervisor'] as const) {
        expect((await get(as[role].headers, '/api/feed/snapshot')).statusCode, role).toBe(403)
      }
      const reporter = (await x.accounts.createKey(ADMIN as never, as.platform.principal.accountId!, { label: '只报送', scopes: ['feed:feedback'], expiresAt: inADay() })).key
      expect((await get(bearer(reporter), '/api/feed/snapshot')).json().code).toBe('ACCESS_SCOPE_MISSING')
    })

    it('tells only the platform whose grant ended to forget, and nothing of other subjects', async () => {
      const pull = async (who: Caller, from?: string) => {
        const entries = []
        let after = from ?? ''
        for (let i = 0; i < 200; i++) {
          const page = (await get(who.headers, `/api/feed/changes?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`)).json()
          entries.push(...page.changes)
          after = page.next
          if (!page.hasMore && !page.pending) break
          if (!page.hasMore) await new Promise((r) => setTimeout(r, 50))
        }
        return { entries: entries as Array<{ op: string; subject: string; item: string; grantId?: string }>, next: after }
      }
      const startA = await pull(as.platform)
      const startB = await pull(b)
      const g = await x.grants.create(as.enterprise.principal, { institution: PLATFORM_B, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inADay().toISOString() })
      const snap = (await get(b.headers, '/api/feed/snapshot?limit=1000')).json()
      expect(snap.records.some((r: { grantId: string | null }) => r.grantId === g.id)).toBe(true)
      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '撤回' })
      const forB = (await pull(b, startB.next)).entries.filter((e) => e.op === 'forget')
      expect(forB.length).toBeGreaterThan(0)
      expect(forB.every((e) => e.subject === firm.uscc && e.grantId === g.id)).toBe(true)
      expect((await pull(as.platform, startA.next)).entries.filter((e) => e.op === 'forget')).toEqual([])
    })

    it('never hands a platform a whole ID number, in the feed or the snapshot, and audits each page showing one masked', async () => {
      const n = 990_001
      const person = factory.idNumber(n)
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: n, entity_name: '欧阳娜娜', id_number_or_uscc: person })], '自治区高级人民法院')
      await x.audit.flush()
      const seen = async (action: string) => (await x.audit.list({ action, organization: PLATFORM_B, limit: 1000 })).length
      const [feedBefore, snapshotBefore] = [await seen('feed.read'), await seen('feed.snapshot')]
      const bodies: string[] = []
      let masked = 0
      let after = ''
      for (let page = 0; page < 100; page++) {
        const r = await get(b.headers, `/api/feed/changes?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`)
        expect(r.statusCode).toBe(200)
        bodies.push(r.body)
        masked += (r.json().changes as Array<{ masked?: string[] }>).filter((c) => c.masked?.length).length
        after = r.json().next
        if (!r.json().hasMore) break
      }
      let token: string | null = ''
      for (let page = 0; page < 100 && token !== null; page++) {
        const r = await get(b.headers, `/api/feed/snapshot?limit=1000${token ? `&after=${encodeURIComponent(token)}` : ''}`)
        expect(r.statusCode).toBe(200)
        bodies.push(r.body)
        token = r.json().next
      }
      // The person's and the legal representative's ID numbers went out masked, never whole nor sealed.
      expect(masked).toBeGreaterThanOrEqual(2)
      for (const body of bodies) {
        for (const id of [person, firm.legalRepresentativeId, firm.ownerId]) expect(body).not.toContain(id)
        expect(body).not.toContain('sm4:')
      }
      await x.audit.flush()
      expect(await seen('feed.read')).toBeGreaterThan(feedBefore)
      expect(await seen('feed.snapshot')).toBeGreaterThan(snapshotBefore)
    })
  })
}

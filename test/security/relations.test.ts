import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { BANK, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { factory } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红'

/** Hostile cases of the relationship graph: other institutions, other enterprises, wrong roles, caps, leaks. */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: relationship graph under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let other: Caller
    let firm: Firm
    let neighbour: Firm
    let hub: Firm
    let bigHolder: Firm
    let grantId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      neighbour = await seedFirm(x)
      hub = await seedFirm(x)
      bigHolder = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: bigHolder.n, entity_name: bigHolder.name, id_number_or_uscc: bigHolder.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')
      other = await seedInstitution(x, '石嘴山银行股份有限公司', 'szsbank-rel')
      await ingestRows(x, 'shareholder_contribution', [
        { entity_name: firm.name, uscc: firm.uscc, shareholder_name: '王小明', shareholder_type: '自然人股东', contribution_ratio: 60, contribution_amount: '600000.00', contribution_method: '货币', subscribed_contribution_amount: '600000.00' },
        { entity_name: firm.name, uscc: firm.uscc, shareholder_name: neighbour.name, shareholder_type: '企业法人', contribution_ratio: 40, contribution_amount: '400000.00', contribution_method: '货币', subscribed_contribution_amount: '400000.00' },
      ], '自治区市场监管厅')
      // A hub with 1,200 shareholders: the graph must come back bounded, not whole.
      const holders = Array.from({ length: 1200 }, (_, i) => ({
        entity_name: hub.name, uscc: hub.uscc, shareholder_name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${GIVEN[i % GIVEN.length]}${i}`,
        shareholder_type: '自然人股东', contribution_ratio: 100 / 1200, contribution_amount: '1000.00', contribution_method: '货币', subscribed_contribution_amount: '1000.00',
      }))
      // Among them one firm holding 30 %, on the dishonest-debtor list: the bound must not leave it out.
      holders.push({ ...holders[0]!, shareholder_name: bigHolder.name, shareholder_type: '企业法人', contribution_ratio: 30 })
      await ingestRows(x, 'shareholder_contribution', holders, '自治区市场监管厅')
      for (let i = 0; i < 50; i++) {
        const r = await x.evaluation.follow()
        if (!r.more && !r.pending) break
        if (r.pending) await new Promise((done) => setTimeout(done, 50))
      }
      grantId = (await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'model', purpose: '融资', validUntil: inDays(30) })).id
    }, 600_000)
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })

    it('refuses an institution without a grant, and another institution the first one\'s grant', async () => {
      const no = await get(`/api/subjects/${neighbour.uscc}/relations`, as.institution.headers)
      expect(no.statusCode).toBe(403)
      expect(no.json().code).toBe('RELATIONS_GRANT_REQUIRED')
      const mine = await get(`/api/subjects/${firm.uscc}/relations`, as.institution.headers)
      expect(mine.statusCode).toBe(200)
      expect(mine.json().grant).toEqual({ id: grantId, mode: 'model' })
      expect((await get(`/api/subjects/${firm.uscc}/relations`, other.headers)).json().code).toBe('RELATIONS_GRANT_REQUIRED')
      expect((await get(`/api/subjects/${firm.uscc}/relations?grant=${grantId}`, other.headers)).statusCode).toBe(403)
    })

    it('refuses an enterprise another firm\'s graph, and the roles the route does not list', async () => {
      const r = await get(`/api/subjects/${neighbour.uscc}/relations`, as.enterprise.headers)
      expect(r.statusCode).toBe(403)
      expect(r.json().code).toBe('RELATIONS_NOT_ALLOWED')
      for (const role of ['provider', 'platform', 'supervisor'] as const) {
        expect((await get(`/api/subjects/${firm.uscc}/relations`, as[role].headers)).statusCode, role).toBe(403)
        expect((await get('/api/self/relations', as[role].headers)).statusCode, role).toBe(403)
      }
      expect((await get(`/api/subjects/${firm.uscc}/relations`, {})).statusCode).toBe(401)
    })

    it('masks natural persons\' names for institutions and the operator, not for the enterprise itself', async () => {
      const labels = async (headers: Record<string, string>, url = `/api/subjects/${firm.uscc}/relations`) =>
        ((await get(url, headers)).json().nodes as Array<{ kind: string; label: string }>).filter((n) => n.kind === 'person').map((n) => n.label).sort()
      expect(await labels(as.institution.headers)).toEqual(['李*', '王**'])
      expect(await labels(as.operator.headers)).toEqual(['李*', '王**'])
      expect(await labels(as.enterprise.headers, '/api/self/relations')).toEqual(['李四', '王小明'])
    })

    it('caps depth and parameters', async () => {
      for (const q of ['depth=4', 'depth=0', 'depth=-1', 'depth=abc', 'depth=1&extra=1']) {
        expect((await get(`/api/subjects/${firm.uscc}/relations?${q}`, as.operator.headers)).statusCode, q).toBe(400)
      }
      expect((await get(`/api/subjects/${'9'.repeat(100)}/relations`, as.operator.headers)).statusCode).toBe(400)
      // Past the router's parameter length no route matches at all.
      expect([400, 404]).toContain((await get(`/api/subjects/${'9'.repeat(5000)}/relations`, as.operator.headers)).statusCode)
      expect((await get(`/api/subjects/${firm.uscc}/relations?depth=3`, as.operator.headers)).statusCode).toBe(200)
    })

    it('answers a hub with thousands of shareholders bounded and marked truncated', async () => {
      const r = await get(`/api/subjects/${hub.uscc}/relations?depth=1`, as.operator.headers)
      expect(r.statusCode).toBe(200)
      const g = r.json()
      expect(g.truncated).toBe(true)
      expect(g.nodes.length).toBeLessThanOrEqual(g.limits.maxNodes)
      expect(g.edges.length).toBeLessThan(g.nodes.length)
      // The largest holding comes first, so the 30 % holder is in the graph and its flag is raised.
      expect(g.nodes.map((n: { code: string | null }) => n.code)).toContain(bigHolder.uscc)
      expect(g.flags.map((f: { party: string }) => f.party)).toEqual([`S:${bigHolder.uscc}`])
    })

    it('never puts an ID number, a sealed value or a person\'s subject key in the answer', async () => {
      for (const headers of [as.operator.headers, as.institution.headers]) {
        const body = (await get(`/api/subjects/${firm.uscc}/relations?depth=3`, headers)).body
        for (const f of [firm, neighbour, hub]) {
          expect(body).not.toContain(f.legalRepresentativeId)
          expect(body).not.toContain(factory.idNumber(f.n))
        }
        expect(body).not.toMatch(/"P:|PN:|sm4:/)
      }
      const self = (await get('/api/self/relations?depth=2', as.enterprise.headers)).body
      expect(self).not.toContain(firm.legalRepresentativeId)
    })

    it('stores and shows the hub\'s adjustment with the graph\'s ids only: no internal key, no ID number', async () => {
      const r = await get(`/api/subjects/${hub.uscc}/evaluation`, as.operator.headers)
      expect(r.statusCode).toBe(200)
      const v = r.json()
      expect(v.grade).not.toBe(v.baseGrade)
      expect(v.adjustment.flags.map((f: { party: string }) => f.party)).toEqual([`S:${bigHolder.uscc}`])
      const stored = JSON.stringify(await x.db.query('select flags, via from evaluation.grade_adjustment'))
      for (const text of [r.body, stored]) {
        expect(text).not.toMatch(/subject\||person\||PN:|sm4:/)
        expect(text).not.toContain(hub.legalRepresentativeId)
      }
      expect(r.body).not.toMatch(/"P:/)
    })

    it('writes an audit entry per read, with the grant it used', async () => {
      await x.audit.flush()
      const before = (await x.audit.list({ action: 'relations.read', subjectKey: firm.uscc, limit: 1000 })).length
      await get(`/api/subjects/${firm.uscc}/relations`, as.institution.headers)
      await x.audit.flush()
      const after = await x.audit.list({ action: 'relations.read', subjectKey: firm.uscc, limit: 1000 })
      expect(after.length).toBe(before + 1)
      expect(after[0]).toMatchObject({ grantId })
    })

    it('answers an ID number as not found for everyone, alike whether the person is on file, and names no one', async () => {
      const n = 660_001
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: n, entity_name: '欧阳娜娜', id_number_or_uscc: factory.idNumber(n) })], '自治区高级人民法院')
      for (const headers of [as.operator.headers, as.institution.headers, other.headers, as.enterprise.headers]) {
        const on = await get(`/api/subjects/${factory.idNumber(n)}/relations`, headers)
        const off = await get(`/api/subjects/${factory.idNumber(n + 1)}/relations`, headers)
        expect(on.statusCode).toBe(404)
        expect(on.json().code).toBe('RELATIONS_SUBJECT_NOT_FOUND')
        expect({ status: off.statusCode, code: off.json().code }).toEqual({ status: on.statusCode, code: on.json().code })
        expect(on.body).not.toContain('欧阳')
      }
    })

    it('refuses a key without profile:read, and an institution once its grant is revoked', async () => {
      const key = (await x.accounts.createKey({ accountId: null, username: 'test', role: 'operator', organization: null } as never, as.institution.principal.accountId, {
        label: '贷后', scopes: ['monitoring:read'], expiresAt: new Date(Date.now() + 86_400_000),
      })).key
      expect((await get(`/api/subjects/${firm.uscc}/relations`, { authorization: `Bearer ${key}` })).json().code).toBe('ACCESS_SCOPE_MISSING')
      expect((await get(`/api/subjects/${firm.uscc}/relations?grant=${grantId}`, as.institution.headers)).statusCode).toBe(200)
      await x.grants.revoke(as.enterprise.principal, grantId, { reason: '不再融资' })
      const after = await get(`/api/subjects/${firm.uscc}/relations?grant=${grantId}`, as.institution.headers)
      expect(after.statusCode).toBe(403)
      expect(after.json().code).toBe('RELATIONS_GRANT_REQUIRED')
      expect((await get(`/api/subjects/${firm.uscc}/relations`, as.institution.headers)).json().code).toBe('RELATIONS_GRANT_REQUIRED')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { factory } from '../factory.js'
import { enterprise, seedLoanBook, type LoanBook } from '../fixtures/scorecard.fixtures.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const ADMIN = { accountId: null, username: 'test', role: 'operator', organization: null }
const inADay = () => new Date(Date.now() + 86_400_000)

/** Hostile cases of scorecards and portraits: another institution's card and loans, wrong roles, oversize and crafted input. */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: scorecards and portraits under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let other: Caller
    let firm: Firm
    let book: LoanBook
    let cardId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      other = await seedInstitution(x, '石嘴山银行股份有限公司', 'szsbank')
      book = await seedLoanBook(x, as.institution.principal, as.operator.principal)
      cardId = (await x.scorecards.train(as.institution.principal, { name: '机构卡', characteristics: ['years_in_business', 'tax_credit_grade'] })).id
    }, 600_000)
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const send = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
      app.inject({ method, url, headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(payload !== undefined ? { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) } : {}) })

    it('hides one institution\'s card from another: report, score and list', async () => {
      expect((await send('GET', `/api/scorecards/${cardId}`, other.headers)).json().code).toBe('SCORECARD_NOT_FOUND')
      expect((await send('GET', `/api/scorecards/${cardId}/subjects/${book.firms[0]!.uscc}`, other.headers)).json().code).toBe('SCORECARD_NOT_FOUND')
      expect((await send('GET', '/api/scorecards', other.headers)).json().scorecards).toEqual([])
      expect((await send('GET', `/api/scorecards/${cardId}`, as.institution.headers)).statusCode).toBe(200)
    })

    it('never trains on another institution\'s loans: the body cannot name an institution, and its own book is empty', async () => {
      const named = await send('POST', '/api/scorecards', other.headers, { name: '借用', characteristics: ['years_in_business'], institution: as.institution.principal.organization })
      expect(named.statusCode).toBe(400)
      const own = await send('POST', '/api/scorecards', other.headers, { name: '借用', characteristics: ['years_in_business'] })
      expect(own.statusCode).toBe(409)
      expect(own.json().code).toBe('SCORECARD_TOO_FEW_OUTCOMES')
    })

    it('refuses training and scoring to every role but institutions', async () => {
      for (const role of ['operator', 'provider', 'platform', 'enterprise', 'supervisor'] as const) {
        expect((await send('POST', '/api/scorecards', as[role].headers, { name: 'x', characteristics: ['years_in_business'] })).statusCode, role).toBe(403)
        expect((await send('GET', `/api/scorecards/${cardId}/subjects/${firm.uscc}`, as[role].headers)).statusCode, role).toBe(403)
      }
    })

    it('refuses oversize and crafted training requests, saying which field', async () => {
      const many = Array.from({ length: 13 }, (_, i) => `c${i}`)
      expect((await send('POST', '/api/scorecards', as.institution.headers, { name: 'x', characteristics: many })).statusCode).toBe(400)
      expect((await send('POST', '/api/scorecards', as.institution.headers, { name: 'x'.repeat(500), characteristics: ['years_in_business'] })).statusCode).toBe(400)
      expect((await send('POST', '/api/scorecards', as.institution.headers, { name: 'x', characteristics: ['years_in_business'], scaling: { pdo: -5 } })).statusCode).toBe(400)
      const unknown = await send('POST', '/api/scorecards', as.institution.headers, { name: 'x', characteristics: ["'; drop table evaluation.scorecard; --"] })
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json().detail).toContain('characteristics')
      const huge = await send('POST', '/api/scorecards', as.institution.headers, `{"name":"x","characteristics":["${'a'.repeat(3_000_000)}"]}`)
      expect([400, 413]).toContain(huge.statusCode)
      expect((await send('GET', '/api/scorecards/not-a-uuid', as.institution.headers)).statusCode).toBe(404)
    })

    it('scores only under a live grant: none, revoked, or another institution\'s grant is refused', async () => {
      const young = book.firms[0]!
      expect((await send('GET', `/api/scorecards/${cardId}/subjects/${book.unseen}`, as.institution.headers)).json().code).toBe('SCORECARD_GRANT_REQUIRED')
      const ok = await send('GET', `/api/scorecards/${cardId}/subjects/${young.uscc}`, as.institution.headers)
      expect(ok.statusCode).toBe(200)
      const grantId = ok.json().grantId as string
      const otherCard = await send('GET', `/api/scorecards/${cardId}/subjects/${young.uscc}?grant=00000000-0000-4000-8000-000000000000`, as.institution.headers)
      expect(otherCard.json().code).toBe('SCORECARD_GRANT_REQUIRED')
      await x.grants.revoke(enterprise(young.uscc), grantId, { reason: '不再融资' })
      expect((await send('GET', `/api/scorecards/${cardId}/subjects/${young.uscc}`, as.institution.headers)).json().code).toBe('SCORECARD_GRANT_REQUIRED')
    })

    it('lets an institution key score only with profile:read', async () => {
      const key = (await x.accounts.createKey(ADMIN as never, as.institution.principal.accountId!, { label: '风控系统', scopes: ['financing:read'], expiresAt: inADay() })).key
      const r = await send('GET', `/api/scorecards/${cardId}/subjects/${book.firms[1]!.uscc}`, { authorization: `Bearer ${key}` })
      expect(r.json().code).toBe('ACCESS_SCOPE_MISSING')
    })

    it('shows a portrait to its own enterprise only; an institution without a grant gets public tags and no evaluation', async () => {
      const stranger = await send('GET', `/api/subjects/${book.firms[2]!.uscc}/portrait`, as.enterprise.headers)
      expect(stranger.statusCode).toBe(403)
      expect(stranger.json().code).toBe('PORTRAIT_NOT_ALLOWED')
      expect((await send('GET', `/api/subjects/${firm.uscc}/portrait`, as.supervisor.headers)).statusCode).toBe(403)
      expect((await send('GET', `/api/subjects/${firm.uscc}/portrait`, as.platform.headers)).statusCode).toBe(403)
      const bare = await send('GET', `/api/subjects/${book.unseen}/portrait`, other.headers)
      expect(bare.statusCode).toBe(200)
      expect(bare.json()).toMatchObject({ access: 'public', evaluation: null, trend: [], series: [], grant: null })
      // A tag on a restricted field (纳税信用A级) is not shown without a grant, and tag reasons never quote values to institutions.
      expect(bare.json().tags.map((t: { key: string }) => t.key)).not.toContain('tax_grade_a')
      expect(bare.json().tags.every((t: { reason?: string }) => t.reason === undefined)).toBe(true)
      expect((await send('GET', `/api/subjects/${encodeURIComponent("9164' or 1=1 --")}/portrait`, as.operator.headers)).statusCode).toBe(404)
    })

    it('gives no one a natural person\'s portrait: an ID number is not a way to learn a name, nor whether the person is on file', async () => {
      const n = 770_001
      const person = factory.idNumber(n)
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: n, entity_name: '欧阳娜娜', id_number_or_uscc: person })], '自治区高级人民法院')
      const unknown = factory.idNumber(n + 1)
      for (const who of [other, as.institution, as.operator]) {
        const on = await send('GET', `/api/subjects/${person}/portrait`, who.headers)
        const off = await send('GET', `/api/subjects/${unknown}/portrait`, who.headers)
        expect(on.statusCode).toBe(404)
        expect(on.body).not.toContain('欧阳')
        // The same answer whether or not the person is on file.
        expect({ status: on.statusCode, code: on.json().code }).toEqual({ status: off.statusCode, code: off.json().code })
      }
    })
  })
}

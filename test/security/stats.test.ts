import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { seedCallers, type Caller } from '../fixtures/access.fixtures.js'
import { factory } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const ADMIN = { accountId: null, username: 'test', role: 'operator', organization: null }
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
const inADay = () => new Date(Date.now() + 86_400_000)

/** Hostile cases for the statistics and the loan-reporting keys: wrong roles, keys without scopes, crafted filters. */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: statistics and financing keys under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      as = await seedCallers(x, factory.uscc(factory.next()))
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const get = (headers: Record<string, string>, url: string) => app.inject({ method: 'GET', url, headers })

    it('refuses the statistics and their export to institutions, enterprises, providers and platforms', async () => {
      for (const role of ['institution', 'enterprise', 'provider', 'platform'] as const) {
        expect((await get(as[role].headers, '/api/stats/financing')).statusCode, role).toBe(403)
        expect((await get(as[role].headers, '/api/stats/financing.xlsx')).statusCode, role).toBe(403)
      }
      await x.audit.flush()
      expect(await x.db.query(`select 1 from audit.entry where action = 'stats.financing.export'`)).toEqual([])
    })

    it('lets a supervisor\'s key read statistics only with stats:read', async () => {
      const without = (await x.accounts.createKey(ADMIN as never, as.supervisor.principal.accountId!, { label: '监管系统', scopes: ['financing:read'], expiresAt: inADay() })).key
      expect((await get(bearer(without), '/api/stats/financing')).json().code).toBe('ACCESS_SCOPE_MISSING')
      const withScope = (await x.accounts.createKey(ADMIN as never, as.supervisor.principal.accountId!, { label: '监管统计', scopes: ['stats:read'], expiresAt: inADay() })).key
      expect((await get(bearer(withScope), '/api/stats/financing')).statusCode).toBe(200)
    })

    it('never gives an institution\'s key the statistics or the operator\'s decisions', async () => {
      await expect(x.accounts.createKey(ADMIN as never, as.institution.principal.accountId!, { label: 'x', scopes: ['stats:read'], expiresAt: inADay() })).rejects.toMatchObject({ code: 'ONBOARDING_SCOPE_NOT_FOR_ROLE' })
      const wide = (await x.accounts.createKey(ADMIN as never, as.institution.principal.accountId!, { label: '全部', scopes: ['financing:read', 'financing:write', 'compensation:read', 'compensation:write'], expiresAt: inADay() })).key
      const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: bearer(wide), payload })
      // The operator's routes name no scope: even a key of an operator account could not call them, let alone this one.
      expect((await post('/api/compensation/claims/00000000-0000-4000-8000-000000000000/approve', {})).statusCode).toBe(403)
      expect((await post('/api/financing/products/00000000-0000-4000-8000-000000000000/versions/1/review', { approve: true })).statusCode).toBe(403)
    })

    it('refuses crafted filters before they reach a query', async () => {
      for (const q of ["region=64'%20or%201=1--", 'region=6', 'from=2026-02-30', 'to=yesterday', `institution=${'x'.repeat(101)}`]) {
        const res = await get(as.operator.headers, `/api/stats/financing?${q}`)
        expect(res.statusCode, q).toBe(400)
      }
      // an institution name with SQL in it is only a name: nothing matches, nothing breaks
      const odd = await get(as.operator.headers, `/api/stats/financing?institution=${encodeURIComponent("银行' or '1'='1")}`)
      expect(odd.statusCode).toBe(200)
      expect(odd.json().total.loans).toBe(0)
    })
  })
}

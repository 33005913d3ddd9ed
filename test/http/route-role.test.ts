import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import { ROLES, type Role } from '../../src/access/access.types.js'
import { routePoliciesOf } from '../../src/access/route-policies.js'
import { BANK, seedCallers, seedFirm, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

/**
 * Every operation in /openapi.json × every role: the answer matches the policy the route declares. A role the
 * route does not list gets 403 ACCESS_FORBIDDEN before its body is read; a listed role never gets 401 or 403
 * (it may get 400 for the unparseable body, 404 for an id that does not exist, or 200).
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: route × role`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let ops: Array<{ method: string; path: string }>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      // A model grant: the institution may read the firm's evaluation (derived values), as routes that need a grant expect.
      await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'model', purpose: '融资', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
      ops = Object.entries(spec.paths).flatMap(([path, o]) => Object.keys(o).map((m) => ({ method: m.toUpperCase(), path })))
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const fastifyPath = (openapiPath: string) => openapiPath.replace(/\{([^}]+)\}/g, ':$1')
    const policyOf = (method: string, path: string) => routePoliciesOf(app).find((r) => r.method === method && r.url === fastifyPath(path))?.policy

    /** Parameters that exist where a route needs them, so an allowed role is not refused for the data's sake. */
    const urlOf = (path: string) => path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      if (name === 'code' || name === 'uscc') return firm.uscc
      if (name === 'id' || name === 'batchId') return '00000000-0000-4000-8000-000000000000'
      if (name === 'position') return '1'
      if (name === 'itemKey') return 'tax_payment'
      if (name === 'reportNo') return 'NXXY20260101FFFFFFFFFF'
      return 'x'
    })

    it('declares a policy on every documented operation', () => {
      expect(ops.length).toBeGreaterThan(40)
      const missing = ops.filter((o) => !policyOf(o.method, o.path)).map((o) => `${o.method} ${o.path}`)
      expect(missing).toEqual([])
    })

    it('allows exactly the declared roles on every operation', async () => {
      const wrong: string[] = []
      let checked = 0
      for (const { method, path } of ops) {
        const policy = policyOf(method, path)!
        for (const role of ROLES) {
          const allowed = 'public' in policy || policy.roles.includes(role)
          const hasBody = method !== 'GET' && method !== 'DELETE'
          const res = await app.inject({
            method: method as 'GET', url: urlOf(path),
            headers: { ...as[role].headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            ...(hasBody ? { payload: '{not json' } : {}),
          })
          checked++
          const code = String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as { code?: string }).code : undefined
          if (allowed && (res.statusCode === 401 || res.statusCode === 403)) wrong.push(`${method} ${path} as ${role}: allowed by policy, got ${res.statusCode} ${code}`)
          if (!allowed && !(res.statusCode === 403 && code === 'ACCESS_FORBIDDEN')) wrong.push(`${method} ${path} as ${role}: denied by policy, got ${res.statusCode} ${code}`)
        }
      }
      expect(wrong).toEqual([])
      expect(checked).toBe(ops.length * ROLES.length)
    })
  })
}

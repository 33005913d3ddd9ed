import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { BANK, INSURER, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { factory } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
const bundled = readFileSync(new URL('../../data/evaluation/indicators.json', import.meta.url), 'utf8')

/** Hostile cases of the credit evaluation: wrong roles, other firms, other institutions' grants, ended grants, crafted formulas, oversize drafts. */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: evaluation under attack`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let firm: Firm
    let other: Firm
    let insurer: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      other = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      insurer = await seedInstitution(x, INSURER, 'insurer-sec')
    }, 120_000)
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const get = (c: Caller, url: string) => app.inject({ method: 'GET', url, headers: c.headers })
    const post = (c: Caller, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: c.headers, payload: payload as object })

    it('refuses a subject\'s evaluation to supervisors, platforms and providers', async () => {
      for (const role of ['supervisor', 'platform', 'provider'] as const) {
        const res = await get(as[role], `/api/subjects/${firm.uscc}/evaluation`)
        expect(res.statusCode, role).toBe(403)
        expect(res.json().code).toBe('ACCESS_FORBIDDEN')
      }
    })

    it('refuses an enterprise another firm\'s evaluation and trend', async () => {
      expect((await get(as.enterprise, `/api/subjects/${other.uscc}/evaluation`)).json().code).toBe('EVALUATION_NOT_ALLOWED')
      expect((await get(as.enterprise, `/api/subjects/${other.uscc}/evaluation/trend`)).json().code).toBe('EVALUATION_NOT_ALLOWED')
      expect((await get(as.enterprise, '/api/self/evaluation')).statusCode).toBe(200)
    })

    it('refuses an institution without a grant, under another institution\'s grant, and after revocation', async () => {
      expect((await get(as.institution, `/api/subjects/${firm.uscc}/evaluation`)).json().code).toBe('EVALUATION_GRANT_REQUIRED')
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'model', purpose: '融资', validUntil: inDays(30) })
      const ok = await get(as.institution, `/api/subjects/${firm.uscc}/evaluation?grant=${g.id}`)
      expect(ok.statusCode).toBe(200)
      // Derived values only: indicators and scores, never a record's fields.
      expect(JSON.stringify(ok.json())).not.toContain('vat_paid_last_12_months')
      expect((await get(insurer, `/api/subjects/${firm.uscc}/evaluation?grant=${g.id}`)).json().code).toBe('EVALUATION_GRANT_NOT_LIVE')
      expect((await get(insurer, `/api/subjects/${firm.uscc}/evaluation`)).json().code).toBe('EVALUATION_GRANT_REQUIRED')
      expect((await get(as.institution, `/api/subjects/${other.uscc}/evaluation`)).json().code).toBe('EVALUATION_GRANT_REQUIRED')
      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '不再需要' })
      expect((await get(as.institution, `/api/subjects/${firm.uscc}/evaluation`)).json().code).toBe('EVALUATION_GRANT_REQUIRED')
    })

    it('leaves an audit entry for every evaluation read', async () => {
      await x.audit.flush()
      const rows = await x.db.query<{ actor_role: string; grant_id: string | null }>(`select actor_role, grant_id from audit.entry where action = 'evaluation.read' and subject_key = $1`, [firm.uscc])
      expect(rows.map((r) => r.actor_role)).toEqual(expect.arrayContaining(['enterprise', 'institution']))
      expect(rows.find((r) => r.actor_role === 'institution')!.grant_id).not.toBeNull()
    })

    it('gives a model-only grant no raw restricted fields in the profile', async () => {
      await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'model', purpose: '融资', validUntil: inDays(30) })
      const res = await get(as.institution, `/api/subjects/${firm.uscc}/profile`)
      expect(res.statusCode).toBe(200)
      expect(JSON.stringify(res.json())).not.toContain('1250000.00')
      expect((await get(as.institution, `/api/subjects/${firm.uscc}/evaluation`)).statusCode).toBe(200)
    })

    it('lets only the operator validate, publish and run', async () => {
      for (const role of ['institution', 'enterprise', 'supervisor', 'provider', 'platform'] as const) {
        expect((await post(as[role], '/api/evaluation/validate', { source: bundled })).statusCode, role).toBe(403)
        expect((await post(as[role], '/api/evaluation/versions', { source: bundled })).statusCode, role).toBe(403)
        expect((await post(as[role], '/api/evaluation/runs', {})).statusCode, role).toBe(403)
      }
    })

    it('refuses formulas that try to reach beyond the catalog, naming the line', async () => {
      const doc = JSON.parse(bundled) as { indicators: Array<{ formula: string }> }
      doc.indicators[0]!.formula = "latest(business_license.establishment_date'); drop table records.record; --)"
      const source = JSON.stringify(doc, null, 2)
      const res = await post(as.operator, '/api/evaluation/versions', { source })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('EVALUATION_SYSTEM_INVALID')
      const issue = res.json().errors.issues[0]
      expect(source.split('\n')[issue.line - 1]).toContain('"formula"')
      doc.indicators[0]!.formula = 'latest(business_license.no_such_field)'
      expect((await post(as.operator, '/api/evaluation/validate', { source: JSON.stringify(doc) })).json()).toMatchObject({ ok: false, issues: [{ code: 'FORMULA_UNKNOWN_FIELD' }] })
      expect((await x.evaluation.versions()).length).toBe(1)
    })

    it('refuses an oversize draft and unknown body fields', async () => {
      const huge = await post(as.operator, '/api/evaluation/validate', { source: 'x'.repeat(600 * 1024) })
      expect([400, 413]).toContain(huge.statusCode)
      expect((await post(as.operator, '/api/evaluation/validate', { source: bundled, extra: 1 })).statusCode).toBe(400)
    })

    it('refuses a malformed grant id and an over-long code', async () => {
      expect((await get(as.institution, `/api/subjects/${firm.uscc}/evaluation?grant=not-a-uuid`)).statusCode).toBe(400)
      expect((await get(as.operator, `/api/subjects/${'9'.repeat(100)}/evaluation`)).statusCode).toBe(400)
    })

    it('tells an institution or another enterprise nothing of whether a subject is on file before it checks their right', async () => {
      // A natural person on the dishonest-debtor list, and an ID number nobody sent: asked by ID number, the answers match.
      const n = 880_001
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: n, entity_name: '欧阳娜娜', id_number_or_uscc: factory.idNumber(n) })], '自治区高级人民法院')
      for (const who of [insurer, as.enterprise]) {
        for (const path of ['evaluation', 'evaluation/trend']) {
          const on = await get(who, `/api/subjects/${factory.idNumber(n)}/${path}`)
          const off = await get(who, `/api/subjects/${factory.idNumber(n + 1)}/${path}`)
          expect(on.statusCode, path).toBe(403)
          expect({ status: off.statusCode, code: off.json().code }, path).toEqual({ status: on.statusCode, code: on.json().code })
          expect(on.body).not.toContain('欧阳')
        }
      }
    })
  })
}

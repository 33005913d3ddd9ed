import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { taxLoan } from '../fixtures/financing.fixtures.js'
import { RULE_LIMITS } from '../../src/financing/index.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

/**
 * Hostile callers of 信易贷: another bank reaching for a product or application, an enterprise acting for another,
 * oversized and deliberately deep or wide rule documents, pages beyond their bound.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: financing security`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let rival: Firm
    let as: Record<Role, Caller>
    let otherBank: Caller
    let rivalFirm: Caller
    let productId: string
    let applicationId: string
    let needId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      rival = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      otherBank = await seedInstitution(x, '黄河农村商业银行股份有限公司', 'yrbank')
      const id = await x.access.createAccount({ username: 'rivalfirm', displayName: '另一企业', role: 'enterprise', organization: rival.uscc })
      const s = await x.access.openSession(id)
      rivalFirm = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
      const v = await x.products.create(as.institution.principal, taxLoan())
      await x.products.submit(as.institution.principal, v.id)
      await x.products.review(as.operator.principal, v.id, 1, { approve: true })
      productId = v.id
      needId = (await x.needs.publish(as.enterprise.principal, { amountFen: 50_000_000, termMonths: 12, purpose: '周转' })).id
      const res = await app.inject({ method: 'POST', url: '/api/financing/applications', headers: as.enterprise.headers, payload: { productId, productVersion: 1, amountFen: 50_000_000, termMonths: 12 } })
      applicationId = res.json().applicationId
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (who: Caller, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

    it('keeps one bank out of another bank\'s products', async () => {
      for (const [method, url, body] of [
        ['PUT', `/api/financing/products/${productId}`, taxLoan({ rateMinBp: 0 })],
        ['POST', `/api/financing/products/${productId}/pause`, undefined],
        ['POST', `/api/financing/products/${productId}/retire`, undefined],
        ['POST', `/api/financing/products/${productId}/submit`, undefined],
      ] as const) {
        const res = await call(otherBank, method, url, body)
        expect(res.statusCode, `${method} ${url}`).toBe(404)
        expect(res.json().code).toBe('FINANCING_PRODUCT_NOT_FOUND')
      }
      expect((await x.products.versions(as.operator.principal, productId))[0]).toMatchObject({ status: 'published', rateMinBp: 345 })
    })

    it('keeps one bank out of another bank\'s applications', async () => {
      expect((await call(otherBank, 'GET', `/api/financing/applications/${applicationId}`)).statusCode).toBe(404)
      for (const step of ['accept', 'approve', 'settle']) expect((await call(otherBank, 'POST', `/api/financing/applications/${applicationId}/${step}`, {})).statusCode).toBe(404)
      expect((await call(otherBank, 'POST', `/api/financing/applications/${applicationId}/refuse`, { reasonCode: 'other' })).statusCode).toBe(404)
      expect((await call(otherBank, 'GET', '/api/financing/applications')).json().applications).toEqual([])
      expect((await x.applications.get(as.operator.principal, applicationId)).status).toBe('submitted')
    })

    it('lets an enterprise apply only for itself and see only its own needs and applications', async () => {
      // A body naming another subject is refused at the edge; a clean one applies for the caller's own subject only.
      const naming = await call(rivalFirm, 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 50_000_000, termMonths: 12, subject: firm.uscc, uscc: firm.uscc })
      expect([naming.statusCode, naming.json().code]).toEqual([400, 'REQUEST_INVALID'])
      const forOther = await call(rivalFirm, 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
      expect(forOther.statusCode).toBe(201)
      const made = await x.applications.get(as.operator.principal, forOther.json().applicationId)
      expect(made.subjectKey).toBe(rival.uscc)
      expect((await x.grants.get(as.operator.principal, forOther.json().grantId)).subjectKey).toBe(rival.uscc)
      const withNeed = await call(rivalFirm, 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 50_000_000, termMonths: 12, needId })
      expect(withNeed.json().code).toBe('FINANCING_NEED_NOT_FOUND')
      expect((await call(rivalFirm, 'GET', `/api/financing/applications/${applicationId}`)).statusCode).toBe(404)
      expect((await call(rivalFirm, 'POST', `/api/financing/applications/${applicationId}/withdraw`, {})).statusCode).toBe(404)
      expect((await call(rivalFirm, 'GET', `/api/financing/needs/${needId}`)).statusCode).toBe(404)
      expect((await call(rivalFirm, 'GET', `/api/financing/needs/${needId}/matches`)).statusCode).toBe(404)
      expect((await call(rivalFirm, 'GET', '/api/financing/needs')).json().needs).toEqual([])
    })

    it('hides who asks from banks it neither applied to nor granted', async () => {
      const otherProduct = await x.products.create(otherBank.principal, taxLoan({ name: '黄河贷' }))
      await x.products.submit(otherBank.principal, otherProduct.id)
      await x.products.review(as.operator.principal, otherProduct.id, 1, { approve: true })
      const seen = (await call(otherBank, 'GET', '/api/financing/needs/open')).json().needs.find((n: { id: string }) => n.id === needId)
      expect(seen).toMatchObject({ masked: true, subjectKey: null, enterpriseName: null })
      expect(JSON.stringify(seen)).not.toContain(firm.uscc)
      const named = (await call(as.institution, 'GET', '/api/financing/needs/open')).json().needs.find((n: { id: string }) => n.id === needId)
      expect(named).toMatchObject({ masked: false, subjectKey: firm.uscc })
    })

    it('refuses a rule document built to be deep, whatever its depth', async () => {
      const nested = (levels: number) => {
        let rule: unknown = { kind: 'no_record', item: 'dishonest_judgment_debtor' }
        for (let i = 0; i < levels; i++) rule = { kind: 'not', rule }
        return rule
      }
      // Deep enough to hurt a recursive walker: refused at the edge before it is parsed.
      const huge = await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), rules: [nested(2_500)] })
      expect([huge.statusCode, huge.json().code]).toEqual([400, 'REQUEST_INVALID'])
      // Within what the edge parses, past what the rule language allows: refused by the rule check, naming the limit.
      const res = await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), rules: [nested(RULE_LIMITS.maxDepth + 2)] })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'FINANCING_RULE_INVALID' })
      expect(res.json().detail).toContain(`${RULE_LIMITS.maxDepth} 层`)
    })

    it('refuses a rule document built to be wide or slow, and more rules than the bound', async () => {
      const leaf = { kind: 'no_record', item: 'tax_payment' }
      const wide = Array.from({ length: RULE_LIMITS.maxRules }, () => ({ kind: 'any', rules: Array.from({ length: 20 }, () => leaf) }))
      const res = await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), rules: wide })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('FINANCING_RULE_INVALID')
      const many = await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), rules: Array.from({ length: RULE_LIMITS.maxRules + 1 }, () => leaf) })
      expect(many.statusCode).toBe(400)
      const longList = await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), rules: [{ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: Array.from({ length: 500 }, (_, i) => `G${i}`) }] })
      expect(longList.statusCode).toBe(400)
    })

    it('bounds strings, bodies and pages', async () => {
      expect((await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), name: '贷'.repeat(61) })).statusCode).toBe(400)
      expect((await call(as.institution, 'POST', '/api/financing/products', { ...taxLoan(), description: 'x'.repeat(70_000) })).statusCode).toBe(413)
      expect((await call(as.enterprise, 'POST', '/api/financing/needs', { amountFen: 100, termMonths: 12, purpose: '周'.repeat(201) })).statusCode).toBe(400)
      expect((await call(as.enterprise, 'GET', '/api/financing/products?limit=1000')).statusCode).toBe(400)
      expect((await call(as.operator, 'GET', '/api/financing/applications?offset=-1')).statusCode).toBe(400)
      expect((await call(as.institution, 'POST', `/api/financing/applications/${applicationId}/refuse`, { reasonCode: 'other', note: 'n'.repeat(501) })).statusCode).toBe(400)
    })

    it('lets the supervisor read and change nothing', async () => {
      expect((await call(as.supervisor, 'GET', `/api/financing/applications/${applicationId}`)).statusCode).toBe(200)
      expect((await call(as.supervisor, 'POST', `/api/financing/products/${productId}/versions/1/review`, { approve: false, reason: 'x' })).statusCode).toBe(403)
      expect((await call(as.supervisor, 'POST', '/api/financing/products', taxLoan())).statusCode).toBe(403)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { BANK, seedCallers, type Caller } from '../fixtures/access.fixtures.js'
import { fundRules, loanFacts } from '../fixtures/compensation.fixtures.js'
import { factory } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const OTHER_BANK = '石嘴山银行股份有限公司'
const evidence = [{ name: '损失认定.pdf', mediaType: 'application/pdf', sizeBytes: 10_000, sha256: 'c'.repeat(64) }]

/** Hostile cases for risk compensation: another institution's loans and claims, forged and malformed amounts, evidence bounds. */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: compensation security`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let other: Caller
    let fundId: string
    let bankLoanId: string
    let bankClaimId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      as = await seedCallers(x, factory.uscc(factory.next()))
      const id = await x.access.createAccount({ username: 'szsbank', displayName: '石嘴山银行', role: 'institution', organization: OTHER_BANK })
      const s = await x.access.openSession(id)
      other = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
      const operator = as.operator.principal
      fundId = (await x.compensation.createFund(operator, { name: '安全测试资金池', owner: '宁夏财政厅', regions: ['64'], year: 2026, ruleBasis: 'loan_start', rules: fundRules({ lossRatioCeilingBp: 10_000 }) })).id
      await x.compensation.contribute(operator, fundId, { amountFen: 10_000_000_00, reference: '注资', idempotencyKey: 's-1' })
      const loan = loanFacts({ institution: BANK })
      await x.compensation.recordLoan(loan)
      bankLoanId = loan.loanId
      bankClaimId = (await x.compensation.fileClaim(as.institution.principal, { fundId, loanId: loan.loanId, evidence })).id
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const post = (c: Caller, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: c.headers, payload: payload as object })
    const get = (c: Caller, url: string) => app.inject({ method: 'GET', url, headers: c.headers })

    it('does not let an institution claim for another institution’s loan, nor learn that it exists', async () => {
      const res = await post(other, '/api/compensation/claims', { fundId, loanId: bankLoanId, evidence })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('COMPENSATION_LOAN_NOT_FOUND')
      const unknown = await post(other, '/api/compensation/claims', { fundId, loanId: 'no-such-loan', evidence })
      expect(unknown.json()).toMatchObject({ code: res.json().code, status: 404 })
    })

    it('does not let an institution claim through the service for a loan it did not lend', async () => {
      await expect(x.compensation.claimFor(other.principal, loanFacts({ institution: BANK }), { fundId, evidence })).rejects.toMatchObject({ code: 'COMPENSATION_LOAN_NOT_FOUND' })
    })

    it('hides another institution’s claims from reads, lists and recoveries', async () => {
      expect((await get(other, `/api/compensation/claims/${bankClaimId}`)).statusCode).toBe(404)
      expect((await get(other, '/api/compensation/claims')).json()).toEqual({ total: 0, claims: [] })
      expect((await get(other, `/api/compensation/claims?institution=${encodeURIComponent(BANK)}`)).json().total).toBe(0)
      expect((await post(other, `/api/compensation/claims/${bankClaimId}/recoveries`, { amountFen: 1, idempotencyKey: 'steal' })).statusCode).toBe(404)
      expect((await get(as.institution, `/api/compensation/claims/${bankClaimId}`)).statusCode).toBe(200)
    })

    it('pays what the rules compute, whatever amount the institution asks for', async () => {
      const loan = loanFacts({ institution: BANK, outstandingPrincipalFen: 600_000_00 })
      await x.compensation.recordLoan(loan)
      const res = await post(as.institution, '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence, claimedFen: 600_000_00 })
      expect(res.json()).toMatchObject({ claimedFen: 600_000_00, computedFen: 240_000_00 })
      const approved = await post(as.operator, `/api/compensation/claims/${res.json().id}/approve`, {})
      expect(approved.json().approvedFen).toBe(240_000_00)
    })

    it('refuses amount fields the server computes when a body carries them, and computes them itself', async () => {
      const loan = loanFacts({ institution: BANK, outstandingPrincipalFen: 300_000_00 })
      await x.compensation.recordLoan(loan)
      const forged = { computedFen: 300_000_00, approvedFen: 300_000_00, amountFen: 300_000_00, unrecoveredFen: 9_000_000_00, status: 'paid' }
      const refused = await post(as.institution, '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence, ...forged })
      expect([refused.statusCode, refused.json().code]).toEqual([400, 'REQUEST_INVALID'])
      const res = await post(as.institution, '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ status: 'filed', unrecoveredFen: 300_000_00, computedFen: 120_000_00, approvedFen: null })
      const forgedApproval = await post(as.operator, `/api/compensation/claims/${res.json().id}/approve`, { amountFen: 1, approvedFen: 300_000_00 })
      expect([forgedApproval.statusCode, forgedApproval.json().code]).toEqual([400, 'REQUEST_INVALID'])
      const approved = await post(as.operator, `/api/compensation/claims/${res.json().id}/approve`, {})
      expect(approved.json()).toMatchObject({ status: 'approved', approvedFen: 120_000_00 })
    })

    it('refuses huge, negative, zero, float and text amounts', async () => {
      const bad = [-1, 0, 1.5, 1e20, Number.MAX_SAFE_INTEGER, '12.5', 'abc', null, { n: 1 }]
      for (const amountFen of bad) {
        expect((await post(as.operator, `/api/compensation/funds/${fundId}/contributions`, { amountFen, reference: 'x', idempotencyKey: `bad-${String(amountFen)}` })).statusCode, String(amountFen)).toBe(400)
        expect((await post(as.institution, '/api/compensation/claims', { fundId, loanId: bankLoanId, evidence, claimedFen: amountFen })).statusCode, String(amountFen)).toBe(400)
        expect((await post(as.institution, `/api/compensation/claims/${bankClaimId}/recoveries`, { amountFen, idempotencyKey: 'k' })).statusCode, String(amountFen)).toBe(400)
      }
      expect((await get(as.operator, `/api/compensation/funds/${fundId}`)).json().balances.contributedFen).toBe(10_000_000_00)
    })

    it('bounds evidence: count, size of each file, total size, and the form of its hash', async () => {
      const loan = loanFacts({ institution: BANK })
      await x.compensation.recordLoan(loan)
      const file = (over: object = {}) => ({ ...evidence[0], ...over })
      const cases: Array<[unknown, number, string?]> = [
        [[], 400],
        [Array.from({ length: 21 }, () => file()), 400],
        [[file({ sizeBytes: 50 * 1024 * 1024 + 1 })], 400],
        [[file({ sizeBytes: 0 })], 400],
        [[file({ sha256: 'not-a-hash' })], 400],
        [[file({ name: 'x'.repeat(201) })], 400],
        [Array.from({ length: 5 }, () => file({ sizeBytes: 50 * 1024 * 1024 })), 400, 'COMPENSATION_EVIDENCE_TOO_LARGE'],
      ]
      for (const [ev, status, code] of cases) {
        const res = await post(as.institution, '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence: ev })
        expect(res.statusCode).toBe(status)
        if (code) expect(res.json().code).toBe(code)
      }
      expect((await post(as.institution, '/api/compensation/claims', { fundId, loanId: loan.loanId, evidence: [file()] })).statusCode).toBe(201)
    })

    it('shows an institution account without an organisation no claims at all', async () => {
      const id = await x.access.createAccount({ username: 'orphan', displayName: '未关联机构', role: 'institution', organization: null })
      const s = await x.access.openSession(id)
      const res = await get({ principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }, '/api/compensation/claims')
      expect(res.json()).toEqual({ total: 0, claims: [] })
    })

    it('keeps claims from enterprises, providers and platforms, and reviews from institutions', async () => {
      for (const role of ['enterprise', 'provider', 'platform'] as const) {
        expect((await get(as[role], '/api/compensation/claims')).statusCode).toBe(403)
      }
      expect((await post(as.institution, `/api/compensation/claims/${bankClaimId}/approve`, {})).statusCode).toBe(403)
      expect((await post(as.institution, `/api/compensation/funds/${fundId}/contributions`, { amountFen: 1, reference: 'x', idempotencyKey: 'self' })).statusCode).toBe(403)
    })

    it('refuses a malformed loan from the lifecycle before it can move money', async () => {
      await expect(x.compensation.recordLoan(loanFacts({ outstandingPrincipalFen: 2_000_000_00, principalFen: 1_000_000_00 }))).rejects.toMatchObject({ code: 'COMPENSATION_LOAN_FACTS_INVALID' })
      await expect(x.subsidies.onRepayment(loanFacts({ status: 'active' }), { date: '2026-02-30', principalFen: 0, interestFen: 1 })).rejects.toMatchObject({ code: 'COMPENSATION_REPAYMENT_INVALID' })
      await expect(x.subsidies.onRepayment(loanFacts({ status: 'active' }), { date: '2026-02-03', principalFen: 0, interestFen: 0.5 })).rejects.toMatchObject({ code: 'COMPENSATION_REPAYMENT_INVALID' })
    })
  })
}

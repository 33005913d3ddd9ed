import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { AppError } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { BANK, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
const QUESTIONS = [
  { id: 'vat', expression: 'tax_payment.vat_paid_last_12_months >= 1000000' },
  { id: 'honest', expression: 'not exists(dishonest_judgment_debtor)' },
  { id: 'fund', expression: 'housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10 and housing_fund_contribution.consecutive_normal_payment_months_last_12_months >= 12' },
]

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: verification`, () => {
    let x: Xinshu
    let firm: Firm
    let debtor: Firm
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      debtor = await seedFirm(x, { debtor: true, vatPaid: '80000.00', contributors: 4 })
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('refuses questions on restricted data without a grant, and answers questions on public data', async () => {
      const err = await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [QUESTIONS[0]!] }))
      expect(err.code).toBe('GRANT_REQUIRED')
      expect(err.zh).toContain('tax_payment')
      const r = await x.verifications.verify(as.institution.principal, firm.uscc, { questions: [QUESTIONS[1]!] })
      expect(r.answers[0]).toMatchObject({ id: 'honest', answer: true, complete: true, asOf: { dishonest_judgment_debtor: null } })
    })

    it('answers only yes or no with the data\'s as-of dates under a verify grant, and logs the questions', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation', 'housing_provident_fund'], mode: 'verify', purpose: '融资', validUntil: inDays(30) })
      const r = await x.verifications.verify(as.institution.principal, firm.uscc, { questions: QUESTIONS })
      expect(r.answers.map((a) => [a.id, a.answer, a.complete])).toEqual([['vat', true, true], ['honest', true, true], ['fund', true, true]])
      expect(r.answers[0]!.asOf.tax_payment).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      expect(r.grants).toEqual([expect.objectContaining({ id: g.id, mode: 'verify' })])
      // Nothing of the values travels: not in the answer, not in the audit details.
      expect(JSON.stringify(r)).not.toContain('1250000')
      const [e] = await x.audit.list({ subjectKey: firm.uscc, action: 'verification.run', limit: 1 })
      expect(e).toMatchObject({ seq: r.audit.seq, grantId: g.id, purpose: '融资' })
      expect(e!.fields).toEqual(expect.arrayContaining(['tax_payment.vat_paid_last_12_months', 'dishonest_judgment_debtor.*']))
      expect(JSON.stringify(e!.details)).not.toContain('1250000')
    })

    it('answers false for a firm that fails, and false with complete=false where the firm has no data', async () => {
      await x.grants.create({ ...as.enterprise.principal, organization: debtor.uscc }, { institution: BANK, categories: ['taxation', 'housing_provident_fund', 'social_insurance'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      const r = await x.verifications.verify(as.institution.principal, debtor.uscc, { questions: [...QUESTIONS, { id: 'si', expression: 'not social_insurance_arrears.has_arrears' }] })
      expect(r.answers.map((a) => [a.id, a.answer, a.complete])).toEqual([['vat', false, true], ['honest', false, true], ['fund', false, true], ['si', false, false]])
      expect(r.answers[1]!.asOf.dishonest_judgment_debtor).not.toBeNull()
    })

    it('checks every question before reading anything, naming the question that is wrong, and logs the refusal', async () => {
      const before = (await x.audit.list({ subjectKey: firm.uscc, limit: 200 })).length
      const err = await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [QUESTIONS[1]!, { expression: 'tax_payment.vat_paid >= 1' }] }))
      expect(err.code).toBe('VERIFICATION_UNKNOWN_FIELD')
      expect(err.details).toMatchObject({ question: 2 })
      // Nothing was read, and the refused question is on record all the same.
      const after = await x.audit.list({ subjectKey: firm.uscc, limit: 200 })
      expect(after.length).toBe(before + 1)
      expect(after[0]).toMatchObject({ action: 'verification.run', items: [], fields: [], details: { refused: 'VERIFICATION_UNKNOWN_FIELD' } })
    })

    it('refuses at once after a revocation, saying so', async () => {
      const [g] = (await x.grants.list(as.enterprise.principal, { status: 'active', limit: 10, offset: 0 })).grants
      await x.grants.revoke(as.enterprise.principal, g!.id, {})
      const err = await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [QUESTIONS[0]!] }))
      expect(err.code).toBe('GRANT_REVOKED')
      expect(err.type).toBe('not_allowed')
      expect((await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [QUESTIONS[0]!], grantId: g!.id }))).code).toBe('GRANT_REVOKED')
    })

    it('lets the enterprise check itself, the operator check anyone, and no one else', async () => {
      expect((await x.verifications.verify(as.enterprise.principal, firm.uscc, { questions: QUESTIONS })).answers.every((a) => a.answer)).toBe(true)
      expect((await x.verifications.verify(as.operator.principal, debtor.uscc, { questions: [QUESTIONS[1]!] })).answers[0]!.answer).toBe(false)
      expect((await refusal(x.verifications.verify(as.enterprise.principal, debtor.uscc, { questions: [QUESTIONS[1]!] }))).code).toBe('ACCESS_NOT_YOUR_DATA')
      expect((await refusal(x.verifications.verify(as.supervisor.principal, firm.uscc, { questions: [QUESTIONS[1]!] }))).code).toBe('ACCESS_FORBIDDEN')
    })
  })
}

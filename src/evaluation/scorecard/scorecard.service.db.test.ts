import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../../app/index.js'
import type { Role } from '../../access/index.js'
import { AppError } from '../../core/index.js'
import { TEST_DIALECTS } from '../../../test/databases.js'
import { openTestXinshu } from '../../../test/xinshu.js'
import { seedCallers, seedFirm, seedInstitution, type Caller } from '../../../test/fixtures/access.fixtures.js'
import { seedLoanBook, type LoanBook } from '../../../test/fixtures/scorecard.fixtures.js'
import { seedScorecardDemo } from '../../app/index.js'
import { ingestRows } from '../../../test/fixtures/access.fixtures.js'
import { factory } from '../../../test/factory.js'
import { openDatabase } from '../../core/index.js'
import { claimTraining } from './training-claims.js'

async function expectError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err, `expected ${code}`).toBeInstanceOf(AppError)
  expect((err as AppError).code).toBe(code)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: scorecards`, () => {
    let x: Xinshu
    let as: Record<Role, Caller>
    let other: Caller
    let book: LoanBook

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      const firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      other = await seedInstitution(x, '石嘴山银行股份有限公司', 'szsbank')
      book = await seedLoanBook(x, as.institution.principal, as.operator.principal)
    }, 600_000)
    afterAll(async () => {
      await x?.close()
    })

    it('reads each loan of the bank with its outcome, and only the bank\'s', async () => {
      const mine = await x.applications.loanOutcomes(as.institution.principal.organization!)
      expect(mine).toHaveLength(book.firms.length)
      expect(mine.filter((l) => l.everOverdue)).toHaveLength(book.firms.filter((f) => f.bad).length)
      expect(await x.applications.loanOutcomes(other.principal.organization!)).toEqual([])
    })

    it('trains a card on the bank\'s own outcomes, leaving out loans too recent to tell, and keeps a new version each time', async () => {
      const bank = as.institution.principal
      const s = await x.scorecards.train(bank, { name: '小微信用卡', characteristics: ['years_in_business', 'tax_credit_grade', 'dishonest_debtor'] })
      const bads = book.firms.filter((f) => f.bad).length
      expect(s).toMatchObject({ version: 1, institution: bank.organization, name: '小微信用卡' })
      expect(s.sample).toMatchObject({ loans: book.firms.length - 1, bads, goods: book.firms.length - 1 - bads, excluded: 1 })
      expect(s.report.development.auc!).toBeGreaterThan(0.7)
      const years = s.card.characteristics.find((c) => c.key === 'years_in_business')!
      expect(years.bins.at(-1)!.bin).toEqual({ kind: 'missing' })
      const ranges = years.bins.filter((b) => b.bin.kind === 'range')
      expect(ranges[0]!.points).toBeLessThan(ranges.at(-1)!.points) // younger firms went overdue more
      const again = await x.scorecards.train(bank, { name: '小微信用卡', characteristics: ['years_in_business'] })
      expect(again.version).toBe(2)
      expect((await x.scorecards.list(bank)).map((c) => c.version)).toEqual(expect.arrayContaining([1, 2]))
      const entry = (await x.audit.list({ limit: 20 })).find((e) => e.action === 'scorecard.train')
      expect(entry?.details).toMatchObject({ loans: book.firms.length - 1 })
    })

    it('reads each loan\'s borrower as of the loan\'s start: records received later teach the card nothing, and count when scoring now', async () => {
      const bank = as.institution.principal
      const chars = ['tax_credit_grade', 'dishonest_debtor', 'years_in_business']
      const firm = book.firms.filter((f) => f.bad === false).at(-1)!
      const before = await x.scorecards.train(bank, { name: '时点检查', characteristics: chars })
      const scoredBefore = await x.scorecards.score(bank, before.id, firm.uscc)
      const gradeBefore = scoredBefore.parts.find((p) => p.key === 'tax_credit_grade')!.bin

      // After the loan started (today, the loan 200 days ago): a newer rating of D and a 失信被执行 record.
      const name = '宁夏评分时点检查有限公司'
      await ingestRows(x, 'tax_credit_rating', [{ entity_name: name, uscc: firm.uscc, rating_year: 2026, tax_credit_grade: 'D' }], '宁夏税务局')
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ entity_name: name, id_number_or_uscc: firm.uscc })], '自治区高级人民法院')

      const after = await x.scorecards.train(bank, { name: '时点检查', characteristics: chars })
      expect(after.version).toBe(before.version + 1)
      expect(after.card).toEqual(before.card) // the same bins, counts, WoE and points: the later records were not read
      expect(after.report.development).toEqual(before.report.development)
      expect(after.report.psi).toBe(before.report.psi)

      // Scoring today reads as of now: the rating D is a grade the card never saw, so it scores as missing.
      const scoredNow = await x.scorecards.score(bank, after.id, firm.uscc)
      const gradeNow = scoredNow.parts.find((p) => p.key === 'tax_credit_grade')!.bin
      const missing = after.card.characteristics.find((c) => c.key === 'tax_credit_grade')!.bins.find((b) => b.bin.kind === 'missing')!.label
      expect(gradeBefore).not.toBe(missing)
      expect(gradeNow).toBe(missing)
    })

    it('keeps a card to its institution: another institution finds nothing and has no loans to train on', async () => {
      const s = await x.scorecards.train(as.institution.principal, { name: '隔离检查', characteristics: ['years_in_business'] })
      await expectError(x.scorecards.get(other.principal, s.id), 'SCORECARD_NOT_FOUND')
      await expectError(x.scorecards.score(other.principal, s.id, book.firms[0]!.uscc), 'SCORECARD_NOT_FOUND')
      expect(await x.scorecards.list(other.principal)).toEqual([])
      await expectError(x.scorecards.train(other.principal, { name: '借用', characteristics: ['years_in_business'] }), 'SCORECARD_TOO_FEW_OUTCOMES')
      await expectError(x.scorecards.list(as.enterprise.principal), 'SCORECARD_INSTITUTION_ONLY')
    })

    it('scores a borrower under its grant with reasons, audited; refuses a subject that gave no grant', async () => {
      const bank = as.institution.principal
      const s = await x.scorecards.train(bank, { name: '评分', characteristics: ['years_in_business', 'tax_credit_grade'] })
      const young = book.firms[0]!
      const r = await x.scorecards.score(bank, s.id, young.uscc)
      expect(r.score).toBe(r.parts.reduce((a, p) => a + p.points, 0))
      expect(r.reasons[0]!.text).toMatch(/[\u4e00-\u9fa5]/)
      expect(JSON.stringify(r)).not.toContain(`${young.years}年`) // bins and points, not the value
      const entry = (await x.audit.list({ limit: 5 })).find((e) => e.action === 'scorecard.score')
      expect(entry).toMatchObject({ grantId: r.grantId, subjectKey: young.uscc })
      await expectError(x.scorecards.score(bank, s.id, book.unseen), 'SCORECARD_GRANT_REQUIRED')
    })

    it('trains the demo card for 宁夏银行 (bank) through the service, as the first start does', async () => {
      expect((await seedScorecardDemo(x)).trained).toBe('bank')
      const cards = await x.scorecards.list(as.institution.principal)
      expect(cards.find((c) => c.name === '小微企业信用评分卡（演示）')?.characteristics).toContain('tax_credit_grade')
    })

    it('offers the evaluation\'s indicators as characteristics and trains on their stored values', async () => {
      const offered = x.scorecards.characteristics().map((c) => c.key)
      expect(offered).toEqual(expect.arrayContaining(['years_in_business', 'indicator.years_established', 'indicator.tax_credit_grade']))
      const s = await x.scorecards.train(as.institution.principal, { name: '评价指标卡', characteristics: ['indicator.years_established', 'indicator.tax_credit_grade'] })
      const years = s.card.characteristics.find((c) => c.key === 'indicator.years_established')!
      expect(years.bins.filter((b) => b.bin.kind === 'range').length).toBeGreaterThan(1)
      expect(years.bins.at(-1)!.goods + years.bins.at(-1)!.bads).toBe(0) // every borrower has a registration: none missing
      const r = await x.scorecards.score(as.institution.principal, s.id, book.firms[1]!.uscc)
      expect(r.parts.map((p) => p.key)).toEqual(['indicator.years_established', 'indicator.tax_credit_grade'])
    })

    it('refuses unknown characteristics and bad names, saying which field', async () => {
      const e = await expectError(x.scorecards.train(as.institution.principal, { name: '坏', characteristics: ['no_such'] }), 'SCORECARD_INVALID')
      expect(e.zh).toContain('characteristics')
      await expectError(x.scorecards.train(as.institution.principal, { name: '<script>', characteristics: ['years_in_business'] }), 'SCORECARD_INVALID')
    })

    it('runs one training per institution at a time: a second at once is refused, another institution is not', async () => {
      const bank = as.institution.principal
      const runs = await Promise.allSettled([
        x.scorecards.train(bank, { name: '并发检查', characteristics: ['years_in_business'] }),
        x.scorecards.train(bank, { name: '并发检查', characteristics: ['years_in_business'] }),
        x.scorecards.train(other.principal, { name: '并发检查', characteristics: ['years_in_business'] }),
      ])
      const code = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as AppError).code : 'stored')
      expect(runs.map(code)).toEqual(['stored', 'SCORECARD_TRAINING_RUNNING', 'SCORECARD_TOO_FEW_OUTCOMES'])
      const refused = (runs[1] as PromiseRejectedResult).reason as AppError
      expect(refused.type).toBe('throttled') // 429
      expect(refused.zh).toContain('正在进行')
      expect(refused.en).toContain('already running')
      // Released once the run ended, whether it stored a card or failed.
      expect((await x.scorecards.train(bank, { name: '并发检查', characteristics: ['years_in_business'] })).version).toBe(2)
      await expectError(x.scorecards.train(other.principal, { name: '并发检查', characteristics: ['years_in_business'] }), 'SCORECARD_TOO_FEW_OUTCOMES')
    })

    it('holds the claim across processes on a server: a run claimed elsewhere refuses this one until it ends', async () => {
      const bank = as.institution.principal
      // Another process: its own connections to the same database (on PGlite, which one process owns, the same one).
      const url = (x.db as { url?: string }).url
      const elsewhere = url ? await openDatabase({ databaseUrl: url }) : x.db
      try {
        const release = (await claimTraining(elsewhere, bank.organization!))!
        expect(release).toBeTypeOf('function')
        expect(await claimTraining(elsewhere, bank.organization!)).toBeUndefined()
        await expectError(x.scorecards.train(bank, { name: '跨进程检查', characteristics: ['years_in_business'] }), 'SCORECARD_TRAINING_RUNNING')
        await release()
        expect((await x.scorecards.train(bank, { name: '跨进程检查', characteristics: ['years_in_business'] })).version).toBe(1)
      } finally {
        if (elsewhere !== x.db) await elsewhere.close()
      }
    })
  })
}

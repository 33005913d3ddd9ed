import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { type Database, AppError } from '../../core/index.js'
import { openTestDatabase, TEST_DIALECTS } from '../../../test/databases.js'
import { accountOf } from './ledger-core.js'
import { MemoryLedger } from './ledger-memory.js'
import { createLedger } from './ledger.service.js'
import { FUNDS, moveArb, postingOf } from '../../../test/fixtures/ledger.fixtures.js'

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e))

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: ledger on the database`, () => {
    let db: Database
    const sut = createLedger()
    let run = 0

    beforeAll(async () => {
      db = await openTestDatabase(dialect)
    })
    afterAll(async () => {
      await db?.close()
    })

    const balancesOf = async () => new Map((await sut.balances(db)).filter((a) => a.balanceFen !== 0).map((a) => [a.code, a.balanceFen]))
    const nonZero = (m: ReadonlyMap<string, number>) => new Map([...m].filter(([, b]) => b !== 0))

    it('matches the in-memory ledger and keeps every total at zero, whatever the postings', async () => {
      await fc.assert(fc.asyncProperty(fc.array(moveArb, { maxLength: 12 }), async (moves) => {
        run++
        // each run starts from the balances the database holds; the model starts there too
        const model = new MemoryLedger()
        const start = await balancesOf()
        for (const [code, b] of start) {
          if (b > 0) model.post({ idempotencyKey: `seed:${code}`, fundId: null, kind: 'seed', memo: '', createdBy: 't', lines: [{ account: { ...accountOf('pool', null), code }, amountFen: b }, { account: accountOf('contribution', 'seed'), amountFen: -b }] })
          if (b < 0) model.post({ idempotencyKey: `seed:${code}`, fundId: null, kind: 'seed', memo: '', createdBy: 't', lines: [{ account: { ...accountOf('contribution', null), code }, amountFen: b }, { account: accountOf('contribution', 'seed'), amountFen: -b }] })
        }
        for (let i = 0; i < moves.length; i++) {
          const p = postingOf(moves[i]!, `${run}-${i}`)
          let expected: string | null = null
          try { model.post(p) } catch (e) { expected = codeOf(e) }
          let got: string | null = null
          try { await db.transaction((tx) => sut.post(tx, p)) } catch (e) { got = codeOf(e) }
          expect(got).toBe(expected)
        }
        const totals = await sut.totals(db)
        expect(totals).toEqual({ balances: '0', lines: '0', mismatched: 0 })
        const modelBalances = nonZero(model.allBalances())
        modelBalances.delete(accountOf('contribution', 'seed').code)
        expect(await balancesOf()).toEqual(modelBalances)
      }), { numRuns: 15 })
    })

    it('posts a retried payout once: the same key moves nothing the second time', async () => {
      const f = FUNDS[0]
      await db.transaction((tx) => sut.post(tx, postingOf({ kind: 'contribute', fund: 0, party: 0, amountFen: 1_000_00 }, 'retry-seed')))
      await db.transaction((tx) => sut.post(tx, postingOf({ kind: 'commit', fund: 0, party: 0, amountFen: 500_00 }, 'retry-commit')))
      const before = await balancesOf()
      const pay = postingOf({ kind: 'pay', fund: 0, party: 1, amountFen: 500_00 }, 'retry-pay')
      const first = await db.transaction((tx) => sut.post(tx, pay))
      const second = await db.transaction((tx) => sut.post(tx, pay))
      expect(first.replayed).toBe(false)
      expect(second).toMatchObject({ replayed: true, entry: { id: first.entry.id } })
      const after = await balancesOf()
      expect(after.get(accountOf('commitment', f).code) ?? 0).toBe((before.get(accountOf('commitment', f).code) ?? 0) - 500_00)
      expect((await sut.entries(db, { refType: undefined, limit: 500, offset: 0 })).entries.filter((e) => e.idempotencyKey === 'test:retry-pay')).toHaveLength(1)
    })

    it('refuses a posting that would take a pool below zero, and writes nothing of it', async () => {
      const before = await balancesOf()
      const pool = before.get(accountOf('pool', FUNDS[1]).code) ?? 0
      const p = postingOf({ kind: 'subsidy', fund: 1, party: 2, amountFen: pool + 1 }, 'too-much')
      await expect(db.transaction((tx) => sut.post(tx, p))).rejects.toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' })
      expect(await balancesOf()).toEqual(before)
      expect(await sut.entryByKey(db, 'test:too-much')).toBeNull()
    })

    it('restores balances with a reversal, and reverses an entry only once', async () => {
      const before = await balancesOf()
      const { entry } = await db.transaction((tx) => sut.post(tx, postingOf({ kind: 'contribute', fund: 1, party: 0, amountFen: 7_777 }, 'to-reverse')))
      const r = await db.transaction((tx) => sut.reverse(tx, entry.id, { idempotencyKey: 'rev-1', memo: '录入错误，冲销', createdBy: 'test' }))
      expect(r.entry.reverses).toBe(entry.id)
      expect(await balancesOf()).toEqual(nonZero(before))
      expect((await db.transaction((tx) => sut.reverse(tx, entry.id, { idempotencyKey: 'rev-1', memo: 'again', createdBy: 'test' }))).replayed).toBe(true)
      await expect(db.transaction((tx) => sut.reverse(tx, entry.id, { idempotencyKey: 'rev-2', memo: 'again', createdBy: 'test' }))).rejects.toMatchObject({ code: 'LEDGER_ALREADY_REVERSED' })
    })

    it('keeps entries and lines immutable in the database itself', async () => {
      const { entry } = await db.transaction((tx) => sut.post(tx, postingOf({ kind: 'contribute', fund: 0, party: 0, amountFen: 1 }, 'immutable')))
      await expect(db.query('update ledger.line set amount_fen = 2 where entry_id = $1', [entry.id])).rejects.toThrow(/不可修改/)
      await expect(db.query('delete from ledger.entry where id = $1', [entry.id])).rejects.toThrow(/不可修改/)
      await expect(db.query(`update ledger.account set balance_fen = -1 where code = $1`, [accountOf('pool', FUNDS[0]).code])).rejects.toThrow()
    })
  })
}

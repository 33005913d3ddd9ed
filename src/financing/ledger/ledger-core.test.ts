import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { AppError } from '../../core/index.js'
import { accountOf, checkLines, MAX_LINE_FEN, shareOf, yuan } from './ledger-core.js'
import { MemoryLedger } from './ledger-memory.js'
import { moveArb, postingOf } from '../../../test/fixtures/ledger.fixtures.js'

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
const codeOf = (e: unknown) => (e instanceof AppError ? e.code : String(e))

describe('ledger rules in memory', () => {
  it('keeps the sum of all balances at zero and no pool or commitment below zero, whatever the postings', () => {
    fc.assert(fc.property(fc.array(moveArb, { maxLength: 80 }), (moves) => {
      const sut = new MemoryLedger()
      moves.forEach((m, i) => {
        const before = new Map(sut.allBalances())
        try {
          sut.post(postingOf(m, i))
        } catch (e) {
          expect(codeOf(e)).toBe('LEDGER_INSUFFICIENT_FUNDS')
          expect(sut.allBalances()).toEqual(before)
        }
        expect(sum(sut.allBalances())).toBe(0)
        for (const [code, b] of sut.allBalances()) if (code.startsWith('pool:') || code.startsWith('commitment:')) expect(b).toBeGreaterThanOrEqual(0)
      })
    }), { numRuns: 2000 })
  })

  it('restores every balance when a posting is reversed at once', () => {
    fc.assert(fc.property(fc.array(moveArb, { maxLength: 30 }), moveArb, (history, last) => {
      const sut = new MemoryLedger()
      history.forEach((m, i) => { try { sut.post(postingOf(m, i)) } catch { /* refused postings move nothing */ } })
      const before = new Map([...sut.allBalances()].filter(([, b]) => b !== 0))
      let posted
      try { posted = sut.post(postingOf(last, 'last')) } catch { return }
      sut.reverse(posted.id, 'reverse-last')
      expect(new Map([...sut.allBalances()].filter(([, b]) => b !== 0))).toEqual(before)
    }), { numRuns: 2000 })
  })

  it('changes nothing when a posting is posted again under its key', () => {
    fc.assert(fc.property(fc.array(moveArb, { minLength: 1, maxLength: 40 }), fc.nat(), (moves, pick) => {
      const sut = new MemoryLedger()
      const ok: number[] = []
      moves.forEach((m, i) => { try { sut.post(postingOf(m, i)); ok.push(i) } catch { /* refused */ } })
      if (ok.length === 0) return
      const i = ok[pick % ok.length]!
      const before = new Map(sut.allBalances())
      const size = sut.size
      expect(sut.post(postingOf(moves[i]!, i)).replayed).toBe(true)
      expect(sut.allBalances()).toEqual(before)
      expect(sut.size).toBe(size)
    }), { numRuns: 2000 })
  })

  it('refuses a key posted again with other lines', () => {
    const sut = new MemoryLedger()
    sut.post(postingOf({ kind: 'contribute', fund: 0, party: 0, amountFen: 100 }, 1))
    expect(() => sut.post(postingOf({ kind: 'contribute', fund: 0, party: 0, amountFen: 101 }, 1))).toThrow(/幂等键/)
  })

  it('refuses entries that do not balance, have one line, or carry floats, zero or huge amounts', () => {
    const a = accountOf('pool', 'f')
    const b = accountOf('contribution', 'f')
    expect(() => checkLines([{ account: a, amountFen: 100 }, { account: b, amountFen: -99 }])).toThrow(/不平衡/)
    expect(() => checkLines([{ account: a, amountFen: 0 }, { account: b, amountFen: 0 }])).toThrow(/非零整数/)
    expect(() => checkLines([{ account: a, amountFen: 1.5 }, { account: b, amountFen: -1.5 }])).toThrow(/非零整数/)
    expect(() => checkLines([{ account: a, amountFen: MAX_LINE_FEN + 1 }, { account: b, amountFen: -(MAX_LINE_FEN + 1) }])).toThrow(/非零整数/)
    expect(() => checkLines([{ account: a, amountFen: 100 }])).toThrow(/两行/)
    fc.assert(fc.property(fc.double({ noInteger: true }), (v) => {
      expect(() => checkLines([{ account: a, amountFen: v }, { account: b, amountFen: -v }])).toThrow()
    }))
  })

  it('takes exact per-mille shares rounded down to the fen, beyond 2^53 inside', () => {
    expect(shareOf(1_000_001, 400)).toBe(400_000)
    expect(shareOf(MAX_LINE_FEN, 999)).toBe(999_000_000_000_000)
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_LINE_FEN }), fc.integer({ min: 0, max: 1000 }), (amount, pm) => {
      const s = shareOf(amount, pm)
      expect(Number.isSafeInteger(s)).toBe(true)
      expect(BigInt(s) * 1000n <= BigInt(amount) * BigInt(pm)).toBe(true)
      expect(BigInt(s + 1) * 1000n > BigInt(amount) * BigInt(pm)).toBe(true)
    }))
  })

  it('writes fen as yuan with thousands separators', () => {
    expect(yuan(123_456_789)).toBe('1,234,567.89 元')
    expect(yuan(5)).toBe('0.05 元')
    expect(yuan(-100)).toBe('-1.00 元')
  })
})

/**
 * Postings for the ledger's property tests (memory and database alike): the moves a fund really makes — a
 * contribution, an approval, a payout, a recovery, a subsidy — between two funds and a few parties, in any order.
 * Not imported by product code.
 */
import fc from 'fast-check'
import { accountOf } from './ledger-core.js'
import type { Posting } from './ledger.types.js'

export const FUNDS = ['00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-0000000000f2'] as const
const PARTIES = ['宁夏银行股份有限公司', '石嘴山银行股份有限公司', '91640100MA00000001']

export type Move = { kind: 'contribute' | 'commit' | 'pay' | 'recover' | 'subsidy'; fund: number; party: number; amountFen: number }

export const moveArb: fc.Arbitrary<Move> = fc.record({
  kind: fc.constantFrom('contribute', 'commit', 'pay', 'recover', 'subsidy'),
  fund: fc.integer({ min: 0, max: 1 }),
  party: fc.integer({ min: 0, max: 2 }),
  // small and huge amounts both: the floor must hold at the edge and far from it
  amountFen: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000_000_000 })),
})

/** The posting of a move, under a key that is unique per `n`. */
export function postingOf(m: Move, n: number | string): Posting {
  const f = FUNDS[m.fund]!
  const p = PARTIES[m.party]!
  const pair = (debit: ReturnType<typeof accountOf>, credit: ReturnType<typeof accountOf>): Posting['lines'] => [
    { account: debit, amountFen: m.amountFen }, { account: credit, amountFen: -m.amountFen },
  ]
  const lines = {
    contribute: () => pair(accountOf('pool', f), accountOf('contribution', f)),
    commit: () => pair(accountOf('commitment', f), accountOf('pool', f)),
    pay: () => pair(accountOf('compensation_paid', f, p), accountOf('commitment', f)),
    recover: () => pair(accountOf('pool', f), accountOf('recovery_shared', f, p)),
    subsidy: () => pair(accountOf('subsidy_paid', f, p), accountOf('pool', f)),
  }[m.kind]()
  return { idempotencyKey: `test:${n}`, fundId: f, kind: m.kind, memo: m.kind, createdBy: 'test', lines }
}

import { randomUUID } from 'node:crypto'
import type { Sql } from '../../core/index.js'
import { applyLines, checkLines, sameMovement } from './ledger-core.js'
import { LedgerErrors } from './ledger.errors.js'
import { createLedgerRepository } from './ledger.repository.js'
import type { AccountBalance, LedgerEntry, Posting, PostResult } from './ledger.types.js'

/**
 * The funds' double-entry ledger. Every function takes the caller's transaction: a payout's posting commits with the
 * claim's change of status, or neither does. Entries are immutable; a correction is {@link Ledger.reverse}.
 *
 * @example
 * await db.transaction((tx) => ledger.post(tx, {
 *   idempotencyKey: `contribution:${fundId}:2026-001`, fundId, kind: 'contribution', memo: '2026年财政注资', createdBy: 'admin',
 *   lines: [{ account: accountOf('pool', fundId), amountFen: 500_000_000 }, { account: accountOf('contribution', fundId), amountFen: -500_000_000 }],
 * }))
 */
export function createLedger(deps: { now?: () => Date } = {}) {
  const now = deps.now ?? (() => new Date())
  const repo = createLedgerRepository()

  async function replay(tx: Sql, key: string, lines: ReadonlyArray<{ accountCode: string; amountFen: number }>): Promise<PostResult | null> {
    const seen = await repo.entryByKey(tx, key)
    if (!seen) return null
    if (!sameMovement(seen.lines, lines)) throw LedgerErrors.IDEMPOTENCY_CONFLICT(key)
    return { entry: seen, replayed: true }
  }

  async function write(tx: Sql, p: Posting, reverses: string | null): Promise<PostResult> {
    checkLines(p.lines)
    const lines = p.lines.map((l) => ({ accountCode: l.account.code, amountFen: l.amountFen }))
    const first = await replay(tx, p.idempotencyKey, lines)
    if (first) return first
    const accounts = [...new Map(p.lines.map((l) => [l.account.code, l.account])).values()]
    await repo.ensureAccounts(tx, accounts)
    const before = await repo.lockAccounts(tx, accounts.map((a) => a.code))
    const after = applyLines(before, p.lines)
    const id = randomUUID()
    const inserted = await repo.insertEntry(tx, { id, idempotencyKey: p.idempotencyKey, fundId: p.fundId, kind: p.kind, memo: p.memo, refType: p.refType ?? null, refId: p.refId ?? null, reverses, createdBy: p.createdBy, at: now() })
    // Another transaction posted the same key between our look and our insert: its entry stands, ours moves nothing.
    if (!inserted) return (await replay(tx, p.idempotencyKey, lines))!
    await repo.insertLines(tx, id, lines)
    for (const [code, balance] of after) if (balance !== before.get(code)) await repo.setBalance(tx, code, balance)
    return { entry: (await repo.entry(tx, id))!, replayed: false }
  }

  return {
    /** Posts once per idempotency key. A repeat with the same lines answers the first entry; other lines conflict. */
    post(tx: Sql, posting: Posting): Promise<PostResult> {
      return write(tx, posting, null)
    },

    /** Posts the mirror of an entry (every line negated), at most once per entry. */
    async reverse(tx: Sql, entryId: string, opts: { idempotencyKey: string; memo: string; createdBy: string }): Promise<PostResult> {
      const e = await repo.entry(tx, entryId)
      if (!e) throw LedgerErrors.ENTRY_NOT_FOUND(entryId)
      const done = await repo.reversalOf(tx, entryId)
      if (done) {
        const r = await repo.entry(tx, done)
        if (r!.idempotencyKey === opts.idempotencyKey) return { entry: r!, replayed: true }
        throw LedgerErrors.ALREADY_REVERSED(entryId)
      }
      // The accounts as they were opened, floors included: a reversal may not take a pool below zero either.
      const refs = new Map((await repo.accountsByCode(tx, e.lines.map((l) => l.accountCode))).map((a) => [a.code, a]))
      const lines = e.lines.map((l) => ({ account: refs.get(l.accountCode)!, amountFen: -l.amountFen }))
      return write(tx, { idempotencyKey: opts.idempotencyKey, fundId: e.fundId, kind: `reversal:${e.kind}`, memo: opts.memo, refType: e.refType, refId: e.refId, createdBy: opts.createdBy, lines }, e.id)
    },

    entry(sql: Sql, id: string): Promise<LedgerEntry | null> {
      return repo.entry(sql, id)
    },

    entryByKey(sql: Sql, key: string): Promise<LedgerEntry | null> {
      return repo.entryByKey(sql, key)
    },

    /** Every account's balance, or one fund's. */
    balances(sql: Sql, fundId?: string | null): Promise<AccountBalance[]> {
      return repo.accounts(sql, { fundId: fundId ?? null })
    },

    entries(sql: Sql, filter: { fundId?: string | null; refType?: string; refId?: string; limit: number; offset: number }) {
      return repo.entries(sql, filter)
    },

    /** The checks an auditor runs: all balances sum to zero, all lines sum to zero, each balance equals its lines. */
    totals(sql: Sql) {
      return repo.totals(sql)
    },
  }
}

export type Ledger = ReturnType<typeof createLedger>

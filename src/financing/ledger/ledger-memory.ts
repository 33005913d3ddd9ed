import { applyLines, checkLines, sameMovement } from './ledger-core.js'
import { LedgerErrors } from './ledger.errors.js'
import type { Posting } from './ledger.types.js'

interface MemoryEntry {
  id: number
  key: string
  lines: Array<{ accountCode: string; amountFen: number }>
  reverses: number | null
}

/**
 * The journal's rules without a database: the same checks ({@link checkLines}, {@link applyLines}) the database
 * ledger runs, on a map of balances. Property tests drive it through many thousands of postings; a simulation or a
 * what-if can use it too.
 */
export class MemoryLedger {
  private balances = new Map<string, number>()
  private readonly floors = new Map<string, boolean>()
  private readonly entries: MemoryEntry[] = []
  private readonly byKey = new Map<string, MemoryEntry>()
  private readonly reversed = new Set<number>()

  /** Posts once per key; a repeated key with the same lines is a no-op, with other lines a conflict. */
  post(p: Posting): { id: number; replayed: boolean } {
    checkLines(p.lines)
    const lines = p.lines.map((l) => ({ accountCode: l.account.code, amountFen: l.amountFen }))
    const seen = this.byKey.get(p.idempotencyKey)
    if (seen) {
      if (!sameMovement(seen.lines, lines)) throw LedgerErrors.IDEMPOTENCY_CONFLICT(p.idempotencyKey)
      return { id: seen.id, replayed: true }
    }
    this.balances = applyLines(this.balances, p.lines)
    for (const l of p.lines) this.floors.set(l.account.code, l.account.floorZero)
    return { id: this.record(p.idempotencyKey, lines, null), replayed: false }
  }

  /** Posts the mirror of entry `id` (every line negated). */
  reverse(id: number, idempotencyKey: string): { id: number; replayed: boolean } {
    const seen = this.byKey.get(idempotencyKey)
    if (seen && seen.reverses === id) return { id: seen.id, replayed: true }
    if (seen) throw LedgerErrors.IDEMPOTENCY_CONFLICT(idempotencyKey)
    const e = this.entries[id]
    if (!e) throw LedgerErrors.ENTRY_NOT_FOUND(String(id))
    if (this.reversed.has(id)) throw LedgerErrors.ALREADY_REVERSED(String(id))
    const lines = e.lines.map((l) => ({ accountCode: l.accountCode, amountFen: -l.amountFen }))
    this.balances = applyLines(this.balances, lines.map((l) => ({ account: { code: l.accountCode, fundId: null, kind: 'pool' as const, party: null, floorZero: this.floors.get(l.accountCode) ?? false }, amountFen: l.amountFen })))
    this.reversed.add(id)
    return { id: this.record(idempotencyKey, lines, id), replayed: false }
  }

  balance(code: string): number {
    return this.balances.get(code) ?? 0
  }

  allBalances(): ReadonlyMap<string, number> {
    return this.balances
  }

  get size(): number {
    return this.entries.length
  }

  private record(key: string, lines: MemoryEntry['lines'], reverses: number | null): number {
    const e: MemoryEntry = { id: this.entries.length, key, lines, reverses }
    this.entries.push(e)
    this.byKey.set(key, e)
    return e.id
  }
}

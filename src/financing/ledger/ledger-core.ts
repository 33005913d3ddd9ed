import { LedgerErrors } from './ledger.errors.js'
import { FLOOR_ZERO_KINDS, type AccountKind, type AccountRef, type PostingLine } from './ledger.types.js'

/** The largest amount one line may carry: 10 万亿元. Far above any fund, far below where sums leave safe integers. */
export const MAX_LINE_FEN = 1_000_000_000_000_000
/** The most lines one entry may have. With {@link MAX_LINE_FEN}, a sum of lines can never leave safe integers. */
export const MAX_LINES = 64

/**
 * The account of `kind` in a fund, for a party (an institution's name, an enterprise's USCC) where the kind is kept
 * per party.
 *
 * @example
 * accountOf('pool', fundId).code // 'pool:3f1c…'
 */
export function accountOf(kind: AccountKind, fundId: string | null, party: string | null = null): AccountRef {
  const code = [kind, fundId ?? '-', ...(party === null ? [] : [party])].join(':')
  return { code, fundId, kind, party, floorZero: FLOOR_ZERO_KINDS.has(kind) }
}

/** Whole, non-zero, bounded 分: anything else (a float, a string, a huge number) never reaches the journal. */
export function checkAmount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value === 0 || Math.abs(value) > MAX_LINE_FEN) {
    throw LedgerErrors.BAD_AMOUNT(MAX_LINE_FEN, String(value))
  }
  return value
}

/**
 * Checks a posting's lines: at least two, each a whole non-zero amount of bounded size, summing to zero.
 *
 * @example
 * checkLines([{ account: accountOf('pool', f), amountFen: 100 }, { account: accountOf('contribution', f), amountFen: -100 }])
 */
export function checkLines(lines: readonly PostingLine[]): void {
  if (lines.length < 2) throw LedgerErrors.TOO_FEW_LINES()
  if (lines.length > MAX_LINES) throw LedgerErrors.OVERFLOW()
  let sum = 0
  for (const l of lines) sum += checkAmount(l.amountFen)
  if (sum !== 0) throw LedgerErrors.UNBALANCED(sum)
}

/** The net movement per account code of some lines (an account named twice moves once, by the sum). */
export function netByAccount(lines: ReadonlyArray<{ accountCode: string; amountFen: number }>): Map<string, number> {
  const out = new Map<string, number>()
  for (const l of lines) out.set(l.accountCode, (out.get(l.accountCode) ?? 0) + l.amountFen)
  return out
}

/**
 * The balances after some lines, or the refusal: an account kept above zero would go below it, or a balance would
 * leave the safe integers. `balances` is not changed.
 */
export function applyLines(
  balances: ReadonlyMap<string, number>,
  lines: ReadonlyArray<{ account: AccountRef; amountFen: number }>,
): Map<string, number> {
  const next = new Map(balances)
  const accounts = new Map(lines.map((l) => [l.account.code, l.account]))
  for (const [code, delta] of netByAccount(lines.map((l) => ({ accountCode: l.account.code, amountFen: l.amountFen })))) {
    const after = (next.get(code) ?? 0) + delta
    if (!Number.isSafeInteger(after)) throw LedgerErrors.OVERFLOW()
    if (accounts.get(code)!.floorZero && after < 0) throw LedgerErrors.INSUFFICIENT_FUNDS(code)
    next.set(code, after)
  }
  return next
}

/** Two postings are the same when they move the same amounts on the same accounts (order aside). */
export function sameMovement(a: ReadonlyArray<{ accountCode: string; amountFen: number }>, b: ReadonlyArray<{ accountCode: string; amountFen: number }>): boolean {
  const key = (ls: ReadonlyArray<{ accountCode: string; amountFen: number }>) => ls.map((l) => `${l.accountCode}=${l.amountFen}`).sort().join('|')
  return key(a) === key(b)
}

/** Exact per-mille share of an amount, rounded down to the 分 (BigInt inside: amount × share may pass 2^53). */
export function shareOf(amountFen: number, perMille: number): number {
  return Number((BigInt(amountFen) * BigInt(perMille)) / 1000n)
}

/** 分 as people read money: `12,345.67 元`. Integer arithmetic only. */
export function yuan(fen: number): string {
  const neg = fen < 0
  const abs = BigInt(Math.abs(fen))
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${neg ? '-' : ''}${whole}.${cents} 元`
}

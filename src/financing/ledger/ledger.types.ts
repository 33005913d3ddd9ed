/**
 * The kinds of account the funds' ledger keeps. A line's amount is positive for a debit, negative for a credit.
 * - `contribution`: money the treasury put into a fund (credit balance: the fund's capital).
 * - `pool`: the money a fund holds and has not promised (debit balance, never below zero).
 * - `commitment`: compensation approved and not yet paid out (debit balance, never below zero).
 * - `compensation_paid`: compensation paid to an institution (debit balance), per institution.
 * - `recovery_shared`: the fund's share of what an institution recovered after payout (credit), per institution.
 * - `subsidy_paid`: interest subsidy paid to an enterprise (debit), per enterprise (USCC).
 */
export const ACCOUNT_KINDS = ['contribution', 'pool', 'commitment', 'compensation_paid', 'recovery_shared', 'subsidy_paid'] as const
export type AccountKind = (typeof ACCOUNT_KINDS)[number]

export const ACCOUNT_KIND_NAMES_ZH: Record<AccountKind, string> = {
  contribution: '财政注资',
  pool: '资金池可用余额',
  commitment: '已批准待拨付',
  compensation_paid: '已拨付补偿',
  recovery_shared: '追偿返还',
  subsidy_paid: '已拨付贴息',
}

/** Kinds whose balance may never go below zero: a fund cannot promise or pay money it does not hold. */
export const FLOOR_ZERO_KINDS: ReadonlySet<AccountKind> = new Set(['pool', 'commitment'])

export interface AccountRef {
  /** `kind:fundId[:party]`, stable: postings name accounts by it. */
  code: string
  fundId: string | null
  kind: AccountKind
  party: string | null
  floorZero: boolean
}

export interface PostingLine {
  account: AccountRef
  /** 分; positive debit, negative credit, never zero. */
  amountFen: number
}

export interface Posting {
  /** The same key posts once: a retry answers with the first entry and moves no money. */
  idempotencyKey: string
  fundId: string | null
  kind: string
  memo: string
  refType?: string | null
  refId?: string | null
  createdBy: string
  lines: readonly PostingLine[]
}

export interface LedgerEntry {
  id: string
  idempotencyKey: string
  fundId: string | null
  kind: string
  memo: string
  refType: string | null
  refId: string | null
  reverses: string | null
  createdBy: string
  createdAt: Date
  lines: Array<{ accountCode: string; amountFen: number }>
}

export interface AccountBalance {
  code: string
  fundId: string | null
  kind: AccountKind
  party: string | null
  balanceFen: number
}

/** What a posting did: `replayed` when the key had been posted before (nothing moved this time). */
export interface PostResult {
  entry: LedgerEntry
  replayed: boolean
}

import type { Sql } from '../../core/index.js'
import type { AccountBalance, AccountKind, AccountRef, LedgerEntry } from './ledger.types.js'
import { statements } from '../../core/index.js'

interface EntryRow {
  id: string
  idempotency_key: string
  fund_id: string | null
  kind: string
  memo: string
  ref_type: string | null
  ref_id: string | null
  reverses: string | null
  created_by: string
  created_at: Date | string
  lines: Array<{ account_code: string; amount_fen: number | string }> | null
}

const ENTRY_WITH_LINES = `e.*, (select coalesce(json_agg(json_build_object('account_code', l.account_code, 'amount_fen', l.amount_fen) order by l.seq), '[]'::json)
  from ledger.line l where l.entry_id = e.id) as lines`

function entryOf(r: EntryRow): LedgerEntry {
  return {
    id: r.id, idempotencyKey: r.idempotency_key, fundId: r.fund_id, kind: r.kind, memo: r.memo, refType: r.ref_type, refId: r.ref_id,
    reverses: r.reverses, createdBy: r.created_by, createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    lines: (r.lines ?? []).map((l) => ({ accountCode: l.account_code, amountFen: Number(l.amount_fen) })),
  }
}

/** The filters of the entry list: fund, reference type, reference id. */
const ENTRIES_WHERE = `($1::uuid is null or e.fund_id = $1) and ($2::text is null or e.ref_type = $2) and ($3::text is null or e.ref_id = $3)`

const SQL = statements('financing.ledger', {
  ensureAccounts: `insert into ledger.account (code, fund_id, kind, party, floor_zero) values ($1, $2, $3, $4, $5) on conflict (code) do nothing`,
  lockAccounts: 'select code, balance_fen from ledger.account where code = any($1::text[]) order by code for update',
  setBalance: 'update ledger.account set balance_fen = $2 where code = $1',
  insertEntry: `insert into ledger.entry (id, idempotency_key, fund_id, kind, memo, ref_type, ref_id, reverses, created_by, created_at)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (idempotency_key) do nothing returning id`,
  insertLines: 'insert into ledger.line (entry_id, seq, account_code, amount_fen) values ($1, $2, $3, $4)',
  entryByKey: `select ${ENTRY_WITH_LINES} from ledger.entry e where e.idempotency_key = $1`,
  entry: `select ${ENTRY_WITH_LINES} from ledger.entry e where e.id = $1`,
  reversalOf: 'select id from ledger.entry where reverses = $1',
  accountsByCode: 'select code, fund_id, kind, party, floor_zero from ledger.account where code = any($1::text[])',
  accounts: `select code, fund_id, kind, party, balance_fen from ledger.account where ($1::uuid is null or fund_id = $1) order by kind, party nulls first, code`,
  totals: `select
        (select coalesce(sum(balance_fen), 0)::text from ledger.account) as balances,
        (select coalesce(sum(amount_fen), 0)::text from ledger.line) as lines,
        (select count(*)::int from ledger.account a where a.balance_fen <> (select coalesce(sum(l.amount_fen), 0) from ledger.line l where l.account_code = a.code)) as mismatched`,
  countEntries: `select count(*)::int as n from ledger.entry e where ${ENTRIES_WHERE}`,
  entries: `select ${ENTRY_WITH_LINES} from ledger.entry e where ${ENTRIES_WHERE} order by e.created_at desc, e.id limit $4 offset $5`,
})

/** SQL of the ledger; the service decides, this only reads and writes. */
export function createLedgerRepository() {
  return {
    async ensureAccounts(sql: Sql, accounts: readonly AccountRef[]): Promise<void> {
      for (const a of accounts) {
        await sql.query(SQL.ensureAccounts,
          [a.code, a.fundId, a.kind, a.party, a.floorZero])
      }
    },

    /** Locks the accounts in code order (so two postings never wait on each other in a cycle) and reads them. */
    async lockAccounts(sql: Sql, codes: readonly string[]): Promise<Map<string, number>> {
      const rows = await sql.query<{ code: string; balance_fen: number }>(
        SQL.lockAccounts, [[...codes].sort()])
      return new Map(rows.map((r) => [r.code, Number(r.balance_fen)]))
    },

    async setBalance(sql: Sql, code: string, balanceFen: number): Promise<void> {
      await sql.query(SQL.setBalance, [code, balanceFen])
    },

    /** Inserts the entry unless its key is taken; true when this call inserted it. */
    async insertEntry(sql: Sql, e: Omit<LedgerEntry, 'lines' | 'createdAt'> & { at: Date }): Promise<boolean> {
      const rows = await sql.query(SQL.insertEntry,
        [e.id, e.idempotencyKey, e.fundId, e.kind, e.memo, e.refType, e.refId, e.reverses, e.createdBy, e.at])
      return rows.length === 1
    },

    async insertLines(sql: Sql, entryId: string, lines: ReadonlyArray<{ accountCode: string; amountFen: number }>): Promise<void> {
      for (let i = 0; i < lines.length; i++) {
        await sql.query(SQL.insertLines, [entryId, i + 1, lines[i]!.accountCode, lines[i]!.amountFen])
      }
    },

    async entryByKey(sql: Sql, key: string): Promise<LedgerEntry | null> {
      const rows = await sql.query<EntryRow>(SQL.entryByKey, [key])
      return rows[0] ? entryOf(rows[0]) : null
    },

    async entry(sql: Sql, id: string): Promise<LedgerEntry | null> {
      const rows = await sql.query<EntryRow>(SQL.entry, [id])
      return rows[0] ? entryOf(rows[0]) : null
    },

    async reversalOf(sql: Sql, id: string): Promise<string | null> {
      const rows = await sql.query<{ id: string }>(SQL.reversalOf, [id])
      return rows[0]?.id ?? null
    },

    async accountsByCode(sql: Sql, codes: readonly string[]): Promise<AccountRef[]> {
      const rows = await sql.query<{ code: string; fund_id: string | null; kind: AccountKind; party: string | null; floor_zero: boolean }>(
        SQL.accountsByCode, [[...codes]])
      return rows.map((r) => ({ code: r.code, fundId: r.fund_id, kind: r.kind, party: r.party, floorZero: r.floor_zero }))
    },

    async accounts(sql: Sql, filter: { fundId?: string | null }): Promise<AccountBalance[]> {
      const rows = await sql.query<{ code: string; fund_id: string | null; kind: AccountKind; party: string | null; balance_fen: number }>(
        SQL.accounts,
        [filter.fundId ?? null])
      return rows.map((r) => ({ code: r.code, fundId: r.fund_id, kind: r.kind, party: r.party, balanceFen: Number(r.balance_fen) }))
    },

    async entries(sql: Sql, filter: { fundId?: string | null; refType?: string; refId?: string; limit: number; offset: number }): Promise<{ total: number; entries: LedgerEntry[] }> {
      const params = [filter.fundId ?? null, filter.refType ?? null, filter.refId ?? null]
      const [count] = await sql.query<{ n: number }>(SQL.countEntries, params)
      const rows = await sql.query<EntryRow>(SQL.entries,
        [...params, filter.limit, filter.offset])
      return { total: count!.n, entries: rows.map(entryOf) }
    },

    /** Sum of every balance, and of every line, as text (exact whatever the size). */
    async totals(sql: Sql): Promise<{ balances: string; lines: string; mismatched: number }> {
      const [r] = await sql.query<{ balances: string; lines: string; mismatched: number }>(SQL.totals)
      return r!
    },
  }
}

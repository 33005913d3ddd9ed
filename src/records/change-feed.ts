import type { Database, Sql } from '../core/index.js'
import { createChangeRepository, type NewChangeRow } from './change.repository.js'

/**
 * The records change feed: what records changed, in a stable order, since a cursor. Every write of a record
 * (an ingest chunk's merge, a self-declared record, and any later correction, withdrawal or repair) appends its
 * changes to records.change in the same transaction, so a rolled-back write leaves no change.
 *
 * Order and the cursor. A sequence number taken by a transaction that commits after a later one would be skipped by
 * a reader paging by that number alone. So rows carry their transaction's id, and a read returns only rows of
 * transactions older than every transaction still in progress (the snapshot's xmin, the "horizon"): below it the
 * set of rows is final, and paging it by (transaction id, seq) skips nothing. The price is latency: a change is read
 * once every transaction of this database that began writing before it has ended (any writer, not just record
 * writers; transactions of other databases on the same server are left out), typically milliseconds. A cursor is the opaque text `<txid>:<seq>`; {@link CHANGE_FEED_START}
 * reads from the very beginning and {@link currentChangeCursor} from now on.
 */

/** Kinds of change. Writers of later kinds (objection, repair) add theirs here. */
export type RecordChangeKind =
  | 'inserted' // a record's first version
  | 'corrected' // a new version replaced the current one
  | 'withdrawn' // no longer current nor shared (withdrawn by its provider, removed after an objection, repaired)
  | 'restored' // a withdrawn record is current again
  | 'declared' // a self-declared record (records.self_declared)
  | 'declaration_withdrawn'
  | 'objected' // the subject objected to it (异议中): still shared, labelled so (repair context)
  | 'objection_closed' // the objection was answered without a change to the record (kept)

export interface RecordChange {
  /** Unique and increasing per writer, not in commit order: a key for idempotency, not a cursor. */
  seq: number
  /** Where a reader that has handled this change resumes. */
  cursor: string
  subjectKey: string
  itemKey: string
  /** With subjectKey, itemKey and version, names the record version (records.record), or a self-declared record's id. */
  recordKey: string
  version: number
  kind: RecordChangeKind
  /** 'ingest' | 'self-declared' | … the write path */
  source: string
  batchId: string | null
  provider: string | null
  details: Record<string, unknown> | null
  at: Date
}

export interface RecordChangePage {
  changes: RecordChange[]
  /** Pass as `after` next time. Moves past filtered-out rows and up to the horizon when the page is not full. */
  cursor: string
  /** The page is full: read again at once. */
  more: boolean
  /** Changes are committed beyond the horizon (an older transaction is still open): read again shortly, no notification will say so. */
  pending: boolean
}

export type NewRecordChange = Omit<NewChangeRow, 'kind'> & { kind: RecordChangeKind }

/** The cursor before every change. */
export const CHANGE_FEED_START = '0:0'
export const RECORD_CHANGE_CHANNEL = 'records_change'

const repo = createChangeRepository()

function parseCursor(cursor: string): { txid: string; seq: number } {
  const m = /^(\d{1,20}):(\d{1,19})$/.exec(cursor)
  if (!m) throw new Error(`bad change cursor: ${cursor}`)
  return { txid: m[1]!, seq: Number(m[2]) }
}

/**
 * Orders two change cursors as the feed does, by (txid, seq): negative when `a` comes first.
 *
 * @example
 * compareChangeCursors('10:3', '9:200') // > 0
 */
export function compareChangeCursors(a: string, b: string): number {
  const x = parseCursor(a)
  const y = parseCursor(b)
  const t = BigInt(x.txid) - BigInt(y.txid)
  return t !== 0n ? (t < 0n ? -1 : 1) : x.seq - y.seq
}

/** The txid and seq of a change cursor (for the pruning job's bound). */
export function changeCursorParts(cursor: string): { txid: string; seq: number } {
  return parseCursor(cursor)
}

/** Whether `cursor` is a well-formed change cursor (for inputs from outside). */
export function isChangeCursor(cursor: string): boolean {
  return /^(\d{1,20}):(\d{1,19})$/.test(cursor)
}

/** Appends changes within the transaction that makes them (records context and named flows only). */
export async function appendRecordChanges(tx: Sql, changes: readonly NewRecordChange[]): Promise<void> {
  await repo.append(tx, changes)
}

/**
 * Reads the changes after `after` (default: from the start), at most `limit` (default 1,000, at most 10,000),
 * optionally only of some subjects, items or kinds. Safe inside a transaction when read before it writes.
 */
export async function readRecordChanges(
  db: Sql,
  opts: { after?: string; limit?: number; subjectKeys?: readonly string[]; itemKeys?: readonly string[]; kinds?: readonly RecordChangeKind[] } = {},
): Promise<RecordChangePage> {
  const from = parseCursor(opts.after ?? CHANGE_FEED_START)
  const limit = Math.max(1, Math.min(opts.limit ?? 1000, 10_000))
  const { horizon, pending: past, rows } = await repo.page(db, { ...from, limit, subjectKeys: opts.subjectKeys ?? null, itemKeys: opts.itemKeys ?? null, kinds: opts.kinds ?? null })
  const changes = rows.map((r): RecordChange => ({
    seq: Number(r.seq), cursor: `${r.txid}:${r.seq}`, subjectKey: r.subject_key, itemKey: r.item_key, recordKey: r.record_key, version: r.version,
    kind: r.kind as RecordChangeKind, source: r.source, batchId: r.batch_id, provider: r.provider, details: r.details, at: r.at,
  }))
  const more = rows.length === limit
  // Not full: everything below the horizon has been read (rows of transactions older than it are final), and
  // (horizon, 0) sorts before any row of the horizon's own transaction, since seq starts at 1.
  const cursor = more ? changes[changes.length - 1]!.cursor : BigInt(horizon) > BigInt(from.txid) ? `${horizon}:0` : (opts.after ?? CHANGE_FEED_START)
  const pending = more ? false : past
  return { changes, cursor, more, pending }
}

/** The cursor of "now": reading from it returns only changes not yet final at the time of the call. */
export async function currentChangeCursor(db: Sql): Promise<string> {
  return `${await repo.horizon(db)}:0`
}

/**
 * Calls `onChange` whenever changes may have been committed (LISTEN records_change; also after a lost connection is
 * back). Resolves to the function that stops it. Readers then read from their cursor, and read again shortly while
 * the page says `pending`.
 */
export async function watchRecordChanges(db: Database, onChange: () => void): Promise<() => Promise<void>> {
  return db.listen(RECORD_CHANGE_CHANNEL, () => onChange())
}

export interface RecordVersion {
  version: number
  data: Record<string, unknown>
  receivedAt: Date
  current: boolean
}

/**
 * Every version of each named record (provider records, records.record), oldest first, keyed by
 * `subjectKey|itemKey|recordKey`: what a change's consumer reads to judge the change. Identifiers in `data` stay sealed.
 */
export async function readRecordHistories(db: Sql, keys: ReadonlyArray<{ subjectKey: string; itemKey: string; recordKey: string }>): Promise<Map<string, RecordVersion[]>> {
  const out = new Map<string, RecordVersion[]>()
  for (const r of await repo.histories(db, keys)) {
    const key = `${r.subject_key}|${r.item_key}|${r.record_key}`
    const list = out.get(key) ?? []
    list.push({ version: r.version, data: r.data, receivedAt: r.received_at, current: r.superseded_at === null })
    out.set(key, list)
  }
  return out
}

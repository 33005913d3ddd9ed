import { randomUUID } from 'node:crypto'
import type { Sql } from '../core/index.js'
import { hmacSm3 } from '../core/index.js'
import { canonicalJson } from '../audit/index.js'
import { appendRecordChanges } from './change-feed.js'
import { createRecordStateRepository, type StatefulRecordRow, type StateEventRow } from './record-state.repository.js'

/** Where a record stands beside its versions: normal, 异议中 (under objection, still shared) or withdrawn (终止公示). */
export type RecordState = 'normal' | 'objected' | 'withdrawn'

/** What changed a record's state, as kept in its history (records.record_state_event). */
export type RecordStateEventKind = 'objected' | 'objection_closed' | 'corrected' | 'withdrawn' | 'restored'

/** The write path of a state change, as the change feed names it. */
export type StateChangeSource = 'objection' | 'repair'

export interface RecordRef {
  subjectKey: string
  itemKey: string
  recordKey: string
}

/** A record's current version with its state: what objections and repairs act on. */
export interface StatefulRecord extends RecordRef {
  version: number
  data: Record<string, unknown>
  /** The provider of the first version: the unit that answers for the record (only it corrects it). */
  provider: string
  method: string
  receivedAt: Date
  state: RecordState
  stateReason: string | null
  stateSince: Date | null
}

export interface RecordStateEvent extends RecordRef {
  id: string
  version: number
  kind: RecordStateEventKind
  reason: string
  ref: string | null
  actor: string
  at: Date
}

const repo = createRecordStateRepository()

const recordOf = (r: StatefulRecordRow): StatefulRecord => ({
  subjectKey: r.subject_key, itemKey: r.item_key, recordKey: r.record_key, version: r.version, data: r.data, provider: r.owner ?? r.provider,
  method: r.method, receivedAt: new Date(r.received_at), state: r.state ?? 'normal', stateReason: r.state_reason, stateSince: r.state_since ? new Date(r.state_since) : null,
})

const eventOf = (e: StateEventRow): RecordStateEvent => ({
  id: e.id, subjectKey: e.subject_key, itemKey: e.item_key, recordKey: e.record_key, version: e.version, kind: e.kind as RecordStateEventKind,
  reason: e.reason, ref: e.ref, actor: e.actor, at: new Date(e.at),
})

/**
 * The one place a record's state change reaches the records change feed (records.change, migration 0080), in the
 * writer's transaction, so evaluation, monitoring and the platform feed learn of an objection, a correction or a
 * withdrawal as of any other change.
 */
async function recordChanged(tx: Sql, c: RecordRef & { version: number; kind: RecordStateEventKind; ref: string | null; reason: string; source: StateChangeSource; provider: string | null }): Promise<void> {
  await appendRecordChanges(tx, [{
    subjectKey: c.subjectKey, itemKey: c.itemKey, recordKey: c.recordKey, version: c.version, kind: c.kind, source: c.source,
    batchId: c.kind === 'corrected' ? c.ref : null, provider: c.provider, details: { reason: c.reason, ref: c.ref },
  }])
}

/** A record's current version and state (withdrawn ones included), or undefined. `lock` holds it until the transaction ends. */
export async function readStatefulRecord(db: Sql, ref: RecordRef, opts: { lock?: boolean } = {}): Promise<StatefulRecord | undefined> {
  const r = await repo.current(db, ref, opts.lock ?? false)
  return r ? recordOf(r) : undefined
}

/**
 * Every current record of a subject with its state, withdrawn ones included: the subject's own history and the
 * operator's view (objection and repair screens). Shared reads (profiles, reports, verifications) never see withdrawn
 * records: they read `records.profile_bundle`, which leaves them out.
 */
export async function listSubjectRecords(db: Sql, subjectKey: string, opts: { items?: readonly string[] } = {}): Promise<StatefulRecord[]> {
  return (await repo.ofSubject(db, subjectKey, opts.items ?? null)).map(recordOf)
}

/** Current, shared records of an item whose date field `field` is on or before `onOrBefore` (the repair sweeper's candidates), paged by key. */
export async function listRecordsStartedBy(db: Sql, q: { itemKey: string; field: string; onOrBefore: string; after?: { subjectKey: string; recordKey: string } | null; limit?: number }): Promise<StatefulRecord[]> {
  return (await repo.startedBy(db, { itemKey: q.itemKey, field: q.field, onOrBefore: q.onOrBefore, after: q.after ?? null, limit: q.limit ?? 500 })).map(recordOf)
}

/** The state history of a subject's records (or of one record). */
export async function recordStateHistory(db: Sql, subjectKey: string, record?: { itemKey: string; recordKey: string }): Promise<RecordStateEvent[]> {
  return (await repo.events(db, subjectKey, record)).map(eventOf)
}

/**
 * Changes a record's state inside the caller's transaction: the state row, its history event and the change feed
 * together. `objected` labels it 异议中; `withdrawn` takes it out of everything shared; `objection_closed` and
 * `restored` make it normal again.
 *
 * @example
 * await db.transaction((tx) => changeRecordState(tx, record, { kind: 'objected', reason: '企业提出异议', ref: objectionId, actor: 'qiye', at: new Date(), source: 'objection' }))
 */
export async function changeRecordState(tx: Sql, record: RecordRef & { version: number }, change: { kind: Exclude<RecordStateEventKind, 'corrected'>; reason: string; ref: string | null; actor: string; at: Date; source: StateChangeSource; provider?: string | null }): Promise<void> {
  const ref: RecordRef = { subjectKey: record.subjectKey, itemKey: record.itemKey, recordKey: record.recordKey }
  if (change.kind === 'objected' || change.kind === 'withdrawn') {
    await repo.setState(tx, ref, { state: change.kind, reason: change.reason, ref: change.ref, actor: change.actor, at: change.at })
  } else {
    await repo.clearState(tx, ref)
  }
  await repo.addEvent(tx, { id: randomUUID(), subject_key: ref.subjectKey, item_key: ref.itemKey, record_key: ref.recordKey, version: record.version, kind: change.kind, reason: change.reason, ref: change.ref, actor: change.actor, at: change.at })
  await recordChanged(tx, { ...ref, version: record.version, kind: change.kind, ref: change.ref, reason: change.reason, source: change.source, provider: change.provider ?? null })
}

/**
 * Writes a correction of a record as its next version (method `objection`, batch = the objection's id), inside the
 * caller's transaction; the earlier version is closed and kept, as for a provider's own correction. `values` replace
 * the fields they name. Returns the new version.
 */
export async function correctRecord(tx: Sql, record: StatefulRecord, c: { values: Record<string, unknown>; dataKey: Buffer; ref: string; actor: string; reason: string; at: Date; catalogVersion: number }): Promise<number> {
  const row = await repo.current(tx, record, true)
  if (!row || row.version !== record.version) throw new Error(`record ${record.itemKey}/${record.recordKey} changed while being corrected`)
  const data = { ...row.data, ...c.values }
  const version = await repo.insertCorrection(tx, row, { data, contentHash: hmacSm3(c.dataKey, canonicalJson(data)), ref: c.ref, at: c.at, catalogVersion: c.catalogVersion })
  await repo.addEvent(tx, { id: randomUUID(), subject_key: record.subjectKey, item_key: record.itemKey, record_key: record.recordKey, version, kind: 'corrected', reason: c.reason, ref: c.ref, actor: c.actor, at: c.at })
  await recordChanged(tx, { subjectKey: record.subjectKey, itemKey: record.itemKey, recordKey: record.recordKey, version, kind: 'corrected', ref: c.ref, reason: c.reason, source: 'objection', provider: row.provider })
  return version
}

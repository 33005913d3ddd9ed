import type { Sql } from '../core/index.js'
import { statements, variants } from '../core/index.js'

export interface StatefulRecordRow {
  subject_key: string
  item_key: string
  record_key: string
  version: number
  data: Record<string, unknown>
  provider: string
  method: string
  batch_id: string
  received_at: Date
  /** The provider of the first version: the unit that answers for the record. */
  owner: string
  state: 'objected' | 'withdrawn' | null
  state_reason: string | null
  state_since: Date | null
}

export interface StateEventRow {
  id: string
  subject_key: string
  item_key: string
  record_key: string
  version: number
  kind: string
  reason: string
  ref: string | null
  actor: string
  at: Date
}

const CURRENT = `select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.method, r.batch_id, r.received_at,
         (select o.provider from records.record o where o.subject_key = r.subject_key and o.item_key = r.item_key and o.record_key = r.record_key and o.version = 1) as owner,
         st.state, st.reason as state_reason, st.since as state_since
  from records.record r
  left join records.record_state st on st.subject_key = r.subject_key and st.item_key = r.item_key and st.record_key = r.record_key`

const SQL = statements('records.state', {
  current: variants((forUpdate: boolean) => `${CURRENT} where r.subject_key = $1 and r.item_key = $2 and r.record_key = $3 and r.superseded_at is null${forUpdate ? ' for update of r' : ''}`, [[false], [true]]),
  ofSubject: `${CURRENT} where r.subject_key = $1 and r.superseded_at is null and ($2::text[] is null or r.item_key = any($2))
         order by r.item_key, r.received_at desc, r.record_key`,
  startedBy: `${CURRENT} where r.item_key = $1 and r.superseded_at is null and st.state is distinct from 'withdrawn'
           and r.data->>$2 <= $3 and r.data->>$2 ~ '^\\d{4}-\\d{2}-\\d{2}'
           and ($4::text is null or (r.subject_key, r.record_key) > ($4::text, $5::text))
         order by r.subject_key, r.record_key limit $6`,
  setState: `insert into records.record_state (subject_key, item_key, record_key, state, reason, ref, since, changed_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (subject_key, item_key, record_key) do update
           set state = excluded.state, reason = excluded.reason, ref = excluded.ref, since = excluded.since, changed_by = excluded.changed_by`,
  clearState: 'delete from records.record_state where subject_key = $1 and item_key = $2 and record_key = $3',
  addEvent: `insert into records.record_state_event (subject_key, id, item_key, record_key, version, kind, reason, ref, actor, at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  events: `select id, subject_key, item_key, record_key, version, kind, reason, ref, actor, at from records.record_state_event
         where subject_key = $1 and ($2::text is null or (item_key = $2 and record_key = $3)) order by at, id`,
  supersede: `update records.record set superseded_at = $5, superseded_by = $6
         where subject_key = $1 and item_key = $2 and record_key = $3 and version = $4 and superseded_at is null`,
  insertCorrection: `insert into records.record (subject_key, item_key, record_key, version, content_hash, data, warnings, batch_id, provider, method, catalog_version, received_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, null, $7, $8, 'objection', $9, $10)`,
})

/** The SQL of record states: the state beside the versions, its events, and corrections as new versions. */
export function createRecordStateRepository() {
  return {
    async current(db: Sql, k: { subjectKey: string; itemKey: string; recordKey: string }, forUpdate = false): Promise<StatefulRecordRow | undefined> {
      const rows = await db.query<StatefulRecordRow>(
        SQL.current(forUpdate),
        [k.subjectKey, k.itemKey, k.recordKey],
      )
      return rows[0]
    },

    async ofSubject(db: Sql, subjectKey: string, items: readonly string[] | null): Promise<StatefulRecordRow[]> {
      return db.query<StatefulRecordRow>(
        SQL.ofSubject,
        [subjectKey, items],
      )
    },

    /** Current, not withdrawn records of an item whose `field` (an ISO date) is on or before `onOrBefore`, paged by key. */
    async startedBy(db: Sql, q: { itemKey: string; field: string; onOrBefore: string; after: { subjectKey: string; recordKey: string } | null; limit: number }): Promise<StatefulRecordRow[]> {
      return db.query<StatefulRecordRow>(
        SQL.startedBy,
        [q.itemKey, q.field, q.onOrBefore, q.after?.subjectKey ?? null, q.after?.recordKey ?? '', q.limit],
      )
    },

    async setState(tx: Sql, k: { subjectKey: string; itemKey: string; recordKey: string }, s: { state: 'objected' | 'withdrawn'; reason: string; ref: string | null; actor: string; at: Date }): Promise<void> {
      await tx.query(
        SQL.setState,
        [k.subjectKey, k.itemKey, k.recordKey, s.state, s.reason, s.ref, s.at, s.actor],
      )
    },

    async clearState(tx: Sql, k: { subjectKey: string; itemKey: string; recordKey: string }): Promise<void> {
      await tx.query(SQL.clearState, [k.subjectKey, k.itemKey, k.recordKey])
    },

    async addEvent(tx: Sql, e: StateEventRow): Promise<void> {
      await tx.query(
        SQL.addEvent,
        [e.subject_key, e.id, e.item_key, e.record_key, e.version, e.kind, e.reason, e.ref, e.actor, e.at],
      )
    },

    async events(db: Sql, subjectKey: string, k?: { itemKey: string; recordKey: string }): Promise<StateEventRow[]> {
      return db.query<StateEventRow>(
        SQL.events,
        [subjectKey, k?.itemKey ?? null, k?.recordKey ?? ''],
      )
    },

    /** A correction: the current version is closed and the corrected content becomes the next version. */
    async insertCorrection(tx: Sql, r: StatefulRecordRow, c: { data: Record<string, unknown>; contentHash: string; ref: string; at: Date; catalogVersion: number }): Promise<number> {
      await tx.query(
        SQL.supersede,
        [r.subject_key, r.item_key, r.record_key, r.version, c.at, c.ref],
      )
      const version = r.version + 1
      await tx.query(
        SQL.insertCorrection,
        [r.subject_key, r.item_key, r.record_key, version, c.contentHash, JSON.stringify(c.data), c.ref, r.provider, c.catalogVersion, c.at],
      )
      return version
    },
  }
}

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'
import type { RecordVersion } from './record-versions.repository.js'

/** Where a page of current records ends: the last record's identity; the next page starts after it. */
export interface RecordPosition {
  subjectKey: string
  itemKey: string
  recordKey: string
}

const SQL = statements('records.current-page', {
  // Primary-key order (subject, item, record), one current version per record; withdrawn records (objection removed,
  // repaired, publicity ended) are no longer shared and are left out, as the profile leaves them out.
  page: `select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.received_at
     from records.record r
     where r.superseded_at is null
       and (r.subject_key, r.item_key, r.record_key) > ($1::text, $2::text, $3::text)
       and not exists (select 1 from records.record_state s
                       where s.subject_key = r.subject_key and s.item_key = r.item_key and s.record_key = r.record_key and s.state = 'withdrawn')
     order by r.subject_key, r.item_key, r.record_key
     limit $4`,
})

/** The position before every record. */
export const RECORDS_START: RecordPosition = { subjectKey: '', itemKey: '', recordKey: '' }

/**
 * Every current, shared record version after `after`, in key order, at most `limit`: what a full copy of the records
 * (the platforms' snapshot) pages through. Identifiers in `data` stay sealed; the caller cuts what it may hand out.
 *
 * @example
 * let at = RECORDS_START
 * for (;;) { const page = await readCurrentRecordsPage(db, at, 500); if (!page.length) break; at = page[page.length - 1]! }
 */
export async function readCurrentRecordsPage(db: Sql, after: RecordPosition, limit: number): Promise<RecordVersion[]> {
  const rows = await db.query<{ subject_key: string; item_key: string; record_key: string; version: number; data: Record<string, unknown> | string; provider: string; received_at: Date | string }>(
    SQL.page, [after.subjectKey, after.itemKey, after.recordKey, limit])
  return rows.map((r) => ({
    subjectKey: r.subject_key, itemKey: r.item_key, recordKey: r.record_key, version: r.version,
    data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
    provider: r.provider,
    receivedAt: (r.received_at instanceof Date ? r.received_at : new Date(r.received_at)).toISOString(),
    superseded: false,
  }))
}

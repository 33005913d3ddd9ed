import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

/** One record version named by the change feed; `version: null` asks for the current one. */
export interface RecordVersionRef {
  subjectKey: string
  itemKey: string
  recordKey: string
  version: number | null
}

/** A stored record version, as shared onward: its values (identifiers still sealed) and provenance. */
export interface RecordVersion {
  subjectKey: string
  itemKey: string
  recordKey: string
  version: number
  data: Record<string, unknown>
  provider: string
  /** ISO 8601, UTC. */
  receivedAt: string
  /** Whether a later version replaced this one. */
  superseded: boolean
}

/** The map key of a reference: subject, item, record and version (or `current`). */
export const recordVersionKey = (r: RecordVersionRef): string => `${r.subjectKey}\u0000${r.itemKey}\u0000${r.recordKey}\u0000${r.version ?? 'current'}`

const SQL = statements('records.versions', {
  versions: `select w.i, r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.received_at, r.superseded_at is not null as superseded
     from unnest($1::text[], $2::text[], $3::text[], $4::int[]) with ordinality as w(subject_key, item_key, record_key, version, i)
     join lateral (
       select * from records.record r
       where r.subject_key = w.subject_key and r.item_key = w.item_key and r.record_key = w.record_key
         and (r.version = w.version or (w.version is null and r.superseded_at is null))
       order by r.version desc limit 1
     ) r on true`,
})

/**
 * Reads the record versions a page of the change feed names, in one statement: each reference probes the primary
 * key (subject first, the distribution key), so a page of a thousand changes is a thousand index probes, not a scan.
 * A reference without a version gets the current version, if the record still has one.
 *
 * @example
 * const found = await readRecordVersions(db, [{ subjectKey: '91640100MA76XQ0A8A', itemKey: 'tax_payment', recordKey: '', version: 2 }])
 * found.get(recordVersionKey(ref))?.data
 */
export async function readRecordVersions(db: Sql, refs: readonly RecordVersionRef[]): Promise<Map<string, RecordVersion>> {
  const out = new Map<string, RecordVersion>()
  // Guard against running a query with nothing to look for.
  if (refs.length === 0) return out
  const rows = await db.query<{ i: number; subject_key: string; item_key: string; record_key: string; version: number; data: Record<string, unknown> | string; provider: string; received_at: Date | string; superseded: boolean }>(
    SQL.versions,
    [refs.map((r) => r.subjectKey), refs.map((r) => r.itemKey), refs.map((r) => r.recordKey), refs.map((r) => r.version)],
  )
  for (const r of rows) {
    const ref = refs[Number(r.i) - 1]!
    out.set(recordVersionKey(ref), {
      subjectKey: r.subject_key, itemKey: r.item_key, recordKey: r.record_key, version: r.version,
      data: typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data,
      provider: r.provider,
      receivedAt: r.received_at instanceof Date ? r.received_at.toISOString() : new Date(r.received_at).toISOString(),
      superseded: r.superseded,
    })
  }
  return out
}

import type { Sql } from '../core/index.js'
import type { GrantRow } from '../access/index.js'
import { statements } from '../core/index.js'

export interface ProfileSubjectRow {
  subject_key: string
  uscc: string | null
  kind: 'organization' | 'person' | 'unidentified'
  name: string | null
  entity_type: string | null
  division_code: string | null
  names: string[]
}

export interface CurrentRecordRow {
  subject_key: string
  item_key: string
  record_key: string
  version: number
  data: Record<string, unknown>
  provider: string
  method: string
  batch_id: string
  catalog_version: number
  /** ISO 8601, UTC. */
  received_at: string
  /** How many earlier (superseded) versions of this record the hub keeps. */
  earlier: number
  /** 'objected' while under objection (异议中); withdrawn records are never returned (records.record_state). */
  state: 'objected' | null
}

const SQL = statements('records.profile', {
  bundle: 'select records.profile_bundle($1::text, $2::text[], $3::text) as bundle',
})

/**
 * The read behind a subject's profile, report and verifications: the subject with every name it has had, the
 * grants that apply, and the current version of each of its records. Every part filters on subject_key first, the
 * distribution key, so on Citus it stays on the subject's shard (plus one probe per former name).
 */
export function createProfileRepository() {
  return {
    /**
     * The subject, every name it has had, the grants between it and `institution` (when given), and the current
     * version of each of its records — filed under its code
     * or under 'N:' + one of its names (items that name a subject without a code) — optionally only some items,
     * each with the count of superseded versions kept. One round trip, one JSON value built by the server: this is
     * the hot path of profiles, reports and verifications, and parsing one JSON text costs the API far less than
     * parsing rows field by field. The statement lives in
     * the server function `records.profile_bundle` (migration 0009), which keeps its plan per connection.
     */
    async bundle(db: Sql, subjectKey: string, opts: { items?: readonly string[] | undefined; institution?: string | undefined } = {}): Promise<{ subject: ProfileSubjectRow; records: CurrentRecordRow[]; grants: GrantRow[] | null } | undefined> {
      // records.profile_bundle (migration 0009) holds the statement, so that the server plans it once per connection.
      const rows = await db.query<{ bundle: { subject: ProfileSubjectRow | null; records: CurrentRecordRow[]; grants: GrantRow[] | null } }>(
        SQL.bundle,
        [subjectKey, opts.items ?? null, opts.institution ?? null],
      )
      const b = rows[0]!.bundle
      return b.subject ? { subject: b.subject, records: b.records, grants: b.grants } : undefined
    },
  }
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>

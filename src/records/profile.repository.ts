import type { Sql } from '../core/db/database.js'
import { grantsBetweenJson, type GrantRow } from '../access/grant.repository.js'

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
}

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
     * parsing rows field by field.
     */
    async bundle(db: Sql, subjectKey: string, opts: { items?: readonly string[] | undefined; institution?: string | undefined } = {}): Promise<{ subject: ProfileSubjectRow; records: CurrentRecordRow[]; grants: GrantRow[] | null } | undefined> {
      const rows = await db.query<{ bundle: { subject: ProfileSubjectRow | null; records: CurrentRecordRow[]; grants: GrantRow[] | null } }>(
        `with subject as (
           select s.subject_key, s.uscc, s.kind, s.name, s.entity_type, s.division_code,
                  coalesce(array(select n.name from registry.subject_name n where n.subject_key = s.subject_key order by n.first_seen_at), '{}') as names
           from registry.subject s where s.subject_key = $1
         ),
         current as (
           -- Versions of a record are numbered 1, 2, 3 … and never removed, so the current one's number less one is
           -- how many earlier versions the hub keeps: no need to read them.
           select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.method, r.batch_id, r.catalog_version,
                  to_char(r.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as received_at, r.version - 1 as earlier
           from records.record r
           where r.subject_key = any(array[$1::text] || array(select 'N:' || n from subject, unnest(subject.names) as n))
             and ($2::text[] is null or r.item_key = any($2::text[]))
             and r.superseded_at is null
         )
         select json_build_object(
           'subject', (select row_to_json(subject) from subject),
           'records', coalesce((select json_agg(c order by c.item_key, c.received_at desc, c.record_key) from current c), '[]'::json),
           'grants', case when $3::text is null then null else ${grantsBetweenJson('$1', '$3')} end
         ) as bundle`,
        [subjectKey, opts.items ?? null, opts.institution ?? null],
      )
      const b = rows[0]!.bundle
      return b.subject ? { subject: b.subject, records: b.records, grants: b.grants } : undefined
    },
  }
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>

import type { Sql } from '../core/db/database.js'

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
  received_at: Date
  /** How many earlier (superseded) versions of this record the hub keeps. */
  earlier: number
}

/**
 * The reads behind a subject's profile, report and verifications: the subject with every name it has had, and the
 * current version of each of its records. Both filter on subject_key first, the distribution key, so on Citus each
 * is a single-shard query for one key.
 */
export function createProfileRepository() {
  return {
    async subject(db: Sql, subjectKey: string): Promise<ProfileSubjectRow | undefined> {
      const rows = await db.query<ProfileSubjectRow>(
        `select s.subject_key, s.uscc, s.kind, s.name, s.entity_type, s.division_code,
                array(select n.name from registry.subject_name n where n.subject_key = s.subject_key order by n.first_seen_at) as names
         from registry.subject s where s.subject_key = $1`,
        [subjectKey],
      )
      return rows[0]
    },

    /**
     * Current versions of the records filed under any of `subjectKeys` (the subject's code, and 'N:' + each of its
     * names for items that name a subject without a code), optionally only some items, with the count of
     * superseded versions kept for each.
     */
    async currentRecords(db: Sql, subjectKeys: readonly string[], itemKeys?: readonly string[]): Promise<CurrentRecordRow[]> {
      return db.query<CurrentRecordRow>(
        `select subject_key, item_key, record_key, version, data, provider, method, batch_id, catalog_version, received_at, earlier::int as earlier
         from (
           select r.subject_key, r.item_key, r.record_key, r.version, r.data, r.provider, r.method, r.batch_id, r.catalog_version,
                  r.received_at, r.superseded_at,
                  count(*) over (partition by r.subject_key, r.item_key, r.record_key) - 1 as earlier
           from records.record r
           where r.subject_key = any($1::text[]) and ($2::text[] is null or r.item_key = any($2::text[]))
         ) t
         where superseded_at is null
         order by item_key, received_at desc, record_key`,
        [subjectKeys, itemKeys ?? null],
      )
    },
  }
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>

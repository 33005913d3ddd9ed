import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface SubjectRow {
  subject_key: string
  uscc: string | null
  kind: 'organization' | 'person' | 'unidentified'
  name: string | null
  entity_type: string | null
  division_code: string | null
  first_seen_at: Date
  updated_at: Date
}

/** A name a non-registration record gave a subject, unlike any its registration gave it. */
export interface NameMismatch {
  subjectKey: string
  itemKey: string
  provider: string
  name: string
  /** The subject's registered name when the mismatch was last seen. */
  registeredName: string | null
  /** How many deliveries carried it. */
  times: number
  firstSeenAt: Date
  lastSeenAt: Date
}

const SEARCH_WHERE = `where ($1::text is null or subject_key like $1 || '%' or name like '%' || $1 || '%') and ($2::text is null or division_code like $2 || '%')
        and (not $3::boolean or kind = 'organization')`
const MISMATCH_WHERE = `where ($1::text is null or provider = $1) and ($2::text is null or item_key = $2)`

const SQL = statements('registry.subject', {
  get: 'select * from registry.subject where subject_key = $1',
  names: 'select name, first_seen_at from registry.subject_name where subject_key = $1 order by first_seen_at',
  searchCount: `select count(*)::int as n from registry.subject ${SEARCH_WHERE}`,
  search: `select * from registry.subject ${SEARCH_WHERE} order by subject_key limit $4 offset $5`,
  mismatchCount: `select count(*)::int as n from registry.name_mismatch ${MISMATCH_WHERE}`,
  mismatches: `select subject_key as "subjectKey", item_key as "itemKey", provider, name, registered_name as "registeredName", times,
                first_seen_at as "firstSeenAt", last_seen_at as "lastSeenAt"
         from registry.name_mismatch ${MISMATCH_WHERE} order by last_seen_at desc, subject_key, name limit $3 offset $4`,
  mismatchCounts: `select provider, item_key as "itemKey", count(*)::int as n from registry.name_mismatch
         ${MISMATCH_WHERE} group by provider, item_key`,
  allowlist: 'select * from registry.uscc_allowlist order by added_at desc',
  allowlistCodes: 'select uscc from registry.uscc_allowlist',
  allow: `insert into registry.uscc_allowlist (uscc, reason, added_by) values ($1, $2, $3)
         on conflict (uscc) do update set reason = excluded.reason, added_by = excluded.added_by, added_at = now()`,
  disallow: 'delete from registry.uscc_allowlist where uscc = $1',
})

/**
 * Subjects are created on first sight of a valid code. An organisation's names come only from its registration
 * (营业执照信息 and the name changes of 变更信息, both 市场监管's): the name another item's record gives it is
 * compared with those, and a name they never gave is kept as a name mismatch for data quality, not as a 曾用名.
 * Otherwise any provider could write a name (markup, bidi controls, a rival's name) into profiles and reports.
 * Natural persons and subjects known only by name have no registration here: the first record names them.
 */
export function createSubjectRepository() {
  return {
    /** Makes the staging table of names a chunk mentions besides its subjects' own; it empties at commit. */
    async createNameStage(tx: Sql): Promise<string> {
      await tx.exec('create temp table if not exists subject_name_stage (subject_key text not null, name text not null) on commit delete rows')
      return 'pg_temp.subject_name_stage'
    },

    /**
     * Creates or renames the subjects of a chunk's staged records (the record stage carries each record's subject
     * columns; the last record of a subject wins) and keeps every name the registration gave them. Names from other
     * items that differ from every registered name are counted in registry.name_mismatch.
     */
    async mergeStage(tx: Sql, opts: { batchId: string; authoritativeName: boolean; itemKey: string; provider: string }): Promise<void> {
      if (!opts.authoritativeName) {
        await tx.query(
          `insert into registry.name_mismatch as m (subject_key, item_key, provider, name, registered_name, first_batch_id, last_batch_id)
           select distinct on (s.subject_key, s.name) s.subject_key, $2, $3, s.name, t.name, $1::uuid, $1::uuid
           from pg_temp.record_stage s join registry.subject t on t.subject_key = s.subject_key
           where s.name is not null and t.kind = 'organization' and t.name is not null and s.name <> t.name
             and not exists (select 1 from registry.subject_name n where n.subject_key = s.subject_key and n.name = s.name)
             and not exists (select 1 from pg_temp.subject_name_stage c where c.subject_key = s.subject_key and c.name = s.name)
           on conflict (subject_key, item_key, provider, name) do update
             set times = m.times + 1, registered_name = excluded.registered_name, last_batch_id = excluded.last_batch_id, last_seen_at = now()`,
          [opts.batchId, opts.itemKey, opts.provider],
        )
      }
      await tx.query(
        `insert into registry.subject as t (subject_key, uscc, kind, name, entity_type, division_code, first_batch_id)
         select distinct on (subject_key) subject_key, uscc, kind, case when $2::boolean or kind <> 'organization' then name end,
                entity_type, division_code, $1::uuid
         from pg_temp.record_stage order by subject_key, seq desc
         on conflict (subject_key) do update
           set name = case when $2::boolean or t.name is null then coalesce(excluded.name, t.name) else t.name end,
               updated_at = now()
           where ($2::boolean and excluded.name is distinct from t.name) or (t.name is null and excluded.name is not null)`,
        [opts.batchId, opts.authoritativeName],
      )
      await tx.query(
        `insert into registry.subject_name (subject_key, name, batch_id)
         select subject_key, name, $1::uuid from pg_temp.record_stage where name is not null and ($2::boolean or kind <> 'organization')
         union
         select subject_key, name, $1::uuid from pg_temp.subject_name_stage
         on conflict do nothing`,
        [opts.batchId, opts.authoritativeName],
      )
    },

    /** The registered names of these subjects (null when none is held); keys not on file are left out. */
    async namesOf(db: Sql, keys: readonly string[]): Promise<Map<string, string | null>> {
      // Guard against a query for nothing: a page of grants may be empty.
      if (keys.length === 0) return new Map()
      const rows = await db.query<{ subject_key: string; name: string | null }>('select subject_key, name from registry.subject where subject_key = any($1::text[])', [[...new Set(keys)]])
      return new Map(rows.map((r) => [r.subject_key, r.name]))
    },

    async allowlist(db: Sql): Promise<Set<string>> {
      const rows = await db.query<{ uscc: string }>(SQL.allowlistCodes)
      return new Set(rows.map((r) => r.uscc))
    },

    async get(sql: Sql, subjectKey: string): Promise<SubjectRow | undefined> {
      return (await sql.query<SubjectRow>(SQL.get, [subjectKey]))[0]
    },

    /** Every name the registration gave a subject, oldest first. */
    async names(sql: Sql, subjectKey: string): Promise<Array<{ name: string; first_seen_at: Date }>> {
      return sql.query<{ name: string; first_seen_at: Date }>(SQL.names, [subjectKey])
    },

    /** Subjects whose code starts with, or name contains, `text` (LIKE wildcards already escaped), a page of them. */
    async search(sql: Sql, q: { text: string | null; divisionPrefix: string | null; organizationsOnly: boolean; limit: number; offset: number }): Promise<{ total: number; rows: SubjectRow[] }> {
      const params = [q.text, q.divisionPrefix, q.organizationsOnly]
      const [c] = await sql.query<{ n: number }>(SQL.searchCount, params)
      const rows = await sql.query<SubjectRow>(SQL.search, [...params, q.limit, q.offset])
      return { total: c!.n, rows }
    },

    async nameMismatches(sql: Sql, f: { provider: string | null; itemKey: string | null; limit: number; offset: number }): Promise<{ total: number; rows: NameMismatch[] }> {
      const params = [f.provider, f.itemKey]
      const [c] = await sql.query<{ n: number }>(SQL.mismatchCount, params)
      const rows = await sql.query<NameMismatch>(SQL.mismatches, [...params, f.limit, f.offset])
      return { total: c!.n, rows }
    },

    async nameMismatchCounts(sql: Sql, f: { provider: string | null; itemKey: string | null }): Promise<Array<{ provider: string; itemKey: string; n: number }>> {
      return sql.query(SQL.mismatchCounts, [f.provider, f.itemKey])
    },

    async allowlistRows(sql: Sql) {
      return sql.query<{ uscc: string; reason: string; added_by: string; added_at: Date }>(SQL.allowlist)
    },

    async allow(sql: Sql, uscc: string, reason: string, by: string): Promise<void> {
      await sql.query(SQL.allow, [uscc, reason, by])
    },

    async disallow(sql: Sql, uscc: string): Promise<void> {
      await sql.query(SQL.disallow, [uscc])
    },
  }
}

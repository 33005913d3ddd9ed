import type { Sql } from '../core/index.js'

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
      const rows = await db.query<{ uscc: string }>('select uscc from registry.uscc_allowlist')
      return new Set(rows.map((r) => r.uscc))
    },
  }
}

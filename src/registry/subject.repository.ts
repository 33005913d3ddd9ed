import type { Sql } from '../core/db/database.js'

/**
 * Subjects are created on first sight of a valid code. Their current name comes from the business licence (the
 * authoritative item), or from the first record that named them; every name ever seen is kept in subject_name.
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
     * columns; the last record of a subject wins) and keeps every name they were given.
     */
    async mergeStage(tx: Sql, opts: { batchId: string; authoritativeName: boolean }): Promise<void> {
      await tx.query(
        `insert into registry.subject as t (subject_key, uscc, kind, name, entity_type, division_code, first_batch_id)
         select distinct on (subject_key) subject_key, uscc, kind, name, entity_type, division_code, $1::uuid
         from pg_temp.record_stage order by subject_key, seq desc
         on conflict (subject_key) do update
           set name = case when $2::boolean or t.name is null then coalesce(excluded.name, t.name) else t.name end,
               updated_at = now()
           where ($2::boolean and excluded.name is distinct from t.name) or (t.name is null and excluded.name is not null)`,
        [opts.batchId, opts.authoritativeName],
      )
      await tx.query(
        `insert into registry.subject_name (subject_key, name, batch_id)
         select subject_key, name, $1::uuid from pg_temp.record_stage where name is not null
         union
         select subject_key, name, $1::uuid from pg_temp.subject_name_stage
         on conflict do nothing`,
        [opts.batchId],
      )
    },

    async allowlist(db: Sql): Promise<Set<string>> {
      const rows = await db.query<{ uscc: string }>('select uscc from registry.uscc_allowlist')
      return new Set(rows.map((r) => r.uscc))
    },
  }
}

import type { Sql } from '../core/db/database.js'

export const SUBJECT_STAGE_COLUMNS = ['subject_key', 'uscc', 'kind', 'name', 'entity_type', 'division_code'] as const
export const NAME_STAGE_COLUMNS = ['subject_key', 'name'] as const

/**
 * Subjects are created on first sight of a valid code. Their current name comes from the business licence (the
 * authoritative item), or from the first record that named them; every name ever seen is kept in subject_name.
 */
export function createSubjectRepository() {
  return {
    async createStage(tx: Sql): Promise<{ subjects: string; names: string }> {
      await tx.exec(`create temp table if not exists subject_stage (
          subject_key text not null, uscc text, kind text not null, name text, entity_type text, division_code text)
          on commit delete rows;
        create temp table if not exists subject_name_stage (subject_key text not null, name text not null)
          on commit delete rows`)
      return { subjects: 'pg_temp.subject_stage', names: 'pg_temp.subject_name_stage' }
    },

    async mergeStage(tx: Sql, opts: { batchId: string; authoritativeName: boolean }): Promise<void> {
      await tx.query(
        `insert into registry.subject as t (subject_key, uscc, kind, name, entity_type, division_code, first_batch_id)
         select distinct on (subject_key) subject_key, uscc, kind, name, entity_type, division_code, $1::uuid
         from pg_temp.subject_stage order by subject_key
         on conflict (subject_key) do update
           set name = case when $2::boolean or t.name is null then coalesce(excluded.name, t.name) else t.name end,
               updated_at = now()
           where ($2::boolean and excluded.name is distinct from t.name) or (t.name is null and excluded.name is not null)`,
        [opts.batchId, opts.authoritativeName],
      )
      await tx.query(
        `insert into registry.subject_name (subject_key, name, batch_id)
         select distinct subject_key, name, $1::uuid from pg_temp.subject_name_stage
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

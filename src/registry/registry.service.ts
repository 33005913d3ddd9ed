import { type Database, type Sql, hmacSm3 } from '../core/index.js'
import { validateUscc } from './uscc.js'
import { validateIdNumber } from './id-number.js'
import { lookupDivision } from './divisions.js'
import { normalizeCodeInput } from './normalize.js'
import { RegistryErrors } from './registry.errors.js'
import { createSubjectRepository } from './subject.repository.js'

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

/**
 * Credit subjects: looked up by USCC, ID number (never stored in clear: its keyed hash) or name; the operator's
 * allowlist of real codes that fail the GB 32100 check.
 */
export function createRegistryService(deps: { db: Database; dataKey: Buffer }) {
  const { db } = deps
  return {
    /** The subject key a code or ID number is filed under. */
    subjectKeyOf(code: string): string {
      const c = normalizeCodeInput(code)
      return /^\d{17}[\dX]$/.test(c) && validateIdNumber(c).ok ? 'P:' + hmacSm3(deps.dataKey, c).slice(0, 40) : c
    },

    /**
     * The registered names of subjects by key, for other contexts that show who a row is about (grants, notices);
     * pass a transaction to read inside it.
     */
    namesOf(keys: readonly string[], sql: Sql = db): Promise<Map<string, string | null>> {
      return createSubjectRepository().namesOf(sql, keys)
    },

    /** A subject with its names; pass a transaction to read inside a flow's (embedded PGlite has one connection). */
    async get(code: string, sql: Sql = db) {
      const key = this.subjectKeyOf(code)
      const rows = await sql.query<SubjectRow>('select * from registry.subject where subject_key = $1', [key])
      const s = rows[0]
      if (!s) throw RegistryErrors.SUBJECT_NOT_FOUND(code)
      const names = await sql.query<{ name: string; first_seen_at: Date }>('select name, first_seen_at from registry.subject_name where subject_key = $1 order by first_seen_at', [key])
      const checked = s.uscc ? validateUscc(s.uscc) : undefined
      return {
        ...s,
        entityTypeName: checked?.ok ? `${checked.authority.nameZh}·${checked.entityType.nameZh}` : null,
        division: s.division_code ? lookupDivision(s.division_code) ?? null : null,
        names,
      }
    },

    /** Subjects by name or code prefix, paged on the server. */
    async search(q: { text?: string; divisionPrefix?: string; organizationsOnly?: boolean; limit: number; offset: number }): Promise<{ total: number; rows: SubjectRow[] }> {
      // LIKE's own wildcards in what a person typed are literal characters (a name may contain % or _).
      const text = q.text?.trim().replace(/[\\%_]/g, '\\$&') || null
      const where = `where ($1::text is null or subject_key like $1 || '%' or name like '%' || $1 || '%') and ($2::text is null or division_code like $2 || '%')
        and (not $3::boolean or kind = 'organization')`
      const params = [text, q.divisionPrefix ?? null, Boolean(q.organizationsOnly)]
      const [c] = await db.query<{ n: number }>(`select count(*)::int as n from registry.subject ${where}`, params)
      const rows = await db.query<SubjectRow>(`select * from registry.subject ${where} order by subject_key limit $4 offset $5`, [...params, q.limit, q.offset])
      return { total: c!.n, rows }
    },

    /**
     * Names that records of other items gave a subject and its registration never did, newest first: for the
     * provider to check, never shown as the subject's name.
     */
    async nameMismatches(f: { provider?: string | undefined; itemKey?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: NameMismatch[] }> {
      const where = `where ($1::text is null or provider = $1) and ($2::text is null or item_key = $2)`
      const params = [f.provider ?? null, f.itemKey ?? null]
      const [c] = await db.query<{ n: number }>(`select count(*)::int as n from registry.name_mismatch ${where}`, params)
      const rows = await db.query<NameMismatch>(
        `select subject_key as "subjectKey", item_key as "itemKey", provider, name, registered_name as "registeredName", times,
                first_seen_at as "firstSeenAt", last_seen_at as "lastSeenAt"
         from registry.name_mismatch ${where} order by last_seen_at desc, subject_key, name limit $3 offset $4`,
        [...params, f.limit, f.offset],
      )
      return { total: c!.n, rows }
    },

    /** How many distinct mismatching names each provider and item gave (for the data quality table). */
    async nameMismatchCounts(f: { provider?: string | undefined; itemKey?: string | undefined } = {}): Promise<Array<{ provider: string; itemKey: string; n: number }>> {
      return db.query(
        `select provider, item_key as "itemKey", count(*)::int as n from registry.name_mismatch
         where ($1::text is null or provider = $1) and ($2::text is null or item_key = $2) group by provider, item_key`,
        [f.provider ?? null, f.itemKey ?? null],
      )
    },

    async allowlist() {
      return db.query<{ uscc: string; reason: string; added_by: string; added_at: Date }>('select * from registry.uscc_allowlist order by added_at desc')
    },

    /** Admits a real code that fails the check. A code that passes is refused: the list is for exceptions only. */
    async allow(code: string, reason: string, by: string): Promise<{ uscc: string; failure: string }> {
      const uscc = normalizeCodeInput(code)
      if (!reason.trim()) throw RegistryErrors.ALLOWLIST_REASON()
      const r = validateUscc(uscc)
      if (r.ok) throw RegistryErrors.ALLOWLIST_VALID_CODE(uscc)
      if (r.error.code === 'USCC_LENGTH' || r.error.code === 'USCC_CHARSET' || r.error.code === 'USCC_EMPTY') throw RegistryErrors.USCC_INVALID(r.error.zh)
      await db.query(
        `insert into registry.uscc_allowlist (uscc, reason, added_by) values ($1, $2, $3)
         on conflict (uscc) do update set reason = excluded.reason, added_by = excluded.added_by, added_at = now()`,
        [uscc, reason.trim(), by],
      )
      return { uscc, failure: r.error.code }
    },

    async disallow(code: string): Promise<void> {
      await db.query('delete from registry.uscc_allowlist where uscc = $1', [normalizeCodeInput(code)])
    },
  }
}

export type RegistryService = ReturnType<typeof createRegistryService>

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

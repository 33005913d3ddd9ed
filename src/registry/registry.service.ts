import { type Database, type Sql, hmacSm3 } from '../core/index.js'
import { validateUscc } from './uscc.js'
import { validateIdNumber } from './id-number.js'
import { lookupDivision } from './divisions.js'
import { normalizeCodeInput } from './normalize.js'
import { RegistryErrors } from './registry.errors.js'
import { createSubjectRepository, type NameMismatch, type SubjectRow } from './subject.repository.js'

export type { NameMismatch, SubjectRow }

/**
 * Credit subjects: looked up by USCC, ID number (never stored in clear: its keyed hash) or name; the operator's
 * allowlist of real codes that fail the GB 32100 check.
 */
export function createRegistryService(deps: { db: Database; dataKey: Buffer }) {
  const { db } = deps
  const repo = createSubjectRepository()
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
      const s = await repo.get(sql, key)
      if (!s) throw RegistryErrors.SUBJECT_NOT_FOUND(code)
      const names = await repo.names(sql, key)
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
      return repo.search(db, { text, divisionPrefix: q.divisionPrefix ?? null, organizationsOnly: Boolean(q.organizationsOnly), limit: q.limit, offset: q.offset })
    },

    /**
     * Names that records of other items gave a subject and its registration never did, newest first: for the
     * provider to check, never shown as the subject's name.
     */
    async nameMismatches(f: { provider?: string | undefined; itemKey?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: NameMismatch[] }> {
      return repo.nameMismatches(db, { provider: f.provider ?? null, itemKey: f.itemKey ?? null, limit: f.limit, offset: f.offset })
    },

    /** How many distinct mismatching names each provider and item gave (for the data quality table). */
    async nameMismatchCounts(f: { provider?: string | undefined; itemKey?: string | undefined } = {}): Promise<Array<{ provider: string; itemKey: string; n: number }>> {
      return repo.nameMismatchCounts(db, { provider: f.provider ?? null, itemKey: f.itemKey ?? null })
    },

    async allowlist() {
      return repo.allowlistRows(db)
    },

    /** Admits a real code that fails the check. A code that passes is refused: the list is for exceptions only. */
    async allow(code: string, reason: string, by: string): Promise<{ uscc: string; failure: string }> {
      const uscc = normalizeCodeInput(code)
      if (!reason.trim()) throw RegistryErrors.ALLOWLIST_REASON()
      const r = validateUscc(uscc)
      if (r.ok) throw RegistryErrors.ALLOWLIST_VALID_CODE(uscc)
      if (r.error.code === 'USCC_LENGTH' || r.error.code === 'USCC_CHARSET' || r.error.code === 'USCC_EMPTY') throw RegistryErrors.USCC_INVALID(r.error.zh)
      await repo.allow(db, uscc, reason.trim(), by)
      return { uscc, failure: r.error.code }
    },

    async disallow(code: string): Promise<void> {
      await repo.disallow(db, normalizeCodeInput(code))
    },
  }
}

export type RegistryService = ReturnType<typeof createRegistryService>

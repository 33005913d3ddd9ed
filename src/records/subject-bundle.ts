import type { Sql } from '../core/index.js'
import { createProfileRepository } from './profile.repository.js'

const repo = createProfileRepository()

/**
 * The subject, its names, the grants between it and `institution` (when given) and its current records (optionally
 * some items only), in one read: what verifications evaluate their questions over. Records owns the tables; other
 * contexts read them through this function, never through the repository.
 *
 * @example
 * const b = await readSubjectBundle(db, subjectKey, { items: ['tax_payment'], institution: bank })
 * b?.records // current versions only
 */
export function readSubjectBundle(sql: Sql, subjectKey: string, opts: { items?: readonly string[] | undefined; institution?: string | undefined } = {}) {
  return repo.bundle(sql, subjectKey, opts)
}

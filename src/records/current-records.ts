import type { Sql } from '../core/index.js'
import { isSealed } from '../core/index.js'
import { createProfileRepository } from './profile.repository.js'

/** A subject's current record of one item, as derived values (indicators, tags, scorecards) read it. */
export interface CurrentRecord { itemKey: string; values: Record<string, unknown>; receivedAt: string }

/**
 * The current records of a subject (optionally some items only), for computing derived values inside the hub:
 * sealed personal identifiers are left out (nothing derived needs them), and the caller is not told what it reads,
 * so whoever returns what it derives decides what may leave (a score, a tag, a band — never a field). Reads by
 * subject key, on its shard. Undefined when the subject is unknown.
 *
 * @example
 * const r = await currentRecordsOf(db, '91640100MA76XQ0A8A', ['tax_payment'])
 * r?.records[0]?.values.vat_paid_last_12_months
 */
export async function currentRecordsOf(db: Sql, subjectKey: string, items?: readonly string[]): Promise<{ subject: { subjectKey: string; uscc: string | null; name: string | null; divisionCode: string | null }; records: CurrentRecord[] } | undefined> {
  const bundle = await createProfileRepository().bundle(db, subjectKey, { items })
  if (!bundle) return undefined
  const s = bundle.subject
  return {
    subject: { subjectKey: s.subject_key, uscc: s.uscc, name: s.name, divisionCode: s.division_code },
    records: bundle.records.map((r) => {
      const values: Record<string, unknown> = {}
      for (const k in r.data) if (!isSealed(r.data[k])) values[k] = r.data[k]
      return { itemKey: r.item_key, values, receivedAt: r.received_at }
    }),
  }
}

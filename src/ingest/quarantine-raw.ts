import { normalizeHeader, type ResolvedItem } from '../catalog/catalog-index.js'

/** Longest text kept of one cell of a quarantined row: the longest field the catalog allows (长文本 20000 字). */
export const MAX_RAW_CELL_CHARS = 20_000

/** Key under which a quarantined row counts the columns it carried that the item does not have. */
export const DROPPED_COLUMNS_KEY = '_ignored_columns'

/** Keys the readers add themselves: the raw line of an unreadable row, a non-object value, where a pull stood. */
const READER_KEYS = new Set(['_line', '_value', '_page', '_index'])

/** Control characters XML (and so XLSX) cannot hold; U+0000 is also refused by PostgreSQL text and jsonb. */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

/** A text as it can be stored and exported: unstorable characters replaced by U+FFFD, cut to `max` characters. */
export function storableText(s: string, max = MAX_RAW_CELL_CHARS): string {
  const clean = s.replace(UNSTORABLE, '\ufffd')
  return clean.length > max ? clean.slice(0, max) + '…' : clean
}

function storableValue(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v)
  if (v === null || typeof v !== 'object' || v instanceof Date) return v
  // Nested values of a JSON record: kept as a capped text, never as a structure of unbounded size.
  return storableText(JSON.stringify(v) ?? '')
}

/**
 * What a quarantined record keeps of what was sent: the columns (or keys) that are fields of the item, each value
 * capped and made storable; columns the item does not have are dropped and only counted. A row that arrived with
 * 100,000 junk columns is stored, shown and exported as the handful of columns that mean something.
 */
export function quarantineRaw(resolved: ResolvedItem, sent: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let dropped = 0
  for (const [k, v] of Object.entries(sent)) {
    if (k === DROPPED_COLUMNS_KEY && typeof v === 'number') {
      dropped += v
      continue
    }
    if (!READER_KEYS.has(k) && !resolved.fieldsByHeader.has(normalizeHeader(k))) {
      dropped++
      continue
    }
    out[storableText(k, 200)] = storableValue(v)
  }
  if (dropped > 0) out[DROPPED_COLUMNS_KEY] = dropped
  return out
}

/** The field of the first value holding U+0000, which no text column can store. */
export function fieldWithNul(values: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v.includes('\0')) return k
  return undefined
}

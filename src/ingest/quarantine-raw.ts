import { normalizeHeader, type ResolvedItem } from '../catalog/index.js'

/** Longest text kept of one cell of a quarantined row: the longest field the catalog allows (长文本 20000 字). */
export const MAX_RAW_CELL_CHARS = 20_000

/** Key under which a quarantined row counts the columns it carried that the item does not have. */
export const DROPPED_COLUMNS_KEY = '_ignored_columns'

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

/** Most keys a quarantined record keeps; beyond that they are only counted. */
export const MAX_RAW_KEYS = 300

/**
 * What a record's raw form keeps of an object sent by a provider (a JSON line, an API record): the keys that are
 * fields of the item (by key or Chinese name); the others are dropped and only counted, so a record that arrived
 * with 100,000 junk keys is stored, shown and exported as the handful of columns that mean something.
 */
export function knownRaw(resolved: ResolvedItem, obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let dropped = 0
  for (const [k, v] of Object.entries(obj)) {
    if (resolved.fieldsByHeader.has(normalizeHeader(k))) out[k] = v
    else dropped++
  }
  if (dropped > 0) out[DROPPED_COLUMNS_KEY] = dropped
  return out
}

/**
 * A rejected record as the quarantine stores it, whatever its source: each value made storable (no U+0000, which
 * jsonb refuses) and capped, at most {@link MAX_RAW_KEYS} keys (the rest counted with the dropped columns).
 */
export function quarantineRaw(sent: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let kept = 0
  let dropped = 0
  for (const [k, v] of Object.entries(sent)) {
    if (k === DROPPED_COLUMNS_KEY && typeof v === 'number') dropped += v
    else if (kept >= MAX_RAW_KEYS) dropped++
    else {
      out[storableText(k, 200)] = storableValue(v)
      kept++
    }
  }
  if (dropped > 0) out[DROPPED_COLUMNS_KEY] = dropped
  return out
}

/** The field of the first value holding U+0000, which no text column can store. */
export function fieldWithNul(values: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && v.includes('\0')) return k
  return undefined
}

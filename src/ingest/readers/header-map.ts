import { type CatalogField, normalizeHeader, type ResolvedItem } from '../../catalog/index.js'
import { IngestErrors } from '../ingest.errors.js'
import { DROPPED_COLUMNS_KEY } from '../quarantine-raw.js'

export interface HeaderMap {
  /** The catalog field of each source column, or undefined for a column the item does not have. */
  fields: Array<CatalogField | undefined>
  headers: string[]
  unknown: string[]
}

/**
 * Matches a source's column headers to the item's fields, by field key or printed Chinese name. Unknown columns
 * are reported (not silently dropped); a source with no matching column at all cannot be read.
 */
export function mapHeaders(resolved: ResolvedItem, headers: string[], sourceName: string): HeaderMap {
  const fields = headers.map((h) => resolved.fieldsByHeader.get(normalizeHeader(String(h ?? ''))))
  const unknown = headers.filter((h, i) => !fields[i] && String(h ?? '').trim() !== '')
  if (!fields.some(Boolean)) {
    throw IngestErrors.NO_KNOWN_COLUMNS(sourceName, resolved.item.key, headers.slice(0, 8).join(', '))
  }
  return { fields, headers, unknown }
}

/** Turns one row of cells into the values (by field key) and the raw row (by header) a RawRecord carries. */
export function rowToValues(map: HeaderMap, cells: readonly unknown[]): { values: Record<string, unknown>; raw: Record<string, unknown> } {
  const values: Record<string, unknown> = {}
  const raw: Record<string, unknown> = {}
  const n = Math.max(cells.length, map.headers.length)
  let ignored = 0
  for (let i = 0; i < n; i++) {
    const cell = cells[i]
    const field = map.fields[i]
    if (field) values[field.key] = cell
    if (cell === undefined || cell === null || cell === '') continue
    // The quarantine keeps the columns that mean something; filled columns the item does not have are counted.
    if (field) raw[map.headers[i]!] = cell
    else ignored++
  }
  if (ignored > 0) raw[DROPPED_COLUMNS_KEY] = ignored
  return { values, raw }
}

/** Up to `max` names, then how many more. */
export function namesUpTo(names: Iterable<string>, max: number): string {
  const all = [...names]
  return all.length > max ? `${all.slice(0, max).join(', ')} … (+${all.length - max})` : all.join(', ')
}

export function unknownColumnsWarning(unknown: string[]): string[] {
  return unknown.length ? [`忽略了共享清单中没有的列 / ignored columns not in the sharing list: ${namesUpTo(unknown, 20)}`] : []
}

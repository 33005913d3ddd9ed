import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { type ResolvedItem, normalizeHeader } from '../../catalog/index.js'
import type { RawRecord } from '../ingest.types.js'
import { unknownColumnsWarning } from './header-map.js'
import { knownRaw } from '../quarantine-raw.js'
import { decodingStream, type TextEncodingName } from './text-decoding.js'
import type { SourceReader } from './source-reader.js'

/**
 * Streams a JSON Lines file: one JSON object per line, keyed by field key or Chinese field name. A line that is
 * not a JSON object is passed on with its reason, to be quarantined.
 */
export function openJsonlReader(path: string, resolved: ResolvedItem, encoding: TextEncodingName): SourceReader {
  const unknown = new Set<string>()
  const warnings: string[] = []
  async function* records(): AsyncGenerator<RawRecord> {
    const lines = createInterface({ input: createReadStream(path).pipe(decodingStream(encoding)), crlfDelay: Infinity })
    let lineNo = 0
    for await (const text of lines) {
      lineNo++
      const trimmed = lineNo === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim()
      if (trimmed === '') continue
      let parsed: unknown
      try {
        parsed = JSON.parse(trimmed)
      } catch (err) {
        yield { position: lineNo, values: {}, raw: { _line: trimmed.slice(0, 4000) }, issue: { field: '*', code: 'RECORD_JSON_INVALID', zh: `第 ${lineNo} 行不是合法的 JSON：${(err as Error).message}`, en: `line ${lineNo} is not valid JSON: ${(err as Error).message}` } }
        continue
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        yield { position: lineNo, values: {}, raw: { _line: trimmed.slice(0, 4000) }, issue: { field: '*', code: 'RECORD_NOT_OBJECT', zh: `第 ${lineNo} 行不是 JSON 对象`, en: `line ${lineNo} is not a JSON object` } }
        continue
      }
      yield { position: lineNo, values: valuesByField(resolved, parsed as Record<string, unknown>, unknown), raw: knownRaw(resolved, parsed as Record<string, unknown>) }
    }
    warnings.push(...unknownColumnsWarning([...unknown]))
  }
  // Nothing is opened before the records are read.
  return { warnings, records: records(), close: async () => {} }
}

/** Maps an object keyed by field key or Chinese name to one keyed by field key; collects keys the item lacks. */
export function valuesByField(resolved: ResolvedItem, obj: Record<string, unknown>, unknown?: Set<string>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) {
    const field = resolved.fieldsByHeader.get(normalizeHeader(k))
    if (field) values[field.key] = v
    // Named in the batch's warning; a record with thousands of junk keys does not make the warning thousands long.
    else if (unknown && unknown.size < 1000) unknown.add(k)
  }
  return values
}

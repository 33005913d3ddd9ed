import { createReadStream } from 'node:fs'
import { parse } from 'csv-parse'
import type { ResolvedItem } from '../../catalog/catalog-index.js'
import type { RawRecord } from '../ingest.types.js'
import { mapHeaders, rowToValues, unknownColumnsWarning } from './header-map.js'
import { decodingStream, type TextEncodingName } from './text-decoding.js'
import type { SourceReader } from './source-reader.js'

/**
 * Streams a CSV file (UTF-8, UTF-8 with BOM, or GB18030/GBK) as raw records. Memory stays flat whatever the size.
 * A row that cannot be parsed (a broken quote) or has too many cells is passed on with a reason, to be
 * quarantined, instead of stopping the file.
 */
export async function openCsvReader(path: string, resolved: ResolvedItem, encoding: TextEncodingName, sourceName: string): Promise<SourceReader> {
  // relax_quotes: a stray quote must not put the parser into a quoted field that runs on to the end of the file
  // (csv-parse's strict mode skips the bad record but then reads every later line as part of it). Rows whose
  // quoting is broken are found from their raw text instead, and quarantined one by one.
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, skip_records_with_error: true, raw: true, info: true })
  const input = createReadStream(path, { highWaterMark: 256 * 1024 })
  input.on('error', (err) => parser.destroy(err))
  input.pipe(decodingStream(encoding)).pipe(parser)

  const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; raw: string; info: { records: number; lines: number } }>
  const skipped: Array<{ lines: number; raw: string; message: string }> = []
  parser.on('skip', (err: Error & { lines?: number; raw?: string; record?: unknown }) => {
    skipped.push({ lines: err.lines ?? 0, raw: String(err.raw ?? err.record ?? ''), message: err.message })
  })

  const first = await it.next()
  if (first.done) return { warnings: [], records: (async function* () {})() }
  const map = mapHeaders(resolved, first.value.record, sourceName)
  const width = map.headers.length
  let row = 1
  async function* records(): AsyncGenerator<RawRecord> {
    for (;;) {
      const next = await it.next()
      while (skipped.length) {
        const s = skipped.shift()!
        row++
        yield { position: row, values: {}, raw: { _line: s.raw }, issue: { field: '*', code: 'RECORD_CSV_MALFORMED', zh: `CSV 第 ${s.lines} 行格式错误：${s.message}`, en: `CSV line ${s.lines} is malformed: ${s.message}` } }
      }
      if (next.done) return
      row++
      const cells = next.value.record
      const { values, raw } = rowToValues(map, cells)
      const line = next.value.raw.replace(/\r?\n?$/, '')
      if (line.includes('"') && hasBrokenQuotes(line)) {
        yield { position: row, values, raw: { ...raw, _line: line }, issue: { field: '*', code: 'RECORD_CSV_MALFORMED', zh: `第 ${row} 行引号不成对或引号后还有内容（单元格中的引号应写作两个引号 ""）`, en: `row ${row} has a broken quote: a quote inside an unquoted cell or text after a closing quote (write a quote inside a cell as "")` } }
        continue
      }
      const extra = cells.slice(width).some((c) => c !== '')
      yield extra
        ? { position: row, values, raw: { ...raw, _line: line }, issue: { field: '*', code: 'RECORD_TOO_MANY_CELLS', zh: `第 ${row} 行有 ${cells.length} 个单元格，表头只有 ${width} 列`, en: `row ${row} has ${cells.length} cells but the header has ${width} columns` } }
        : { position: row, values, raw }
    }
  }
  return { warnings: unknownColumnsWarning(map.unknown), records: records() }
}

/**
 * Whether one record's text breaks RFC 4180 quoting: a quote inside an unquoted cell, or anything but a comma or
 * the end of the record after a closing quote. Quotes inside a quoted cell are doubled ("").
 */
export function hasBrokenQuotes(text: string): boolean {
  const n = text.length
  let i = 0
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      i++
      for (;;) {
        if (i >= n) return true
        if (text.charCodeAt(i) === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            i += 2
            continue
          }
          i++
          break
        }
        i++
      }
      if (i >= n || text[i] === '\r' || text[i] === '\n') return false
      if (text[i] !== ',') return true
      i++
      continue
    }
    while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
      if (text.charCodeAt(i) === 34) return true
      i++
    }
    if (i >= n || text[i] !== ',') return false
    i++
  }
}

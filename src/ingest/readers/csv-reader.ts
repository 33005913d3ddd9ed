import { createReadStream } from 'node:fs'
import type { ResolvedItem } from '../../catalog/index.js'
import { IngestErrors } from '../ingest.errors.js'
import type { RawRecord } from '../ingest.types.js'
import { mapHeaders, rowToValues, unknownColumnsWarning } from './header-map.js'
import { decodingStream, type TextEncodingName } from './text-decoding.js'
import type { SourceReader } from './source-reader.js'
import { csvRecordBatches, CsvLineTooLongError, decodeChunks, parseCsvText, type CsvRecord } from './csv-lines.js'

/** Bytes read from the file at a time. */
const READ_CHUNK = 256 * 1024

/**
 * Streams a CSV file (UTF-8, UTF-8 with BOM, or GB18030/GBK) as raw records. Memory stays flat whatever the size.
 * A row whose quoting is broken or that has too many cells is passed on with a reason, to be quarantined, instead
 * of stopping the file; a broken quote costs that row only (see `csv-lines.ts` for how the parser recovers).
 */
export async function openCsvReader(path: string, resolved: ResolvedItem, encoding: TextEncodingName, sourceName: string): Promise<SourceReader> {
  const parsed = csvRecordBatches(textChunks(path, encoding))
  // A line too long to be CSV (a file without line ends) is a file that cannot be read, not a bad row.
  const batches = {
    async next(): Promise<IteratorResult<CsvRecord[]>> {
      try {
        return await parsed.next()
      } catch (err) {
        if (err instanceof CsvLineTooLongError) throw IngestErrors.FILE_UNREADABLE(sourceName, `第 ${err.line} 行超过 ${err.limit} 个字符，不是 CSV 文件 / line ${err.line} is longer than ${err.limit} characters: not a CSV file`)
        throw err
      }
    },
    return: async () => void (await parsed.return(undefined)),
  }
  let batch: CsvRecord[] = []
  let at = 0
  const first = await batches.next()
  if (first.done) return { warnings: [], records: (async function* () {})(), close: async () => {} }
  batch = first.value
  const header = batch[at++]!
  let map: ReturnType<typeof mapHeaders>
  try {
    map = mapHeaders(resolved, header.cells, sourceName)
  } catch (err) {
    await batches.return()
    throw err
  }
  const width = map.headers.length

  async function* records(): AsyncGenerator<RawRecord> {
    let row = 1
    try {
      for (;;) {
        if (at >= batch.length) {
          const next = await batches.next()
          if (next.done) return
          batch = next.value
          at = 0
        }
        const rec = batch[at++]!
        row++
        const cells = rec.cells
        const { values, raw } = rowToValues(map, cells)
        if (rec.broken) {
          const where = rec.line === row ? '' : `（文件第 ${rec.line} 行）`
          const whereEn = rec.line === row ? '' : ` (line ${rec.line} of the file)`
          yield { position: row, values, raw: { ...raw, _line: rec.raw }, issue: { field: '*', code: 'RECORD_CSV_MALFORMED', zh: `第 ${row} 行${where}引号不成对或引号后还有内容（单元格中的引号应写作两个引号 ""）`, en: `row ${row}${whereEn} has a broken quote: an unclosed quote, a quote inside an unquoted cell or text after a closing quote (write a quote inside a cell as "")` } }
          continue
        }
        if (cells.length > width && hasExtraCell(cells, width)) {
          yield { position: row, values, raw: { ...raw, _line: rec.raw }, issue: { field: '*', code: 'RECORD_TOO_MANY_CELLS', zh: `第 ${row} 行有 ${cells.length} 个单元格，表头只有 ${width} 列`, en: `row ${row} has ${cells.length} cells but the header has ${width} columns` } }
          continue
        }
        yield { position: row, values, raw }
      }
    } finally {
      // Stopped early (an error downstream): close the file.
      await batches.return()
    }
  }
  return { warnings: unknownColumnsWarning(map.unknown), records: records(), close: batches.return }
}

/** Text chunks of the file: UTF-8 decoded in stream mode, GB18030 through the shared decoding stream. */
function textChunks(path: string, encoding: TextEncodingName): AsyncIterable<string> {
  const input = createReadStream(path, { highWaterMark: READ_CHUNK })
  if (encoding === 'utf8') return decodeChunks(input, 'utf8')
  const decoded = decodingStream(encoding)
  input.on('error', (err) => decoded.destroy(err))
  // With the readable side's encoding set, the decoded strings pass through as strings (no re-encoding).
  return input.pipe(decoded).setEncoding('utf8') as AsyncIterable<string>
}

function hasExtraCell(cells: string[], width: number): boolean {
  for (let i = width; i < cells.length; i++) if (cells[i] !== '') return true
  return false
}

/**
 * Whether CSV text breaks RFC 4180 quoting: a quote inside an unquoted cell, anything but a comma or the end of the
 * record after a closing quote, or a quote that is never closed. Quotes inside a quoted cell are doubled ("").
 */
export function hasBrokenQuotes(text: string): boolean {
  return parseCsvText(text).some((r) => r.broken)
}

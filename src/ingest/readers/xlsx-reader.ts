import ExcelJS from 'exceljs'
import type { ResolvedItem } from '../../catalog/index.js'
import type { RawRecord } from '../ingest.types.js'
import { mapHeaders, rowToValues, unknownColumnsWarning, type HeaderMap } from './header-map.js'
import type { SourceReader } from './source-reader.js'

/** The value a person sees in a cell: formulas give their cached result, rich text its plain text. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null
  if (typeof v !== 'object' || v instanceof Date) return v
  if ('result' in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
  if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')
  if ('text' in v) return (v as ExcelJS.CellHyperlinkValue).text
  if ('error' in v) return String((v as ExcelJS.CellErrorValue).error)
  return String(v)
}

/**
 * Streams the first worksheet of an XLSX workbook (the product's templates put data there) without loading the
 * workbook into memory. Dates come as Date objects or serial numbers; the field parsers accept both. The header
 * row is read before this returns, so that a workbook whose columns match nothing is refused before any batch.
 */
export async function openXlsxReader(path: string, resolved: ResolvedItem, sourceName: string): Promise<SourceReader> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' })
  const sheets = reader[Symbol.asyncIterator]() as AsyncIterator<AsyncIterable<ExcelJS.Row>>
  const empty: SourceReader = { warnings: [], records: (async function* () {})(), close: async () => {} }
  const sheet = await sheets.next()
  if (sheet.done) return empty
  const rows = sheet.value[Symbol.asyncIterator]()
  const cellsOf = (row: ExcelJS.Row) => (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue) // row.values is 1-based
  const close = async () => {
    await rows.return?.()
    await sheets.return?.()
  }
  let map: HeaderMap
  try {
    const header = await rows.next()
    if (header.done) {
      await close()
      return empty
    }
    map = mapHeaders(resolved, cellsOf(header.value).map((c) => (c === null || c === undefined ? '' : String(c))), sourceName)
  } catch (err) {
    await close().catch(() => {})
    throw err
  }
  async function* records(): AsyncGenerator<RawRecord> {
    try {
      for (;;) {
        const next = await rows.next()
        if (next.done) return
        const cells = cellsOf(next.value)
        if (cells.every((c) => c === null || c === '')) continue
        const { values, raw } = rowToValues(map, cells)
        yield { position: next.value.number, values, raw }
      }
    } finally {
      await close() // the first worksheet only: later sheets hold instructions
    }
  }
  return { warnings: unknownColumnsWarning(map.unknown), records: records(), close }
}

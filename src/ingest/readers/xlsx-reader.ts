import ExcelJS from 'exceljs'
import type { ResolvedItem } from '../../catalog/catalog-index.js'
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
 * workbook into memory. Dates come as Date objects or serial numbers; the field parsers accept both.
 */
export function openXlsxReader(path: string, resolved: ResolvedItem, sourceName: string): SourceReader {
  const warnings: string[] = []
  async function* records(): AsyncGenerator<RawRecord> {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' })
    for await (const sheet of reader) {
      let map: HeaderMap | undefined
      for await (const row of sheet) {
        // row.values is 1-based: index 0 is always empty.
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue)
        if (!map) {
          map = mapHeaders(resolved, cells.map((c) => (c === null ? '' : String(c))), sourceName)
          warnings.push(...unknownColumnsWarning(map.unknown))
          continue
        }
        if (cells.every((c) => c === null || c === '')) continue
        const { values, raw } = rowToValues(map, cells)
        yield { position: row.number, values, raw }
      }
      return // the first worksheet only: later sheets hold instructions
    }
  }
  return { warnings, records: records() }
}

import ExcelJS from 'exceljs'
import { normalizeHeader, type CatalogIndex } from '../catalog/index.js'
import type { QuarantineRow } from './ingest.service.js'
import { DROPPED_COLUMNS_KEY, storableText } from './quarantine-raw.js'

/** Excel's limit on one cell's text is 32,767 characters; a little under it leaves room for the ellipsis. */
const MAX_CELL_CHARS = 32_000

/** Columns of sent data one sheet shows; a row stored before the quarantine capped its keys may carry thousands. */
const MAX_DATA_COLUMNS = 200

const SHEET_NAME_UNSAFE = /[\\/*?:[\]]/g

/**
 * The quarantine as a workbook to send back to a provider: one sheet per item, the row as it was sent, then the
 * reasons in Chinese and English, with the batch and position needed to resubmit.
 *
 * It never fails on what the rows hold: at most {@link MAX_DATA_COLUMNS} columns, the item's fields first (rows
 * stored before the quarantine dropped unknown columns may carry thousands); the rest are counted in 其他列; every
 * cell is capped to what Excel holds and cleaned of characters XML cannot carry; sheet names are valid and unique.
 */
export async function buildRejectsWorkbook(rows: QuarantineRow[], catalog: CatalogIndex): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const byItem = new Map<string, QuarantineRow[]>()
  for (const r of rows) byItem.set(r.item_key, [...(byItem.get(r.item_key) ?? []), r])
  if (byItem.size === 0) wb.addWorksheet('无隔离记录')
  const sheetNames = new Set<string>()
  const cell = (v: unknown) => (v === undefined || v === null ? null : storableText(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v), MAX_CELL_CHARS))
  for (const [itemKey, list] of byItem) {
    const resolved = catalog.get(itemKey)
    // The item's own fields first; other keys (a table source's column names, the readers' _line) after them.
    const isField = (h: string) => (resolved ? resolved.fieldsByHeader.has(normalizeHeader(h)) : false)
    const keys = new Set<string>()
    for (const r of list) for (const k of Object.keys(r.raw)) if (k !== DROPPED_COLUMNS_KEY) keys.add(k)
    const rawHeaders = [...[...keys].filter(isField), ...[...keys].filter((h) => !isField(h))].slice(0, MAX_DATA_COLUMNS)
    const headerSet = new Set(rawHeaders)
    let base = storableText(resolved?.item.name ?? itemKey, 31).replace(SHEET_NAME_UNSAFE, '_').slice(0, 31) || itemKey.slice(0, 31)
    for (let n = 2; sheetNames.has(base); n++) base = `${base.slice(0, 27)}(${n})`
    sheetNames.add(base)
    const sheet = wb.addWorksheet(base)
    sheet.columns = [
      { header: '批次', key: '_batch', width: 38 }, { header: '位置(行)', key: '_position', width: 10 }, { header: '报送单位', key: '_provider', width: 22 },
      ...rawHeaders.map((h, i) => ({ header: storableText(h, 255), key: `c${i}`, width: 18, style: { numFmt: '@' } })),
      { header: '其他列(未导出)', key: '_other', width: 14 },
      { header: '问题原因', key: '_zh', width: 60 }, { header: 'Reasons', key: '_en', width: 60 },
    ]
    sheet.getRow(1).font = { bold: true }
    for (const r of list) {
      const others = Object.keys(r.raw).filter((h) => h !== DROPPED_COLUMNS_KEY && !headerSet.has(h)).length + (Number(r.raw[DROPPED_COLUMNS_KEY]) || 0)
      const cells: Record<string, unknown> = {
        _batch: r.batch_id, _position: r.position, _provider: cell(r.provider), _other: others || null,
        _zh: cell(r.issues.map((i) => i.zh).join('；')), _en: cell(r.issues.map((i) => i.en).join('; ')),
      }
      rawHeaders.forEach((h, i) => { cells[`c${i}`] = cell(r.raw[h]) })
      sheet.addRow(cells)
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

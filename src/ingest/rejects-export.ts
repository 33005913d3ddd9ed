import ExcelJS from 'exceljs'
import type { CatalogIndex } from '../catalog/catalog-index.js'
import type { QuarantineRow } from './ingest.service.js'

/**
 * The quarantine as a workbook to send back to a provider: one sheet per item, the row as it was sent, then the
 * reasons in Chinese and English, with the batch and position needed to resubmit.
 */
export async function buildRejectsWorkbook(rows: QuarantineRow[], catalog: CatalogIndex): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const byItem = new Map<string, QuarantineRow[]>()
  for (const r of rows) byItem.set(r.item_key, [...(byItem.get(r.item_key) ?? []), r])
  if (byItem.size === 0) wb.addWorksheet('无隔离记录')
  for (const [itemKey, list] of byItem) {
    const item = catalog.get(itemKey)?.item
    const sheet = wb.addWorksheet((item?.name ?? itemKey).slice(0, 31))
    const rawHeaders = [...new Set(list.flatMap((r) => Object.keys(r.raw)))]
    sheet.columns = [
      { header: '批次', key: '_batch', width: 38 }, { header: '位置(行)', key: '_position', width: 10 }, { header: '报送单位', key: '_provider', width: 22 },
      ...rawHeaders.map((h) => ({ header: h, key: h, width: 18, style: { numFmt: '@' } })),
      { header: '问题原因', key: '_zh', width: 60 }, { header: 'Reasons', key: '_en', width: 60 },
    ]
    sheet.getRow(1).font = { bold: true }
    for (const r of list) {
      const cells: Record<string, unknown> = { _batch: r.batch_id, _position: r.position, _provider: r.provider, _zh: r.issues.map((i) => i.zh).join('；'), _en: r.issues.map((i) => i.en).join('; ') }
      for (const h of rawHeaders) cells[h] = r.raw[h] === undefined ? null : String(r.raw[h])
      sheet.addRow(cells)
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

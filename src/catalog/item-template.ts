import ExcelJS from 'exceljs'
import type { CatalogItem } from './catalog.types.js'
import { getValueSet } from './value-sets.js'

const TYPE_ZH: Record<string, string> = {
  string: '文本', text: '长文本', uscc: '统一社会信用代码（18位）', id_number: '证件号码', date: '日期（如 2022-12-01）',
  datetime: '日期时间', integer: '整数', decimal: '数值', money: '金额（元，最多两位小数；可写“万元”）', boolean: '是/否', enum: '代码值（见说明）',
}
const SENSITIVITY_ZH: Record<string, string> = { public: '公开', restricted: '需企业授权', sensitive: '敏感（脱敏展示）' }

/**
 * An Excel template for one item: the first sheet has the catalog's Chinese headers, with code and ID columns
 * formatted as text so that Excel does not turn 18-digit numbers into 1.2E+17; the second sheet explains each
 * field. The readers take the first sheet only.
 */
export async function buildItemTemplate(item: CatalogItem, catalogVersion: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '信枢 Xinshu'
  const data = wb.addWorksheet(item.name.slice(0, 31))
  data.columns = item.fields.map((f) => ({ header: f.name, key: f.key, width: Math.min(40, Math.max(12, f.name.length * 2 + 4)) }))
  data.getRow(1).font = { bold: true }
  data.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }
  data.views = [{ state: 'frozen', ySplit: 1 }]
  item.fields.forEach((f, i) => {
    if (f.type === 'uscc' || f.type === 'id_number' || f.type === 'string') data.getColumn(i + 1).numFmt = '@'
  })
  const help = wb.addWorksheet('填写说明')
  help.columns = [
    { header: '共享内容', key: 'name', width: 36 }, { header: '字段代码', key: 'key', width: 34 }, { header: '类型', key: 'type', width: 34 },
    { header: '分级', key: 'sensitivity', width: 16 }, { header: '必填', key: 'required', width: 8 }, { header: '可选值 / 说明', key: 'note', width: 60 },
  ]
  help.getRow(1).font = { bold: true }
  for (const f of item.fields) {
    const required = f.required || item.identity?.includes(f.key) || f.key === 'uscc'
    const values = f.type === 'enum' ? (getValueSet(f.key, item.key)?.values ?? []).slice(0, 30).map((v) => v.label).join('、') : ''
    help.addRow({ name: f.name, key: f.key, type: TYPE_ZH[f.type] ?? f.type, sensitivity: SENSITIVITY_ZH[f.sensitivity], required: required ? '是' : '', note: [values, f.note].filter(Boolean).join('；') })
  }
  help.addRow({})
  help.addRow({ name: `信息项：${item.name}（${item.key}），共享清单版本 ${catalogVersion}，责任单位：${item.responsibleUnitsZh}` })
  return Buffer.from(await wb.xlsx.writeBuffer())
}

import { writeFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory, type Row } from '../../test/factory.js'
import { batchRow, expectAppError, expectBalanced, expectBilingual, quarantinedOf, rejection, storedOf } from '../../test/ingest-helpers.js'

/**
 * Files as providers deliver them: CSV in the encodings Chinese systems export, XLSX from Excel, JSON Lines from
 * scripts. Every row ends stored or quarantined; a file that cannot be read at all is an error and no batch.
 */

const ITEM = 'administrative_penalty'
const PROVIDER = '银川市市场监督管理局'
const COLUMNS = [
  'entity_name', 'uscc', 'counterparty_category', 'legal_representative_name', 'legal_representative_id_type', 'legal_representative_id_number',
  'decision_document_name', 'decision_document_number', 'violation_type', 'violation_facts', 'penalty_basis', 'penalty_content',
  'fine_amount', 'decision_date', 'authority_name',
]

const byDocNumber = <T extends { data: Record<string, unknown> }>(rows: T[]) => new Map(rows.map((r) => [String(r.data.decision_document_number), r]))

// Every case runs twice: read and validated in this thread, and in the worker thread that large files get.
for (const dialect of TEST_DIALECTS) for (const inWorker of [false, true]) {
  describe(`${dialect}: file ingest${inWorker ? ', validated in a worker thread' : ''}`, () => {
    let x: Xinshu
    const dir = factory.tempDir()

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
      dir.remove()
    })

    const ingest = (path: string, more: { encoding?: string } = {}) => x.ingest.ingestFile({ path, itemKey: ITEM, provider: PROVIDER, inWorker, ...more })
    const batchCount = async () => (await x.db.query<{ n: number }>('select count(*)::int as n from ingest.batch'))[0]!.n

    it('reads a UTF-8 CSV with Chinese headers, every accepted date shape and amounts with separators or 万', async () => {
      const rows = [
        factory.penaltyRow({ decision_date: '2022-12-01', fine_amount: '12,000.00' }),
        factory.penaltyRow({ decision_date: '2022/12/1', fine_amount: '1.2万' }),
        factory.penaltyRow({ decision_date: '2022年12月1日', violation_facts: '=SUM(A1)' }),
        factory.penaltyRow({ decision_date: '20221201' }),
        factory.penaltyRow({ decision_date: '44896' }), // an Excel serial date typed as text
      ]
      const path = factory.writeText(dir.file('utf8.csv'), factory.csv(ITEM, rows, { columns: COLUMNS }))
      const s = await ingest(path)
      expect(s).toMatchObject({ format: 'csv', encoding: 'utf8', received: 5, stored: 5, quarantined: 0, duplicates: 0, status: 'completed', method: 'file' })
      await expectBalanced(x, s)
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      for (const r of rows) expect(stored.get(String(r.decision_document_number))?.data.decision_date).toBe('2022-12-01')
      expect(stored.get(String(rows[0]!.decision_document_number))?.data.fine_amount).toBe('12000.00')
      expect(stored.get(String(rows[1]!.decision_document_number))?.data.fine_amount).toBe('12000.00')
      expect(stored.get(String(rows[2]!.decision_document_number))?.data.violation_facts).toBe('=SUM(A1)')
      expect(stored.get(String(rows[0]!.decision_document_number))?.data.entity_name).toBe(rows[0]!.entity_name)
    })

    it('reads a UTF-8 CSV with a byte order mark, including its first column', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow()]
      const path = factory.writeText(dir.file('bom.csv'), factory.csv(ITEM, rows, { columns: COLUMNS }), 'utf8-bom')
      const s = await ingest(path)
      expect(s).toMatchObject({ encoding: 'utf8', stored: 2, quarantined: 0, warnings: [] })
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      // entity_name is the first column: with the BOM left on its header it would be an unknown column.
      expect(stored.get(String(rows[0]!.decision_document_number))?.data.entity_name).toBe(rows[0]!.entity_name)
    })

    it('detects a GB18030 CSV and stores its Chinese text unchanged', async () => {
      const rows = [factory.penaltyRow({ violation_facts: '未经许可擅自从事经营活动，违反《宁夏回族自治区食品安全条例》' }), factory.penaltyRow()]
      const path = factory.writeText(dir.file('gb18030.csv'), factory.csv(ITEM, rows, { columns: COLUMNS }), 'gb18030')
      const s = await ingest(path)
      expect(s).toMatchObject({ encoding: 'gb18030', stored: 2, quarantined: 0, warnings: [] })
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      const first = stored.get(String(rows[0]!.decision_document_number))!
      expect(first.data.violation_facts).toBe(rows[0]!.violation_facts)
      expect(first.data.authority_name).toBe('银川市市场监督管理局')
      expect(first.data.counterparty_category).toBe('法人及非法人组织')
    })

    it('reads a GBK CSV when the encoding option names it', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow()]
      const path = factory.writeText(dir.file('gbk.csv'), factory.csv(ITEM, rows, { columns: COLUMNS }), 'gb18030')
      const s = await ingest(path, { encoding: 'gbk' })
      expect(s).toMatchObject({ encoding: 'gb18030', stored: 2, quarantined: 0 })
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      expect(stored.get(String(rows[1]!.decision_document_number))?.data.entity_name).toBe(rows[1]!.entity_name)
    })

    it('refuses an encoding it does not know with a clear error and no batch', async () => {
      const path = factory.writeText(dir.file('big5.csv'), factory.csv(ITEM, [factory.penaltyRow()], { columns: COLUMNS }))
      const before = await batchCount()
      expectAppError(await rejection(ingest(path, { encoding: 'big5' })), 'INGEST_ENCODING')
      expect(await batchCount()).toBe(before)
    })

    it('accepts field keys as headers', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow()]
      const path = factory.writeText(dir.file('keys.csv'), factory.csv(ITEM, rows, { columns: COLUMNS, headers: 'key' }))
      const s = await ingest(path)
      expect(s).toMatchObject({ stored: 2, quarantined: 0, warnings: [] })
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      expect(stored.get(String(rows[0]!.decision_document_number))?.data).toMatchObject({ entity_name: rows[0]!.entity_name, uscc: rows[0]!.uscc, fine_amount: '12000.00' })
    })

    it('reads XLSX: date cells, serial numbers, cached formula results, and text that starts with = stays text', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow(), factory.penaltyRow()]
      const item = factory.catalogItem(ITEM)
      const wb = new ExcelJS.Workbook()
      const sheet = wb.addWorksheet('行政处罚')
      sheet.addRow(COLUMNS.map((k) => item.fields.find((f) => f.key === k)!.name))
      const cells = (r: Row) => COLUMNS.map((k) => r[k] as ExcelJS.CellValue)
      const dateCol = COLUMNS.indexOf('decision_date')
      const fineCol = COLUMNS.indexOf('fine_amount')
      const factsCol = COLUMNS.indexOf('violation_facts')
      const a = cells(rows[0]!)
      a[dateCol] = new Date(Date.UTC(2022, 11, 1)) // a date cell
      const b = cells(rows[1]!)
      b[dateCol] = 44896 // the serial number of 2022-12-01, unformatted
      b[fineCol] = { formula: 'SUM(1000,11000)', result: 12000 } as ExcelJS.CellFormulaValue
      const c = cells(rows[2]!)
      c[factsCol] = '=SUM(A1)' // text that looks like a formula
      sheet.addRow(a)
      sheet.addRow(b)
      sheet.addRow(c)
      wb.addWorksheet('填写说明').addRow(['这一页不是数据'])
      const path = dir.file('penalties.xlsx')
      await wb.xlsx.writeFile(path)

      const s = await ingest(path)
      expect(s).toMatchObject({ format: 'xlsx', received: 3, stored: 3, quarantined: 0 })
      await expectBalanced(x, s)
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      const [sa, sb, sc] = rows.map((r) => stored.get(String(r.decision_document_number))!)
      expect(sa!.data.decision_date).toBe('2022-12-01')
      expect(sb!.data.decision_date).toBe('2022-12-01')
      expect(sb!.data.fine_amount).toBe('12000.00')
      expect(sc!.data.violation_facts).toBe('=SUM(A1)')
      expect(sc!.data.uscc).toBe(rows[2]!.uscc)
    })

    it('reads JSON Lines keyed by field key or Chinese name and quarantines lines that are not JSON objects', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow(), factory.penaltyRow()]
      const lines = [
        factory.jsonl(ITEM, [{ ...rows[0]!, 内部备注: '无' }]).trim(),
        factory.jsonl(ITEM, [rows[1]!], { names: 'zh' }).trim(),
        '{"企业名称": "宁夏断行公司", "统一社会信用代码": ',
        '["宁夏数组公司", "91640100MA76XQ0A1X"]',
        '',
        factory.jsonl(ITEM, [rows[2]!]).trim(),
      ]
      const path = factory.writeText(dir.file('penalties.jsonl'), lines.join('\n') + '\n')
      const s = await ingest(path)
      expect(s).toMatchObject({ format: 'jsonl', received: 5, stored: 3, quarantined: 2 })
      expect(s.warnings.join(' ')).toContain('内部备注')
      await expectBalanced(x, s)
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      expect(stored.get(String(rows[1]!.decision_document_number))?.data).toMatchObject({ entity_name: rows[1]!.entity_name, decision_date: '2023-05-01' })
      const q = await quarantinedOf(x.db, s.batchId)
      expect(q.map((r) => [r.position, r.issues[0]!.code])).toEqual([[3, 'RECORD_JSON_INVALID'], [4, 'RECORD_NOT_OBJECT']])
      for (const r of q) expectBilingual(r.issues)
    })

    it('quarantines a CSV line with a broken quote and stores the rest of the file', async () => {
      // Row 2 is valid CSV that needs quoting: a cell over two lines with quotes inside ("" in the file).
      const rows = [factory.penaltyRow({ violation_facts: '当事人称"不知情"，\n经查属实' }), factory.penaltyRow(), factory.penaltyRow(), factory.penaltyRow()]
      const text = factory.csv(ITEM, rows, { columns: COLUMNS }).split('\r\n')
      // Row 3 (line 3): a company name in quotes followed by more text, as a careless export writes it.
      text[2] = text[2]!.replace(String(rows[1]!.entity_name), '"宁夏"金凤商贸有限公司')
      // Row 4: a stray quote inside an unquoted cell.
      text[3] = text[3]!.replace('虚假宣传', '虚假"宣传')
      const path = factory.writeText(dir.file('broken-quote.csv'), text.join('\r\n'))
      const s = await ingest(path)
      expect(s).toMatchObject({ received: 4, stored: 2, quarantined: 2 })
      await expectBalanced(x, s)
      const stored = byDocNumber(await storedOf(x.db, s.batchId))
      expect([...stored.keys()].sort()).toEqual([String(rows[0]!.decision_document_number), String(rows[3]!.decision_document_number)].sort())
      expect(stored.get(String(rows[0]!.decision_document_number))!.data.violation_facts).toBe('当事人称"不知情"，\n经查属实')
      const q = await quarantinedOf(x.db, s.batchId)
      expect(q.map((r) => r.issues[0]!.code)).toEqual(['RECORD_CSV_MALFORMED', 'RECORD_CSV_MALFORMED'])
      expect(q.map((r) => r.position)).toEqual([3, 4])
      for (const r of q) expectBilingual(r.issues)
    })

    it('quarantines a row with more cells than the header has columns', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow(), factory.penaltyRow()]
      const text = factory.csv(ITEM, rows, { columns: COLUMNS }).split('\r\n')
      text[2] = text[2] + ',多出来的一格,又一格'
      const path = factory.writeText(dir.file('too-many.csv'), text.join('\r\n'))
      const s = await ingest(path)
      expect(s).toMatchObject({ received: 3, stored: 2, quarantined: 1 })
      await expectBalanced(x, s)
      const [q] = await quarantinedOf(x.db, s.batchId)
      expect(q).toMatchObject({ position: 3, issues: [expect.objectContaining({ field: '*', code: 'RECORD_TOO_MANY_CELLS' })] })
      expectBilingual(q!.issues)
    })

    it('stores rows with an unknown column and reports the column as a batch warning', async () => {
      const rows = [factory.penaltyRow({ 备注: '内部备注' }), factory.penaltyRow({ 备注: '' })]
      const path = factory.writeText(dir.file('unknown-col.csv'), factory.csv(ITEM, rows, { columns: [...COLUMNS, '备注'] }))
      const s = await ingest(path)
      expect(s).toMatchObject({ stored: 2, quarantined: 0 })
      expect(s.warnings).toHaveLength(1)
      expect(s.warnings[0]).toContain('备注')
      const b = await batchRow(x.db, s.batchId)
      expect((b.options as { warnings?: string[] }).warnings?.[0]).toContain('备注')
      const stored = await storedOf(x.db, s.batchId)
      expect(stored.every((r) => !('备注' in r.data))).toBe(true)
    })

    it('stops with INGEST_FILE_UNREADABLE, naming the line, when a file turns out not to be CSV part-way, and marks the batch failed with the reason', async () => {
      const rows = [factory.penaltyRow(), factory.penaltyRow()]
      const path = factory.writeText(dir.file('runaway.csv'), factory.csv(ITEM, rows, { columns: COLUMNS }) + 'x'.repeat(9 * 1024 * 1024))
      const e = expectAppError(await rejection(ingest(path)), 'INGEST_FILE_UNREADABLE')
      expect(e.zh).toContain('第 4 行')
      expect(e.en).toContain('line 4')
      const [b] = await x.db.query<{ status: string; error: string }>('select status, error from ingest.batch where source = $1', ['runaway.csv'])
      expect(b).toMatchObject({ status: 'failed', error: expect.stringContaining('line 4') })
    })

    it('refuses a file whose headers match no field with INGEST_NO_KNOWN_COLUMNS and makes no batch', async () => {
      const path = factory.writeText(dir.file('nothing.csv'), '姓名,年龄,爱好\r\n张三,30,钓鱼\r\n')
      const before = await batchCount()
      const e = expectAppError(await rejection(ingest(path)), 'INGEST_NO_KNOWN_COLUMNS')
      expect(e.zh).toContain('姓名')
      expect(e.en).toContain('administrative_penalty')
      expect(await batchCount()).toBe(before)
    })

    it('refuses a workbook whose headers match no field with INGEST_NO_KNOWN_COLUMNS and makes no batch', async () => {
      const wb = new ExcelJS.Workbook()
      const sheet = wb.addWorksheet('花名册')
      sheet.addRow(['姓名', '年龄'])
      sheet.addRow(['张三', 30])
      const path = dir.file('nothing.xlsx')
      await wb.xlsx.writeFile(path)
      const before = await batchCount()
      expectAppError(await rejection(ingest(path)), 'INGEST_NO_KNOWN_COLUMNS')
      expect(await batchCount()).toBe(before)
    })

    it('refuses a missing file with INGEST_FILE_UNREADABLE and makes no batch', async () => {
      const before = await batchCount()
      const e = expectAppError(await rejection(ingest(dir.file('does-not-exist.csv'))), 'INGEST_FILE_UNREADABLE')
      expect(e.en).toContain('does-not-exist.csv')
      expect(await batchCount()).toBe(before)
    })

    it('refuses a .xlsx file that is not a workbook with INGEST_FILE_UNREADABLE and makes no batch', async () => {
      const fake = dir.file('fake.xlsx')
      writeFileSync(fake, 'this is not a zip')
      const before = await batchCount()
      expectAppError(await rejection(ingest(fake)), 'INGEST_FILE_UNREADABLE')
      expect(await batchCount()).toBe(before)
    })
  })
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { loadBundledCatalog, type CatalogItem } from '../catalog/index.js'
import { corruptRecord } from './bad-rows.js'
import { catalogItems, demoItemRows, type DemoRecord } from './records.js'
import { csvField, writeItemFile } from './write-item-file.js'

const SEED = 20221119
const dir = mkdtempSync(join(tmpdir(), 'xinshu-demo-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const { document: catalog } = loadBundledCatalog()
const itemByKey = new Map(catalogItems(catalog).map((i) => [i.key, i]))
const penalty = itemByKey.get('administrative_penalty') as CatalogItem
const license = itemByKey.get('administrative_license') as CatalogItem

/** What a CSV cell holds for a record value. */
const asCell = (v: DemoRecord[string] | undefined): string => (v === null || v === undefined ? '' : String(v))

/** A record as CSV cells under its headers. */
function asCells(item: CatalogItem, r: DemoRecord, header: 'zh' | 'key'): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of item.fields) out[header === 'zh' ? f.name : f.key] = asCell(r[f.key])
  return out
}

describe('writeItemFile', () => {
  it('writes a CSV that parses back with the Chinese field names as headers', async () => {
    const path = join(dir, 'license.csv')
    const rows = [...demoItemRows({ seed: SEED, subjects: 3000, item: license })]
    const n = await writeItemFile({ path, item: license, rows, format: 'csv', header: 'zh', encoding: 'utf8' })
    expect(n).toBe(rows.length)
    const parsed = parse(readFileSync(path), { columns: true, bom: true }) as Record<string, string>[]
    expect(Object.keys(parsed[0]!)).toEqual(license.fields.map((f) => f.name))
    expect(parsed).toEqual(rows.map((r) => asCells(license, r, 'zh')))
  })

  it('quotes commas, quotes, line breaks and edge spaces per RFC 4180 and keeps formulas as text', async () => {
    const path = join(dir, 'tricky.csv')
    const base = [...demoItemRows({ seed: SEED, subjects: 2000, item: penalty })][0]!
    const formula = corruptRecord(1, base, penalty, 'formula_text')
    const tricky: DemoRecord[] = [
      { ...base, violation_facts: '当事人销售"过期"食品，货值金额1,200.00元', penalty_content: '第一行\r\n第二行\n第三行' },
      { ...base, entity_name: ' 前导空格', legal_representative_name: '尾随空格 ', violation_type: '' },
      formula.record,
    ]
    await writeItemFile({ path, item: penalty, rows: tricky, format: 'csv', header: 'key', encoding: 'utf8' })
    const text = readFileSync(path, 'utf8')
    expect(text).toContain('"当事人销售""过期""食品，货值金额1,200.00元"')
    expect(text).toContain('" 前导空格"')
    expect(text).toMatch(/(^|,)=SUM\(A1\)(,|\r\n)/m)
    const parsed = parse(text, { columns: true }) as Record<string, string>[]
    expect(Object.keys(parsed[0]!)).toEqual(penalty.fields.map((f) => f.key))
    expect(parsed).toEqual(tricky.map((r) => asCells(penalty, r, 'key')))
    expect(parsed[2]![formula.field]).toBe('=SUM(A1)')
  })

  it('writes a UTF-8 BOM when asked', async () => {
    const path = join(dir, 'bom.csv')
    await writeItemFile({ path, item: penalty, rows: [], format: 'csv', header: 'zh', encoding: 'utf8-bom' })
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe(penalty.fields.map((f) => csvField(f.name)).join(',') + '\r\n')
  })

  it('round-trips GB18030 through TextDecoder', async () => {
    const path = join(dir, 'gb.csv')
    const rows = [...demoItemRows({ seed: SEED, subjects: 1500, item: license })]
    await writeItemFile({ path, item: license, rows, format: 'csv', header: 'zh', encoding: 'gb18030' })
    const bytes = readFileSync(path)
    const decoded = new TextDecoder('gb18030').decode(bytes)
    const parsed = parse(decoded, { columns: true }) as Record<string, string>[]
    expect(Object.keys(parsed[0]!)).toEqual(license.fields.map((f) => f.name))
    expect(parsed).toEqual(rows.map((r) => asCells(license, r, 'zh')))
    // Really GB18030, not UTF-8: 宁 is C4 FE in GB18030 (E5 AE 81 in UTF-8).
    expect(bytes.includes(Buffer.from([0xc4, 0xfe]))).toBe(true)
    expect(bytes.includes(Buffer.from('宁', 'utf8'))).toBe(false)
  })

  it('writes JSON Lines keyed by field keys or Chinese names', async () => {
    const rows = [...demoItemRows({ seed: SEED, subjects: 500, item: penalty })]
    const byKey = join(dir, 'p-key.jsonl')
    const byName = join(dir, 'p-zh.jsonl')
    await writeItemFile({ path: byKey, item: penalty, rows, format: 'jsonl', header: 'key' })
    await writeItemFile({ path: byName, item: penalty, rows, format: 'jsonl', header: 'zh' })
    const keyed = readFileSync(byKey, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as DemoRecord)
    expect(keyed).toEqual(rows)
    const named = JSON.parse(readFileSync(byName, 'utf8').split('\n')[0]!) as Record<string, unknown>
    expect(Object.keys(named)).toEqual(penalty.fields.map((f) => f.name))
  })

  it('streams a large file through backpressure from an async source', async () => {
    const path = join(dir, 'big.csv')
    let produced = 0
    async function* rows() {
      for (const r of demoItemRows({ seed: SEED, subjects: 25_000, item: license })) {
        produced++
        yield r
      }
    }
    const n = await writeItemFile({ path, item: license, rows: rows(), format: 'csv', header: 'zh', encoding: 'gb18030' })
    expect(n).toBe(produced)
    expect(n).toBeGreaterThan(8000)
    const lines = new TextDecoder('gb18030').decode(readFileSync(path)).split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines[0]).toBe(license.fields.map((f) => f.name).join(','))
  })

  it('rejects an unknown format, header or encoding', async () => {
    const path = join(dir, 'x.csv')
    await expect(writeItemFile({ path, item: penalty, rows: [], format: 'xlsx' as 'csv' })).rejects.toThrow(RangeError)
    await expect(writeItemFile({ path, item: penalty, rows: [], format: 'csv', encoding: 'latin1' as 'utf8' })).rejects.toThrow(RangeError)
  })
})

describe('csvField', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('宁夏塞上枸杞有限公司')).toBe('宁夏塞上枸杞有限公司')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('x\ny')).toBe('"x\ny"')
    expect(csvField(' x')).toBe('" x"')
    expect(csvField('x ')).toBe('"x "')
    expect(csvField(null)).toBe('')
    expect(csvField(12.5)).toBe('12.5')
    expect(csvField(false)).toBe('false')
    expect(csvField('=SUM(A1)')).toBe('=SUM(A1)')
  })
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadBundledCatalog } from '../src/catalog/catalog-document.js'
import type { CatalogItem } from '../src/catalog/catalog.types.js'
import { buildUscc, USCC_CHARSET } from '../src/registry/uscc.js'
import { buildIdNumber } from '../src/registry/id-number.js'

/**
 * Small factories for ingest tests: valid codes, one row per item (keyed by field key, overridable), and the
 * files a provider would send (CSV in several encodings, JSON Lines). Rows are plain objects so a test can break
 * one field and leave the rest valid.
 */

export type Row = Record<string, unknown>

const CATALOG = loadBundledCatalog().document
const ITEMS = new Map<string, CatalogItem>(CATALOG.categories.flatMap((c) => c.items).map((i) => [i.key, i]))

export function catalogItem(key: string): CatalogItem {
  const item = ITEMS.get(key)
  if (!item) throw new Error(`no catalog item ${key}`)
  return item
}

/** The 8-char organisation-code body of number n (base 31 over the USCC alphabet, prefixed 'MA'). */
function orgBody(n: number): string {
  let s = ''
  let v = n
  for (let i = 0; i < 6; i++) {
    s = USCC_CHARSET[v % 31]! + s
    v = Math.floor(v / 31)
  }
  return 'MA' + s
}

/** A valid USCC (企业, registered in 银川市金凤区) for number n; different n, different code. */
export function uscc(n: number, divisionCode = '640106'): string {
  return buildUscc({ authority: '9', entityType: '1', divisionCode, orgCodeBody: orgBody(n) })
}

/** A valid citizen ID number (born in 银川市兴庆区) for number n. */
export function idNumber(n: number): string {
  const year = 1960 + (Math.floor(n / 1000) % 40)
  return buildIdNumber({ divisionCode: '640104', birthDate: `${year}-03-12`, sequence: n % 1000 })
}

/** The same code with another final check character (GB 32100 position 18 / GB 11643 position 18). */
export function withWrongCheckChar(code: string, charset = USCC_CHARSET): string {
  const last = code[code.length - 1]!
  const other = charset[(charset.indexOf(last) + 1) % charset.length]!
  return code.slice(0, -1) + other
}

/** A USCC whose embedded organisation code (positions 9–17) has a wrong check character. */
export function withWrongOrgCheck(code: string): string {
  const c17 = code[16]!
  const digits = '0123456789'
  const other = digits.includes(c17) ? digits[(digits.indexOf(c17) + 1) % 10]! : '0'
  return code.slice(0, 16) + other + code[17]
}

let counter = 0
/** A fresh number for this test process, so tests in one file never share a subject by accident. */
export function next(): number {
  counter += 1
  return 1000 + counter
}

// ---------------------------------------------------------------------------------------------------------------
// Rows, keyed by field key.

export function penaltyRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    entity_name: `宁夏测试${n}商贸有限公司`,
    uscc: uscc(n),
    counterparty_category: '法人及非法人组织',
    legal_representative_name: '张三',
    legal_representative_id_type: '居民身份证',
    legal_representative_id_number: idNumber(n),
    decision_document_name: '行政处罚决定书',
    decision_document_number: `银市监罚〔2023〕${n}号`,
    violation_type: '虚假宣传',
    violation_facts: '在店铺招牌上发布虚假广告',
    penalty_basis: '《中华人民共和国广告法》第五十五条',
    penalty_content: '罚款',
    fine_amount: '12000.00',
    confiscation_amount: '0',
    decision_date: '2023-05-01',
    authority_name: '银川市市场监督管理局',
    data_provider: '银川市市场监督管理局',
    ...rest,
  }
}

export function taxRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    entity_name: `宁夏纳税${n}科技有限公司`,
    uscc: uscc(n),
    vat_payable_last_12_months: '120000.00',
    vat_paid_last_12_months: '118000.00',
    cit_payable_last_12_months: '30000.00',
    cit_paid_last_12_months: '30000.00',
    consecutive_normal_payment_months: 12,
    last_normal_payment_date: '2024-12-15',
    ...rest,
  }
}

export function changeRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    entity_name: `宁夏变更${n}有限公司`,
    uscc: uscc(n),
    change_item: '名称变更',
    content_before: `宁夏旧名${n}有限公司`,
    content_after: `宁夏变更${n}有限公司`,
    change_date: '2023-03-15',
    ...rest,
  }
}

export function licenseRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    entity_name: `宁夏执照${n}有限公司`,
    uscc: uscc(n),
    legal_representative: '李四',
    establishment_date: '2015-06-01',
    domicile: '宁夏银川市金凤区正源北街1号',
    registration_status: '存续（在营、开业、在册）',
    registration_authority: '银川市市场监督管理局',
    registered_capital: '500万',
    ...rest,
  }
}

export function mortgageRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    mortgagee: '宁夏银行股份有限公司',
    registration_certificate_number: `宁(2023)银川市不动产证明第${n}号`,
    property_unit_number: `640106001001GB${String(n).padStart(5, '0')}F00010001`,
    right_type: '房屋所有权',
    mortgagor: `宁夏抵押${n}有限公司`,
    mortgage_registration_date: '2023-08-08',
    ...rest,
  }
}

export function debtorRow(over: Row = {}): Row {
  const n = (over._n as number | undefined) ?? next()
  const { _n, ...rest } = over
  void _n
  return {
    case_number: `（2023）宁0106执${n}号`,
    entity_name: '王五',
    id_number_or_uscc: idNumber(n),
    performance_status: '全部未履行',
    dishonest_conduct: '有履行能力而拒不履行生效法律文书确定义务',
    enforcement_court: '银川市金凤区人民法院',
    location: '宁夏',
    filing_date: '2023-02-01',
    publication_date: '2023-06-01',
    ...rest,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Files.

/** A temporary folder; `remove()` deletes it. */
export function tempDir(prefix = 'xinshu-test-'): { path: string; file(name: string): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) }
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * CSV text of rows of one item. Columns: the given field keys (default: every key of the first row); headers are
 * the catalog's Chinese names (`'zh'`, what a provider's Excel export has) or the field keys.
 */
export function csv(itemKey: string, rows: Row[], opts: { headers?: 'zh' | 'key'; columns?: string[]; extraHeaders?: string[] } = {}): string {
  const item = catalogItem(itemKey)
  const columns = opts.columns ?? Object.keys(rows[0] ?? {})
  const header = columns.map((k) => (opts.headers === 'key' ? k : item.fields.find((f) => f.key === k)?.name ?? k))
  const lines = [[...header, ...(opts.extraHeaders ?? [])].map(csvCell).join(',')]
  for (const r of rows) lines.push(columns.map((k) => csvCell(r[k])).join(','))
  return lines.join('\r\n') + '\r\n'
}

/** JSON Lines of rows; `names: 'zh'` keys each object by the catalog's Chinese field names. */
export function jsonl(itemKey: string, rows: Row[], opts: { names?: 'zh' | 'key' } = {}): string {
  const item = catalogItem(itemKey)
  return rows.map((r) => JSON.stringify(opts.names === 'zh' ? Object.fromEntries(Object.entries(r).map(([k, v]) => [item.fields.find((f) => f.key === k)?.name ?? k, v])) : r)).join('\n') + '\n'
}

let gbTable: Map<string, Buffer> | undefined

/** GB18030 (two-byte GBK part) by inverting Node's decoder; enough for the Chinese text of test files. */
export function encodeGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map()
    const dec = new TextDecoder('gb18030')
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue
        const bytes = Buffer.from([a, b])
        const ch = dec.decode(bytes)
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, bytes)
      }
    }
  }
  const out: Buffer[] = []
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(Buffer.from(ch, 'latin1'))
    else {
      const b = gbTable.get(ch)
      if (!b) throw new Error(`no GBK code for ${ch}`)
      out.push(b)
    }
  }
  return Buffer.concat(out)
}

/** Writes text in the encoding a provider's system might use. */
export function writeText(path: string, text: string, encoding: 'utf8' | 'utf8-bom' | 'gb18030' = 'utf8'): string {
  const bytes = encoding === 'gb18030' ? encodeGb18030(text) : Buffer.from((encoding === 'utf8-bom' ? '\uFEFF' : '') + text, 'utf8')
  writeFileSync(path, bytes)
  return path
}

export const factory = {
  uscc, idNumber, withWrongCheckChar, withWrongOrgCheck, next,
  penaltyRow, taxRow, changeRow, licenseRow, mortgageRow, debtorRow,
  tempDir, csv, jsonl, writeText, encodeGb18030, catalogItem,
}

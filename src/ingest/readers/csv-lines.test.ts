import { writeFileSync } from 'node:fs'
import { parse as parseSync } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { CatalogIndex, loadBundledCatalog } from '../../catalog/index.js'
import type { RawRecord } from '../ingest.types.js'
import { factory } from '../../../test/factory.js'
import { csvRecordBatches, CsvLineParser, CsvLineTooLongError, decodeChunks, parseCsvText, type CsvLimits, type CsvRecord } from './csv-lines.js'
import { openCsvReader } from './csv-reader.js'

type Expected = [cells: string[], broken?: boolean, line?: number, raw?: string]

/** Records as [cells, broken, line, raw] for compact expectations. */
const shape = (records: CsvRecord[]) => records.map((r) => [r.cells, r.broken, r.line, r.raw])
const expand = (expected: Expected[]) =>
  expected.map(([cells, broken = false, line, raw]) => [cells, broken, line ?? expect.any(Number), raw ?? expect.any(String)])

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i
}

async function parseChunks(chunks: string[], limits: Partial<CsvLimits> = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = []
  for await (const batch of csvRecordBatches(from(chunks), limits)) out.push(...batch)
  return out
}

function parsePieces(pieces: string[], limits: Partial<CsvLimits> = {}): CsvRecord[] {
  const p = new CsvLineParser(limits)
  const out: CsvRecord[] = []
  for (const s of pieces) p.push(s, out)
  return p.end(out)
}

describe('parseCsvText', () => {
  const WELL_FORMED: Array<[string, string, Expected[]]> = [
    ['plain cells', 'a,b,c\n1,2,3\n', [[['a', 'b', 'c'], false, 1, 'a,b,c'], [['1', '2', '3'], false, 2, '1,2,3']]],
    ['a quoted cell with a comma', 'a,"b,c",d', [[['a', 'b,c', 'd'], false, 1, 'a,"b,c",d']]],
    ['escaped quotes', '"他说""你好""",x\n', [[['他说"你好"', 'x']]]],
    ['a cell that is only an escaped quote', '"""",x', [[['"', 'x']]]],
    ['a quoted empty cell', '"",x,""', [[['', 'x', '']]]],
    ['a quoted cell over two LF lines', '"第一行\n第二行",b\nc,d\n', [[['第一行\n第二行', 'b'], false, 1, '"第一行\n第二行",b'], [['c', 'd'], false, 3]]],
    ['a quoted cell over CRLF lines', '"a\r\nb\r\n",c\r\nd,e\r\n', [[['a\r\nb\r\n', 'c'], false, 1], [['d', 'e'], false, 4]]],
    ['a quoted cell with a lone CR', '"a\rb",c\rd,e', [[['a\rb', 'c'], false, 1], [['d', 'e'], false, 3]]],
    ['CRLF line ends', 'a,b\r\nc,d\r\n', [[['a', 'b'], false, 1, 'a,b'], [['c', 'd'], false, 2, 'c,d']]],
    ['lone CR line ends', 'a,b\rc,d\r', [[['a', 'b'], false, 1], [['c', 'd'], false, 2]]],
    ['mixed line ends', 'a\r\nb\nc\rd', [[['a'], false, 1], [['b'], false, 2], [['c'], false, 3], [['d'], false, 4]]],
    ['a byte order mark', '\uFEFF企业名称,b\n1,2\n', [[['企业名称', 'b'], false, 1, '企业名称,b'], [['1', '2']]]],
    ['empty lines, skipped but counted', 'a\n\n\r\n\rb\n\n', [[['a'], false, 1], [['b'], false, 5]]],
    ['a trailing comma (an empty last cell)', 'a,b,\n"c",d,\n', [[['a', 'b', '']], [['c', 'd', '']]]],
    ['a line of commas only', ',,\n', [[['', '', '']]]],
    ['no line end at the end of the file', 'a,b\nc,"d"', [[['a', 'b']], [['c', 'd'], false, 2, 'c,"d"']]],
    ['untrimmed spaces', ' a , b ,\t\n', [[[' a ', ' b ', '\t']]]],
    ['spaces inside quotes', '" a ",b \n', [[[' a ', 'b ']]]],
    ['formula-looking cells as text', '=SUM(A1),+1,-2,@x\n', [[['=SUM(A1)', '+1', '-2', '@x']]]],
    ['a quoted cell followed by an unquoted one', '"a",b,"c"\r\n', [[['a', 'b', 'c']]]],
  ]
  it.each(WELL_FORMED)('reads %s', (_name, text, expected) => {
    expect(shape(parseCsvText(text))).toEqual(expand(expected))
  })

  it('reads an empty input as no record', () => {
    expect(parseCsvText('')).toEqual([])
    expect(parseCsvText('\uFEFF')).toEqual([])
    expect(parseCsvText('\r\n\n')).toEqual([])
  })

  const BROKEN: Array<[string, string, Expected[]]> = [
    ['a quote inside an unquoted cell', 'ab"c,d\ne,f\n', [[['ab"c', 'd'], true, 1, 'ab"c,d'], [['e', 'f'], false, 2]]],
    ['a stray quote in the middle of a row', 'a,虚假"宣传,c\nd,e\n', [[['a', '虚假"宣传', 'c'], true, 1], [['d', 'e'], false, 2]]],
    ['text after a closing quote', '"ab"c,d\ne,f\n', [[['ab"c', 'd'], true, 1, '"ab"c,d'], [['e', 'f'], false, 2]]],
    ['a quoted company name followed by more text', '"宁夏"金凤商贸有限公司,b\r\nc,d\r\n', [[['宁夏"金凤商贸有限公司', 'b'], true, 1], [['c', 'd'], false, 2]]],
    ['a space before an opening quote', ' a , "b" \n', [[[' a ', ' "b" '], true, 1, ' a , "b" ']]],
    ['a space after a closing quote', '"a" ,b', [[['a" ', 'b'], true, 1, '"a" ,b']]],
    ['an unclosed quote at the end of the file', 'a,b\nc,"d', [[['a', 'b'], false, 1], [['c', 'd'], true, 2, 'c,"d']]],
    ['an unclosed quote before good rows: only its line is lost', 'a,"b\nc,d\ne,f\n', [[['a', 'b'], true, 1, 'a,"b'], [['c', 'd'], false, 2], [['e', 'f'], false, 3]]],
    ['an unclosed quote closed by a later row\'s quote: cut back to its line', 'a,"b\nc,d\ne,"f"\n', [[['a', 'b'], true, 1, 'a,"b'], [['c', 'd'], false, 2], [['e', 'f'], false, 3]]],
    ['an undoubled quote in a multi-line cell: each broken line alone', '"当事人称"不知情"，\n经查属实",x\nc,d\n', [[['当事人称"不知情"，'], true, 1], [['经查属实"', 'x'], true, 2], [['c', 'd'], false, 3]]],
    ['a broken row that spans lines: cut back to its first line', '"x\ny"z,w\nq,r\n', [[['x'], true, 1, '"x'], [['y"z', 'w'], true, 2], [['q', 'r'], false, 3]]],
    ['a lone quote line', '"\na,b\n', [[[''], true, 1, '"'], [['a', 'b'], false, 2]]],
  ]
  it.each(BROKEN)('marks %s as broken and reads on', (_name, text, expected) => {
    expect(shape(parseCsvText(text))).toEqual(expand(expected))
  })

  it('cuts an unclosed quote back to its line after maxRecordLines lines, and keeps a multi-line cell within the bound', () => {
    const body = Array.from({ length: 6 }, (_, i) => `r${i},v${i}`).join('\n')
    // The quote of line 1 would close at line 8 (`",e`): a 8-line record, past the bound of 5.
    const text = `a,"b\n${body}\n",e\nok,1\n`
    expect(shape(parseCsvText(text, { maxRecordLines: 5 }))).toEqual(expand([
      [['a', 'b'], true, 1, 'a,"b'],
      ...Array.from({ length: 6 }, (_, i): Expected => [[`r${i}`, `v${i}`], false, i + 2]),
      [[',e'], true, 8, '",e'], // its own quote is never closed before the end of the file
      [['ok', '1'], false, 9],
    ]))
    // The same record within the bound is one good record.
    expect(shape(parseCsvText(text, { maxRecordLines: 10 }))).toEqual(expand([[['a', `b\n${body}\n`, 'e'], false, 1], [['ok', '1'], false, 9]]))
  })

  it('cuts an unclosed quote back to its line after maxRecordChars characters', () => {
    const text = `a,"b\n${'x'.repeat(50)}\n"\nc,d\n`
    expect(shape(parseCsvText(text, { maxRecordChars: 20 }))).toEqual(expand([
      [['a', 'b'], true, 1], [['x'.repeat(50)], false, 2], [[''], true, 3, '"'], [['c', 'd'], false, 4],
    ]))
  })
})

describe('CsvLineParser across chunks', () => {
  const TRICKY = '\uFEFF名称,"代码",备注\r\n' +
    '"宁夏""金凤""商贸",91640100,"第一行\r\n第二行"\r\n' +
    '\r\n' +
    'a,,\n' +
    '"x,y",z,"""引"""\r' +
    '坏"引号,b,c\n' +
    '"宁夏"金凤,d,e\r\n' +
    '=SUM(A1),"",\n' +
    'u,"未闭合\n' +
    'v,w,"末"'

  it('splits the tricky sample the way the whole text is split', () => {
    const whole = parseCsvText(TRICKY)
    expect(whole.map((r) => r.line)).toEqual([1, 2, 5, 6, 7, 8, 9, 10, 11])
    expect(whole.map((r) => r.broken)).toEqual([false, false, false, false, true, true, false, true, false])
    expect(whole[1]!.cells).toEqual(['宁夏"金凤"商贸', '91640100', '第一行\r\n第二行'])
  })

  it('gives the same records for the tricky sample split into two chunks at every index', () => {
    const whole = parseCsvText(TRICKY)
    for (let i = 0; i <= TRICKY.length; i++) {
      expect(parsePieces([TRICKY.slice(0, i), TRICKY.slice(i)]), `split at ${i}`).toEqual(whole)
    }
  })

  it('gives the same records for the tricky sample split into three chunks at every pair of indexes', () => {
    const whole = parseCsvText(TRICKY)
    for (let i = 0; i <= TRICKY.length; i++) {
      for (let j = i; j <= TRICKY.length; j++) {
        const got = parsePieces([TRICKY.slice(0, i), TRICKY.slice(i, j), TRICKY.slice(j)])
        if (JSON.stringify(got) !== JSON.stringify(whole)) expect(got, `split at ${i}, ${j}`).toEqual(whole)
      }
    }
  })

  it('gives the same records for the tricky sample fed one character at a time', () => {
    expect(parsePieces([...TRICKY])).toEqual(parseCsvText(TRICKY))
  })

  it.each([
    ['default limits', {}],
    ['tight limits', { maxRecordLines: 2, maxRecordChars: 6 }],
  ])('gives the same records for random text in random chunks (%s)', (_name, limits) => {
    let seed = 7
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n)
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\r', '\n', '\r\n', '中', ' ']
    for (let t = 0; t < 3000; t++) {
      let text = ''
      for (let k = rnd(40); k > 0; k--) text += alphabet[rnd(alphabet.length)]
      const whole = parseCsvText(text, limits)
      const i = rnd(text.length + 1)
      const j = i + rnd(text.length - i + 1)
      const split = parsePieces([text.slice(0, i), text.slice(i, j), text.slice(j)], limits)
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `${JSON.stringify(text)} split at ${i}, ${j}`).toEqual(whole)
      const chars = parsePieces([...text], limits)
      if (JSON.stringify(chars) !== JSON.stringify(whole)) expect(chars, `${JSON.stringify(text)} char by char`).toEqual(whole)
      // Every record's raw text is in the input, and well-formed records re-read the same.
      for (const r of whole) {
        expect(text.includes(r.raw)).toBe(true)
        if (!r.broken) expect(parseCsvText(r.raw, limits).map((x) => x.cells)).toEqual([r.cells])
      }
    }
  })

  it('emits the rows after an unclosed quote before the input ends', () => {
    const p = new CsvLineParser({ maxRecordLines: 10 })
    const out: CsvRecord[] = []
    p.push('a,"b\n', out)
    for (let i = 0; i < 30; i++) p.push(`r${i},v\n`, out)
    expect(out.length).toBeGreaterThan(15)
    expect(out[0]).toMatchObject({ cells: ['a', 'b'], broken: true, line: 1 })
    expect(out[1]).toMatchObject({ cells: ['r0', 'v'], broken: false, line: 2 })
  })

  it('cuts a record that is still open past maxRecordChars before the input ends', () => {
    const p = new CsvLineParser({ maxRecordChars: 20 })
    const out = p.push(`a,"b\nc",${'x'.repeat(50)}`)
    expect(shape(out)).toEqual(expand([[['a', 'b'], true, 1, 'a,"b']]))
    expect(shape(p.end())).toEqual(expand([[['c"', 'x'.repeat(50)], true, 2]]))
  })

  it('throws CsvLineTooLongError for a line past maxLineChars instead of holding it', () => {
    const p = new CsvLineParser({ maxLineChars: 100 })
    expect(p.push('a,b\n' + 'x'.repeat(60))).toHaveLength(1)
    expect(() => p.push('y'.repeat(60))).toThrow(CsvLineTooLongError)
  })

  it.each([
    ['UTF-8', 'utf8' as const, (s: string) => Buffer.from(s, 'utf8')],
    ['GB18030', 'gb18030' as const, (s: string) => factory.encodeGb18030(s)],
  ])('decodes %s characters split across byte chunks', async (_name, encoding, encode) => {
    const text = encoding === 'utf8' ? TRICKY : TRICKY.replace('\uFEFF', '')
    const bytes = encode(text)
    const whole = parseCsvText(text)
    for (let i = 0; i <= bytes.length; i++) {
      const out: CsvRecord[] = []
      for await (const batch of csvRecordBatches(decodeChunks(from([bytes.subarray(0, i), bytes.subarray(i)]), encoding))) out.push(...batch)
      expect(out, `split at byte ${i}`).toEqual(whole)
    }
  })
})

describe('round trip against csv-parse', () => {
  /** A deterministic generator of awkward cells. */
  function rows(n: number, seed: number): string[][] {
    let s = seed
    const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32)
    const pieces = ['宁夏', '金凤区', '商贸', 'abc', ' ', ',', '"', '\n', '\r\n', '""', '=SUM(A1)', '-1', '91640100MA7RGYEG4B', '（有限公司）', '😀', '']
    const out: string[][] = []
    for (let r = 0; r < n; r++) {
      const width = 2 + Math.floor(rnd() * 6)
      const row: string[] = []
      for (let c = 0; c < width; c++) {
        let cell = ''
        const len = Math.floor(rnd() * 5)
        for (let k = 0; k < len; k++) cell += pieces[Math.floor(rnd() * pieces.length)]
        row.push(cell)
      }
      out.push(row)
    }
    return out
  }
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

  it('reads 10,000 well-formed rows as csv-parse does, in whole and in odd chunks', async () => {
    const data = rows(10_000, 42)
    const text = data.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n'
    const reference = parseSync(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]
    expect(reference).toEqual(data)
    const whole = parseCsvText(text)
    expect(whole.map((r) => r.cells)).toEqual(reference)
    expect(whole.every((r) => !r.broken)).toBe(true)
    const chunks: string[] = []
    for (let i = 0, k = 1; i < text.length; k = (k * 7 + 3) % 997 + 1) chunks.push(text.slice(i, (i += k)))
    expect((await parseChunks(chunks)).map((r) => r.cells)).toEqual(reference)
  })
})

describe('openCsvReader with the hand-written parser', () => {
  const dir = factory.tempDir()
  afterAll(() => dir.remove())
  const resolved = new CatalogIndex(1, loadBundledCatalog().document).get('administrative_penalty')!

  async function read(text: string): Promise<RawRecord[]> {
    const path = dir.file(`r${Math.random().toString(36).slice(2)}.csv`)
    writeFileSync(path, text)
    const reader = await openCsvReader(path, resolved, 'utf8', 'test.csv')
    const out: RawRecord[] = []
    for await (const r of reader.records) out.push(r)
    return out
  }

  it('quarantines an unclosed quote alone and reads the rows after it', async () => {
    const recs = await read('企业名称,行政处罚决定文书号\r\n甲,"一号\r\n乙,二号\r\n"丙",三号\r\n')
    expect(recs.map((r) => [r.position, r.issue?.code, r.values.decision_document_number])).toEqual([
      [2, 'RECORD_CSV_MALFORMED', '一号'], [3, undefined, '二号'], [4, undefined, '三号'],
    ])
    expect(recs[0]!.raw).toMatchObject({ _line: '甲,"一号' })
  })

  it('refuses a file without line ends as unreadable', async () => {
    const path = dir.file('one-line.csv')
    writeFileSync(path, '企业名称,' + '很长'.repeat(4.5 * 1024 * 1024))
    await expect(openCsvReader(path, resolved, 'utf8', 'one-line.csv')).rejects.toMatchObject({ code: 'INGEST_FILE_UNREADABLE' })
  })

  it('flags extra non-empty cells and ignores extra empty ones', async () => {
    const recs = await read('企业名称,行政处罚决定文书号\n甲,一号,,\n乙,二号,多\n')
    expect(recs.map((r) => r.issue?.code)).toEqual([undefined, 'RECORD_TOO_MANY_CELLS'])
    expect(recs[1]!.raw).toMatchObject({ _line: '乙,二号,多' })
  })
})

/**
 * `node --import tsx bench/csv-parse.bench.ts [--records 100000] [--runs 5]`
 *
 * The CSV reader's parser (src/ingest/readers/csv-lines.ts) against csv-parse configured as the reader used it
 * (raw + info + relax_quotes + skip_records_with_error), in the same run, on the ingest benchmark's file of
 * 行政许可信息 (administrative_license, ~430 bytes of mostly Chinese text per row) and on a variant in which every
 * 10th row has a quoted cell with a comma and doubled quotes and every 100th a line break inside a cell.
 *
 * Three levels, each the median of --runs runs, alternating the two parsers:
 * - parse: text chunks already decoded in memory → records (the parser alone);
 * - file: file → read stream → UTF-8 decoding → records;
 * - reader: file → RawRecords as the batch runner receives them (header mapping, rowToValues, row checks).
 * Absolute figures move with the machine's load; read the ratios.
 */
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse'
import { loadBundledCatalog } from '../src/catalog/catalog-document.js'
import { CatalogIndex } from '../src/catalog/catalog-index.js'
import { demoItemRows, writeItemFile } from '../src/demo/index.js'
import { CsvLineParser, csvRecordBatches, decodeChunks } from '../src/ingest/readers/csv-lines.js'
import { openCsvReader } from '../src/ingest/readers/csv-reader.js'
import { mapHeaders, rowToValues } from '../src/ingest/readers/header-map.js'
import { decodingStream } from '../src/ingest/readers/text-decoding.js'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback
}
const RECORDS = Number(arg('records', '100000'))
const RUNS = Number(arg('runs', '5'))
const ITEM = 'administrative_license'
const SEED = 20221119
const READ_CHUNK = 256 * 1024
const catalog = new CatalogIndex(1, loadBundledCatalog().document)
const resolved = catalog.get(ITEM)!
const item = resolved.item

async function makeFile(quoted: boolean): Promise<string> {
  const dir = join('bench', '.data')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${ITEM}-${RECORDS}-${SEED}${quoted ? '-quoted' : ''}.csv`)
  if (existsSync(path)) return path
  function* rows() {
    let n = 0
    for (const r of demoItemRows({ seed: SEED, subjects: 10_000_000, item })) {
      if (n >= RECORDS) return
      n++
      if (quoted && n % 10 === 0) {
        const content = String(r.license_content ?? '')
        yield { ...r, license_content: n % 100 === 0 ? `${content}，\n（以"许可证"为准）` : `${content}，经营项目以"许可证"为准, 见附件` }
      } else yield r
    }
  }
  const t = Date.now()
  await writeItemFile({ path, item, rows: rows(), format: 'csv', header: 'zh', encoding: 'utf8' })
  console.log(`generated ${path} (${(statSync(path).size / 1048576).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  return path
}

const CSV_PARSE_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, skip_records_with_error: true, raw: true, info: true } as const

/** Text chunks as the file stream delivers them, decoded once up front. */
function decodedChunks(path: string): string[] {
  const bytes = readFileSync(path)
  const d = new TextDecoder('utf-8')
  const out: string[] = []
  for (let i = 0; i < bytes.length; i += READ_CHUNK) out.push(d.decode(bytes.subarray(i, i + READ_CHUNK), { stream: true }))
  out.push(d.decode())
  return out
}

type Run = () => Promise<number>

const ours = {
  parse: (chunks: string[]): Run => async () => {
    const p = new CsvLineParser()
    let n = 0
    let cells = 0
    for (const c of chunks) {
      const out = p.push(c)
      n += out.length
      for (const r of out) cells += r.cells.length
    }
    n += p.end().length
    return cells > 0 ? n : -1
  },
  file: (path: string): Run => async () => {
    let n = 0
    for await (const batch of csvRecordBatches(decodeChunks(createReadStream(path, { highWaterMark: READ_CHUNK }), 'utf8'))) n += batch.length
    return n
  },
  reader: (path: string): Run => async () => {
    const r = await openCsvReader(path, resolved, 'utf8', path)
    let n = 1
    for await (const _ of r.records) n++
    return n
  },
}

const csvParse = {
  parse: (chunks: string[]): Run => async () => {
    const parser = parse(CSV_PARSE_OPTIONS)
    let n = 0
    parser.on('data', (r: { record: string[]; raw: string }) => {
      n++
      if (r.raw.includes('"')) r.raw.replace(/\r?\n?$/, '')
    })
    const done = new Promise<void>((resolve, reject) => parser.on('end', resolve).on('error', reject))
    for (const c of chunks) parser.write(c)
    parser.end()
    await done
    return n
  },
  file: (path: string): Run => async () => {
    const parser = createReadStream(path, { highWaterMark: READ_CHUNK }).pipe(decodingStream('utf8')).pipe(parse(CSV_PARSE_OPTIONS))
    let n = 0
    for await (const _ of parser) n++
    return n
  },
  /** The loop of the former reader: csv-parse with raw + info, rowToValues, the raw line re-checked when quoted. */
  reader: (path: string): Run => async () => {
    const parser = createReadStream(path, { highWaterMark: READ_CHUNK }).pipe(decodingStream('utf8')).pipe(parse(CSV_PARSE_OPTIONS))
    const it = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; raw: string }>
    const first = await it.next()
    const map = mapHeaders(resolved, first.value.record, path)
    async function* records() {
      for (;;) {
        const next = await it.next()
        if (next.done) return
        const { values, raw } = rowToValues(map, next.value.record)
        const line = next.value.raw.replace(/\r?\n?$/, '')
        yield line.includes('"') ? { values, raw: { ...raw, _line: line } } : { values, raw }
      }
    }
    let n = 1
    for await (const _ of records()) n++
    return n
  },
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function compare(label: string, a: Run, b: Run) {
  const times: [number[], number[]] = [[], []]
  let rows: [number, number] = [0, 0]
  await a()
  await b() // warm-up
  for (let r = 0; r < RUNS; r++) {
    for (const [k, fn] of (r % 2 ? [[1, b], [0, a]] : [[0, a], [1, b]]) as Array<[0 | 1, Run]>) {
      const t = performance.now()
      rows[k] = await fn()
      times[k].push(performance.now() - t)
    }
  }
  const rate = (k: 0 | 1) => Math.round(rows[k] / (median(times[k]) / 1000))
  if (rows[0] !== rows[1]) console.log(`  !! record counts differ: ${rows[0]} vs ${rows[1]}`)
  console.log(`  ${label.padEnd(7)} csv-lines ${rate(0).toLocaleString().padStart(9)} rows/s   csv-parse ${rate(1).toLocaleString().padStart(9)} rows/s   ratio ${(rate(0) / rate(1)).toFixed(2)}   (${rows[0]} records, median of ${RUNS})`)
  return { ours: rate(0), csvParse: rate(1) }
}

for (const quoted of [false, true]) {
  const path = await makeFile(quoted)
  const size = statSync(path).size
  console.log(`\n${path}: ${(size / 1048576).toFixed(1)} MB, ${RECORDS} rows + header${quoted ? ' (10 % quoted, 1 % multi-line)' : ''}`)
  const chunks = decodedChunks(path)
  await compare('parse', ours.parse(chunks), csvParse.parse(chunks))
  await compare('file', ours.file(path), csvParse.file(path))
  await compare('reader', ours.reader(path), csvParse.reader(path))
}
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (holds the decoded chunks of the parse level)`)

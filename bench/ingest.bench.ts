/**
 * `npm run bench:ingest [-- --records 1000000] [-- --skip-pglite]`
 *
 * One million records of 行政许可信息 (administrative_license: 18 fields, Chinese texts, sealed ID numbers) from a
 * CSV file, with full validation, into the PostgreSQL server and into PGlite on disk. In the same run, the baseline:
 * a raw COPY of the very rows the hub stored, into a table of the same shape (records.record: primary key, unique
 * content index, batch index), on each database. The ratio ingest/COPY is the figure to watch; absolute numbers
 * move with the machine's load.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { createXinshu, type Xinshu } from '../src/app/xinshu.js'
import { openDatabase } from '../src/core/db/open-database.js'
import { copyText } from '../src/core/db/database.js'
import { loadBundledCatalog } from '../src/catalog/catalog-document.js'
import { demoItemRows, writeItemFile } from '../src/demo/index.js'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback
}
const RECORDS = Number(arg('records', '1000000'))
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const ITEM = 'administrative_license'
const SEED = 20221119
const DATA_KEY = randomBytes(16)
const COLUMNS = 'subject_key, item_key, record_key, version, content_hash, data, warnings, batch_id, provider, method, catalog_version, received_at, superseded_at, superseded_by'

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200)
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000))

async function makeFile(): Promise<string> {
  const dir = join('bench', '.data')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${ITEM}-${RECORDS}-${SEED}.csv`)
  if (existsSync(path)) return path
  const item = loadBundledCatalog().document.categories.flatMap((c) => c.items).find((i) => i.key === ITEM)!
  function* rows() {
    let n = 0
    for (const r of demoItemRows({ seed: SEED, subjects: 10_000_000, item })) {
      if (n++ >= RECORDS) return
      yield r
    }
  }
  const t = Date.now()
  await writeItemFile({ path, item, rows: rows(), format: 'csv', header: 'zh', encoding: 'utf8' })
  console.log(`generated ${path} (${mb(statSync(path).size)}) in ${((Date.now() - t) / 1000).toFixed(1)} s`)
  return path
}

async function ingest(x: Xinshu, file: string) {
  const t = Date.now()
  const cpu = process.cpuUsage()
  const s = await x.ingest.ingestFile({ path: file, itemKey: ITEM, createdBy: 'bench' })
  const ms = Date.now() - t
  const used = process.cpuUsage(cpu)
  // CPU seconds of this process (reading, validating, sealing, serialising; and PGlite itself when embedded):
  // compared with the wall time it says whether the database or the parser held the pipeline up.
  return { ...s, ms, rate: rate(s.received, ms), nodeCpuMs: Math.round((used.user + used.system) / 1000) }
}

async function serverRun(file: string) {
  const name = `xinshu_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: SERVER })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  try {
    const x = await createXinshu({ dataKey: DATA_KEY }, await openDatabase({ databaseUrl: url.toString() }))
    const r = await ingest(x, file)
    await x.close()
    // Baseline: the stored rows, dumped and copied raw into a table of the same shape.
    const c = new pg.Client({ connectionString: url.toString() })
    await c.connect()
    const dump = join(tmpdir(), `${name}.copy`)
    await pipeline(c.query(copyTo(`COPY (select ${COLUMNS} from records.record) TO STDOUT`)), createWriteStream(dump))
    await c.query('create table public.copy_baseline (like records.record including all)')
    const t = Date.now()
    await pipeline(createReadStream(dump, { highWaterMark: 1 << 20 }), c.query(copyFrom(`COPY public.copy_baseline (${COLUMNS}) FROM STDIN`)))
    const copyMs = Date.now() - t
    const [{ n }] = (await c.query('select count(*)::int as n from public.copy_baseline')).rows as [{ n: number }]
    await c.end()
    rmSync(dump, { force: true })
    return { ...r, copyRows: n, copyRate: rate(n, copyMs), copyMs }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

async function pgliteRun(file: string) {
  const dir = mkdtempSync(join(tmpdir(), 'xinshu-bench-pglite-'))
  try {
    const db = await openDatabase({ dataDir: dir })
    const x = await createXinshu({ dataKey: DATA_KEY }, db)
    const r = await ingest(x, file)
    // Baseline on PGlite: the stored rows copied back in, in 50,000-row COPYs (a single blob of a million rows
    // would measure PGlite's memory, not COPY).
    const cols = COLUMNS.split(', ')
    const rows = await db.query<Record<string, string | null>>(`select ${cols.map((c) => `${c}::text as ${c}`).join(', ')} from records.record`)
    const chunks: string[] = []
    for (let i = 0; i < rows.length; i += 50_000) chunks.push(rows.slice(i, i + 50_000).map((r) => cols.map((c) => copyText(r[c])).join('\t') + '\n').join(''))
    await db.exec('create table public.copy_baseline (like records.record including all)')
    const t = Date.now()
    for (const text of chunks) await db.copyFrom('public.copy_baseline', cols, text)
    const copyMs = Date.now() - t
    await x.close()
    return { ...r, copyRows: rows.length, copyRate: rate(rows.length, copyMs), copyMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const file = await makeFile()
console.log(`file: ${file}, ${mb(statSync(file).size)}, ${RECORDS} records`)
const results: Record<string, unknown> = { records: RECORDS, item: ITEM, fileBytes: statSync(file).size, at: new Date().toISOString() }
for (const [label, run] of [['postgres', serverRun], ['pglite', pgliteRun]] as const) {
  if (label === 'pglite' && args.includes('--skip-pglite')) continue
  peakRss = process.memoryUsage().rss
  const r = await run(file)
  results[label] = { ...r, peakRss }
  console.log(`\n${label}: ingest ${r.received} records (${r.stored} stored, ${r.quarantined} quarantined, ${r.duplicates} duplicates) in ${(r.ms / 1000).toFixed(1)} s = ${r.rate.toLocaleString()} records/s (Node CPU ${(r.nodeCpuMs / 1000).toFixed(1)} s)`)
  console.log(`${label}: raw COPY of the ${r.copyRows} stored rows into the same table shape: ${(r.copyMs / 1000).toFixed(1)} s = ${r.copyRate.toLocaleString()} rows/s`)
  console.log(`${label}: ratio ingest / raw COPY = ${(r.rate / r.copyRate).toFixed(2)}   peak RSS ${mb(peakRss)}`)
}
clearInterval(sampler)
mkdirSync(join('bench', '.results'), { recursive: true })
const out = join('bench', '.results', `ingest-${Date.now()}.json`)
writeFileSync(out, JSON.stringify(results, null, 2))
console.log(`\nresults: ${out}`)

/**
 * `npm run bench:query [-- --subjects 300000] [-- --queries 20000] [-- --concurrency 10] [-- --reuse] [-- --keep]`
 *
 * Authorized profile queries with their audit writes, on the PostgreSQL server, at Ningxia's scale: 300,000 subjects
 * of the demo generator and every record it makes for them with a year of monthly snapshots (about 10 million), loaded
 * straight into records.record / registry.subject with COPY (no per-row validation: this measures queries, not
 * collection; `bench:ingest` measures that). A bank holds a live `view` grant from every enterprise.
 *
 * Then, from `--concurrency` queries in flight over one connection pool, in the same run:
 *  - baseline: a bare primary-key SELECT of one record (the cheapest read there is);
 *  - profile: `profiles.read(bank, uscc)`: grants, subject, every current record, the cut, masking, and the audit
 *    entry (SM3-chained, group-committed) written before the answer is returned;
 *  - baseline again; the ratio uses the mean of the two baselines, because this machine's noise is larger than the
 *    difference between runs.
 *
 * `--reuse` keeps using an already loaded database of the same size (`xinshu_bench_query_<subjects>`); `--keep`
 * leaves it in place at the end. Figures go to stdout and to bench/.data/query-<subjects>.json.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { once } from 'node:events'
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { cpus } from 'node:os'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { copyText } from '../src/core/db/database.js'
import { hmacSm3, seal, sm3 } from '../src/core/crypto.js'
import { beijingAt } from '../src/core/beijing-time.js'
import { loadBundledCatalog } from '../src/catalog/catalog-document.js'
import type { CatalogItem } from '../src/catalog/catalog.types.js'
import { validateUscc } from '../src/registry/uscc.js'
import { demoRecordStream, type DemoStreamEntry } from '../src/demo/records.js'
import { DEMO_REFERENCE_DATE } from '../src/demo/subjects.js'

const SEED = 20221119
/** A fixed key, so that a reused database's sealed IDs and person keys stay readable. */
const DATA_KEY = Buffer.alloc(16, 0x5a)
const BANK = '宁夏银行股份有限公司'
const RECORD_COLUMNS = ['subject_key', 'item_key', 'record_key', 'version', 'content_hash', 'data', 'warnings', 'batch_id', 'provider', 'method', 'catalog_version', 'received_at', 'superseded_at', 'superseded_by']

/** Monthly snapshots of monthly items (tax, social insurance …) per subject: a year, as a hub that has run one holds. */
const MONTHLY_HISTORY = 12

interface WorkerInput {
  url: string
  from: number
  count: number
  batches: Record<string, string>
}

interface WorkerOutput {
  records: number
  subjects: number
}

// ---------------------------------------------------------------------------------------------------------------
// Worker: generates one range of subjects and COPYs their rows on its own connection.

const line = (values: Array<string | number | null>) => values.map(copyText).join('\t') + '\n'

async function loadRange(input: WorkerInput): Promise<WorkerOutput> {
  const doc = loadBundledCatalog().document
  const items = new Map<string, CatalogItem>(doc.categories.flatMap((c) => c.items).map((i) => [i.key, i]))
  const plan = new Map([...items.values()].map((item) => {
    const codeField = item.subject?.code ?? (item.fields.some((f) => f.key === 'uscc') ? 'uscc' : undefined)
    const nameField = item.subject?.name ?? item.fields.find((f) => f.key === 'entity_name' || f.key === 'entity_name_zh')?.key
    const idFields = item.fields.filter((f) => f.type === 'id_number').map((f) => f.key)
    return [item.key, { item, codeField, nameField, idFields, identity: item.identity ?? [], provider: item.responsibleUnits[0]! }]
  }))
  const client = new pg.Client({ connectionString: input.url })
  await client.connect()
  await client.query('set synchronous_commit = off')
  const stream = client.query(copyFrom(`COPY records.record (${RECORD_COLUMNS.join(', ')}) FROM STDIN`))
  const done = once(stream, 'finish')
  let buffer = ''
  const write = async (text: string) => {
    buffer += text
    if (buffer.length < 256 * 1024) return
    const chunk = buffer
    buffer = ''
    if (!stream.write(chunk)) await once(stream, 'drain')
  }

  const subjects = new Map<string, string>() // subject_key → subject line
  const names: string[] = []
  const reference = beijingAt(DEMO_REFERENCE_DATE, '10:00').getTime()
  let records = 0
  let contentSeq = input.from * 1000
  let current: DemoStreamEntry[] = []

  // One subject's records mostly repeat its own code: remember the last few answers.
  const keys = new Map<string, { key: string; kind: 'organization' | 'person' }>()
  const keyOf = (value: string): { key: string; kind: 'organization' | 'person' } => {
    let k = keys.get(value)
    if (!k) {
      k = validateUscc(value).ok ? { key: value, kind: 'organization' } : { key: 'P:' + hmacSm3(DATA_KEY, value).slice(0, 40), kind: 'person' }
      if (keys.size > 64) keys.clear()
      keys.set(value, k)
    }
    return k
  }
  const isOrgCode = (v: string) => keyOf(v).kind === 'organization'

  // Times of collection: the current version now, each earlier one a month before (monthly snapshots).
  const MONTH = 30 * 86_400_000
  const isoBack = Array.from({ length: 400 }, (_, k) => new Date(reference - k * MONTH).toISOString())
  const providerCell = new Map([...plan].map(([k, p]) => [k, copyText(p.provider)]))

  async function flushSubject(entries: DemoStreamEntry[]): Promise<void> {
    // Versions: records of one (subject key, item, record key) in stream order; all but the last superseded. The
    // stream gives one subject's records item by item, so records of one identity are never far apart.
    const groups = new Map<string, Array<{ subjectKey: string; itemKey: string; recordKey: string; data: string }>>()
    for (const e of entries) {
      const p = plan.get(e.itemKey)!
      const rec = e.record
      const out: Record<string, unknown> = {}
      for (const k in rec) {
        const v = rec[k]
        if (v !== null) out[k] = v
      }
      for (const f of p.idFields) {
        const v = out[f]
        if (typeof v === 'string' && !isOrgCode(v)) out[f] = seal(DATA_KEY, v)
      }
      const code = p.codeField ? (rec[p.codeField] as string | null) : null
      const name = p.nameField ? (rec[p.nameField] as string | null) : null
      let subjectKey: string
      if (code) {
        const k = keyOf(code)
        subjectKey = k.key
        if (!subjects.has(subjectKey)) {
          const org = k.kind === 'organization'
          subjects.set(subjectKey, line([subjectKey, org ? code : null, k.kind, name, org ? code.slice(0, 2) : null, org ? code.slice(2, 8) : null]))
          if (name) names.push(line([subjectKey, name]))
        }
      } else {
        subjectKey = 'N:' + name
        if (!subjects.has(subjectKey)) subjects.set(subjectKey, line([subjectKey, null, 'unidentified', name, null, null]))
      }
      // Records filed under a name or a person (no USCC) can collide between demo subjects that the real collection
      // path would version together; here they stay apart, keyed by the demo subject, since only enterprises are queried.
      let identity = ''
      for (let i = 0; i < p.identity.length; i++) identity += (i ? '\u001f' : '') + String(rec[p.identity[i]!] ?? '')
      const recordKey = subjectKey.charCodeAt(1) === 58 /* ':' */ ? `${identity}\u001f#${e.subjectIndex}` : identity
      const g = subjectKey + '\u0000' + e.itemKey + '\u0000' + recordKey
      const list = groups.get(g)
      const row = { subjectKey, itemKey: e.itemKey, recordKey, data: JSON.stringify(out) }
      if (list) list.push(row)
      else groups.set(g, [row])
    }
    let text = ''
    for (const list of groups.values()) {
      const n = list.length
      for (let i = 0; i < n; i++) {
        const r = list[i]!
        const back = Math.min(n - 1 - i, isoBack.length - 1)
        const batch = input.batches[r.itemKey]!
        const superseded = i < n - 1 ? isoBack[Math.max(0, back - 1)]! : '\\N'
        // The content hash only has to be unique per record identity here (the unique index): a counter will do.
        text += copyText(r.subjectKey) + '\t' + r.itemKey + '\t' + copyText(r.recordKey) + '\t' + (i + 1) + '\tbench-' + (contentSeq++).toString(36) + '\t' +
          copyText(r.data) + '\t\\N\t' + batch + '\t' + providerCell.get(r.itemKey)! + '\tapi\t1\t' + isoBack[back]! + '\t' + superseded + '\t' +
          (i < n - 1 ? batch : '\\N') + '\n'
        records++
      }
    }
    await write(text)
  }

  for (const e of demoRecordStream({ seed: SEED, subjects: input.count, from: input.from, catalog: doc, monthlyMax: MONTHLY_HISTORY })) {
    if (current.length && current[0]!.subjectIndex !== e.subjectIndex) {
      await flushSubject(current)
      current = []
    }
    current.push(e)
  }
  if (current.length) await flushSubject(current)
  if (buffer) stream.write(buffer)
  stream.end()
  await done
  const copy = async (table: string, columns: string[], rows: string[]) => {
    const s = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
    const f = once(s, 'finish')
    for (let i = 0; i < rows.length; i += 5000) if (!s.write(rows.slice(i, i + 5000).join(''))) await once(s, 'drain')
    s.end()
    await f
  }
  await copy('registry.subject', ['subject_key', 'uscc', 'kind', 'name', 'entity_type', 'division_code'], [...subjects.values()])
  await copy('registry.subject_name', ['subject_key', 'name'], names)
  await client.end()
  return { records, subjects: subjects.size }
}

if (!isMainThread) {
  loadRange(workerData as WorkerInput).then((r) => parentPort!.postMessage(r), (err) => {
    console.error(err)
    process.exit(1)
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Main

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] && !args[i + 1]!.startsWith('--') ? args[i + 1]! : fallback
}
const flag = (name: string) => args.includes(`--${name}`)

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

async function run<T>(label: string, n: number, concurrency: number, keys: readonly string[], one: (key: string) => Promise<T>) {
  const lat = new Float64Array(n)
  let next = 0
  let cursor = Math.floor(Math.random() * keys.length)
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = next++
      if (i >= n) return
      const key = keys[(cursor = (cursor + 7919) % keys.length)]!
      const t = performance.now()
      await one(key)
      lat[i] = performance.now() - t
    }
  }))
  const seconds = (performance.now() - t0) / 1000
  lat.sort()
  const r = { label, queries: n, qps: n / seconds, p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat[n - 1]! }
  console.log(`  ${label.padEnd(28)} ${fmt(r.qps, 0).padStart(8)} q/s   p50 ${fmt(r.p50, 2).padStart(7)} ms   p99 ${fmt(r.p99, 2).padStart(7)} ms   max ${fmt(r.max, 1)} ms`)
  return r
}

/**
 * The bench database of `subjects` demo subjects (about 33 records each with a year of monthly snapshots), loaded by
 * COPY on `workers` threads, or reused when `reuse` and one of that size is in place. Shared by the benches that need
 * Ningxia's records at scale (`bench:query`, `bench:evaluation`).
 */
export async function loadBenchDatabase(opts: { subjects: number; workers: number; reuse: boolean; server: string }): Promise<{ url: string; name: string; reused: boolean; load: { seconds: number; records: number; subjects: number; indexSeconds: number } }> {
  const SUBJECTS = opts.subjects
  const WORKERS = opts.workers
  const SERVER = opts.server
  const name = `xinshu_bench_query_${SUBJECTS}`
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const admin = new pg.Client({ connectionString: SERVER })
  await admin.connect()
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0
  const reuse = opts.reuse && exists && (await loaded(url.toString(), SUBJECTS))
  const load = { seconds: 0, records: 0, subjects: 0, indexSeconds: 0 }

  const { openPostgresDatabase } = await import('../src/core/db/postgres-database.js')
  const { migrate } = await import('../src/core/db/migrate.js')
  const { createXinshu } = await import('../src/app/xinshu.js')

  if (!reuse) {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name}`)
    console.log(`loading ${SUBJECTS.toLocaleString()} subjects into ${name} with ${WORKERS} worker(s) …`)
    const setup = await openPostgresDatabase(url.toString(), 2)
    await migrate(setup)
    const x = await createXinshu({ dataKey: DATA_KEY }, setup)
    const batches: Record<string, string> = {}
    for (const { item } of x.catalog.current().items.values()) {
      const id = randomUUID()
      batches[item.key] = id
      await setup.query(`insert into ingest.provider (name) values ($1) on conflict do nothing`, [item.responsibleUnits[0]])
      await setup.query(`insert into ingest.batch (id, item_key, provider, method, catalog_version, source, status, created_by, finished_at)
        values ($1, $2, $3, 'api', 1, 'bench:query', 'completed', 'bench', now())`, [id, item.key, item.responsibleUnits[0]])
    }
    // Indexes are built once after the load, which is several times faster than maintaining them row by row: the
    // migrations' own definitions are read here, dropped, and made again from the same definitions afterwards.
    const indexes = await setup.query<{ tbl: string; name: string; def: string; con: string | null; condef: string | null }>(
      `select i.indrelid::regclass::text as tbl, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def,
              c.conname as con, pg_get_constraintdef(c.oid) as condef
       from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('p', 'u')
       where i.indrelid in ('records.record'::regclass, 'registry.subject'::regclass, 'registry.subject_name'::regclass)`)
    await setup.exec(indexes.map((i) => (i.con ? `alter table ${i.tbl} drop constraint ${i.con}` : `drop index ${i.name}`)).join(';\n'))
    const t0 = performance.now()
    const per = Math.ceil(SUBJECTS / WORKERS)
    let shown = 0
    const progress = setInterval(() => {
      shown += 10
      process.stdout.write(`  … ${shown} s\n`)
    }, 10_000)
    const outs = await Promise.all(Array.from({ length: WORKERS }, (_, w) => new Promise<WorkerOutput>((resolve, reject) => {
      const from = w * per
      const count = Math.min(per, SUBJECTS - from)
      // A worker does not inherit tsx's loader on Node 20: it registers it first, as bin/xinshu.js does.
      const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
      const worker = new Worker(boot, { eval: true, workerData: { url: url.toString(), from, count, batches } satisfies WorkerInput })
      worker.once('message', resolve)
      worker.once('error', reject)
      worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
    })))
    clearInterval(progress)
    load.records = outs.reduce((n, o) => n + o.records, 0)
    load.seconds = (performance.now() - t0) / 1000
    console.log(`  COPY: ${load.records.toLocaleString()} records in ${fmt(load.seconds)} s (${fmt(load.records / load.seconds, 0)} rows/s)`)
    const t1 = performance.now()
    await setup.exec(`set maintenance_work_mem = '1GB'; set max_parallel_maintenance_workers = 2;
      delete from registry.subject a using registry.subject b where a.subject_key = b.subject_key and a.ctid > b.ctid;
      delete from registry.subject_name a using registry.subject_name b where a.subject_key = b.subject_key and a.name = b.name and a.ctid > b.ctid;
      ${indexes.map((i) => (i.con ? `alter table ${i.tbl} add constraint ${i.con} ${i.condef}` : i.def)).join(';\n')};
      analyze`)
    load.indexSeconds = (performance.now() - t1) / 1000
    load.subjects = Number((await setup.query<{ n: string }>(`select count(*) as n from registry.subject where kind = 'organization'`))[0]!.n)
    console.log(`  indexes and ANALYZE: ${fmt(load.indexSeconds)} s; ${load.subjects.toLocaleString()} enterprises`)
    // The bank and one live view grant per enterprise, covering every category.
    const categories = x.catalog.current().document.categories.map((c) => c.key)
    await x.access.createAccount({ username: 'bench-bank', displayName: '宁夏银行 压测', role: 'institution', organization: BANK })
    await setup.query(
      `insert into access.data_grant (id, subject_key, institution, categories, mode, purpose, valid_until, status, evidence, decided_at)
       select gen_random_uuid(), subject_key, $1, $2::text[], 'view', '融资', now() + interval '1 year', 'active', $3::jsonb, now()
       from registry.subject where kind = 'organization'`,
      [BANK, categories, JSON.stringify({ by: 'bench', how: 'api', statement: 'bench', statementHash: '' })],
    )
    await setup.exec(`create table public.bench_meta as select ${SUBJECTS}::int as subjects, ${load.records}::bigint as records, ${MONTHLY_HISTORY}::int as monthly_history; analyze`)
    await setup.close()
  } else {
    console.log(`reusing ${name}`)
  }
  await admin.end()

  return { url: url.toString(), name, reused: reuse, load }
}

async function main(): Promise<void> {
  const SUBJECTS = Number(arg('subjects', '300000'))
  const QUERIES = Number(arg('queries', '20000'))
  const CONCURRENCY = Number(arg('concurrency', '10'))
  const WORKERS = Number(arg('workers', String(Math.max(1, Math.min(2, cpus().length)))))
  const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const { url: loadedUrl, name, reused: reuse, load } = await loadBenchDatabase({ subjects: SUBJECTS, workers: WORKERS, reuse: flag('reuse'), server: SERVER })
  const url = new URL(loadedUrl)
  const { openPostgresDatabase } = await import('../src/core/db/postgres-database.js')
  const { createXinshu } = await import('../src/app/xinshu.js')

  // ---- queries ----------------------------------------------------------------------------------------------------
  const db = await openPostgresDatabase(url.toString(), CONCURRENCY + 2)
  if (reuse) await addNewMigrations(db)
  const x = await createXinshu({ dataKey: DATA_KEY }, db)
  const [meta] = await db.query<{ records: string }>('select records from public.bench_meta')
  const records = Number(meta!.records)
  const keys = (await db.query<{ subject_key: string }>(`select subject_key from registry.subject where kind = 'organization'`)).map((r) => r.subject_key)
  const account = await x.access.findAccount('bench-bank')
  const bank = { accountId: account!.id, username: 'bench-bank', displayName: '宁夏银行 压测', role: 'institution' as const, organization: BANK, via: 'api_key' as const, scopes: [] }
  console.log(`warming the cache (${records.toLocaleString()} records) …`)
  await db.query('select count(*) from records.record')
  const auditBefore = Number((await db.query<{ n: string }>('select count(*) as n from audit.entry'))[0]!.n)

  const sample = await x.profiles.read(bank, keys[0]!)
  const recordsShown = sample.categories.flatMap((c) => c.items).reduce((n, i) => n + i.records.length, 0)
  const warm = Math.min(2000, QUERIES)
  await run('(warm-up) profile', warm, CONCURRENCY, keys, (k) => x.profiles.read(bank, k))
  await run('(warm-up) primary-key SELECT', warm, CONCURRENCY, keys, (k) => db.query(`select data from records.record where subject_key = $1 and item_key = 'business_license' and record_key = '' and version = 1`, [k]))

  console.log(`measuring: ${QUERIES.toLocaleString()} queries each, ${CONCURRENCY} in flight, pool of ${CONCURRENCY + 2}`)
  const pk = (k: string) => db.query(`select data from records.record where subject_key = $1 and item_key = 'business_license' and record_key = '' and version = 1`, [k])
  const base1 = await run('primary-key SELECT', QUERIES, CONCURRENCY, keys, pk)
  const profile = await run('profile + audit (bank, view)', QUERIES, CONCURRENCY, keys, (k) => x.profiles.read(bank, k))
  const base2 = await run('primary-key SELECT (again)', QUERIES, CONCURRENCY, keys, pk)
  const baselineQps = (base1.qps + base2.qps) / 2
  await x.audit.flush()
  const auditAfter = Number((await db.query<{ n: string }>('select count(*) as n from audit.entry'))[0]!.n)
  const t = performance.now()
  const chain = await x.audit.verifyChain()
  const verifySeconds = (performance.now() - t) / 1000

  const result = {
    at: new Date().toISOString(),
    database: 'postgres ' + (await db.query<{ v: string }>(`select current_setting('server_version') as v`))[0]!.v,
    subjects: SUBJECTS, enterprises: keys.length, records, concurrency: CONCURRENCY, queries: QUERIES,
    load: reuse ? null : load,
    recordsPerProfile: recordsShown,
    baseline: { first: base1, second: base2, meanQps: baselineQps },
    profile,
    ratio: profile.qps / baselineQps,
    audit: { written: auditAfter - auditBefore, chainOk: chain.ok, chainLength: chain.checked, verifySeconds },
  }
  console.log(`\nprofile/baseline = ${fmt(result.ratio * 100, 1)} %; audit entries written ${result.audit.written.toLocaleString()}; ` +
    `chain of ${chain.checked.toLocaleString()} verified in ${fmt(verifySeconds)} s (${chain.ok ? 'intact' : 'BROKEN'})`)
  console.log(`\n| subjects | records | in flight | profile q/s | p50 ms | p99 ms | PK SELECT q/s | ratio |\n|---|---|---|---|---|---|---|---|\n` +
    `| ${SUBJECTS.toLocaleString()} | ${records.toLocaleString()} | ${CONCURRENCY} | ${fmt(profile.qps, 0)} | ${fmt(profile.p50, 2)} | ${fmt(profile.p99, 2)} | ${fmt(baselineQps, 0)} | ${fmt(result.ratio * 100, 1)} % |`)
  mkdirSync(join('bench', '.data'), { recursive: true })
  writeFileSync(join('bench', '.data', `query-${SUBJECTS}.json`), JSON.stringify(result, null, 2))
  await x.close()
  if (!flag('keep') && !flag('reuse')) {
    const a = new pg.Client({ connectionString: SERVER })
    await a.connect()
    await a.query(`drop database if exists ${name} with (force)`)
    await a.end()
  }
}

/**
 * A reused database gets the migrations added since it was loaded (a server function, an index), applied as `migrate`
 * would. Only new files: a reused bench database is not the place to stop on an older migration's changed checksum.
 */
export async function addNewMigrations(db: import('../src/core/db/database.js').Database): Promise<void> {
  const dir = new URL('../src/core/db/migrations/', import.meta.url)
  const done = new Set((await db.query<{ name: string }>('select name from public.xinshu_migration')).map((r) => r.name))
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    if (done.has(file)) continue
    const text = readFileSync(new URL(file, dir), 'utf8')
    await db.transaction(async (tx) => {
      await tx.exec(text)
      await tx.query('insert into public.xinshu_migration (name, checksum) values ($1, $2)', [file, sm3(text)])
    })
    console.log(`  applied ${file}`)
  }
}

/** Whether the database holds a completed load of this size. */
async function loaded(url: string, subjects: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    // A database loaded with another history is not the one asked for (an older one has no such column: reloaded).
    const r = await c.query('select subjects, monthly_history from public.bench_meta')
    return r.rows[0]?.subjects === subjects && r.rows[0]?.monthly_history === MONTHLY_HISTORY
  } catch {
    return false
  } finally {
    await c.end()
  }
}

// Run only as the entry script: bench:evaluation imports the loader.
if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}

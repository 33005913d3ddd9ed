/**
 * `npm run bench:evaluation [-- --subjects 300000] [-- --rescore 1000] [-- --page 5000] [-- --reuse] [-- --keep]`
 * (or `BENCH_EVALUATION_SUBJECTS=30000`)
 *
 * The credit evaluation at Ningxia's scale on the PostgreSQL server: the demo generator's subjects with every record it
 * makes for them (about 33 each with a year of monthly snapshots: 300,000 → about 10 million), loaded by COPY with the
 * loader of `bench:query` (not counted; `--reuse` keeps an already loaded database of that size, the same one
 * `bench:query` uses). Then, in one run:
 *  - baseline: one SQL aggregation pass over the same current records (count and newest time per subject), the
 *    cheapest read of every record there is, twice (before and after), the ratio against their mean;
 *  - the full evaluation: every subject's aggregates by the set-based pass, scored in JavaScript, written (first run:
 *    every score is new);
 *  - the full evaluation again (nothing changed: no writes) for the read-and-score cost alone;
 *  - incremental rescoring of `--rescore` random subjects, one at a time: p50 / p99.
 * Figures go to stdout and to bench/.data/evaluation-<subjects>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpus, loadavg } from 'node:os'
import pg from 'pg'
import { addNewMigrations, loadBenchDatabase } from './query.bench.js'

const args = process.argv.slice(2)
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] && !args[i + 1]!.startsWith('--') ? args[i + 1]! : fallback
}
const flag = (name: string) => args.includes(`--${name}`)
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const DATA_KEY = Buffer.alloc(16, 0x5a)

async function main(): Promise<void> {
  const SUBJECTS = Number(arg('subjects', process.env.BENCH_EVALUATION_SUBJECTS ?? '300000'))
  const RESCORE = Number(arg('rescore', '1000'))
  const PAGE = Number(arg('page', '5000'))
  const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const loaded = await loadBenchDatabase({ subjects: SUBJECTS, workers: Math.max(1, Math.min(2, cpus().length)), reuse: flag('reuse'), server: SERVER })

  const { openPostgresDatabase } = await import('../src/core/db/postgres-database.js')
  const { createXinshu } = await import('../src/app/xinshu.js')
  const db = await openPostgresDatabase(loaded.url, 4)
  if (loaded.reused) await addNewMigrations(db)
  const x = await createXinshu({ dataKey: DATA_KEY }, db)
  // Every run starts from no scores, so the full run writes every subject's first score.
  await db.exec('truncate evaluation.score, evaluation.snapshot, evaluation.follower, evaluation.run')
  const records = Number((await db.query<{ n: string }>('select count(*) as n from records.record where superseded_at is null'))[0]!.n)
  console.log(`${SUBJECTS.toLocaleString()} subjects, ${records.toLocaleString()} current records; indicator system v${x.evaluation.current().version}: ` +
    `${x.evaluation.current().system.indicators.length} indicators over ${x.evaluation.current().system.aggregates.length} aggregates`)

  // Other work on the machine moves every figure here: the load average goes with them.
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ')
  const loadBefore = load()
  console.log(`  load average (1, 5, 15 min): ${loadBefore}`)

  const baseline = async () => {
    const t = performance.now()
    const r = await db.query<{ n: string }>(`select count(*) as n from (
      select subject_key, count(*), max(received_at) from records.record where superseded_at is null group by subject_key) s`)
    return { seconds: (performance.now() - t) / 1000, subjects: Number(r[0]!.n) }
  }
  await baseline() // warms the cache, as the measured passes will find it
  const base1 = await baseline()
  console.log(`  baseline: one SQL aggregation pass        ${fmt(base1.seconds, 2).padStart(8)} s  (${base1.subjects.toLocaleString()} subjects)`)

  let t = performance.now()
  const full = await x.evaluation.runAll('bench', { pageSize: PAGE })
  const fullSeconds = (performance.now() - t) / 1000
  console.log(`  full evaluation (first: all written)     ${fmt(fullSeconds, 2).padStart(8)} s  (${full.subjects.toLocaleString()} subjects, ${full.changed.toLocaleString()} scores written, ${fmt(full.subjects / fullSeconds, 0)} subjects/s)`)

  t = performance.now()
  const again = await x.evaluation.runAll('bench', { pageSize: PAGE })
  const againSeconds = (performance.now() - t) / 1000
  console.log(`  full evaluation (again: nothing changed) ${fmt(againSeconds, 2).padStart(8)} s  (${again.changed} written)`)

  const base2 = await baseline()
  console.log(`  baseline again                           ${fmt(base2.seconds, 2).padStart(8)} s`)
  const baseSeconds = (base1.seconds + base2.seconds) / 2

  const keys = (await db.query<{ subject_key: string }>(`select subject_key from registry.subject where kind = 'organization' order by random() limit $1`, [RESCORE])).map((r) => r.subject_key)
  for (const k of keys.slice(0, 50)) await x.evaluation.rescore([k]) // warm-up
  const lat = new Float64Array(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const s = performance.now()
    await x.evaluation.rescore([keys[i]!])
    lat[i] = performance.now() - s
  }
  lat.sort()
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!
  const rescore = { n: keys.length, p50: pct(50), p99: pct(99), max: lat[lat.length - 1]! }
  console.log(`  incremental rescore, one subject         p50 ${fmt(rescore.p50, 2)} ms   p99 ${fmt(rescore.p99, 2)} ms   max ${fmt(rescore.max, 1)} ms  (${rescore.n})`)

  const result = {
    at: new Date().toISOString(),
    database: 'postgres ' + (await db.query<{ v: string }>(`select current_setting('server_version') as v`))[0]!.v,
    subjects: SUBJECTS, scored: full.subjects, records, page: PAGE, load: loaded.reused ? null : loaded.load,
    baseline: { first: base1.seconds, second: base2.seconds, meanSeconds: baseSeconds },
    full: { seconds: fullSeconds, written: full.changed, ratio: fullSeconds / baseSeconds },
    again: { seconds: againSeconds, ratio: againSeconds / baseSeconds },
    rescore,
    loadAverage: { before: loadBefore, after: load() },
  }
  console.log(`  load average (1, 5, 15 min): ${result.loadAverage.after}`)
  console.log(`\nfull evaluation / baseline = ${fmt(result.full.ratio, 2)}× (unchanged rerun ${fmt(result.again.ratio, 2)}×); aim: full < 60 s, rescore p99 < 50 ms`)
  console.log(`\n| subjects | records | full s | rerun s | baseline s | ratio | rescore p50 ms | p99 ms | load avg |\n|---|---|---|---|---|---|---|---|---|\n` +
    `| ${full.subjects.toLocaleString()} | ${records.toLocaleString()} | ${fmt(fullSeconds)} | ${fmt(againSeconds)} | ${fmt(baseSeconds, 2)} | ${fmt(result.full.ratio, 2)}× | ${fmt(rescore.p50, 2)} | ${fmt(rescore.p99, 2)} | ${loadBefore.split(' ')[0]}–${result.loadAverage.after.split(' ')[0]} |`)
  mkdirSync(join('bench', '.data'), { recursive: true })
  writeFileSync(join('bench', '.data', `evaluation-${SUBJECTS}.json`), JSON.stringify(result, null, 2))
  await x.close()
  if (!flag('keep') && !flag('reuse')) {
    const a = new pg.Client({ connectionString: SERVER })
    await a.connect()
    await a.query(`drop database if exists ${loaded.name} with (force)`)
    await a.end()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

/**
 * `npm run bench:financing [-- --needs 300000] [-- --products 2000] [-- --workers 2] [-- --database-url postgres://…]`
 *
 * Matching at a provincial station's scale: `--products` published products (2,000 by default), each with an amount,
 * term and region range and three to six eligibility rules drawn from the kinds a bank writes (tax grade, years in
 * business, no dishonest-debtor record, no penalty within N months, VAT paid ≥ a threshold), and `--needs` needs
 * (300,000 at full scale), each from its own enterprise with its own records.
 *
 *  - match: `matchProducts` (the product's own code path) judges all products for one need and writes the reasons,
 *    rule by rule, for the `--limit` best (50); the needs are shared among `--workers` threads (2 by default, one
 *    per core); needs/s is all needs over the wall time, p99 is of the time per need;
 *  - one by one: the same matching without the prepared shelf (`matchProductsOneByOne`, every product's rules
 *    judged afresh, as the first version did) on `--reference-needs` needs (1,000), one thread: the speed-up;
 *  - baseline: the same rules compiled into one SQL query per need (every product's rules as one boolean column of
 *    a VALUES list over the enterprise's facts in a table), on PGlite in memory or on the server given by
 *    `--database-url` (in a scratch schema, dropped at the end). The baseline runs on a sample of the needs
 *    (`--sql-needs`, 200 by default) because it is the slow side; its per-need mean gives the ratio.
 *
 * Both sides must agree on which products pass for every sampled need; the run fails if they do not.
 * Figures go to stdout and to bench/.data/financing-<needs>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { startTsWorker } from '../src/core/workers/ts-worker.js'
import { loadBundledCatalog } from '../src/catalog/catalog-document.js'
import { CatalogIndex } from '../src/catalog/catalog-index.js'
import { openDatabase } from '../src/core/db/open-database.js'
import { createRng } from '../src/demo/random.js'
import { matchProducts, matchProductsOneByOne, type EligibilityFacts, type EligibilityRule, type ProductVersion } from '../src/financing/index.js'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}
const NEEDS = Number(arg('needs', '300000'))
const PRODUCTS = Number(arg('products', '2000'))
/** What the enterprise's page lists, with reasons (the route's default page is 20; its bound is 100). */
const LIMIT = Number(arg('limit', '50'))
const SQL_NEEDS = Math.min(NEEDS, Number(arg('sql-needs', '200')))
const WORKERS = Math.max(1, Number(arg('workers', '2')))
const REFERENCE_NEEDS = Math.min(NEEDS, Number(arg('reference-needs', '1000')))
const DATABASE_URL = arg('database-url', process.env.DATABASE_URL ?? '')
const TODAY = '2026-06-01'
const REGIONS = ['640000', '640100', '640104', '640106', '640200', '640300', '640400', '640500']
const DIVISIONS = ['640104', '640105', '640106', '640122', '640202', '640302', '640402', '640502']
const catalog = new CatalogIndex(1, loadBundledCatalog().document)

// ---------------------------------------------------------------------------------------------------------------
// Products and enterprises, from a fixed seed.

function makeProducts(): ProductVersion[] {
  const rng = createRng(20_260_601)
  return Array.from({ length: PRODUCTS }, (_, i) => {
    const rules: EligibilityRule[] = [{ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: rng.chance(0.5) ? ['A'] : ['A', 'B'] }]
    rules.push({ kind: 'years_since', item: 'business_license', field: 'establishment_date', op: 'gte', years: rng.int(1, 5) })
    if (rng.chance(0.8)) rules.push({ kind: 'no_record', item: 'dishonest_judgment_debtor' })
    if (rng.chance(0.6)) rules.push({ kind: 'no_record', item: 'administrative_penalty', withinMonths: rng.int(6, 36), dateField: 'decision_date' })
    if (rng.chance(0.7)) rules.push({ kind: 'aggregate', item: 'tax_payment', field: 'vat_paid_last_12_months', fn: 'max', op: 'gte', value: rng.int(1, 200) * 1_000_000 })
    const min = rng.int(1, 50) * 1_000_000
    return {
      id: `p${String(i).padStart(5, '0')}`, version: 1, institution: `银行${i % 40}`, status: 'published', type: 'tax', name: `产品${i}`, description: '',
      amountMinFen: min, amountMaxFen: min + rng.int(1, 300) * 1_000_000, termMinMonths: rng.int(1, 12), termMaxMonths: rng.int(12, 60),
      rateMinBp: rng.int(300, 500), rateMaxBp: 600, repaymentWays: ['equal_installment'], regions: [REGIONS[rng.int(0, REGIONS.length - 1)]!], guaranteeRequired: false,
      rules, reviewReason: null, reviewedBy: null, reviewedAt: null, createdAt: TODAY, updatedAt: TODAY,
    } satisfies ProductVersion
  })
}

interface Enterprise {
  need: { amountFen: number; termMonths: number; collateral: null; divisionCode: string }
  grade: string
  established: string
  debtor: boolean
  penalty: string | null
  vatYuan: string
}

function enterprise(n: number): Enterprise {
  const rng = createRng(7, n)
  return {
    need: { amountFen: rng.int(5, 300) * 1_000_000, termMonths: rng.int(3, 48), collateral: null, divisionCode: DIVISIONS[rng.int(0, DIVISIONS.length - 1)]! },
    grade: ['A', 'B', 'M', 'C'][rng.int(0, 3)]!,
    established: rng.dateBetween('2005-01-01', '2026-01-01'),
    debtor: rng.chance(0.05),
    penalty: rng.chance(0.3) ? rng.dateBetween('2022-01-01', '2026-05-31') : null,
    vatYuan: `${rng.int(0, 3_000_000)}.00`,
  }
}

function factsOf(e: Enterprise): EligibilityFacts {
  const at = '2026-05-01T00:00:00Z'
  const records = new Map<string, Array<{ values: Record<string, unknown>; receivedAt: string }>>([
    ['tax_credit_rating', [{ values: { tax_credit_grade: e.grade, rating_year: 2025 }, receivedAt: at }]],
    ['business_license', [{ values: { establishment_date: e.established }, receivedAt: at }]],
    ['tax_payment', [{ values: { vat_paid_last_12_months: e.vatYuan }, receivedAt: at }]],
  ])
  if (e.debtor) records.set('dishonest_judgment_debtor', [{ values: { case_number: 'x' }, receivedAt: at }])
  if (e.penalty) records.set('administrative_penalty', [{ values: { decision_date: e.penalty }, receivedAt: at }])
  return { today: TODAY, records }
}

// ---------------------------------------------------------------------------------------------------------------
// The SQL baseline: each product's rules and terms as one boolean expression over the facts table.

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`
const fact = (item: string, extra: string) => `exists (select 1 from bench_financing.fact f where f.subject = $1 and f.item = ${lit(item)}${extra ? ' and ' + extra : ''})`

function monthsBefore(months: number): string {
  const d = new Date(`${TODAY}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

function ruleSql(r: EligibilityRule): string {
  switch (r.kind) {
    case 'field': return fact(r.item, `f.data->>${lit(r.field)} in (${(r.value as string[]).map((v) => lit(String(v))).join(', ')})`)
    case 'years_since': return fact(r.item, `(f.data->>${lit(r.field)})::date <= date ${lit(TODAY)} - interval '${r.years} years'`)
    case 'no_record': return `not ${fact(r.item, r.withinMonths ? `f.data->>${lit(r.dateField!)} >= ${lit(monthsBefore(r.withinMonths))}` : '')}`
    case 'aggregate': return `coalesce((select max(round((f.data->>${lit(r.field)})::numeric * 100)) from bench_financing.fact f where f.subject = $1 and f.item = ${lit(r.item)}) >= ${r.value}, false)`
    default: throw new Error(`no SQL for ${r.kind}`)
  }
}

function productSql(p: ProductVersion): string {
  const prefix = p.regions[0]!.replace(/(00)+$/, '')
  const terms = [`$2::bigint between ${p.amountMinFen} and ${p.amountMaxFen}`, `$3::int between ${p.termMinMonths} and ${p.termMaxMonths}`, `$4::text like ${lit(prefix + '%')}`]
  return `(${lit(p.id)}, ${[...terms, ...p.rules.map(ruleSql)].join(' and ')})`
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** One thread's share of the needs: times per need, and the passing sets of the sampled needs it holds. */
interface Share { from: number; to: number }
interface ShareResult { times: Float64Array; passes: Array<[number, string[]]>; evaluations: number }

function matchShare(products: ProductVersion[], { from, to }: Share): ShareResult {
  const times = new Float64Array(to - from)
  const passes: Array<[number, string[]]> = []
  let evaluations = 0
  for (let n = from; n < to; n++) {
    const e = enterprise(n)
    const s = performance.now()
    const facts = factsOf(e)
    matchProducts(e.need, products, facts, catalog, LIMIT)
    times[n - from] = performance.now() - s
    evaluations += products.length
    // The passing set to compare with SQL: every product judged, not only the listed ones (outside the timing).
    if (n < SQL_NEEDS) passes.push([n, matchProducts(e.need, products, facts, catalog).filter((m) => m.outcome === 'pass').map((m) => m.product.id).sort()])
  }
  return { times, passes, evaluations }
}

// A worker thread: builds the same products from the seed, waits for the start, matches its share.
if (!isMainThread) {
  const products = makeProducts()
  matchProducts(enterprise(0).need, products, factsOf(enterprise(0)), catalog, LIMIT) // prepares the shelf before the clock starts
  parentPort!.postMessage({ ready: true })
  parentPort!.once('message', () => {
    const r = matchShare(products, (workerData as { data: Share }).data)
    parentPort!.postMessage(r, [r.times.buffer as ArrayBuffer])
  })
}

async function matchInWorkers(): Promise<{ ms: number } & ShareResult> {
  const per = Math.ceil(NEEDS / WORKERS)
  const workers = Array.from({ length: WORKERS }, (_, w) => startTsWorker(new URL(import.meta.url), { from: w * per, to: Math.min(NEEDS, (w + 1) * per) } satisfies Share))
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject) })))
  const t0 = performance.now()
  const results = await Promise.all(workers.map((w) => new Promise<ShareResult>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); w.postMessage('go') })))
  const ms = performance.now() - t0
  await Promise.all(workers.map((w) => w.terminate()))
  const times = new Float64Array(NEEDS)
  let at = 0
  for (const r of results) { times.set(r.times, at); at += r.times.length }
  return { ms, times, passes: results.flatMap((r) => r.passes), evaluations: results.reduce((a, r) => a + r.evaluations, 0) }
}

async function main(): Promise<void> {
  const products = makeProducts()
  const load = loadavg().map((l) => +l.toFixed(2))
  console.log(`financing bench: ${products.length} products, ${NEEDS} needs on ${WORKERS} thread(s) (SQL baseline on ${SQL_NEEDS}, ${DATABASE_URL ? 'PostgreSQL server' : 'PGlite in memory'}; load ${load.join(' ')})`)

  // The first version's way, one product at a time, on a sample: the speed-up of the prepared shelf.
  const r0 = performance.now()
  for (let n = 0; n < REFERENCE_NEEDS; n++) { const e = enterprise(n); matchProductsOneByOne(e.need, products, factsOf(e), catalog, LIMIT) }
  const referenceMean = (performance.now() - r0) / Math.max(1, REFERENCE_NEEDS)

  // Match in the worker threads.
  const matched = await matchInWorkers()
  const matchMs = matched.ms
  const times = Array.from(matched.times).sort((a, b) => a - b)
  const passes: string[][] = []
  for (const [n, ids] of matched.passes) passes[n] = ids
  const evaluations = matched.evaluations

  // The same rules as one SQL query per need.
  const db = await openDatabase({ ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}), migrate: false })
  await db.exec('drop schema if exists bench_financing cascade; create schema bench_financing; create table bench_financing.fact (subject integer not null, item text not null, data jsonb not null); ')
  const rows: string[] = []
  for (let n = 0; n < SQL_NEEDS; n++) {
    const e = enterprise(n)
    for (const [item, list] of factsOf(e).records) for (const r of list) rows.push(`${n}\t${item}\t${JSON.stringify(r.values)}\n`)
  }
  await db.copyFrom('bench_financing.fact', ['subject', 'item', 'data'], rows.join(''))
  await db.exec('create index on bench_financing.fact (subject, item); analyze bench_financing.fact')
  const query = `select id from (values ${products.map(productSql).join(',\n')}) as p(id, ok) where ok order by id`
  const sqlTimes: number[] = []
  let disagreements = 0
  for (let n = 0; n < SQL_NEEDS; n++) {
    const e = enterprise(n)
    const s = performance.now()
    const got = (await db.query<{ id: string }>(query, [n, e.need.amountFen, e.need.termMonths, e.need.divisionCode])).map((r) => r.id)
    sqlTimes.push(performance.now() - s)
    if (got.join() !== passes[n]!.join()) disagreements++
  }
  await db.exec('drop schema bench_financing cascade')
  await db.close()
  sqlTimes.sort((a, b) => a - b)

  const mean = matchMs / NEEDS
  const perNeed = times.reduce((a, b) => a + b, 0) / times.length
  const sqlMean = sqlTimes.reduce((a, b) => a + b, 0) / sqlTimes.length
  const result = {
    products: PRODUCTS, needs: NEEDS, sqlNeeds: SQL_NEEDS, database: DATABASE_URL ? 'postgres' : 'pglite', workers: WORKERS, cpus: cpus().length, loadBefore: load, loadAfter: loadavg().map((l) => +l.toFixed(2)),
    match: { seconds: +(matchMs / 1000).toFixed(1), needsPerSecond: Math.round(1000 / mean), evaluationsPerSecond: Math.round((evaluations / matchMs) * 1000), meanMs: +perNeed.toFixed(3), p50Ms: +percentile(times, 50).toFixed(3), p99Ms: +percentile(times, 99).toFixed(3) },
    oneByOne: { needs: REFERENCE_NEEDS, needsPerSecond: Math.round(1000 / referenceMean), meanMs: +referenceMean.toFixed(3) },
    sql: { needsPerSecond: Math.round(1000 / sqlMean), meanMs: +sqlMean.toFixed(3), p99Ms: +percentile(sqlTimes, 99).toFixed(3) },
    ratio: +(sqlMean / perNeed).toFixed(2),
    disagreements,
  }
  console.log(`match (${WORKERS} thread(s)): ${NEEDS} needs in ${result.match.seconds} s = ${result.match.needsPerSecond} needs/s, ${result.match.evaluationsPerSecond} product evaluations/s; per need mean ${result.match.meanMs} ms, p50 ${result.match.p50Ms} ms, p99 ${result.match.p99Ms} ms`)
  console.log(`one by one (the first version's way, 1 thread, ${REFERENCE_NEEDS} needs): ${result.oneByOne.needsPerSecond} needs/s, mean ${result.oneByOne.meanMs} ms per need`)
  console.log(`baseline (one SQL query per need): ${result.sql.needsPerSecond} needs/s, mean ${result.sql.meanMs} ms, p99 ${result.sql.p99Ms} ms per need`)
  console.log(`ratio: matching is ${result.ratio}× the SQL baseline's speed (per need, one thread each); passing sets disagree on ${disagreements} of ${SQL_NEEDS} needs`)
  mkdirSync('bench/.data', { recursive: true })
  writeFileSync(`bench/.data/financing-${NEEDS}.json`, JSON.stringify(result, null, 2) + '\n')
  if (disagreements) process.exitCode = 1
}

if (isMainThread) await main()

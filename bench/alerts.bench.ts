/**
 * `npm run bench:alerts [-- --rate 1000] [-- --seconds 10] [-- --subjects 1000] [-- --database-url postgres://…/test]`
 *
 * 监测预警 latency on a PostgreSQL server: negative records (行政处罚) of watched subjects are committed through the
 * product's own ingest path at `--rate` records a second (batches of `--batch`, 50, every batch/rate seconds) for
 * `--seconds`; the monitoring worker (change feed → consumer → alert + outbox → signed webhook) delivers each alert
 * to a local HTTP receiver. Latency = webhook received − the writer's commit returned.
 *
 * Baseline, in the same script, same rate and receiver: a bare outbox round trip (insert into an outbox table +
 * NOTIFY in one transaction, a listener reads the new rows and POSTs each). The ratio says what the product's path
 * (change feed, classification, rules, alert, outbox, signing, retries bookkeeping) costs over the bare minimum.
 *
 * Each side runs in a scratch database created and dropped here. Figures go to stdout and bench/.data/alerts.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { openDatabase } from '../src/core/db/open-database.js'
import type { Sql } from '../src/core/index.js'
import { createXinshu } from '../src/app/xinshu.js'
import { factory } from '../test/factory.js'
import { startMonitoringWorker } from '../src/monitoring/monitoring.worker.js'
import { scratchDatabase } from './scratch-database.js'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}
const RATE = Number(arg('rate', '1000'))
const SECONDS = Number(arg('seconds', '10'))
const SUBJECTS = Number(arg('subjects', '1000'))
const BATCH = Number(arg('batch', '50'))
const ADMIN_URL = arg('database-url', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
const BANK = '宁夏银行股份有限公司'

/** Milliseconds since the epoch, sub-millisecond: comparable with the database's timestamps on this host. */
const wall = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN

/** A local webhook receiver: calls `onReceive(body, at)` for each POST, answers 200. */
async function receiver(onReceive: (body: string, at: number) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => {
      onReceive(body, wall())
      res.statusCode = 200
      res.end()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((r) => server.close(() => r())) }
}

/** Runs `write(i)` for batches at the rate; resolves when every expected receipt arrived (or timed out). */
async function drive(total: number, write: (from: number, n: number) => Promise<void>): Promise<void> {
  const batches = Math.ceil(total / BATCH)
  const every = (BATCH / RATE) * 1000
  const start = performance.now()
  const inflight: Array<Promise<void>> = []
  for (let b = 0; b < batches; b++) {
    const due = start + b * every
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    inflight.push(write(b * BATCH, Math.min(BATCH, total - b * BATCH)))
    if (inflight.length > 8) await inflight.shift()
  }
  await Promise.all(inflight)
}

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms
  while (!done() && performance.now() < until) await sleep(20)
}

function figures(label: string, committed: Map<string, number>, received: Map<string, number>) {
  const lat: number[] = []
  for (const [k, at] of received) {
    const c = committed.get(k)
    if (c !== undefined) lat.push(at - c)
  }
  lat.sort((a, b) => a - b)
  const out = { label, expected: committed.size, received: lat.length, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: lat.at(-1) ?? NaN }
  console.log(`${label.padEnd(34)} received ${String(out.received).padStart(6)}/${out.expected}  p50 ${out.p50.toFixed(1)} ms  p95 ${out.p95.toFixed(1)} ms  p99 ${out.p99.toFixed(1)} ms  max ${out.max.toFixed(1)} ms`)
  return out
}

async function product(total: number) {
  const db = await scratchDatabase(ADMIN_URL, 'alerts')
  const x = await createXinshu({ dataKey: Buffer.alloc(16, 7), monitoring: { worker: false, allowPrivateWebhooks: true, webhookConcurrency: 16 } }, await openDatabase({ databaseUrl: db.url }))
  const committed = new Map<string, number>()
  const received = new Map<string, number>()
  const hook = await receiver((body, at) => {
    const a = JSON.parse(body) as { alert: { recordKey: string } }
    if (!received.has(a.alert.recordKey)) received.set(a.alert.recordKey, at)
  })
  try {
    const subjects = Array.from({ length: SUBJECTS }, (_, i) => factory.uscc(100_000 + i))
    await x.db.transaction(async (tx) => {
      for (const [i, s] of subjects.entries()) await x.monitoring.service.onLoan(tx, { loanId: `L-${i}`, institution: BANK, uscc: s, status: 'active' })
    })
    const { createAccessService } = await import('../src/access/access.service.js')
    const access = createAccessService({ db: x.db })
    const id = await access.createAccount({ username: 'bank', displayName: BANK, role: 'institution', organization: BANK })
    const bank = (await access.openSession(id)).principal
    await x.monitoring.service.setWebhook(bank, { url: hook.url })
    // warm up: the first chunk of an item plans its statements
    await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [factory.penaltyRow({ uscc: subjects[0] })] })
    // The worker over a consumer that notes when each step began and committed (the stage breakdown below).
    const steps: Array<{ began: number; committed: number; alerts: number }> = []
    const consumer = { async step() { const began = wall(); const r = await x.monitoring.consumer.step(); if (r.alerts) steps.push({ began, committed: wall(), alerts: r.alerts }); return r } }
    const worker = await startMonitoringWorker({ db: x.db, consumer, sender: x.monitoring.sender }, { pollMs: 1000 })
    await sleep(500)
    received.clear()
    committed.clear()
    let n = 0
    await drive(total, async (from, count) => {
      const rows = Array.from({ length: count }, (_, i) => factory.penaltyRow({ uscc: subjects[(from + i) % SUBJECTS], decision_document_number: `银市监罚〔2026〕B${from + i}号` }))
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: rows })
      const at = wall()
      for (const r of rows) committed.set(String(r.decision_document_number), at)
      n += count
    })
    await waitFor(() => received.size >= n, 30_000)
    await worker.stop()
    // recordKey is the hashed identity; map back through the alerts' record keys
    const keys = await x.db.query<{ record_key: string; number: string }>(
      `select record_key, data->>'decision_document_number' as number from records.record where item_key = 'administrative_penalty'`)
    const byKey = new Map(keys.map((k) => [k.record_key, k.number]))
    const receivedByNumber = new Map([...received].map(([k, at]) => [byKey.get(k) ?? k, at]))
    const out = figures('product: record → alert → webhook', committed, receivedByNumber)
    await stages(x.db, committed, byKey, steps, received)
    return out
  } finally {
    await hook.close()
    await x.close()
    await db.drop()
  }
}

/**
 * Where the time goes, per alert (medians and p99 of each stage): commit → the consumer's step that raised it began
 * (change feed horizon, wake-up, a step already running) → that step committed (reading, classifying, writing the
 * alert and its delivery) → the webhook was received (sender wake-up, claim, signing, POST).
 */
async function stages(db: Sql, committed: Map<string, number>, byKey: Map<string, string>, steps: Array<{ began: number; committed: number; alerts: number }>, received: Map<string, number>) {
  const rows = await db.query<{ record_key: string; created: number }>(
    `select record_key, extract(epoch from created_at) * 1000 as created from monitoring.alert where item_key = 'administrative_penalty'`)
  const toStep: number[] = []
  const inStep: number[] = []
  const toReceiver: number[] = []
  const sorted = [...steps].sort((a, b) => a.began - b.began)
  for (const r of rows) {
    const c = committed.get(byKey.get(r.record_key) ?? '')
    const got = received.get(r.record_key)
    if (c === undefined || got === undefined) continue
    // the step whose transaction began at the alert's created_at: the last one that began before it (+1 ms of clock skew)
    let step: (typeof sorted)[number] | undefined
    for (const s of sorted) if (s.began <= Number(r.created) + 1) step = s
    if (!step) continue
    toStep.push(step.began - c)
    inStep.push(step.committed - step.began)
    toReceiver.push(got - step.committed)
  }
  const line = (label: string, xs: number[]) => {
    xs.sort((a, b) => a - b)
    console.log(`  ${label.padEnd(44)} p50 ${pct(xs, 50).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms`)
  }
  console.log(`  stages (${toStep.length} alerts, ${steps.length} consumer steps that raised alerts, ${(steps.reduce((a, s) => a + s.alerts, 0) / Math.max(1, steps.length)).toFixed(0)} alerts a step):`)
  line('commit → consumer step began', toStep)
  line('consumer step began → committed', inStep)
  line('consumer committed → webhook received', toReceiver)
}

async function baseline(total: number) {
  const db = await scratchDatabase(ADMIN_URL, 'alerts')
  const pool = new pg.Pool({ connectionString: db.url, max: 10 })
  const committed = new Map<string, number>()
  const received = new Map<string, number>()
  const hook = await receiver((body, at) => {
    const id = (JSON.parse(body) as { id: string }).id
    if (!received.has(id)) received.set(id, at)
  })
  const listener = new pg.Client({ connectionString: db.url })
  try {
    await pool.query(`create table outbox (seq bigserial primary key, id text not null, body text not null, sent boolean not null default false)`)
    await pool.query(`create function nudge() returns trigger language plpgsql as $$ begin perform pg_notify('outbox', ''); return null; end $$;
                      create trigger nudge after insert on outbox for each statement execute function nudge()`)
    await listener.connect()
    await listener.query('listen outbox')
    const { request } = await import('node:http')
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 16 })
    const post = (body: string) => new Promise<void>((resolve, reject) => {
      const req = request(hook.url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume()
        res.on('end', () => resolve())
      })
      req.on('error', reject)
      req.end(body)
    })
    let running = false
    let again = false
    const drain = async () => {
      if (running) { again = true; return }
      running = true
      do {
        again = false
        const rows = (await pool.query<{ seq: string; id: string; body: string }>(
          `update outbox set sent = true where seq in (select seq from outbox where not sent order by seq limit 500 for update skip locked) returning seq, id, body`)).rows
        let next = 0
        await Promise.all(Array.from({ length: 16 }, async () => { while (next < rows.length) await post(rows[next++]!.body) }))
        if (rows.length === 500) again = true
      } while (again)
      running = false
    }
    listener.on('notification', () => {
      drain().catch((err: Error) => {
        running = false
        console.error(`baseline: ${err.message}`)
      })
    })
    let n = 0
    await drive(total, async (from, count) => {
      const ids = Array.from({ length: count }, (_, i) => `B${from + i}-${randomUUID()}`)
      const c = await pool.connect()
      try {
        await c.query('begin')
        await c.query(`insert into outbox (id, body) select id, json_build_object('id', id)::text from unnest($1::text[]) as id`, [ids])
        await c.query('commit')
      } finally {
        c.release()
      }
      const at = wall()
      for (const id of ids) committed.set(id, at)
      n += count
    })
    await waitFor(() => received.size >= n, 30_000)
    // the last answers may still be on their way: closing their sockets now would fail those posts
    await waitFor(() => !running, 30_000)
    agent.destroy()
    return figures('baseline: bare outbox round trip', committed, received)
  } finally {
    await listener.end().catch(() => {})
    await pool.end()
    await hook.close()
    await db.drop()
  }
}

async function main(): Promise<void> {
  const total = RATE * SECONDS
  console.log(`bench:alerts — ${total} records at ${RATE}/s (batches of ${BATCH}), ${SUBJECTS} watched subjects; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const base = await baseline(total)
  const prod = await product(total)
  const ratio = prod.p99 / base.p99
  console.log(`ratio p99 product / baseline: ${ratio.toFixed(1)}×   target p99 < 1000 ms: ${prod.p99 < 1000 ? 'met' : 'NOT met'}`)
  mkdirSync('bench/.data', { recursive: true })
  writeFileSync('bench/.data/alerts.json', JSON.stringify({ at: new Date().toISOString(), rate: RATE, seconds: SECONDS, batch: BATCH, baseline: base, product: prod, ratio }, null, 2))
}

main().then(() => process.exit(0), (err) => {
  console.error(err)
  process.exit(1)
})

import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../core/index.js'
import { openTestDatabase, TEST_DATA_KEY, TEST_DIALECTS } from '../../test/databases.js'
import { factory, type Row } from '../../test/factory.js'

/**
 * The `xinshu ingest` command under the worst conditions: killed with SIGKILL in the middle of a large file, it
 * leaves a batch that is complete up to its last committed chunk (counters and rows agree, never half-counted),
 * and running the same command again continues that batch to the end, every row stored or quarantined once.
 * On the embedded database it hands the file to a running server, and refuses to share the folder with another
 * command.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'bin/xinshu.js')
const ITEM = 'administrative_penalty'
const ROWS = 60_000
const CHUNK = 5000
/** Every 97th row has a date that does not exist. */
const BAD_EVERY = 97
const BAD_ROWS = Math.ceil(ROWS / BAD_EVERY)
const LONG = 600_000

interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

interface Running {
  child: ChildProcess
  stdout(): string
  stderr(): string
  done: Promise<Finished>
}

const started = new Set<ChildProcess>()

/** Runs a command of the product as its own process (`node bin/xinshu.js …`, or the server), or `program`. */
function start(args: string[], env: Record<string, string>, program = process.execPath): Running {
  const base = { ...process.env }
  delete base.DATABASE_URL
  delete base.XINSHU_DATA_DIR
  const child = spawn(program, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  started.add(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')))
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')))
  const done = new Promise<Finished>((resolve) => child.once('close', (code, signal) => {
    started.delete(child)
    resolve({ code, signal, stdout: out, stderr: err })
  }))
  return { child, stdout: () => out, stderr: () => err, done }
}

const cli = (args: string[], env: Record<string, string>) => start([BIN, ...args], env)

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = LONG, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v !== undefined && v !== null && v !== false) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}

function bigCsv(path: string): void {
  const rows: Row[] = []
  for (let i = 0; i < ROWS; i++) rows.push(factory.penaltyRow(i % BAD_EVERY === 0 ? { decision_date: '2023-02-30' } : {}))
  factory.writeText(path, factory.csv(ITEM, rows))
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

const SUMMARY_KEYS = ['batchId', 'itemKey', 'provider', 'method', 'catalogVersion', 'status', 'received', 'stored', 'quarantined', 'quarantineRepeats', 'duplicates', 'resumed', 'warnings', 'format', 'encoding'].sort()

interface BatchCounters {
  id: string
  status: string
  received: number
  stored: number
  quarantined: number
  quarantine_repeats: number
  duplicates: number
  position: number
  in_records: number
  in_quarantine: number
}

const countersOf = async (db: Database) => db.query<BatchCounters>(
  `select b.id, b.status, b.received, b.stored, b.quarantined, b.quarantine_repeats, b.duplicates, b.position,
          (select count(*)::int from records.record r where r.batch_id = b.id) as in_records,
          (select count(*)::int from ingest.quarantine q where q.batch_id = b.id) as in_quarantine
   from ingest.batch b order by b.started_at`)

afterAll(() => {
  for (const child of started) child.kill('SIGKILL')
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the ingest command survives kill -9 and resumes`, () => {
    const dir = factory.tempDir('xinshu-crash-')
    const csvPath = dir.file('penalties-60k.csv')
    const dataDir = dir.file('data')
    let server: (Database & { url?: string }) | undefined
    let env: Record<string, string>
    let batchId: string

    /** The database as the test sees it: the server's (open throughout) or the data folder's (only while no command runs). */
    async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
      if (server) return fn(server)
      const db = await openDatabase({ dataDir })
      try {
        return await fn(db)
      } finally {
        await db.close()
      }
    }

    beforeAll(async () => {
      bigCsv(csvPath)
      const key = { XINSHU_DATA_KEY: TEST_DATA_KEY.toString('hex') }
      if (dialect === 'postgres') {
        server = await openTestDatabase('postgres')
        env = { ...key, DATABASE_URL: server.url!, XINSHU_DATA_DIR: dataDir }
      } else {
        env = { ...key, XINSHU_DATA_DIR: dataDir }
      }
    }, LONG)
    afterAll(async () => {
      await server?.close()
      dir.remove()
    })

    it('leaves a running batch whose counters equal exactly the rows it committed when killed after a chunk', async () => {
      const run = cli(['ingest', csvPath, '--item', ITEM, '--json'], env)
      if (dialect === 'postgres') {
        // Poll the batch from outside until a chunk has committed.
        await until('a committed chunk', async () => {
          const [b] = await server!.query<{ position: number }>('select position from ingest.batch')
          return b && b.position >= CHUNK ? true : undefined
        })
      } else {
        // PGlite admits one process: the command's progress line says a chunk has committed.
        await until('a progress line', () => (/progress: batch \S+ received \d+/.test(run.stderr()) ? true : undefined))
      }
      run.child.kill('SIGKILL')
      const end = await run.done
      expect(end.signal).toBe('SIGKILL')
      expect(end.stdout).toBe('')

      const batches = await withDb(countersOf)
      expect(batches).toHaveLength(1)
      const b = batches[0]!
      batchId = b.id
      expect(b.status).toBe('running')
      expect(b.position).toBeGreaterThanOrEqual(CHUNK)
      expect(b.position).toBeLessThan(ROWS)
      expect(b.position % CHUNK).toBe(0)
      expect(b.received).toBe(b.position)
      expect(b.stored).toBe(b.in_records)
      expect(b.quarantined - b.quarantine_repeats).toBe(b.in_quarantine)
      expect(b.duplicates).toBe(0)
      expect(b.received).toBe(b.stored + b.quarantined + b.duplicates)
    }, LONG)

    it('continues the batch when the same command runs again, prints its JSON summary, exits 0, and every row is stored or quarantined exactly once', async () => {
      const end = await cli(['ingest', csvPath, '--item', ITEM, '--json'], env).done
      expect(end.code, end.stderr).toBe(0)
      const s = JSON.parse(end.stdout.trim()) as Record<string, unknown>
      expect(Object.keys(s).sort()).toEqual(SUMMARY_KEYS)
      expect(s).toMatchObject({ batchId, resumed: true, status: 'completed', received: ROWS, stored: ROWS - BAD_ROWS, quarantined: BAD_ROWS, duplicates: 0, format: 'csv', encoding: 'utf8' })

      await withDb(async (db) => {
        const batches = await countersOf(db)
        expect(batches).toHaveLength(1)
        expect(batches[0]).toMatchObject({ id: batchId, status: 'completed', received: ROWS, stored: ROWS - BAD_ROWS, quarantined: BAD_ROWS, duplicates: 0, position: ROWS, in_records: ROWS - BAD_ROWS, in_quarantine: BAD_ROWS })
        const [r] = await db.query<{ rows: number; documents: number; versions: number }>(
          `select count(*)::int as rows, count(distinct record_key)::int as documents, max(version)::int as versions from records.record`)
        expect(r).toEqual({ rows: ROWS - BAD_ROWS, documents: ROWS - BAD_ROWS, versions: 1 })
        // The quarantined rows are the bad ones, each once, at its own CSV row (header = row 1).
        const q = await db.query<{ position: number }>('select position from ingest.quarantine order by position')
        expect(q.map((x) => x.position)).toEqual(Array.from({ length: BAD_ROWS }, (_, i) => i * BAD_EVERY + 2))
      })
    }, LONG)

    it('exits non-zero with a plain message for a file it cannot read', async () => {
      const end = await cli(['ingest', dir.file('missing.csv'), '--item', ITEM, '--json'], env).done
      expect(end.code).toBe(1)
      expect(end.stdout).toBe('')
      expect(end.stderr).toContain('无法读取文件')
      expect(end.stderr).toContain('Cannot read')
      expect(end.stderr).toContain('missing.csv')
      expect(end.stderr).not.toMatch(/\n\s+at /) // no stack trace
    }, LONG)
  })
}

if (TEST_DIALECTS.includes('pglite')) {
  describe('pglite: one process per data folder', () => {
    const dir = factory.tempDir('xinshu-lock-')
    const small = dir.file('small.csv')
    const big = dir.file('big.csv')
    const key = { XINSHU_DATA_KEY: TEST_DATA_KEY.toString('hex') }

    beforeAll(() => {
      factory.writeText(small, factory.csv(ITEM, [factory.penaltyRow(), factory.penaltyRow({ fine_amount: '1.234' }), factory.penaltyRow()]))
    })
    afterAll(() => {
      dir.remove()
    })

    it('hands the file to the server that holds the data folder and prints the same JSON summary', async () => {
      const dataDir = dir.file('served')
      const port = await freePort()
      const srv = start(['--import', 'tsx', 'src/http/server.ts'], { ...key, XINSHU_DEMO: '0', PORT: String(port), XINSHU_DATA_DIR: dataDir, XINSHU_LOG_LEVEL: 'warn' })
      try {
        await until('the server', async () => {
          if (srv.child.exitCode !== null) throw new Error(`server exited: ${srv.stderr()}`)
          const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)
          // The server writes its address and a token for local commands into the lock once it listens.
          const lock = existsSync(join(dataDir, 'xinshu.lock')) ? (JSON.parse(readFileSync(join(dataDir, 'xinshu.lock'), 'utf8')) as { token?: string }) : {}
          return ok && lock.token ? true : undefined
        }, LONG, 250)
        const end = await cli(['ingest', small, '--item', ITEM, '--json'], { ...key, XINSHU_DATA_DIR: dataDir }).done
        expect(end.code, end.stderr).toBe(0)
        const s = JSON.parse(end.stdout.trim()) as Record<string, unknown>
        expect(Object.keys(s).sort()).toEqual(SUMMARY_KEYS)
        expect(s).toMatchObject({ itemKey: ITEM, method: 'file', status: 'completed', received: 3, stored: 2, quarantined: 1, duplicates: 0, resumed: false, format: 'csv', encoding: 'utf8' })
        // The server did the work: it knows the batch, named after the file.
        const { token } = JSON.parse(readFileSync(join(dataDir, 'xinshu.lock'), 'utf8')) as { token: string }
        const res = await fetch(`http://127.0.0.1:${port}/api/ingest/batches/${String(s.batchId)}`, { headers: { authorization: `Bearer ${token}` } })
        expect(res.status).toBe(200)
        expect(await res.json()).toMatchObject({ id: s.batchId, source: 'small.csv', received: 3, status: 'completed' })
      } finally {
        srv.child.kill('SIGTERM')
        await srv.done
      }
    }, LONG)

    it('resumes the batch when the command is run again at once after kill -9, while the killed one is not yet reaped', async () => {
      const dataDir = dir.file('killed')
      bigCsv(big)
      // The command runs under a parent that never reaps it (sh execs into sleep): once killed it stays a zombie,
      // its pid still answering, as in the moments after `kill -9` before its parent collects it.
      const parent = start(['-c', '"$NODE" "$@" & echo $!; exec sleep 600', 'sh', BIN, 'ingest', big, '--item', ITEM, '--json'], { ...key, XINSHU_DATA_DIR: dataDir, NODE: process.execPath }, '/bin/sh')
      try {
        const pid = await until('the command pid', () => Number(/^(\d+)\n/.exec(parent.stdout())?.[1]) || undefined)
        await until('a progress line', () => {
          if (parent.child.exitCode !== null) throw new Error(`the command exited early: ${parent.stderr()}`)
          return /progress: batch \S+ received \d+/.test(parent.stderr()) ? true : undefined
        })
        process.kill(pid, 'SIGKILL')
        const again = await cli(['ingest', big, '--item', ITEM, '--json'], { ...key, XINSHU_DATA_DIR: dataDir }).done
        expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z /)
        expect(again.code, again.stderr).toBe(0)
        expect(JSON.parse(again.stdout.trim())).toMatchObject({ resumed: true, status: 'completed', received: ROWS, stored: ROWS - BAD_ROWS, quarantined: BAD_ROWS, duplicates: 0 })
      } finally {
        parent.child.kill('SIGKILL')
        await parent.done
      }
    }, LONG)

    it('tells a second command plainly that the data folder is in use by another command', async () => {
      const dataDir = dir.file('busy')
      bigCsv(big)
      const first = cli(['ingest', big, '--item', ITEM, '--json'], { ...key, XINSHU_DATA_DIR: dataDir })
      try {
        await until('the first command to hold the folder', () => {
          if (first.child.exitCode !== null) throw new Error(`first command exited early: ${first.stderr()}`)
          const path = join(dataDir, 'xinshu.lock')
          return existsSync(path) && (JSON.parse(readFileSync(path, 'utf8')) as { kind?: string }).kind === 'cli' ? true : undefined
        })
        const second = await cli(['ingest', small, '--item', ITEM, '--json'], { ...key, XINSHU_DATA_DIR: dataDir }).done
        expect(first.child.exitCode, 'the first command was still running').toBeNull()
        expect(second.code).toBe(1)
        expect(second.stdout).toBe('')
        expect(second.stderr).toContain('正被另一个命令')
        expect(second.stderr).toContain(`pid ${first.child.pid}`)
        expect(second.stderr).toContain('is in use by another command')
      } finally {
        first.child.kill('SIGKILL')
        await first.done
      }
    }, LONG)
  })
}

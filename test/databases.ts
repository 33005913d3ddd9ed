import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Database } from '../src/core/db/database.js'
import { openDatabase } from '../src/core/db/open-database.js'

export type TestDialect = 'pglite' | 'postgres'

/**
 * The databases every database test runs on: the embedded PGlite always, and the PostgreSQL server named by
 * TEST_DATABASE_URL (vitest.config.ts points it at the local server; set XINSHU_TEST_DIALECTS=pglite to skip it).
 */
export const TEST_DIALECTS: TestDialect[] = (process.env.XINSHU_TEST_DIALECTS?.split(',') as TestDialect[] | undefined) ?? ['pglite', 'postgres']

/**
 * A fresh, migrated database for one test file: PGlite in memory, or a new database on the server (dropped by
 * `close`), so test files never see each other's rows.
 */
export async function openTestDatabase(dialect: TestDialect): Promise<Database & { url?: string }> {
  if (dialect === 'pglite') return openDatabase({})
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('TEST_DATABASE_URL is not set')
  const name = `xinshu_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  const db = await openDatabase({ databaseUrl: url.toString() })
  const close = db.close.bind(db)
  return Object.assign(db, {
    url: url.toString(),
    async close() {
      await close()
      const a = new pg.Client({ connectionString: base })
      await a.connect()
      // pool.end() resolves before the pool's last sockets have closed; `with (force)` would then kill a connection
      // that is still closing, and its client would raise the server's error with nobody listening. Let them go.
      for (let i = 0; i < 50; i++) {
        const { rows } = await a.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name])
        if (rows[0]!.n === 0) break
        await new Promise((r) => setTimeout(r, 100))
      }
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  })
}

export const TEST_DATA_KEY = Buffer.alloc(16, 7)

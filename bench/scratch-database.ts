import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A database made for one bench run on the server: its name, its URL, and how to drop it again. */
export interface ScratchDatabase {
  name: string
  url: string
  drop(): Promise<void>
}

/**
 * Creates `xinshu_bench_<label>_<random>` on the server `adminUrl` points at, so that a bench never writes into a
 * database someone else uses and two runs never meet. `drop` forces the drop: a bench that failed half-way may still
 * hold connections.
 *
 * @example
 * const scratch = await scratchDatabase(ADMIN_URL, 'relations')
 * try { await run(await openDatabase({ databaseUrl: scratch.url })) } finally { await scratch.drop() }
 */
export async function scratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `xinshu_bench_${label}_${randomBytes(4).toString('hex')}`
  await onServer(adminUrl, `create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { name, url: url.toString(), drop: () => onServer(adminUrl, `drop database if exists ${name} with (force)`) }
}

async function onServer(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

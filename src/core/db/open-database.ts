import type { Database } from './database.js'
import { openPgliteDatabase } from './pglite-database.js'
import { openPostgresDatabase } from './postgres-database.js'
import { migrate } from './migrate.js'

/**
 * Opens the configured database and brings its schema up to date: a server when `databaseUrl` is given,
 * otherwise the embedded PGlite in `dataDir`.
 */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir?: string; migrate?: boolean }): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgresDatabase(opts.databaseUrl) : await openPgliteDatabase(opts.dataDir)
  if (opts.migrate !== false) await migrate(db)
  return db
}

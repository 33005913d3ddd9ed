import type { Database } from './database.js'
import { migrate } from './migrate.js'

/**
 * Opens the configured database and brings its schema up to date: a server when `databaseUrl` is given,
 * otherwise the embedded PGlite in `dataDir`.
 *
 * The drivers are loaded here, on first open, not when `core/index.ts` is imported: every module of the product
 * imports core (errors, crypto, the `Sql` type), worker threads included, and they need neither PGlite nor pg.
 */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir?: string; migrate?: boolean }): Promise<Database> {
  const db = opts.databaseUrl
    ? await (await import('./postgres-database.js')).openPostgresDatabase(opts.databaseUrl)
    : await (await import('./pglite-database.js')).openPgliteDatabase(opts.dataDir)
  if (opts.migrate !== false) await migrate(db)
  return db
}

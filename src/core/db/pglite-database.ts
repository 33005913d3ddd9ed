import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { Database, Sql } from './database.js'
import { TYPE_PARSERS } from './database.js'

function wrap(conn: PGlite | Transaction): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const res = await conn.query<R>(text, params as unknown[] | undefined)
      return res.rows
    },
    async exec(text: string) {
      await conn.exec(text)
    },
    async copyFrom(table, columns, text) {
      // PGlite reads COPY input from a virtual file, /dev/blob, that the query's `blob` option provides.
      await conn.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text as string | Uint8Array<ArrayBuffer>]) })
    },
  }
}

/**
 * The embedded database. With a folder it keeps its data on disk (the product's default); without one it runs in
 * memory, which suits small test fixtures only: COPY into an in-memory PGlite slows down as tables grow.
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  const pg = await PGlite.create(dataDir ?? 'memory://', { parsers: TYPE_PARSERS })
  const self = wrap(pg)
  return {
    kind: 'pglite',
    ...self,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    listen: (channel, onNotify) => pg.listen(channel, onNotify),
    close: () => pg.close(),
  }
}

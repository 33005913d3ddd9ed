import pg from 'pg'
import { from as copyFromStream } from 'pg-copy-streams'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { Database, Sql } from './database.js'
import { TYPE_PARSERS } from './database.js'

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)
  },
}

function wrap(client: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const res = await client.query(text, params as unknown[] | undefined)
      return res.rows as R[]
    },
    async exec(text: string) {
      await client.query(text)
    },
    async copyFrom(table, columns, text) {
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFromStream(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
        await pipeline(Readable.from([typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength)]), stream)
      }
      if ('release' in client) return run(client)
      const c = await (client as pg.Pool).connect()
      try {
        await run(c)
      } finally {
        c.release()
      }
    },
  }
}

/** A PostgreSQL server through a connection pool (the production system of record). */
export async function openPostgresDatabase(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types })
  // An idle connection the server closes (a restart, an administrator ending it) is reported here; unhandled, it
  // would bring the whole process down. The pool replaces the connection on the next query.
  pool.on('error', (err) => console.error(`PostgreSQL 连接中断 / connection lost: ${err.message}`))
  // Fail at start, with the server's own words, rather than at the first request.
  await pool.query('select 1')
  const self = wrap(pool)
  return {
    kind: 'postgres',
    ...self,
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const out = await fn(wrap(client))
        await client.query('commit')
        return out
      } catch (err) {
        await client.query('rollback').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    listen: (channel, onNotify) => listenOn(url, channel, onNotify),
    close: () => pool.end(),
  }
}

/**
 * A LISTEN holds its connection for as long as it lasts, so it has its own client rather than one of the pool's.
 * A lost connection is opened again (after a second, then again until it works) and `onNotify` runs once it is back,
 * since notifications sent meanwhile are lost.
 */
async function listenOn(url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name: ${channel}`)
  let client: pg.Client | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, types })
    c.on('notification', (n) => onNotify(n.payload ?? ''))
    c.on('error', (err) => {
      console.error(`PostgreSQL LISTEN ${channel} 连接中断 / connection lost: ${err.message}`)
      c.end().catch(() => {})
      if (client === c) client = undefined
      schedule()
    })
    await c.connect()
    await c.query(`listen ${channel}`)
    if (stopped) {
      await c.end().catch(() => {})
      return
    }
    client = c
  }
  const schedule = () => {
    if (stopped || retry) return
    retry = setTimeout(() => {
      retry = undefined
      connect().then(() => onNotify(''), schedule)
    }, 1000)
    retry.unref()
  }
  await connect()
  return async () => {
    stopped = true
    if (retry) clearTimeout(retry)
    await client?.end().catch(() => {})
    client = undefined
  }
}

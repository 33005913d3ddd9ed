import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import type { Database } from '../src/core/db/database.js'
import { openDatabase } from '../src/core/db/open-database.js'
import { openTestDatabase, TEST_DATA_KEY, type TestDialect } from './databases.js'
import { factory } from './factory.js'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BIN = join(ROOT, 'bin/xinshu.js')
const run = promisify(execFile)

/**
 * The real `xinshu` command, run as the operator `ningxia-ops` of this machine against one test database: a fresh
 * data folder for PGlite, or a fresh database on the PostgreSQL server. `open()` in `beforeAll`, `close()` in
 * `afterAll`; `query` reads whichever database the commands wrote (the data folder is opened only between commands).
 *
 * @example
 * const cli = cliHarness('postgres', 'xinshu-cli-')
 * beforeAll(() => cli.open())
 * const { stdout } = await cli.xinshu('audit', 'verify', '--json')
 */
export function cliHarness(dialect: TestDialect, prefix: string) {
  const dir = factory.tempDir(prefix)
  const dataDir = dir.file('data')
  let server: (Database & { url?: string }) | undefined
  let env: NodeJS.ProcessEnv = {}
  return {
    dir,
    async open(): Promise<void> {
      const base: NodeJS.ProcessEnv = { ...process.env, USER: 'ningxia-ops', XINSHU_DATA_KEY: TEST_DATA_KEY.toString('hex') }
      delete base.DATABASE_URL
      delete base.XINSHU_DATA_DIR
      if (dialect === 'postgres') {
        server = await openTestDatabase('postgres')
        env = { ...base, DATABASE_URL: server.url!, XINSHU_DATA_DIR: dataDir }
      } else {
        env = { ...base, XINSHU_DATA_DIR: dataDir }
      }
    },
    async close(): Promise<void> {
      await server?.close()
      dir.remove()
    },
    xinshu: (...args: string[]) => run(process.execPath, [BIN, ...args], { cwd: ROOT, env }),
    async query<R>(sql: string): Promise<R[]> {
      if (server) return server.query<R>(sql)
      const db = await openDatabase({ dataDir })
      try {
        return await db.query<R>(sql)
      } finally {
        await db.close()
      }
    },
  }
}

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../src/core/db/database.js'
import { declaredStatements } from '../../src/core/db/statements.js'
import { openTestDatabase, TEST_DIALECTS } from '../databases.js'

const SRC = join(import.meta.dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

const REPOSITORIES = sourceFiles(SRC).filter((f) => f.endsWith('.repository.ts'))

/**
 * Files outside `*.repository.ts` allowed to hold SQL, each for a stated reason. Keep it short: anything else that
 * talks to a context's tables belongs in that context's repository.
 */
const SQL_OUTSIDE_REPOSITORIES: Record<string, string> = {
  'core/db/': 'the database door itself: drivers, the migrator and the migrations',
  'http/system.routes.ts': "the health check's `select 1`, which touches no table",
  'ingest/sources/table-source.ts': "reads a provider's own database (库表 pulls), not the hub's",
}

/** A statement in a string: a verb at the start of a literal, followed by what it acts on. */
const SQL_TEXT = /['"`]\s*(select\s+[\w*$(]|insert\s+into\s|update\s+\w+\.\w+\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|create\s+(temp\s+)?table\s)/i

/** Statements PREPARE does not take (DDL, settings, locks, emptying a stage): run instead, inside a savepoint. */
const RUN_NOT_PREPARE = /^\s*(create|set|analyze|lock|truncate)\s/i

describe('SQL lives in repositories', () => {
  it('appears in no source file outside *.repository.ts but the listed exceptions', () => {
    const offenders = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => !f.endsWith('.repository.ts') && !/\.test\.ts$/.test(f))
      .filter((f) => !Object.keys(SQL_OUTSIDE_REPOSITORIES).some((e) => (e.endsWith('/') ? f.startsWith(e) : f === e)))
      .filter((f) => SQL_TEXT.test(readFileSync(join(SRC, f), 'utf8')))
    expect(offenders).toEqual([])
  })

  it('is declared with statements() in every repository', () => {
    const undeclared = REPOSITORIES.filter((f) => !readFileSync(f, 'utf8').includes('statements(')).map((f) => relative(SRC, f))
    expect(undeclared).toEqual([])
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: every repository statement`, () => {
    let db: Database
    let statements: Map<string, string>

    beforeAll(async () => {
      for (const f of REPOSITORIES) await import(f)
      statements = declaredStatements()
      db = await openTestDatabase(dialect)
    })
    afterAll(async () => {
      await db?.close()
    })

    it('prepares after the migrations, so that none refers to a table, column or type that is gone', async () => {
      expect(statements.size).toBeGreaterThan(100)
      // Temporary staging tables first: the statements that merge them refer to them.
      const ordered = [...statements].sort(([, a], [, b]) => Number(!RUN_NOT_PREPARE.test(a)) - Number(!RUN_NOT_PREPARE.test(b)))
      const failures: string[] = []
      await db.transaction(async (tx) => {
        let n = 0
        for (const [name, text] of ordered) {
          await tx.exec('savepoint s')
          try {
            if (RUN_NOT_PREPARE.test(text)) await tx.exec(text)
            else {
              await tx.exec(`prepare xs_${++n} as ${text}`)
              await tx.exec(`deallocate xs_${n}`)
            }
            await tx.exec('release savepoint s')
          } catch (err) {
            failures.push(`${name}: ${(err as Error).message}`)
            await tx.exec('rollback to savepoint s')
          }
        }
      })
      expect(failures).toEqual([])
    })
  })
}

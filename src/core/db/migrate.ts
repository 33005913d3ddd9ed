import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Database } from './database.js'
import { sm3 } from '../crypto.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

/** Any constant: it names the lock that keeps two processes from migrating one server at once. */
const MIGRATION_LOCK = 7_316_001

/**
 * Applies the plain-SQL migrations in `migrations/` in name order, each in its own transaction, and records them.
 * A migration, once applied, is frozen: its checksum is kept and a changed file stops the start-up.
 */
export async function migrate(db: Database): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()
  const applied: string[] = []
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`create table if not exists public.xinshu_migration (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`)
    const done = new Map((await tx.query<{ name: string; checksum: string }>('select name, checksum from public.xinshu_migration')).map((r) => [r.name, r.checksum]))
    for (const file of files) {
      const text = readFileSync(join(MIGRATIONS_DIR, file), 'utf8')
      const checksum = sm3(text)
      const seen = done.get(file)
      if (seen !== undefined) {
        if (seen !== checksum) throw new Error(`迁移文件已被修改 / migration ${file} was changed after it was applied`)
        continue
      }
      await tx.exec(text)
      await tx.query('insert into public.xinshu_migration (name, checksum) values ($1, $2)', [file, checksum])
      applied.push(file)
    }
  })
  return applied
}

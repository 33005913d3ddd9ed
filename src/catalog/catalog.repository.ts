import type { Sql } from '../core/index.js'
import type { CatalogDocument } from './catalog.types.js'
import { statements } from '../core/index.js'

export interface CatalogVersionRow {
  version: number
  label: string
  document: CatalogDocument
  checksum: string
  published_at: Date
  published_by: string
  note: string | null
}

const SUMMARY_COLUMNS = 'version, label, checksum, published_at, published_by, note'

const SQL = statements('catalog.catalog', {
  latest: 'select * from catalog.version order by version desc limit 1',
  get: 'select * from catalog.version where version = $1',
  directory: 'select directory from catalog.version where version = $1',
  list: `select ${SUMMARY_COLUMNS} from catalog.version order by version desc`,
  findByChecksum: 'select version from catalog.version where checksum = $1',
  insert: `insert into catalog.version (version, label, document, directory, checksum, published_by, note)
         select coalesce(max(version), 0) + 1, $1, $2,
                coalesce($3::jsonb, (select directory from catalog.version order by version desc limit 1)), $4, $5, $6
         from catalog.version
         returning version`,
})

export function createCatalogRepository() {
  return {
    async latest(db: Sql): Promise<CatalogVersionRow | undefined> {
      const rows = await db.query<CatalogVersionRow>(SQL.latest)
      return rows[0]
    },
    async get(db: Sql, version: number): Promise<CatalogVersionRow | undefined> {
      const rows = await db.query<CatalogVersionRow>(SQL.get, [version])
      return rows[0]
    },
    async directory(db: Sql, version: number): Promise<unknown> {
      const rows = await db.query<{ directory: unknown }>(SQL.directory, [version])
      return rows[0]?.directory
    },
    async list(db: Sql): Promise<Omit<CatalogVersionRow, 'document'>[]> {
      return db.query(SQL.list)
    },
    async findByChecksum(db: Sql, checksum: string): Promise<number | undefined> {
      const rows = await db.query<{ version: number }>(SQL.findByChecksum, [checksum])
      return rows[0]?.version
    },
    async insert(db: Sql, row: { label: string; document: CatalogDocument; directory: unknown; checksum: string; publishedBy: string; note?: string }): Promise<number> {
      const rows = await db.query<{ version: number }>(
        SQL.insert,
        [row.label, JSON.stringify(row.document), row.directory === undefined ? null : JSON.stringify(row.directory), row.checksum, row.publishedBy, row.note ?? null],
      )
      return rows[0]!.version
    },
  }
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>

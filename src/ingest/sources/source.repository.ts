import type { Sql } from '../../core/index.js'
import { statements } from '../../core/index.js'
import type { SourceMethod } from './source-store.js'

export interface SourceRow {
  id: string
  item_key: string
  provider: string
  method: SourceMethod
  config: Record<string, unknown>
  watermark: unknown
  updated_at: Date
}

const SQL = statements('ingest.source', {
  get: 'select * from ingest.source where id = $1',
  getForUpdate: 'select * from ingest.source where id = $1 for update',
  insert: 'insert into ingest.source (id, item_key, provider, method, config) values ($1, $2, $3, $4, $5)',
  update: `update ingest.source set item_key = $2, provider = $3, config = $4, watermark = case when $5 then null else watermark end, updated_at = now()
         where id = $1`,
  saveWatermark: 'update ingest.source set watermark = $2, updated_at = now() where id = $1',
})

/** Registered table, API and national-platform sources and their watermarks (`ingest.source`). */
export function createSourceRepository() {
  return {
    async get(sql: Sql, id: string): Promise<SourceRow | undefined> {
      return (await sql.query<SourceRow>(SQL.get, [id]))[0]
    },

    /** The source, locked until the transaction ends (a registration changes it). */
    async getForUpdate(tx: Sql, id: string): Promise<SourceRow | undefined> {
      return (await tx.query<SourceRow>(SQL.getForUpdate, [id]))[0]
    },

    async insert(tx: Sql, s: { id: string; itemKey: string; provider: string; method: SourceMethod; config: Record<string, unknown> }): Promise<void> {
      await tx.query(SQL.insert, [s.id, s.itemKey, s.provider, s.method, JSON.stringify(s.config)])
    },

    /** Changes a source; `resetWatermark` clears where it stood (it now reads other data). */
    async update(tx: Sql, s: { id: string; itemKey: string; provider: string; config: Record<string, unknown>; resetWatermark: boolean }): Promise<void> {
      await tx.query(SQL.update, [s.id, s.itemKey, s.provider, JSON.stringify(s.config), s.resetWatermark])
    },

    async saveWatermark(sql: Sql, id: string, watermark: unknown): Promise<void> {
      await sql.query(SQL.saveWatermark, [id, watermark === undefined || watermark === null ? null : JSON.stringify(watermark)])
    },
  }
}

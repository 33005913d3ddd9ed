import type { Database } from '../core/index.js'
import { NAME_STAGE_COLUMNS, RECORD_STAGE_COLUMNS, createBatchRepository, settleChunk, type ChunkCommitter } from '../ingest/index.js'
import { createSubjectRepository } from '../registry/index.js'
import { createRecordRepository } from '../records/index.js'

/**
 * 归集入库: one chunk of a collected batch (10,000 records) crosses three contexts in one transaction, each through its
 * own repository: ingest locks the item, the registry creates and names the chunk's subjects, the records context
 * merges the records (new version, duplicate, or another provider's record, refused), and ingest quarantines what
 * failed and advances the batch's counters and resume position. A crash leaves the batch complete up to its last
 * chunk, and resumable from there.
 *
 * @example
 * const chunks = commitChunk({ db })
 * await runBatch({ db, catalog, dataKey, chunks }, { itemKey: 'tax_payment', provider: '国家税务总局宁夏回族自治区税务局', method: 'file', records })
 */
export function commitChunk(deps: { db: Database }): ChunkCommitter {
  const { db } = deps
  const batches = createBatchRepository()
  const subjects = createSubjectRepository()
  const records = createRecordRepository()
  return {
    usccAllowlist: (sql) => subjects.allowlist(sql),
    commit: (chunk, b) => db.transaction(async (tx) => {
      await batches.lockItemForChunk(tx, b.itemKey, db.kind === 'postgres')
      let merged: Parameters<typeof settleChunk>[3] = { stored: 0, refused: [] }
      if (chunk.valid > 0) {
        const stage = await records.createStage(tx)
        await tx.copyFrom(stage, RECORD_STAGE_COLUMNS, chunk.records)
        const names = await subjects.createNameStage(tx)
        if (chunk.names) await tx.copyFrom(names, NAME_STAGE_COLUMNS, chunk.names)
        if (b.analyze) await records.refreshStatistics(tx)
        await subjects.mergeStage(tx, { batchId: b.batchId, authoritativeName: b.authoritativeName, itemKey: b.itemKey, provider: b.provider })
        merged = await records.mergeStage(tx, { itemKey: b.itemKey, batchId: b.batchId, provider: b.provider, method: b.method, catalogVersion: b.catalogVersion, receivedAt: b.receivedAt, repeats: chunk.repeats })
      }
      return settleChunk(tx, chunk, b, merged)
    }),
  }
}

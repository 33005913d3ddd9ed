import { expect } from 'vitest'
import type { Xinshu } from '../src/app/xinshu.js'
import type { Sql } from '../src/core/db/database.js'
import { AppError } from '../src/core/errors.js'
import type { BatchSummary, Issue } from '../src/ingest/ingest.types.js'
import type { BatchRow } from '../src/ingest/batch.repository.js'

export interface StoredRow {
  subject_key: string
  item_key: string
  record_key: string
  version: number
  content_hash: string
  data: Record<string, unknown>
  warnings: Issue[] | null
  batch_id: string
  provider: string
  method: string
  catalog_version: number
  received_at: Date
  superseded_at: Date | null
  superseded_by: string | null
}

export interface QuarantinedRow {
  batch_id: string
  position: number
  item_key: string
  provider: string
  raw: Record<string, unknown>
  raw_hash: string
  issues: Issue[]
  status: string
  resolved_by: string | null
  resolved_batch_id: string | null
}

/** Records a batch stored, in the order they were sent. */
export function storedOf(db: Sql, batchId: string): Promise<StoredRow[]> {
  return db.query<StoredRow>(`select * from records.record where batch_id = $1 order by received_at, (data->>'decision_document_number'), record_key, version`, [batchId])
}

/** Rows a batch quarantined, by position. */
export function quarantinedOf(db: Sql, batchId: string): Promise<QuarantinedRow[]> {
  return db.query<QuarantinedRow>('select * from ingest.quarantine where batch_id = $1 order by position', [batchId])
}

export async function batchRow(db: Sql, batchId: string): Promise<BatchRow> {
  const rows = await db.query<BatchRow>('select * from ingest.batch where id = $1', [batchId])
  expect(rows[0], `batch ${batchId}`).toBeDefined()
  return rows[0]!
}

/**
 * The accounting rule of every batch: received = stored + duplicates + quarantined, the summary agrees with the
 * batch row, and the counters agree with what the tables hold for the batch.
 */
export async function expectBalanced(x: Xinshu, s: BatchSummary): Promise<void> {
  expect(s.received, 'received = stored + duplicates + quarantined').toBe(s.stored + s.duplicates + s.quarantined)
  const b = await batchRow(x.db, s.batchId)
  expect({ received: b.received, stored: b.stored, duplicates: b.duplicates, quarantined: b.quarantined, quarantineRepeats: b.quarantine_repeats }).toEqual({ received: s.received, stored: s.stored, duplicates: s.duplicates, quarantined: s.quarantined, quarantineRepeats: s.quarantineRepeats })
  const [counts] = await x.db.query<{ stored: number; quarantined: number }>(
    `select (select count(*)::int from records.record where batch_id = $1) as stored,
            (select count(*)::int from ingest.quarantine where batch_id = $1) as quarantined`,
    [s.batchId],
  )
  // A rejected record already waiting in the quarantine from an earlier delivery is kept there once.
  expect(counts).toEqual({ stored: s.stored, quarantined: s.quarantined - s.quarantineRepeats })
}

/** Every issue is bilingual: Chinese text in zh, English words in en. */
export function expectBilingual(issues: Issue[]): void {
  expect(issues.length).toBeGreaterThan(0)
  for (const i of issues) {
    expect(i.zh, `zh of ${i.code}`).toMatch(/[\u4e00-\u9fff]/)
    expect(i.en, `en of ${i.code}`).toMatch(/[A-Za-z]{3,}/)
  }
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

/** Asserts an AppError with the code, Chinese and English messages. */
export function expectAppError(err: unknown, code: string): AppError {
  expect(err).toBeInstanceOf(AppError)
  const e = err as AppError
  expect(e.code).toBe(code)
  expect(e.zh).toMatch(/[\u4e00-\u9fff]/)
  expect(e.en).toMatch(/[a-z]{3}/)
  return e
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackfillClock } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { createXinshu, type Xinshu } from './xinshu.js'

const ITEM = 'administrative_penalty'
const PROVIDER = '银川市市场监督管理局'

/**
 * A backfill wiring (`createXinshu(…, { now: clock.now })`) hands its clock to collection: a delivery made "as of" a
 * past day is validated against that day (dates more than a year after it are refused) and its records are stamped
 * as received at the clock's moment, so point-in-time reads (scorecards) see them when they were known.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the backfill clock reaches ingest`, () => {
    let x: Xinshu
    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    const receivedOf = async (uscc: string) =>
      (await x.db.query<{ received_at: Date | string }>('select received_at from records.record where subject_key = $1 and item_key = $2', [uscc, ITEM]))
        .map((r) => new Date(r.received_at).toISOString())

    it('judges a past delivery by its own day, and dates its records at the clock', async () => {
      const clock = createBackfillClock(new Date('2024-03-01T01:30:00Z'))
      const d = await createXinshu(x.config, x.db, { now: clock.now })
      clock.setDay('2024-03-01')
      const within = factory.penaltyRow({ decision_date: '2025-02-15' }) // within a year of 2024-03-01
      const beyond = factory.penaltyRow({ decision_date: '2025-04-01' }) // more than a year after it
      const s = await d.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [within, beyond] })
      expect(s).toMatchObject({ received: 2, stored: 1, quarantined: 1 })
      const issues = await x.db.query<{ issues: Array<{ code: string; field: string }> | string }>('select issues from ingest.quarantine where batch_id = $1', [s.batchId])
      const parsed = issues.map((r) => (typeof r.issues === 'string' ? JSON.parse(r.issues) : r.issues) as Array<{ code: string; field: string }>)
      expect(parsed[0]).toEqual([expect.objectContaining({ field: 'decision_date', code: 'FIELD_DATE_OUT_OF_RANGE' })])
      expect(await receivedOf(String(within.uscc))).toEqual(['2024-03-01T01:30:00.000Z'])

      // The same record delivered by the present-day wiring is valid, and received now.
      const before = Date.now()
      const now = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [beyond] })
      expect(now).toMatchObject({ stored: 1, quarantined: 0 })
      const [at] = await receivedOf(String(beyond.uscc))
      expect(Date.parse(at!)).toBeGreaterThanOrEqual(before - 1000)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import type { Xinshu } from '../app/xinshu.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { seedFirm } from '../access/access.fixtures.js'
import { appendRecordChanges, currentChangeCursor, readRecordChanges, watchRecordChanges, CHANGE_FEED_START, type RecordChange } from './index.js'

/**
 * The records change feed: every record write leaves its change in the same transaction, a rolled-back write none,
 * and a reader paging from a cursor never skips a change whose transaction commits after a later one.
 */

async function readAll(x: Xinshu, after: string): Promise<{ changes: RecordChange[]; cursor: string }> {
  const all: RecordChange[] = []
  let cursor = after
  for (;;) {
    const page = await readRecordChanges(x.db, { after: cursor, limit: 2 })
    all.push(...page.changes)
    cursor = page.cursor
    if (!page.more) return { changes: all, cursor }
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: records change feed`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('writes one change per record an ingest chunk makes current: inserted, then corrected; duplicates none', async () => {
      const start = await currentChangeCursor(x.db)
      const a = factory.penaltyRow()
      const b = factory.penaltyRow()
      const s = await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [a, b] })
      let got = await readAll(x, start)
      expect(got.changes.map((c) => [c.subjectKey, c.kind, c.version, c.source, c.batchId])).toEqual([
        [String(a.uscc), 'inserted', 1, 'ingest', s.batchId],
        [String(b.uscc), 'inserted', 1, 'ingest', s.batchId],
      ])
      expect(got.changes[0]!.itemKey).toBe('administrative_penalty')
      expect(got.changes[0]!.provider).toBe('银川市市场监督管理局')

      // The same content again stores nothing and changes nothing; a correction changes its record.
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [a] })
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [{ ...a, violation_facts: '更正后的事实' }] })
      const before = got.cursor
      got = await readAll(x, before)
      expect(got.changes.map((c) => [c.subjectKey, c.kind, c.version])).toEqual([[String(a.uscc), 'corrected', 2]])
      const stored = await x.db.query<{ version: number }>('select version from records.record where subject_key = $1 and item_key = $2 and record_key = $3 and superseded_at is null', [got.changes[0]!.subjectKey, got.changes[0]!.itemKey, got.changes[0]!.recordKey])
      expect(stored).toEqual([{ version: 2 }])
      // Read again from the returned cursor: nothing more.
      expect((await readRecordChanges(x.db, { after: got.cursor })).changes).toEqual([])
    })

    it('leaves no change for a rolled-back write', async () => {
      const start = await currentChangeCursor(x.db)
      await expect(x.db.transaction(async (tx) => {
        await appendRecordChanges(tx, [{ subjectKey: 'S-ROLLBACK', itemKey: 'administrative_penalty', recordKey: 'r', version: 1, kind: 'inserted', source: 'test' }])
        throw new Error('rolled back')
      })).rejects.toThrow('rolled back')
      await x.db.transaction((tx) => appendRecordChanges(tx, [{ subjectKey: 'S-COMMIT', itemKey: 'administrative_penalty', recordKey: 'r', version: 1, kind: 'withdrawn', source: 'test' }]))
      const got = await readAll(x, start)
      expect(got.changes.map((c) => c.subjectKey)).toEqual(['S-COMMIT'])
      expect(got.changes[0]!.kind).toBe('withdrawn')
    })

    it('filters by subject, item and kind, and still moves the cursor past what it left out', async () => {
      const start = await currentChangeCursor(x.db)
      await x.db.transaction((tx) => appendRecordChanges(tx, [
        { subjectKey: 'F-1', itemKey: 'i1', recordKey: 'r', version: 1, kind: 'inserted', source: 'test' },
        { subjectKey: 'F-2', itemKey: 'i1', recordKey: 'r', version: 1, kind: 'inserted', source: 'test' },
        { subjectKey: 'F-1', itemKey: 'i2', recordKey: 'r', version: 1, kind: 'withdrawn', source: 'test' },
      ]))
      expect((await readRecordChanges(x.db, { after: start, subjectKeys: ['F-1'] })).changes.map((c) => c.itemKey)).toEqual(['i1', 'i2'])
      expect((await readRecordChanges(x.db, { after: start, itemKeys: ['i1'] })).changes.map((c) => c.subjectKey)).toEqual(['F-1', 'F-2'])
      const page = await readRecordChanges(x.db, { after: start, kinds: ['withdrawn'] })
      expect(page.changes.map((c) => c.subjectKey)).toEqual(['F-1'])
      expect((await readRecordChanges(x.db, { after: page.cursor })).changes).toEqual([])
    })

    it('writes a change for a self-declared record and its withdrawal', async () => {
      const f = await seedFirm(x)
      const id = await x.access.createAccount({ username: 'firm-self', displayName: 'self', role: 'enterprise', organization: f.uscc })
      const enterprise = (await x.access.openSession(id)).principal
      const start = await currentChangeCursor(x.db)
      const d = await x.selfDeclared.declare(enterprise, 'annual_report', { entity_name: f.name, report_year: 2025, employee_count: 8, total_operating_revenue: '2000000.00' })
      await x.selfDeclared.withdraw(enterprise, d.id)
      const got = await readAll(x, start)
      expect(got.changes.map((c) => [c.subjectKey, c.itemKey, c.recordKey, c.kind, c.source])).toEqual([
        [f.uscc, 'annual_report', d.id, 'declared', 'self-declared'],
        [f.uscc, 'annual_report', d.id, 'declaration_withdrawn', 'self-declared'],
      ])
      expect(CHANGE_FEED_START).toBe('0:0')
      expect((await readRecordChanges(x.db, { after: CHANGE_FEED_START, limit: 10_000 })).changes.length).toBeGreaterThan(5)
    })

    it('wakes a watcher when changes commit, not when they roll back', async () => {
      let woken = 0
      let wake: () => void = () => {}
      const stop = await watchRecordChanges(x.db, () => {
        woken++
        wake()
      })
      try {
        await x.db.transaction(async (tx) => {
          await appendRecordChanges(tx, [{ subjectKey: 'W-0', itemKey: 'i', recordKey: 'r', version: 1, kind: 'inserted', source: 'test' }])
          throw new Error('no')
        }).catch(() => {})
        const seen = new Promise<void>((resolve) => { wake = resolve })
        await x.db.transaction((tx) => appendRecordChanges(tx, [{ subjectKey: 'W-1', itemKey: 'i', recordKey: 'r', version: 1, kind: 'inserted', source: 'test' }]))
        await seen
        expect(woken).toBe(1)
      } finally {
        await stop()
      }
    })

    if (dialect === 'postgres') {
      it('does not skip a change whose transaction commits after a later one (interleaved transactions)', async () => {
        const url = (x.db as { url?: string }).url
        expect(url).toBeTruthy()
        const t1 = new pg.Client({ connectionString: url })
        const t2 = new pg.Client({ connectionString: url })
        await t1.connect()
        await t2.connect()
        try {
          const start = await currentChangeCursor(x.db)
          const insert = (c: pg.Client, s: string) => c.query(
            `insert into records.change (subject_key, item_key, record_key, version, kind, source) values ($1, 'i', 'r', 1, 'inserted', 'test') returning seq`, [s])
          await t1.query('begin')
          await t2.query('begin')
          // t2 takes its transaction id first, t1 its seq first: neither order is the commit order.
          await t2.query('select pg_current_xact_id()')
          const s1 = Number((await insert(t1, 'T-1')).rows[0].seq)
          const s2 = Number((await insert(t2, 'T-2')).rows[0].seq)
          expect(s1).toBeLessThan(s2)
          const t3 = new pg.Client({ connectionString: url })
          await t3.connect()
          await t3.query('begin')
          const s3 = Number((await insert(t3, 'T-3')).rows[0].seq)
          await t3.query('commit')
          await t3.end()
          expect(s3).toBeGreaterThan(s2)

          // T-3 committed, but older transactions are open: it waits below the horizon, and the page says so.
          let page = await readRecordChanges(x.db, { after: start })
          expect(page.changes).toEqual([])
          expect(page.pending).toBe(true)
          let cursor = page.cursor

          await t1.query('commit')
          // t2 (older transaction id) is still open: nothing is final yet past it.
          page = await readRecordChanges(x.db, { after: cursor })
          expect(page.changes).toEqual([])
          cursor = page.cursor

          await t2.query('commit')
          const seen: string[] = []
          for (;;) {
            page = await readRecordChanges(x.db, { after: cursor, limit: 1 })
            seen.push(...page.changes.map((c) => c.subjectKey))
            cursor = page.cursor
            if (!page.more && !page.pending) break
          }
          expect(seen.sort()).toEqual(['T-1', 'T-2', 'T-3'])
        } finally {
          await t1.end().catch(() => {})
          await t2.end().catch(() => {})
        }
      })
    }
  })
}

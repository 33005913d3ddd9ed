import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { createChangeRetention, readRecordChanges, type ChangeRetention, type RecordChange } from '../records/index.js'
import type { FeedEntry, SnapshotRecord } from './index.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const key = (r: { subject: string; item: string; recordKey: string }) => `${r.subject}|${r.item}|${r.recordKey}`

/** Every final change still kept, from the start (waiting while an open transaction elsewhere holds some back). */
async function keptChanges(x: Xinshu): Promise<RecordChange[]> {
  const out: RecordChange[] = []
  let after: string | undefined
  for (let waits = 0; ; ) {
    const page = await readRecordChanges(x.db, { after, limit: 1000 })
    out.push(...page.changes)
    after = page.cursor
    if (page.more) continue
    if (!page.pending || ++waits > 600) return out
    await sleep(50)
  }
}

/** Steps the in-process consumers as the server's workers would, until both have read everything final. */
async function drainEvaluation(x: Xinshu): Promise<void> {
  for (let waits = 0; ; ) {
    const r = await x.evaluation.follow()
    if (r.more) continue
    if (!r.pending || ++waits > 600) return
    await sleep(50)
  }
}
async function drainMonitoring(x: Xinshu): Promise<void> {
  for (let waits = 0; ; ) {
    const r = await x.monitoring.consumer.step()
    if (r.more) continue
    if (!r.pending || ++waits > 600) return
    await sleep(50)
  }
}

/**
 * Retention of the records change feed: old changes the product's own consumers have read are pruned in batches,
 * nothing they have not read is; a platform whose cursor fell into the pruned range is told to resync (410, zh and
 * en) and the snapshot, then the feed from its cursor, still misses nothing.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: change feed retention`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let early: string
    /** A run 31 days from now, so every change committed so far is past the 30-day window. */
    let later: ChangeRetention

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      // A platform that pulled one change and then stopped: its cursor points at the oldest changes.
      early = (await x.feed.changes(as.platform.principal, { limit: 1 })).next
      later = createChangeRetention({
        db: x.db, retentionDays: 30, batchSize: 3, now: () => new Date(Date.now() + 31 * 86_400_000),
        consumers: async () => [await x.evaluation.followerCursor(), await x.monitoring.consumer.position()],
      })
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('prunes nothing the consumers have not read, and nothing inside the window', async () => {
      const before = await keptChanges(x)
      expect(before.length).toBeGreaterThan(5)
      // Monitoring has not stepped yet: it holds every change back, however old.
      await drainEvaluation(x)
      expect((await later.prune()).deleted).toBe(0)
      // Both have read everything, but today's run finds nothing older than 30 days.
      await drainMonitoring(x)
      expect((await x.changeRetention.prune()).deleted).toBe(0)
      expect(await keptChanges(x)).toHaveLength(before.length)
    })

    it('deletes old changes every consumer has read, in batches, and keeps those not read yet', async () => {
      const read = await keptChanges(x)
      // A change the consumers have not read: it must survive a run that finds it old enough.
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1310000.00' })], '宁夏税务局')
      const r = await later.prune()
      expect(r.deleted).toBe(read.length)
      expect(r.batches).toBeGreaterThan(1)
      expect(r.pruned).toMatchObject({ cursor: read.at(-1)!.cursor, deleted: read.length })
      const kept = await keptChanges(x)
      expect(kept.map((c) => [c.itemKey, c.kind])).toEqual([['tax_payment', 'corrected']])
      // Once read, it goes too.
      await drainEvaluation(x)
      await drainMonitoring(x)
      expect((await later.prune()).deleted).toBe(1)
      expect(await keptChanges(x)).toEqual([])
    })

    it('answers 410 in Chinese and English to a platform whose cursor points into the pruned range', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/feed/changes?after=${encodeURIComponent(early)}`, headers: as.platform.headers })
      expect(res.statusCode).toBe(410)
      const body = res.json()
      expect(body.code).toBe('PLATFORM_CURSOR_EXPIRED')
      expect(body.detail).toMatch(/^游标已过期，请先取快照/)
      expect(body.detail).toContain('GET /api/feed/snapshot')
      expect(body.detail_en).toMatch(/^cursor expired, take a snapshot/)
    })

    it('resyncs through the snapshot, then the feed from its cursor, without a gap', async () => {
      const first = await x.feed.snapshot(as.platform.principal, { limit: 2 })
      // Written after the snapshot began: it comes through the feed from feedCursor, which is past the pruned range.
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1320000.00' })], '宁夏税务局')
      const records: SnapshotRecord[] = [...first.records]
      for (let page = first; page.next; ) {
        page = await x.feed.snapshot(as.platform.principal, { after: page.next, limit: 2 })
        records.push(...page.records)
      }
      // Applied as documented: upserts by key, keeping the higher version.
      const state = new Map(records.map((r) => [key(r), r.version]))
      const entries: FeedEntry[] = []
      let after = first.feedCursor
      for (let waits = 0; ; ) {
        const page = await x.feed.changes(as.platform.principal, { after, limit: 2 })
        entries.push(...page.changes)
        after = page.next
        if (page.hasMore) continue
        if (!page.pending || ++waits > 600) break
        await sleep(50)
      }
      for (const e of entries) if (e.op === 'upsert') state.set(key(e), Math.max(state.get(key(e)) ?? 0, e.version!))
      // Every record the firm has is there, although the changes that brought them were pruned.
      for (const item of ['business_license', 'tax_payment', 'administrative_penalty']) {
        expect([...state.keys()].some((k) => k.startsWith(`${firm.uscc}|${item}|`)), item).toBe(true)
      }
      // The tax record in its latest version: the one written during the snapshot (the fourth of the firm's deliveries).
      const tax = [...state.entries()].filter(([k]) => k.startsWith(`${firm.uscc}|tax_payment|`))
      expect(tax.map(([, v]) => v)).toEqual([4])
      expect(entries.some((e) => e.subject === firm.uscc && e.item === 'tax_payment' && e.version === 4)).toBe(true)
    })
  })
}

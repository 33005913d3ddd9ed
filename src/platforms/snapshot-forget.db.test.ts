import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Grant, Role } from '../access/index.js'
import { AppError } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { changeRecordState, listSubjectRecords } from '../records/index.js'
import { createFeedService, recordsChangeSource, type FeedEntry, type FeedService, type SnapshotRecord } from './index.js'
import { seedPlatform } from '../../test/fixtures/platforms.fixtures.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

/** Pulls the feed until nothing more is there (waiting while changes are committed but not yet final). */
async function pullAll(feed: FeedService, who: Caller, after?: string): Promise<{ entries: FeedEntry[]; next: string }> {
  const entries: FeedEntry[] = []
  let cursor = after
  for (let waits = 0; ; ) {
    const page = await feed.changes(who.principal, { after: cursor, limit: 4 })
    entries.push(...page.changes)
    cursor = page.next
    if (page.hasMore) continue
    if (!page.pending || ++waits > 600) break
    await new Promise((r) => setTimeout(r, 50))
  }
  return { entries, next: cursor! }
}

const key = (r: { subject: string; item: string; recordKey: string }) => `${r.subject}|${r.item}|${r.recordKey}`

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: platform snapshot and forget on grant end`, () => {
    let x: Xinshu
    let firm: Firm
    let other: Firm
    let as: Record<Role, Caller>
    let platformB: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      other = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      platformB = await seedPlatform(x)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('pages every current shareable record in key order, cut as the feed cuts it, and then the feed misses nothing written meanwhile', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: '信易贷宁夏总站', categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      // A withdrawn record is no longer shared: not in the snapshot.
      const [license] = await listSubjectRecords(x.db, other.uscc, { items: ['business_license'] })
      await x.db.transaction((tx) => changeRecordState(tx, license!, { kind: 'withdrawn', reason: '测试撤回', ref: null, actor: 'test', at: new Date(), source: 'repair' }))

      const first = await x.feed.snapshot(as.platform.principal, { limit: 3 })
      expect(first.next).not.toBeNull()
      // Written after the snapshot began: must come through the feed from feedCursor.
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1400000.00' })], '宁夏税务局')
      const records: SnapshotRecord[] = [...first.records]
      let page = first
      let pages = 1
      while (page.next) {
        page = await x.feed.snapshot(as.platform.principal, { after: page.next, limit: 3 })
        expect(page.feedCursor).toBe(first.feedCursor)
        records.push(...page.records)
        pages++
      }
      expect(pages).toBeGreaterThan(2)
      const keys = records.map((r) => [r.subject, r.item, r.recordKey] as const)
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0))
      expect(new Set(keys.map((k) => k.join('|'))).size).toBe(keys.length)
      expect(keys.map((k) => k[0] + k[1])).toEqual(sorted.map((k) => k[0] + k[1]))
      expect(records.some((r) => r.subject === other.uscc && r.item === 'business_license')).toBe(false)
      expect(records.some((r) => r.item === 'real_estate_registration')).toBe(false)
      const mine = records.find((r) => r.subject === firm.uscc && r.item === 'tax_payment')!
      expect(mine.grantId).toBe(g.id)
      expect(mine.values.vat_paid_last_12_months).toBeDefined()
      const theirs = records.find((r) => r.subject === other.uscc && r.item === 'tax_payment')!
      expect(theirs.values).not.toHaveProperty('vat_paid_last_12_months')
      expect(theirs.withheld).toContain('vat_paid_last_12_months')
      const log = await x.audit.list({ action: 'feed.snapshot', limit: 20 })
      expect(log.some((e) => e.grantId === g.id && e.fields.includes('tax_payment.vat_paid_last_12_months'))).toBe(true)

      // Snapshot, then the feed from its cursor: the record written during the snapshot arrives, in its latest version.
      const state = new Map(records.map((r) => [key(r), r.values]))
      const feed = await pullAll(x.feed, as.platform, first.feedCursor)
      for (const e of feed.entries) if (e.op === 'upsert') state.set(key(e), e.values!)
      expect(feed.entries.some((e) => e.subject === firm.uscc && e.item === 'tax_payment' && e.values?.vat_paid_last_12_months === '1400000.00')).toBe(true)
      expect(state.get(key(mine))!.vat_paid_last_12_months).toBe('1400000.00')
    })

    it('refuses another platform\'s token, a changed token, and a snapshot older than the retention window', async () => {
      const mine = await x.feed.snapshot(as.platform.principal, { limit: 2 })
      expect((await refusal(x.feed.snapshot(platformB.principal, { after: mine.next! }))).code).toBe('PLATFORM_SNAPSHOT_TOKEN_INVALID')
      const [body, tag] = mine.next!.split('.')
      const forged = Buffer.from(JSON.stringify(['0:0', 0, Date.now(), '', '', ''])).toString('base64url')
      expect((await refusal(x.feed.snapshot(as.platform.principal, { after: `${forged}.${tag}` }))).code).toBe('PLATFORM_SNAPSHOT_TOKEN_INVALID')
      expect((await refusal(x.feed.snapshot(as.platform.principal, { after: `${body}.${'0'.repeat(32)}` }))).code).toBe('PLATFORM_SNAPSHOT_TOKEN_INVALID')
      expect((await refusal(x.feed.snapshot(as.platform.principal, { limit: 1001 }))).code).toBe('PLATFORM_LIMIT_INVALID')
      const later = createFeedService({ db: x.db, catalog: x.catalog, grants: x.grants, audit: x.audit, changes: recordsChangeSource(x.db), dataKey: x.config.dataKey, now: () => new Date(Date.now() + 31 * 86_400_000) })
      const err = await refusal(later.snapshot(as.platform.principal, { after: mine.next! }))
      expect(err.code).toBe('PLATFORM_SNAPSHOT_EXPIRED')
      // The expired cursor of the feed names the snapshot as the way back.
      const cursor = await later.changes(as.platform.principal, { limit: 1 })
      const expired = await refusal(later.changes(as.platform.principal, { after: cursor.next }))
      expect(expired.code).toBe('PLATFORM_CURSOR_EXPIRED')
      expect(expired.zh).toMatch(/全量快照/)
      expect(expired.en).toMatch(/resync via snapshot/)
    })

    it('tells the platform to forget restricted fields when the grant is revoked, once it has pulled past them, and again if it re-reads', async () => {
      const start = await pullAll(x.feed, platformB)
      const g = await x.grants.create(as.enterprise.principal, { institution: platformB.principal.organization!, categories: ['taxation', 'housing_provident_fund'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1500000.00' })], '宁夏税务局')
      const got = await pullAll(x.feed, platformB, start.next)
      expect(got.entries.find((e) => e.item === 'tax_payment' && e.subject === firm.uscc)!.grantId).toBe(g.id)
      expect(got.entries.some((e) => e.op === 'forget')).toBe(false)

      await x.grants.revoke(as.enterprise.principal, g.id, { reason: '不再需要' })
      const page = await x.feed.changes(platformB.principal, { after: got.next })
      const forgets = page.changes.filter((e) => e.op === 'forget')
      expect(forgets).toEqual([expect.objectContaining({ op: 'forget', change: 'grant_revoked', subject: firm.uscc, item: 'tax_payment', grantId: g.id, recordKey: '' })])
      expect(forgets[0]!.withheld).toContain('vat_paid_last_12_months')
      expect(page.forgets).toBe(1)
      // Not applied yet (the platform asks again from the same cursor): the same entry again.
      const reread = await x.feed.changes(platformB.principal, { after: got.next })
      expect(reread.changes.filter((e) => e.op === 'forget').map((e) => e.seq)).toEqual(forgets.map((e) => e.seq))
      // Past it: never again.
      expect((await x.feed.changes(platformB.principal, { after: page.next })).changes.filter((e) => e.op === 'forget')).toEqual([])
      // Another platform is not told of this platform's grant.
      expect((await pullAll(x.feed, as.platform)).entries.filter((e) => e.op === 'forget')).toEqual([])
    })

    it('forgets what a narrower grant no longer covers, and what an expired grant covered, with no event at expiry', async () => {
      const wide = await x.grants.create(as.enterprise.principal, { institution: platformB.principal.organization!, categories: ['taxation', 'housing_provident_fund'], mode: 'view', purpose: '融资', validUntil: inDays(5) })
      const snap = await x.feed.snapshot(platformB.principal, { limit: 1000 })
      expect(snap.records.filter((r) => r.subject === firm.uscc && r.grantId === wide.id).map((r) => r.item).sort()).toEqual(['housing_fund_contribution', 'tax_payment'])
      // Narrowed: the wide grant is revoked and a grant of taxation alone given.
      await x.grants.revoke(as.enterprise.principal, wide.id, { reason: '缩小授权范围' })
      const narrow = await x.grants.create(as.enterprise.principal, { institution: platformB.principal.organization!, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(5) })
      const after = await pullAll(x.feed, platformB, snap.feedCursor)
      expect(after.entries.filter((e) => e.op === 'forget').map((e) => [e.item, e.change, e.grantId])).toEqual([['housing_fund_contribution', 'grant_revoked', wide.id]])

      // Ten days on the narrow grant has expired; nothing was written when it did.
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1600000.00' })], '宁夏税务局')
      const mid = await pullAll(x.feed, platformB, after.next)
      expect(mid.entries.find((e) => e.subject === firm.uscc && e.item === 'tax_payment')!.grantId).toBe(narrow.id)
      const tenDays = new Date(Date.now() + 10 * 86_400_000)
      const expiring = {
        betweenMany: async (inst: string, subjects: readonly string[]) => {
          const m = await x.grants.betweenMany(inst, subjects)
          for (const list of m.values()) for (const [i, gr] of list.entries()) if (gr.status === 'active' && gr.validUntil <= tenDays) list[i] = { ...gr, status: 'expired' } as Grant
          return m
        },
      }
      const later = createFeedService({ db: x.db, catalog: x.catalog, grants: expiring, audit: x.audit, changes: recordsChangeSource(x.db), dataKey: x.config.dataKey, now: () => tenDays })
      const page = await later.changes(platformB.principal, { after: mid.next })
      expect(page.changes.filter((e) => e.op === 'forget').map((e) => [e.subject, e.item, e.change, e.grantId])).toEqual([[firm.uscc, 'tax_payment', 'grant_expired', narrow.id]])
    })
  })
}

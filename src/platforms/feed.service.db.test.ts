import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { AppError } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { appendRecordChanges } from '../records/index.js'
import { createFeedService, recordsChangeSource, type FeedEntry, type FeedPage } from './index.js'
import { PLATFORM_B, seedPlatform } from '../../test/fixtures/platforms.fixtures.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

/**
 * Pulls until the feed has nothing more, as a platform's client does: at once while pages are full, again shortly
 * while changes are committed but not final (on the server, any transaction still open in the cluster, such as
 * another test file's, holds them back for a moment).
 */
async function pullAll(x: Xinshu, who: Caller, after?: string): Promise<{ entries: FeedEntry[]; pages: FeedPage[]; next: string }> {
  const pages: FeedPage[] = []
  let cursor = after
  for (let waits = 0; ; ) {
    const page = await x.feed.changes(who.principal, { after: cursor, limit: 3 })
    pages.push(page)
    cursor = page.next
    if (page.hasMore) continue
    if (!page.pending || ++waits > 600) break
    await new Promise((r) => setTimeout(r, 50))
  }
  return { entries: pages.flatMap((p) => p.changes), pages, next: cursor! }
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: platform feed`, () => {
    let x: Xinshu
    let firm: Firm
    let as: Record<Role, Caller>
    let platformB: Caller

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      platformB = await seedPlatform(x)
    })
    afterAll(async () => {
      await x?.close()
    })

    it('sends public fields from the start, in commit order, with identifiers masked and restricted fields withheld', async () => {
      const { entries, pages } = await pullAll(x, as.platform)
      expect(pages.length).toBeGreaterThan(1)
      const license = entries.find((e) => e.item === 'business_license')!
      expect(license).toMatchObject({ op: 'upsert', change: 'inserted', subject: firm.uscc, version: 1, provider: '自治区市场监管厅' })
      expect(license.values!.entity_name).toBe(firm.name)
      const taxes = entries.filter((e) => e.item === 'tax_payment')
      expect(taxes.map((e) => e.change)).toEqual(['inserted', 'corrected'])
      expect(taxes[1]!.values).not.toHaveProperty('vat_paid_last_12_months')
      expect(taxes[1]!.withheld).toContain('vat_paid_last_12_months')
      const penalty = entries.find((e) => e.item === 'administrative_penalty')!
      expect(penalty.values!.legal_representative_id_number).toBe(`${firm.legalRepresentativeId.slice(0, 6)}********${firm.legalRepresentativeId.slice(-4)}`)
      expect(penalty.masked).toEqual(['legal_representative_id_number'])
      // 不动产 has no public field: without a grant the platform learns nothing of it, not even that it exists.
      expect(entries.some((e) => e.item === 'real_estate_registration')).toBe(false)
      expect(pages.reduce((a, p) => a + p.skipped, 0)).toBeGreaterThanOrEqual(1)
    })

    it('shows restricted fields only for subjects whose grant to this platform covers the item, and audits the page', async () => {
      const g = await x.grants.create(as.enterprise.principal, { institution: '信易贷宁夏总站', categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(30) })
      const { entries, pages } = await pullAll(x, as.platform)
      const tax = entries.filter((e) => e.item === 'tax_payment').at(-1)!
      expect(tax.values!.vat_paid_last_12_months).toBeDefined()
      expect(tax.grantId).toBe(g.id)
      expect(entries.find((e) => e.item === 'housing_fund_contribution')!.values).not.toHaveProperty('total_contribution_last_12_months')
      const audited = pages.filter((p) => p.audit)
      expect(audited.length).toBeGreaterThan(0)
      const log = await x.audit.list({ action: 'feed.read', limit: 50 })
      expect(log.some((e) => e.grantId === g.id && e.fields.includes('tax_payment.vat_paid_last_12_months'))).toBe(true)
      // The other platform has no grant: the same changes come without the figures.
      const other = await pullAll(x, platformB)
      expect(other.entries.filter((e) => e.item === 'tax_payment').at(-1)!.values).not.toHaveProperty('vat_paid_last_12_months')
    })

    it('continues from the cursor with only what changed since, and sends a withdrawn record as a tombstone', async () => {
      const first = await pullAll(x, as.platform)
      const again = await x.feed.changes(as.platform.principal, { after: first.next })
      expect(again.changes).toEqual([])
      await ingestRows(x, 'tax_payment', [factory.taxRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, vat_paid_last_12_months: '1300000.00' })], '宁夏税务局')
      const license = first.entries.find((e) => e.item === 'business_license')!
      await x.db.transaction((tx) => appendRecordChanges(tx, [{ subjectKey: firm.uscc, itemKey: 'business_license', recordKey: license.recordKey, version: license.version!, kind: 'withdrawn', source: 'repair' }]))
      const next = await pullAll(x, as.platform, again.next)
      expect(next.entries.map((e) => [e.item, e.op, e.change])).toEqual([['tax_payment', 'upsert', 'corrected'], ['business_license', 'delete', 'withdrawn']])
      expect(next.entries[1]).not.toHaveProperty('values')
      expect(await x.feed.recipients(firm.uscc)).toEqual(expect.arrayContaining([expect.objectContaining({ platform: '信易贷宁夏总站' }), expect.objectContaining({ platform: PLATFORM_B })]))
    })

    it('refuses a cursor given to another platform, a changed cursor, and a page size out of bounds', async () => {
      const mine = await x.feed.changes(as.platform.principal, { limit: 1 })
      expect((await refusal(x.feed.changes(platformB.principal, { after: mine.next }))).code).toBe('PLATFORM_CURSOR_INVALID')
      const [pos, tag] = mine.next.split('.')
      const [txid, seq] = pos!.split(':')
      expect((await refusal(x.feed.changes(as.platform.principal, { after: `${txid}:${Number(seq) + 1}.${tag}` }))).code).toBe('PLATFORM_CURSOR_INVALID')
      for (const bad of ['0', '-1', '1:1', "1:1.' or 1=1 --", 'x'.repeat(65), '99999999999999999999:1.0000000000000000000']) {
        expect((await refusal(x.feed.changes(as.platform.principal, { after: bad }))).code).toBe('PLATFORM_CURSOR_INVALID')
      }
      expect((await refusal(x.feed.changes(as.platform.principal, { limit: 1001 }))).code).toBe('PLATFORM_LIMIT_INVALID')
      expect((await refusal(x.feed.changes(as.platform.principal, { limit: 0 }))).code).toBe('PLATFORM_LIMIT_INVALID')
    })

    it('tells a platform that fell behind the retention window to resync, and lets it start over', async () => {
      const later = createFeedService({ db: x.db, catalog: x.catalog, grants: x.grants, audit: x.audit, changes: recordsChangeSource(x.db), dataKey: x.config.dataKey, limits: { defaultPage: 10, maxPage: 100, retentionDays: 30 }, now: () => new Date(Date.now() + 31 * 86_400_000) })
      const start = await later.changes(as.platform.principal, { limit: 1 })
      const err = await refusal(later.changes(as.platform.principal, { after: start.next }))
      expect(err.code).toBe('PLATFORM_CURSOR_EXPIRED')
      expect(err.zh).toMatch(/全量快照/)
      expect((await later.changes(as.platform.principal, { limit: 5 })).changes.length).toBeGreaterThan(0)
    })

    it('reports the platform its own standing and refuses other roles', async () => {
      await pullAll(x, as.platform)
      const s = await x.feed.status(as.platform.principal)
      expect(s).toMatchObject({ platform: '信易贷宁夏总站', behind: false, lagSeconds: 0, retentionDays: 30 })
      expect(s.pulls).toBeGreaterThan(3)
      expect(s.recentDays[0]!.upserts).toBeGreaterThan(0)
      const fresh = await x.feed.status({ ...platformB.principal, organization: '固原市融资信用服务平台' })
      expect(fresh).toMatchObject({ cursor: null, behind: true, pulls: 0 })
      for (const role of ['institution', 'operator', 'enterprise'] as const) {
        expect((await refusal(x.feed.changes(as[role].principal, {}))).code).toBe('PLATFORM_NOT_A_PLATFORM')
      }
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { BatchSummary } from './ingest.types.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { batchRow } from '../../test/ingest-helpers.js'

/**
 * Data quality per provider and item from the batches' counters: validity, completeness, duplicate rate, and
 * timeliness against the item's delivery frequency.
 */

const TAX = '宁夏税务局'
const DAY = 86_400_000

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: data quality`, () => {
    let x: Xinshu
    let second: BatchSummary

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      const r1 = factory.taxRow()
      const r2 = factory.taxRow()
      const r3 = factory.taxRow({ cit_payable_last_12_months: '', cit_paid_last_12_months: null })
      const t = factory.taxRow()
      const bad = { ...t, uscc: factory.withWrongCheckChar(String(t.uscc)) }
      // Batch 1: 4 received, 3 valid (8 + 8 + 6 fields filled), 1 quarantined.
      const first = await x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: TAX, records: [r1, r2, r3, bad] })
      expect(first).toMatchObject({ received: 4, stored: 3, quarantined: 1, duplicates: 0 })
      // Batch 2: 2 received, 1 already held, 1 new (8 fields).
      second = await x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: TAX, records: [r1, factory.taxRow()] })
      expect(second).toMatchObject({ received: 2, stored: 1, duplicates: 1, quarantined: 0 })
    })
    afterAll(async () => {
      await x?.close()
    })

    it('measures validity, completeness and duplicate rate from the batches', async () => {
      const [row] = await x.quality.report({ provider: TAX, itemKey: 'tax_payment' })
      expect(row).toMatchObject({ provider: TAX, itemKey: 'tax_payment', itemName: '纳税信息', batches: 2, received: 6, stored: 4, duplicates: 1, quarantined: 1, frequency: 'monthly' })
      expect(row!.validity).toBeCloseTo(5 / 6, 4)
      // 38 fields filled over 5 valid records of 8 fields.
      expect(row!.completeness).toBeCloseTo(38 / 40, 4)
      expect(row!.duplicateRate).toBeCloseTo(1 / 6, 4)
    })

    it('counts a responsible unit that never delivered as overdue, with no measures', async () => {
      const rows = await x.quality.report({ provider: '自治区住房城乡建设厅' })
      const housing = rows.find((r) => r.itemKey === 'housing_fund_contribution')
      expect(housing).toMatchObject({ batches: 0, received: 0, validity: null, completeness: null, duplicateRate: null, lastDelivery: null, dueBy: null, overdue: true })
      // Every item the unit answers for is listed, delivered or not.
      expect(rows.map((r) => r.itemKey)).toEqual(expect.arrayContaining(['housing_fund_contribution', 'water_bill', 'gas_bill']))
      // The provider's other items (TAX delivered tax_payment only) are overdue too.
      const tax = await x.quality.report({ provider: TAX })
      expect(tax.find((r) => r.itemKey === 'tax_credit_rating')).toMatchObject({ batches: 0, overdue: true })
    })

    it('is on time until 1.5 delivery periods after the last delivery, and overdue after', async () => {
      const last = new Date((await batchRow(x.db, second.batchId)).finished_at!)
      const monthly = 31 * DAY
      const at = async (now: Date) => (await x.quality.report({ provider: TAX, itemKey: 'tax_payment', now }))[0]!
      const soon = await at(new Date(last.getTime() + 40 * DAY))
      expect(soon).toMatchObject({ overdue: false, lastDelivery: last.toISOString() })
      expect(new Date(soon.dueBy!).getTime()).toBe(last.getTime() + 1.5 * monthly)
      expect((await at(new Date(last.getTime() + 1.5 * monthly - 60_000))).overdue).toBe(false)
      expect((await at(new Date(last.getTime() + 1.5 * monthly + 60_000))).overdue).toBe(true)
      expect((await at(new Date(last.getTime() + 50 * DAY))).overdue).toBe(true)
    })

    it('lists a provider that delivered an item open to every department, beside the named units', async () => {
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [factory.penaltyRow()] })
      const rows = await x.quality.report({ itemKey: 'administrative_penalty' })
      expect(rows.find((r) => r.provider === '银川市市场监督管理局')).toMatchObject({ batches: 1, received: 1, stored: 1, validity: 1, overdue: false })
      expect(rows.find((r) => r.provider === '自治区发展改革委')).toMatchObject({ batches: 0, overdue: true })
      expect(rows.some((r) => r.provider === '各有关部门（单位）' || r.provider === '各市、县（区）')).toBe(false)
    })
  })
}

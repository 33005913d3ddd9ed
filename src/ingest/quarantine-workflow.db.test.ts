import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { unseal } from '../core/index.js'
import { maskIdentifier } from '../access/index.js'
import type { BatchSummary } from './ingest.types.js'
import { TEST_DATA_KEY, TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory, type Row } from '../../test/factory.js'
import { expectAppError, quarantinedOf, rejection, storedOf } from '../../test/ingest-helpers.js'

/**
 * The quarantine as the people who fix data use it: find rejected rows by provider, item, reason or batch (ID
 * numbers masked), resubmit a corrected row, or discard one with a reason. A handled row cannot be handled twice.
 */

const ITEM = 'administrative_penalty'
const P1 = '银川市市场监督管理局'
const P2 = '石嘴山市市场监督管理局'
const TAX = '宁夏税务局'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: quarantine workflow`, () => {
    let x: Xinshu
    const dir = factory.tempDir()
    let a: BatchSummary
    let b: BatchSummary
    let c: BatchSummary
    let line: BatchSummary
    let badDate: Row
    let badUscc: Row
    let badMoney: Row
    let lineId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      badDate = factory.penaltyRow({ decision_date: '2023-02-30' })
      const r = factory.penaltyRow()
      badUscc = { ...r, uscc: factory.withWrongCheckChar(String(r.uscc)) }
      badMoney = factory.penaltyRow({ fine_amount: '1.234' })
      a = await x.ingest.ingestRecords({ itemKey: ITEM, provider: P1, records: [factory.penaltyRow(), badDate, badUscc] })
      b = await x.ingest.ingestRecords({ itemKey: ITEM, provider: P2, records: [badMoney, factory.penaltyRow()] })
      const t = factory.taxRow()
      c = await x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: TAX, records: [{ ...t, uscc: factory.withWrongCheckChar(String(t.uscc)) }] })
      const withId = factory.penaltyRow()
      lineId = String(withId.legal_representative_id_number)
      const text = factory.csv(ITEM, [withId]).split('\r\n')
      text[1] += ',多余'
      line = await x.ingest.ingestFile({ path: factory.writeText(dir.file('line.csv'), text.join('\r\n')), itemKey: ITEM, provider: P1 })
      expect([a.quarantined, b.quarantined, c.quarantined, line.quarantined]).toEqual([2, 1, 1, 1])
    })
    afterAll(async () => {
      await x?.close()
      dir.remove()
    })

    const list = (f: { provider?: string; itemKey?: string; code?: string; batchId?: string; status?: string } = {}) => x.ingest.listQuarantine({ limit: 100, offset: 0, ...f })

    it('lists open rows filtered by provider, item, reason code and batch', async () => {
      const all = await list()
      expect(all.total).toBe(5)
      const byP1 = await list({ provider: P1 })
      expect(byP1.total).toBe(3)
      expect(byP1.rows.every((r) => r.provider === P1)).toBe(true)
      const tax = await list({ itemKey: 'tax_payment' })
      expect(tax.rows.map((r) => [r.batch_id, r.position])).toEqual([[c.batchId, 1]])
      const checkDigit = await list({ code: 'USCC_CHECK_DIGIT' })
      expect(checkDigit.rows.map((r) => r.batch_id).sort()).toEqual([a.batchId, c.batchId].sort())
      const money = await list({ code: 'FIELD_MONEY_PRECISION', provider: P2 })
      expect(money.rows.map((r) => [r.batch_id, r.position])).toEqual([[b.batchId, 1]])
      const ofA = await list({ batchId: a.batchId })
      expect(ofA.rows.map((r) => r.position).sort()).toEqual([2, 3])
      expect(await list({ provider: P2, itemKey: 'tax_payment' })).toEqual({ total: 0, rows: [] })
      const page = await x.ingest.listQuarantine({ limit: 2, offset: 0 })
      expect(page).toMatchObject({ total: 5 })
      expect(page.rows).toHaveLength(2)
    })

    it('shows ID numbers masked in the listed raw rows, in cells and inside raw lines', async () => {
      const [row] = (await list({ batchId: a.batchId })).rows.filter((r) => r.position === 2)
      const id = String(badDate.legal_representative_id_number)
      expect(row!.raw.legal_representative_id_number).toBe(maskIdentifier(id))
      expect(JSON.stringify(row!.raw)).not.toContain(id)
      expect(JSON.stringify(row!.raw)).not.toContain('sm4:')
      const [l] = (await list({ batchId: line.batchId })).rows
      expect(String(l!.raw._line)).toContain(maskIdentifier(lineId))
      expect(JSON.stringify(l!.raw)).not.toContain(lineId)
      expect(JSON.stringify(l!.raw)).not.toContain('sm4:')
      const one = await x.ingest.getQuarantined(a.batchId, 2)
      expect(one.raw.legal_representative_id_number).toBe(maskIdentifier(id))
    })

    it('keeps a resubmitted row open with updated reasons when it is still wrong, and stores nothing', async () => {
      const records = (await x.db.query<{ n: number }>('select count(*)::int as n from records.record'))[0]!.n
      const shown = await x.ingest.getQuarantined(a.batchId, 2)
      const r = await x.ingest.resubmit(a.batchId, 2, { ...shown.raw, decision_date: '2023-02-28', fine_amount: '1.234' }, 'zhang')
      expect(r.ok).toBe(false)
      expect(!r.ok && r.issues.map((i) => [i.field, i.code])).toEqual([['fine_amount', 'FIELD_MONEY_PRECISION']])
      const [q] = (await quarantinedOf(x.db, a.batchId)).filter((q) => q.position === 2)
      expect(q).toMatchObject({ status: 'open', resolved_batch_id: null })
      expect(q!.issues.map((i) => i.code)).toEqual(['FIELD_MONEY_PRECISION'])
      expect((await x.db.query<{ n: number }>('select count(*)::int as n from records.record'))[0]!.n).toBe(records)
    })

    it('stores a corrected resubmission, restores the masked ID it was shown, and closes the row with a link to the new batch', async () => {
      const shown = await x.ingest.getQuarantined(a.batchId, 2)
      const r = await x.ingest.resubmit(a.batchId, 2, { ...shown.raw, decision_date: '2023-02-28', fine_amount: '3000' }, 'zhang')
      expect(r.ok).toBe(true)
      if (!r.ok) return
      expect(r.batch).toMatchObject({ stored: 1, quarantined: 0, provider: P1, method: 'api', itemKey: ITEM })
      const [q] = (await quarantinedOf(x.db, a.batchId)).filter((q) => q.position === 2)
      expect(q).toMatchObject({ status: 'resubmitted', resolved_by: 'zhang', resolved_batch_id: r.batch.batchId })
      const [stored] = await storedOf(x.db, r.batch.batchId)
      expect(stored!.data).toMatchObject({ decision_date: '2023-02-28', fine_amount: '3000.00', decision_document_number: badDate.decision_document_number })
      // The masked value sent back untouched is the original ID number, sealed again.
      expect(unseal(TEST_DATA_KEY, String(stored!.data.legal_representative_id_number))).toBe(badDate.legal_representative_id_number)
      expect((await list({ batchId: a.batchId })).rows.map((r) => r.position)).toEqual([3])
      expect((await list({ batchId: a.batchId, status: 'resubmitted' })).rows.map((r) => r.position)).toEqual([2])
    })

    it('masks an ID number written inside free text, and gives the text back unchanged when the resubmission leaves it as shown', async () => {
      const id = factory.idNumber(factory.next())
      const facts = `当事人（公民身份号码${id}）未经许可从事经营活动`
      const row = factory.penaltyRow({ violation_facts: facts, decision_date: '2023-04-31' })
      const s = await x.ingest.ingestRecords({ itemKey: ITEM, provider: P1, records: [row] })
      const [shown] = (await list({ batchId: s.batchId })).rows
      expect(shown!.raw.violation_facts).toBe(`当事人（公民身份号码${maskIdentifier(id)}）未经许可从事经营活动`)
      const [atRest] = await quarantinedOf(x.db, s.batchId)
      expect(JSON.stringify(atRest!.raw)).not.toContain(id)
      const r = await x.ingest.resubmit(s.batchId, 1, { ...shown!.raw, decision_date: '2023-04-30' }, 'zhang')
      expect(r.ok).toBe(true)
      const [stored] = await storedOf(x.db, r.ok ? r.batch.batchId : '')
      expect(stored!.data.violation_facts).toBe(facts)
    })

    it('discards a row with the reason recorded', async () => {
      await x.ingest.discard(b.batchId, 1, '该处罚决定已被撤销，无需报送', 'li')
      const [q] = await quarantinedOf(x.db, b.batchId)
      expect(q).toMatchObject({ status: 'discarded', resolved_by: 'li' })
      expect(q!.issues).toContainEqual(expect.objectContaining({ code: 'DISCARDED', zh: '该处罚决定已被撤销，无需报送' }))
      expect((await list({ provider: P2 })).total).toBe(0)
      expect((await list({ provider: P2, status: 'discarded' })).total).toBe(1)
    })

    it('refuses to resubmit or discard a row that was already handled, with QUARANTINE_CLOSED', async () => {
      const resubmitted = expectAppError(await rejection(x.ingest.resubmit(a.batchId, 2, { ...badDate, decision_date: '2023-02-01' }, 'zhang')), 'INGEST_QUARANTINE_CLOSED')
      expect(resubmitted.type).toBe('conflict')
      expectAppError(await rejection(x.ingest.resubmit(b.batchId, 1, { ...badMoney, fine_amount: '1.23' }, 'li')), 'INGEST_QUARANTINE_CLOSED')
      expectAppError(await rejection(x.ingest.discard(a.batchId, 2, '重复处理', 'li')), 'INGEST_QUARANTINE_CLOSED')
    })

    it('answers QUARANTINE_NOT_FOUND for a position that holds no rejected row', async () => {
      const e = expectAppError(await rejection(x.ingest.resubmit(a.batchId, 1, {}, 'zhang')), 'INGEST_QUARANTINE_NOT_FOUND')
      expect(e.type).toBe('not_found')
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory, type Row } from '../../test/factory.js'
import { expectAppError, expectBalanced, expectBilingual, quarantinedOf, rejection, storedOf } from '../../test/ingest-helpers.js'

/**
 * Bad input ends in the quarantine with the code and field a provider needs to fix it, in Chinese and English;
 * nothing bad is stored, and every batch accounts for every record it received.
 */

const ITEM = 'administrative_penalty'
const PROVIDER = '银川市市场监督管理局'

interface BadCase {
  name: string
  row: () => Row
  field: string
  code: string
}

const CASES: BadCase[] = [
  { name: 'a USCC with a wrong final check character', row: () => { const r = factory.penaltyRow(); return { ...r, uscc: factory.withWrongCheckChar(String(r.uscc)) } }, field: 'uscc', code: 'USCC_CHECK_DIGIT' },
  { name: 'a USCC whose embedded organisation code fails its check', row: () => { const r = factory.penaltyRow(); return { ...r, uscc: factory.withWrongOrgCheck(String(r.uscc)) } }, field: 'uscc', code: 'USCC_ORG_CODE_CHECK' },
  { name: 'a USCC of 17 characters', row: () => { const r = factory.penaltyRow(); return { ...r, uscc: String(r.uscc).slice(0, 17) } }, field: 'uscc', code: 'FIELD_USCC_FORMAT' },
  { name: 'an ID number with a wrong check character', row: () => { const r = factory.penaltyRow(); return { ...r, legal_representative_id_number: factory.withWrongCheckChar(String(r.legal_representative_id_number), '0123456789X') } }, field: 'legal_representative_id_number', code: 'ID_NUMBER_CHECK_DIGIT' },
  { name: 'a date that does not exist (2023-02-30)', row: () => factory.penaltyRow({ decision_date: '2023-02-30' }), field: 'decision_date', code: 'FIELD_DATE_INVALID' },
  { name: 'an amount with three decimal places', row: () => factory.penaltyRow({ fine_amount: '1.234' }), field: 'fine_amount', code: 'FIELD_MONEY_PRECISION' },
  { name: 'a value outside a closed code list', row: () => factory.penaltyRow({ counterparty_category: '外籍法人' }), field: 'counterparty_category', code: 'FIELD_ENUM_UNKNOWN' },
  { name: 'no USCC at all', row: () => factory.penaltyRow({ uscc: '' }), field: 'uscc', code: 'FIELD_REQUIRED' },
  { name: 'no decision document number, the identity of a penalty', row: () => factory.penaltyRow({ decision_document_number: '  ' }), field: 'decision_document_number', code: 'FIELD_REQUIRED' },
]

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: bad input goes to the quarantine`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    const send = (records: unknown[]) => x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records })

    for (const c of CASES) {
      it(`quarantines ${c.name} with ${c.code} on ${c.field}, in both languages`, async () => {
        const good = factory.penaltyRow()
        const s = await send([good, c.row()])
        expect(s).toMatchObject({ received: 2, stored: 1, quarantined: 1, duplicates: 0 })
        await expectBalanced(x, s)
        const [q] = await quarantinedOf(x.db, s.batchId)
        expect(q).toMatchObject({ position: 2, status: 'open', item_key: ITEM, provider: PROVIDER })
        expect(q!.issues).toContainEqual(expect.objectContaining({ field: c.field, code: c.code }))
        expectBilingual(q!.issues)
        const stored = await storedOf(x.db, s.batchId)
        expect(stored.map((r) => r.data.decision_document_number)).toEqual([good.decision_document_number])
      })
    }

    it('lists every problem of a row at once, not only the first', async () => {
      const s = await send([factory.penaltyRow({ decision_date: '2023-02-30', fine_amount: '1.234', counterparty_category: '外籍法人' })])
      const [q] = await quarantinedOf(x.db, s.batchId)
      expect(q!.issues.map((i) => i.code).sort()).toEqual(['FIELD_DATE_INVALID', 'FIELD_ENUM_UNKNOWN', 'FIELD_MONEY_PRECISION'])
      expect(q!.issues.map((i) => i.field).sort()).toEqual(['counterparty_category', 'decision_date', 'fine_amount'])
    })

    it('names the field in the messages of code checks', async () => {
      const r = factory.penaltyRow()
      const s = await send([{ ...r, uscc: factory.withWrongCheckChar(String(r.uscc)) }])
      const [q] = await quarantinedOf(x.db, s.batchId)
      const issue = q!.issues.find((i) => i.code === 'USCC_CHECK_DIGIT')!
      expect(issue.zh).toContain('统一社会信用代码(uscc)')
      expect(issue.en).toMatch(/^uscc: /)
    })

    it('quarantines a record of an API call that is not an object with RECORD_NOT_OBJECT', async () => {
      const s = await send([factory.penaltyRow(), 'just a string', [1, 2], null])
      expect(s).toMatchObject({ received: 4, stored: 1, quarantined: 3 })
      await expectBalanced(x, s)
      const q = await quarantinedOf(x.db, s.batchId)
      expect(q.map((r) => [r.position, r.issues[0]!.code])).toEqual([[2, 'RECORD_NOT_OBJECT'], [3, 'RECORD_NOT_OBJECT'], [4, 'RECORD_NOT_OBJECT']])
    })

    it('refuses a provider that is not responsible for the item, before any batch', async () => {
      const before = (await x.db.query<{ n: number }>('select count(*)::int as n from ingest.batch'))[0]!.n
      expectAppError(await rejection(x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: PROVIDER, records: [factory.taxRow()] })), 'INGEST_PROVIDER_NOT_RESPONSIBLE')
      expect((await x.db.query<{ n: number }>('select count(*)::int as n from ingest.batch'))[0]!.n).toBe(before)
    })

    it('keeps received = stored + duplicates + quarantined for every batch it has run', async () => {
      const rows = await x.db.query<{ id: string; received: number; stored: number; duplicates: number; quarantined: number }>('select id, received, stored, duplicates, quarantined from ingest.batch')
      expect(rows.length).toBeGreaterThan(CASES.length)
      for (const b of rows) expect(b.received, `batch ${b.id}`).toBe(b.stored + b.duplicates + b.quarantined)
    })

    describe('the USCC allowlist', () => {
      // A real code, in use, that fails the GB 32100 check.
      const REAL_FAILING = '91350203M0001QAY9B'

      it('quarantines the real failing code 91350203M0001QAY9B, then stores it once an operator admits it', async () => {
        const row = factory.penaltyRow({ uscc: REAL_FAILING, entity_name: '厦门某某贸易有限公司' })
        const first = await send([row])
        expect(first).toMatchObject({ stored: 0, quarantined: 1 })
        const [q] = await quarantinedOf(x.db, first.batchId)
        expect(q!.issues).toContainEqual(expect.objectContaining({ field: 'uscc', code: 'USCC_CHECK_DIGIT' }))

        const allowed = await x.registry.allow(REAL_FAILING, '经核实为市场监管部门登记的真实代码', 'op')
        expect(allowed).toEqual({ uscc: REAL_FAILING, failure: 'USCC_CHECK_DIGIT' })

        const second = await send([row])
        expect(second).toMatchObject({ stored: 1, quarantined: 0 })
        await expectBalanced(x, second)
        const [stored] = await storedOf(x.db, second.batchId)
        expect(stored).toMatchObject({ subject_key: REAL_FAILING })
        const subject = await x.registry.get(REAL_FAILING)
        // A penalty does not name the subject: only its registration (营业执照信息) does.
        expect(subject).toMatchObject({ uscc: REAL_FAILING, kind: 'organization', name: null })
      })

      it('refuses to allowlist a code that passes the check, or one without a reason', async () => {
        expectAppError(await rejection(x.registry.allow(factory.uscc(factory.next()), '没有必要', 'op')), 'REGISTRY_ALLOWLIST_VALID_CODE')
        expectAppError(await rejection(x.registry.allow('91350203M0001QAY9C', '  ', 'op')), 'REGISTRY_ALLOWLIST_REASON')
      })
    })
  })
}

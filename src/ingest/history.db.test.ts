import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import { unseal } from '../core/index.js'
import { TEST_DATA_KEY, TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { batchRow, expectBalanced, quarantinedOf, storedOf, type StoredRow } from '../../test/ingest-helpers.js'

/**
 * Idempotency and history: a file sent twice stores nothing new; a correction becomes a new version and the old
 * one is kept, closed, with who/when/which batch replaced it; every stored version says where it came from; and a
 * natural person's ID number is never at rest in clear text.
 */

const ITEM = 'administrative_penalty'
const PROVIDER = '银川市市场监督管理局'
const OTHER_PROVIDER = '银川市金凤区市场监督管理局'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: idempotency, versions and provenance`, () => {
    let x: Xinshu
    const dir = factory.tempDir()

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
      dir.remove()
    })

    const versionsOf = (subjectKey: string, docNumber: string) =>
      x.db.query<StoredRow>(`select * from records.record where subject_key = $1 and item_key = $2 and record_key = $3 order by version`, [subjectKey, ITEM, docNumber])

    it('stores nothing from a file sent a second time: its valid rows are duplicates and its rejected rows are not quarantined again', async () => {
      const valid = [factory.penaltyRow(), factory.penaltyRow(), factory.penaltyRow()]
      const invalid = [factory.penaltyRow({ decision_date: '2023-02-30' }), factory.penaltyRow({ fine_amount: '1.234' })]
      const path = factory.writeText(dir.file('twice.csv'), factory.csv(ITEM, [valid[0]!, invalid[0]!, valid[1]!, invalid[1]!, valid[2]!]))
      const first = await x.ingest.ingestFile({ path, itemKey: ITEM, provider: PROVIDER })
      expect(first).toMatchObject({ received: 5, stored: 3, quarantined: 2, duplicates: 0 })
      await expectBalanced(x, first)
      const openBefore = (await x.db.query<{ n: number }>(`select count(*)::int as n from ingest.quarantine where status = 'open'`))[0]!.n

      const second = await x.ingest.ingestFile({ path, itemKey: ITEM, provider: PROVIDER })
      expect(second.batchId).not.toBe(first.batchId)
      expect(second.resumed).toBe(false)
      // The 3 valid rows are already stored and the 2 rejected ones are already waiting in the quarantine.
      expect(second).toMatchObject({ received: 5, stored: 0, quarantined: 2, quarantineRepeats: 2, duplicates: 3, status: 'completed' })
      await expectBalanced(x, second)
      expect(await quarantinedOf(x.db, second.batchId)).toEqual([])
      expect((await x.db.query<{ n: number }>(`select count(*)::int as n from ingest.quarantine where status = 'open'`))[0]!.n).toBe(openBefore)
      for (const r of valid) expect(await versionsOf(String(r.uscc), String(r.decision_document_number))).toHaveLength(1)
    })

    it('counts a record repeated inside one delivery once', async () => {
      const r = factory.penaltyRow()
      const s = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [r, { ...r }, { ...r }] })
      expect(s).toMatchObject({ received: 3, stored: 1, duplicates: 2, quarantined: 0 })
      await expectBalanced(x, s)
    })

    it('keeps version 1 when a correction arrives and closes it with the time and batch of version 2', async () => {
      const v1 = factory.penaltyRow({ fine_amount: '5000' })
      const b1 = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [v1] })
      expect(b1.stored).toBe(1)

      const v2 = { ...v1, fine_amount: '8000', penalty_content: '罚款并责令改正' }
      const before = Date.now()
      const b2 = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [v2] })
      expect(b2).toMatchObject({ stored: 1, duplicates: 0, quarantined: 0 })
      await expectBalanced(x, b2)

      const versions = await versionsOf(String(v1.uscc), String(v1.decision_document_number))
      expect(versions.map((v) => v.version)).toEqual([1, 2])
      const [old, cur] = versions as [StoredRow, StoredRow]
      expect(old.data.fine_amount).toBe('5000.00')
      expect(old).toMatchObject({ batch_id: b1.batchId, provider: PROVIDER, superseded_by: b2.batchId })
      expect(old.superseded_at).not.toBeNull()
      expect(new Date(old.superseded_at!).getTime()).toBeGreaterThanOrEqual(before - 1000)
      expect(new Date(old.superseded_at!).getTime()).toBe(new Date(cur.received_at).getTime())
      expect(cur).toMatchObject({ batch_id: b2.batchId, provider: PROVIDER, superseded_at: null, superseded_by: null })
      expect(cur.data).toMatchObject({ fine_amount: '8000.00', penalty_content: '罚款并责令改正' })
      // Who replaced it: the batch that superseded it (a correction comes only from the unit that delivered the record).
      expect((await batchRow(x.db, old.superseded_by!)).provider).toBe(PROVIDER)

      // Version 1's content sent again after the correction is already held: nothing is stored, version 2 stays current.
      const b3 = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [v1] })
      expect(b3).toMatchObject({ stored: 0, duplicates: 1, quarantined: 0 })
      const after = await versionsOf(String(v1.uscc), String(v1.decision_document_number))
      expect(after.map((v) => [v.version, v.superseded_at === null])).toEqual([[1, false], [2, true]])
    })

    it('numbers the versions of a record corrected twice within one delivery, the last one current', async () => {
      const a = factory.penaltyRow({ fine_amount: '100' })
      const b = { ...a, fine_amount: '200' }
      const c = { ...a, fine_amount: '300' }
      const s = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [a, b, c] })
      expect(s).toMatchObject({ stored: 3, duplicates: 0 })
      const versions = await versionsOf(String(a.uscc), String(a.decision_document_number))
      expect(versions.map((v) => [v.version, v.data.fine_amount, v.superseded_at === null, v.superseded_by])).toEqual([
        [1, '100.00', false, s.batchId], [2, '200.00', false, s.batchId], [3, '300.00', true, null],
      ])
    })

    it('continues the version numbers across chunks of one batch', async () => {
      const a = factory.penaltyRow({ fine_amount: '100' })
      const records = [a, factory.penaltyRow(), { ...a, fine_amount: '200' }, factory.penaltyRow(), { ...a, fine_amount: '300' }]
      const { runBatch } = await import('./batch-runner.js')
      const s = await runBatch({ db: x.db, catalog: x.catalog.current(), dataKey: TEST_DATA_KEY, chunks: x.chunks }, { itemKey: ITEM, provider: PROVIDER, method: 'api', records: records.map((values, i) => ({ position: i + 1, values })), chunkSize: 2 })
      expect(s).toMatchObject({ received: 5, stored: 5 })
      await expectBalanced(x, s)
      const versions = await versionsOf(String(a.uscc), String(a.decision_document_number))
      expect(versions.map((v) => [v.version, v.data.fine_amount, v.superseded_at === null])).toEqual([[1, '100.00', false], [2, '200.00', false], [3, '300.00', true]])
    })

    it('records provenance on every stored version: provider, method, batch, time received and catalog version', async () => {
      const started = Date.now()
      const fileRow = factory.penaltyRow()
      const path = factory.writeText(dir.file('provenance.csv'), factory.csv(ITEM, [fileRow]))
      const byFile = await x.ingest.ingestFile({ path, itemKey: ITEM, provider: PROVIDER })
      const byApi = await x.ingest.ingestRecords({ itemKey: ITEM, provider: OTHER_PROVIDER, records: [factory.penaltyRow()] })
      for (const [s, method, provider] of [[byFile, 'file', PROVIDER], [byApi, 'api', OTHER_PROVIDER]] as const) {
        const [r] = await storedOf(x.db, s.batchId)
        expect(r).toMatchObject({ provider, method, batch_id: s.batchId, catalog_version: x.catalog.current().version, version: 1 })
        const t = new Date(r!.received_at).getTime()
        expect(t).toBeGreaterThanOrEqual(started - 1000)
        expect(t).toBeLessThanOrEqual(Date.now() + 1000)
        expect((await batchRow(x.db, s.batchId)).catalog_version).toBe(r!.catalog_version)
      }
      expect((await batchRow(x.db, byFile.batchId)).source).toBe('provenance.csv')
    })

    it('seals natural persons\' ID numbers (sm4:) in stored records and never keeps them in clear text in records or the quarantine', async () => {
      const ids = Array.from({ length: 6 }, () => factory.idNumber(factory.next()))
      const [idStored, idSubject, idBadDate, idInLine, idInJson, idBadCheck] = ids as [string, string, string, string, string, string]
      const penalty = factory.penaltyRow({ legal_representative_id_number: idStored })
      const stored = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [penalty, factory.penaltyRow({ legal_representative_id_number: idBadDate, decision_date: '2023-13-01' })] })
      expect(stored).toMatchObject({ stored: 1, quarantined: 1 })
      const debtor = await x.ingest.ingestRecords({ itemKey: 'dishonest_judgment_debtor', provider: '自治区高级人民法院', records: [factory.debtorRow({ id_number_or_uscc: idSubject })] })
      expect(debtor.stored).toBe(1)

      // A CSV row with too many cells keeps its raw line; a broken JSON line keeps its text: both contain an ID.
      const lines = factory.csv(ITEM, [factory.penaltyRow({ legal_representative_id_number: idInLine })]).split('\r\n')
      lines[1] += ',多余的一格'
      const csvBatch = await x.ingest.ingestFile({ path: factory.writeText(dir.file('id-in-line.csv'), lines.join('\r\n')), itemKey: ITEM, provider: PROVIDER })
      expect(csvBatch.quarantined).toBe(1)
      const jsonBatch = await x.ingest.ingestFile({ path: factory.writeText(dir.file('id-in-json.jsonl'), `{"企业名称": "宁夏某公司", "法定代表人证件号码": "${idInJson}", \n`), itemKey: ITEM, provider: PROVIDER })
      expect(jsonBatch.quarantined).toBe(1)
      const badCheck = factory.withWrongCheckChar(idBadCheck, '0123456789X')
      const checkBatch = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [factory.penaltyRow({ legal_representative_id_number: badCheck })] })
      expect(checkBatch.quarantined).toBe(1)

      const [rec] = await storedOf(x.db, stored.batchId)
      const sealed = String(rec!.data.legal_representative_id_number)
      expect(sealed.startsWith('sm4:')).toBe(true)
      expect(unseal(TEST_DATA_KEY, sealed)).toBe(idStored)
      const [debtorRec] = await storedOf(x.db, debtor.batchId)
      expect(String(debtorRec!.data.id_number_or_uscc).startsWith('sm4:')).toBe(true)

      const dump = (await x.db.query<{ t: string }>(
        `select string_agg(t, '\n') as t from (
           select subject_key || ' ' || record_key || ' ' || data::text || ' ' || coalesce(warnings::text, '') as t from records.record
           union all select raw::text || ' ' || issues::text || ' ' || raw_hash from ingest.quarantine
           union all select subject_key || ' ' || coalesce(name, '') from registry.subject
           union all select subject_key || ' ' || name from registry.subject_name
           union all select coalesce(error, '') || options::text from ingest.batch) all_text`,
      ))[0]!.t
      for (const id of [...ids, badCheck]) {
        expect(dump.includes(id), `ID ${id.slice(0, 6)}… in clear text`).toBe(false)
        expect(dump.includes(id.slice(0, 17)), `first 17 digits of ${id.slice(0, 6)}… in clear text`).toBe(false)
      }
    })
  })
}

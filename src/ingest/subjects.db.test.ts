import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { SubjectRow } from '../registry/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { expectAppError, rejection, storedOf } from '../../test/ingest-helpers.js'

/**
 * Credit subjects as collection creates them: an organisation on first sight of its valid code, with every name
 * it was known by; a subject named without a code ('N:'); a natural person keyed by a keyed hash ('P:') that does
 * not reveal the ID number.
 */

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: subjects`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
    })

    const subject = async (key: string) => (await x.db.query<SubjectRow & { first_batch_id: string }>('select * from registry.subject where subject_key = $1', [key]))[0]
    const names = async (key: string) => (await x.db.query<{ name: string }>('select name from registry.subject_name where subject_key = $1 order by name', [key])).map((r) => r.name)

    it('creates an organisation on first sight of a valid code, with its type and division decoded from the code', async () => {
      const row = factory.penaltyRow()
      const code = String(row.uscc)
      expect(await subject(code)).toBeUndefined()
      const s = await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [row] })
      // Unnamed until its registration (营业执照信息) names it: a penalty's entity_name is not a registered name.
      expect(await subject(code)).toMatchObject({ subject_key: code, uscc: code, kind: 'organization', name: null, entity_type: '91', division_code: '640106', first_batch_id: s.batchId })
      const got = await x.registry.get(code)
      expect(got.division).toMatchObject({ inNingxia: true, county: '金凤区' })
    })

    it('does not create a subject for a code that fails its check', async () => {
      const row = factory.penaltyRow()
      const bad = factory.withWrongCheckChar(String(row.uscc))
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [{ ...row, uscc: bad }] })
      expect(await subject(bad)).toBeUndefined()
      expectAppError(await rejection(x.registry.get(bad)), 'REGISTRY_SUBJECT_NOT_FOUND')
    })

    it('takes an organisation\'s names only from its business licence, and counts other items\' differing names as mismatches', async () => {
      const n = factory.next()
      const code = factory.uscc(n)
      await x.ingest.ingestRecords({ itemKey: 'tax_payment', provider: '宁夏税务局', records: [factory.taxRow({ _n: n, entity_name: '宁夏甲乙商贸公司' })] })
      expect((await subject(code))!.name).toBeNull()
      await x.ingest.ingestRecords({ itemKey: 'business_license', provider: '自治区市场监管厅', records: [factory.licenseRow({ _n: n, entity_name: '宁夏甲乙商贸有限公司' })] })
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [factory.penaltyRow({ _n: n, entity_name: '宁夏甲乙商贸有限公司（银川）' })] })
      await x.ingest.ingestRecords({ itemKey: 'administrative_penalty', provider: '银川市市场监督管理局', records: [factory.penaltyRow({ _n: n, entity_name: '宁夏甲乙商贸有限公司' })] })
      expect((await subject(code))!.name).toBe('宁夏甲乙商贸有限公司')
      expect(await names(code)).toEqual(['宁夏甲乙商贸有限公司'])
      const mismatches = await x.quality.nameMismatches({ itemKey: 'administrative_penalty', limit: 10, offset: 0 })
      expect(mismatches.rows.filter((m) => m.subjectKey === code).map((m) => [m.provider, m.name, m.registeredName])).toEqual([['银川市市场监督管理局', '宁夏甲乙商贸有限公司（银川）', '宁夏甲乙商贸有限公司']])
    })

    it('builds the name history from 名称变更 rows of registration_change, and ignores other changes', async () => {
      const n = factory.next()
      const code = factory.uscc(n)
      const rows = [
        factory.changeRow({ _n: n, entity_name: '宁夏新丰源农业科技有限公司', change_item: '名称变更', content_before: '宁夏丰源农业有限公司', content_after: '宁夏新丰源农业科技有限公司', change_date: '2021-04-02' }),
        factory.changeRow({ _n: n, entity_name: '宁夏新丰源农业科技有限公司', change_item: '住所变更', content_before: '银川市兴庆区解放西街1号', content_after: '银川市金凤区正源北街8号', change_date: '2022-09-09' }),
      ]
      const s = await x.ingest.ingestRecords({ itemKey: 'registration_change', provider: '自治区市场监管厅', records: rows })
      expect(s).toMatchObject({ stored: 2, quarantined: 0 })
      expect(await names(code)).toEqual(['宁夏丰源农业有限公司', '宁夏新丰源农业科技有限公司'].sort())
      const got = await x.registry.get(code)
      expect(got.names.map((r) => r.name).sort()).toEqual(['宁夏丰源农业有限公司', '宁夏新丰源农业科技有限公司'].sort())
    })

    it('files a mortgage of an item without a code under the mortgagor\'s name (N:)', async () => {
      const row = factory.mortgageRow({ mortgagor: '宁夏永宁县某某物流有限公司' })
      const s = await x.ingest.ingestRecords({ itemKey: 'real_estate_mortgage', provider: '自治区自然资源厅', records: [row] })
      expect(s).toMatchObject({ stored: 1, quarantined: 0 })
      const [r] = await storedOf(x.db, s.batchId)
      expect(r!.subject_key).toBe('N:宁夏永宁县某某物流有限公司')
      expect(await subject('N:宁夏永宁县某某物流有限公司')).toMatchObject({ kind: 'unidentified', uscc: null, name: '宁夏永宁县某某物流有限公司' })
    })

    it('files a dishonest judgment debtor who is a person under a P: key that does not contain the ID number', async () => {
      const n = factory.next()
      const id = factory.idNumber(n)
      const s = await x.ingest.ingestRecords({ itemKey: 'dishonest_judgment_debtor', provider: '自治区高级人民法院', records: [factory.debtorRow({ _n: n, id_number_or_uscc: id, entity_name: '马某某' })] })
      expect(s).toMatchObject({ stored: 1, quarantined: 0 })
      const [r] = await storedOf(x.db, s.batchId)
      expect(r!.subject_key).toMatch(/^P:[0-9a-f]{40}$/)
      expect(r!.subject_key).not.toContain(id)
      expect(r!.subject_key).not.toContain(id.slice(0, 14))
      expect(r!.subject_key).toBe(x.registry.subjectKeyOf(id))
      expect(await subject(r!.subject_key)).toMatchObject({ kind: 'person', uscc: null, name: '马某某', entity_type: null, division_code: null })
      // Looked up by the ID number itself, never stored.
      expect((await x.registry.get(id)).subject_key).toBe(r!.subject_key)
    })

    it('files a dishonest judgment debtor that is an organisation under its USCC, which stays readable', async () => {
      const n = factory.next()
      const code = factory.uscc(n)
      const s = await x.ingest.ingestRecords({ itemKey: 'dishonest_judgment_debtor', provider: '自治区高级人民法院', records: [factory.debtorRow({ _n: n, id_number_or_uscc: code, entity_name: '宁夏某某建设有限公司' })] })
      const [r] = await storedOf(x.db, s.batchId)
      expect(r).toMatchObject({ subject_key: code })
      expect(r!.data.id_number_or_uscc).toBe(code)
      expect(await subject(code)).toMatchObject({ kind: 'organization', uscc: code })
    })
  })
}

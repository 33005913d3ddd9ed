import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadBundledCatalog, CatalogIndex, type CatalogItem } from '../catalog/index.js'
import { createRowValidator } from '../ingest/index.js'
import { CORRUPTION_KINDS, EXPECTED_ISSUE, corruptRecord, corruptionKindsFor, type CorruptionKind } from './bad-rows.js'
import { catalogItems, demoRecordStream, type DemoRecord } from './records.js'

const SEED = 7
const { document: catalog } = loadBundledCatalog()
const index = new CatalogIndex(1, catalog)
const dataKey = randomBytes(16)
const validate = (itemKey: string, values: DemoRecord) =>
  createRowValidator(index.get(itemKey)!, { dataKey, usccAllowlist: new Set() })(values)

/** The first few records of every item, for 600 subjects. */
const samples = new Map<string, DemoRecord[]>()
for (const e of demoRecordStream({ seed: SEED, subjects: 600, catalog })) {
  const list = samples.get(e.itemKey) ?? []
  if (list.length < 5) list.push(e.record)
  samples.set(e.itemKey, list)
}
const itemByKey = new Map(catalogItems(catalog).map((i) => [i.key, i]))

describe('corruptRecord', () => {
  it('makes every kind on every item fail the row validator with the expected issue (or pass, for formula text)', () => {
    const covered = new Set<CorruptionKind>()
    for (const [key, records] of samples) {
      const item = itemByKey.get(key) as CatalogItem
      for (const record of records) {
        expect(validate(key, record).ok, `${key} good record`).toBe(true)
        for (const kind of corruptionKindsFor(item, record)) {
          const c = corruptRecord(SEED, record, item, kind)
          covered.add(kind)
          const result = validate(key, c.record)
          if (!c.bad) {
            expect(result.ok, `${key} ${kind}`).toBe(true)
            continue
          }
          if (result.ok) throw new Error(`${key} ${kind}: ${c.field}=${String(c.value)} was accepted`)
          const issue = result.issues.find((i) => i.code === c.expectedIssue)
          expect(issue, `${key} ${kind}: got ${result.issues.map((i) => i.code).join(', ')}`).toBeDefined()
          expect(issue!.field).toBe(kind === 'missing_subject_name' ? '*' : c.field)
        }
      }
    }
    expect([...covered].sort()).toEqual([...CORRUPTION_KINDS].sort())
  })

  it('breaks the records the way the brief lists', () => {
    const penalty = itemByKey.get('administrative_penalty')!
    const record = samples.get('administrative_penalty')![0]!
    const uscc = record.uscc as string

    const check = corruptRecord(1, record, penalty, 'uscc_check_digit')
    expect(check.value).not.toBe(uscc)
    expect((check.value as string).slice(0, 17)).toBe(uscc.slice(0, 17))

    const org = corruptRecord(1, record, penalty, 'org_code_check')
    expect((org.value as string).slice(0, 16)).toBe(uscc.slice(0, 16))
    expect((org.value as string)[16]).not.toBe(uscc[16])

    expect(corruptRecord(1, record, penalty, 'bad_date').value).toMatch(/^\d{4}-\d\d-\d\d$/)
    expect(corruptRecord(1, record, penalty, 'money_precision').value).toMatch(/^-?\d+\.\d{3}$/)
    expect(corruptRecord(1, record, penalty, 'missing_uscc')).toMatchObject({ field: 'uscc', value: '' })
    expect(corruptRecord(1, record, penalty, 'id_check_digit').field).toBe('legal_representative_id_number')
    expect(corruptRecord(1, record, penalty, 'formula_text')).toMatchObject({ value: '=SUM(A1)', bad: false, expectedIssue: null })
    expect(EXPECTED_ISSUE.unknown_enum).toBe('FIELD_ENUM_UNKNOWN')
  })

  it('leaves its input untouched and is reproducible by seed', () => {
    const item = itemByKey.get('business_license')!
    const record = samples.get('business_license')![0]!
    const before = JSON.stringify(record)
    const a = corruptRecord(99, record, item)
    const b = corruptRecord(99, record, item)
    expect(JSON.stringify(record)).toBe(before)
    expect(a).toEqual(b)
    expect(a.bad).toBe(true)
  })

  it('picks only kinds that make the record bad when no kind is given', () => {
    for (const [key, records] of samples) {
      const item = itemByKey.get(key)!
      for (let seed = 0; seed < 20; seed++) expect(corruptRecord(seed, records[0]!, item).bad, key).toBe(true)
    }
  })

  it('refuses a kind that does not apply to the item', () => {
    const item = itemByKey.get('abnormal_taxpayer')!
    expect(() => corruptRecord(1, samples.get('abnormal_taxpayer')![0]!, item, 'money_precision')).toThrow(RangeError)
  })
})

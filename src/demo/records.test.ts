import { describe, expect, it } from 'vitest'
import { loadBundledCatalog, type CatalogItem } from '../catalog/index.js'
import { parseFieldValue } from '../ingest/index.js'
import { validateIdNumber, validateUscc } from '../registry/index.js'
import { catalogItems, demoItemRows, demoRecordCount, demoRecordStream, demoRecords, type DemoStreamEntry } from './records.js'
import { demoSubject } from './subjects.js'

const SEED = 20221119
const { document: catalog } = loadBundledCatalog()
const items = catalogItems(catalog)
const itemByKey = new Map(items.map((i) => [i.key, i]))

/** The stream for 2,000 subjects, generated once for the tests that only read it. */
const entries: DemoStreamEntry[] = [...demoRecordStream({ seed: SEED, subjects: 2000, catalog })]

function fingerprint(seed: number, subjects: number): string {
  let out = ''
  for (const e of demoRecordStream({ seed, subjects, catalog })) out += `${e.itemKey}|${e.subjectIndex}|${JSON.stringify(e.record)}\n`
  return out
}

describe('demoRecordStream', () => {
  it('produces identical output for the same seed', () => {
    expect(fingerprint(5, 150)).toBe(fingerprint(5, 150))
  })

  it('produces different output for a different seed', () => {
    expect(fingerprint(5, 150)).not.toBe(fingerprint(6, 150))
  })

  it('has records of every one of the 37 items across 2,000 subjects', () => {
    const seen = new Set(entries.map((e) => e.itemKey))
    expect(items).toHaveLength(37)
    for (const item of items) expect(seen, item.key).toContain(item.key)
  })

  it('gives every record exactly the field keys of its item, in catalog order', () => {
    const expected = new Map(items.map((i) => [i.key, i.fields.map((f) => f.key).join(',')]))
    const wrong = entries.filter((e) => Object.keys(e.record).join(',') !== expected.get(e.itemKey))
    expect(wrong).toEqual([])
  })

  it('gives every subject a business licence and 10 to 35 records on average', () => {
    const licences = entries.filter((e) => e.itemKey === 'business_license')
    expect(new Set(licences.map((e) => e.subjectIndex)).size).toBe(2000)
    const perSubject = entries.length / 2000
    expect(perSubject).toBeGreaterThan(10)
    expect(perSubject).toBeLessThan(35)
  })

  it('keeps penalties, court cases and dishonesty lists rare and monthly items common', () => {
    const subjectsWith = (key: string) => new Set(entries.filter((e) => e.itemKey === key).map((e) => e.subjectIndex)).size / 2000
    for (const key of ['administrative_penalty', 'court_judgment', 'dishonest_judgment_debtor', 'serious_violation_list', 'bankruptcy']) {
      expect(subjectsWith(key), key).toBeLessThan(0.06)
    }
    for (const key of ['tax_payment', 'electricity_bill', 'water_bill', 'social_insurance_contribution']) {
      expect(subjectsWith(key), key).toBeGreaterThan(0.5)
    }
  })

  it('writes values the hub parses without an issue or a warning', () => {
    for (const e of entries) {
      const item = itemByKey.get(e.itemKey) as CatalogItem
      for (const f of item.fields) {
        const r = parseFieldValue(f, e.record[f.key], { itemKey: item.key, today: '2026-06-30' })
        if (!r.ok) throw new Error(`${item.key}.${f.key} = ${String(e.record[f.key])}: ${r.issue.code} ${r.issue.en}`)
        if (r.warning) throw new Error(`${item.key}.${f.key} = ${String(e.record[f.key])}: ${r.warning.code} ${r.warning.en}`)
      }
    }
  })

  it('puts a valid USCC or ID number in every code field', () => {
    const wrong: string[] = []
    for (const e of entries) {
      const item = itemByKey.get(e.itemKey) as CatalogItem
      for (const f of item.fields) {
        const v = e.record[f.key]
        if ((f.type !== 'uscc' && f.type !== 'id_number') || v === null) continue
        if (typeof v !== 'string' || (!validateUscc(v).ok && !validateIdNumber(v).ok)) wrong.push(`${item.key}.${f.key}: ${String(v)}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it("links items without a uscc field to the subject's code or name", () => {
    const subjects = Array.from({ length: 2000 }, (_, i) => demoSubject(SEED, i))
    const unlinked = entries.filter((e) => {
      const s = subjects[e.subjectIndex]!
      const r = e.record
      switch (e.itemKey) {
        case 'real_estate_registration':
          return r.right_holder_id_number !== s.uscc || r.right_holder_name !== s.name
        case 'real_estate_mortgage':
          return r.mortgagor !== s.name
        case 'terminated_enforcement_case':
          return r.debtor_id_number_or_uscc !== s.uscc || r.debtor_name !== s.name
        case 'dishonest_judgment_debtor':
          return r.id_number_or_uscc !== s.uscc || r.entity_name !== s.name
        case 'new_agricultural_entity':
          return r.entity_name !== s.name
        default:
          return r.uscc !== s.uscc
      }
    })
    expect(unlinked).toEqual([])
  })

  it('delivers monthly snapshots oldest first', () => {
    const bySubject = new Map<number, string[]>()
    for (const e of entries) {
      if (e.itemKey !== 'tax_payment') continue
      const list = bySubject.get(e.subjectIndex) ?? []
      list.push(e.record.last_normal_payment_date as string)
      bySubject.set(e.subjectIndex, list)
    }
    let multi = 0
    for (const dates of bySubject.values()) {
      if (dates.length > 1) multi++
      expect([...dates].sort()).toEqual(dates)
    }
    expect(multi).toBeGreaterThan(100)
  })

  it('keeps every date on or before the reference date except end and validity dates', () => {
    const late: string[] = []
    for (const e of entries) {
      const item = itemByKey.get(e.itemKey) as CatalogItem
      for (const f of item.fields) {
        const v = e.record[f.key]
        if (f.type !== 'date' || typeof v !== 'string' || /end|validity/.test(f.key)) continue
        if (v > '2026-06-30') late.push(`${item.key}.${f.key} ${v}`)
      }
    }
    expect(late).toEqual([])
  })
})

describe('demoRecords', () => {
  it('recreates the records of one subject and item on their own', () => {
    const item = itemByKey.get('annual_report') as CatalogItem
    const fromStream = entries.filter((e) => e.itemKey === 'annual_report' && e.subjectIndex === 3).map((e) => e.record)
    expect(demoRecords(SEED, demoSubject(SEED, 3), item)).toEqual(fromStream)
  })

  it('has records exactly when demoRecordCount says so', () => {
    for (const item of items) {
      for (let i = 0; i < 60; i++) {
        const n = demoRecords(SEED, demoSubject(SEED, i), item).length
        expect(n > 0, `${item.key} #${i}`).toBe(demoRecordCount(SEED, i, item) > 0)
      }
    }
  })

  it('fills fields the generator does not know from their type', () => {
    const base = itemByKey.get('random_inspection') as CatalogItem
    const item: CatalogItem = {
      ...base,
      fields: [...base.fields, { key: 'inspected_at', name: '抽查时间', type: 'datetime', sensitivity: 'public' }],
    }
    const subjectsWith = Array.from({ length: 200 }, (_, i) => demoRecords(SEED, demoSubject(SEED, i), item)).filter((r) => r.length > 0)
    expect(subjectsWith.length).toBeGreaterThan(0)
    for (const [r] of subjectsWith) {
      expect(Object.keys(r!)).toEqual(item.fields.map((f) => f.key))
      expect(r!.inspected_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
    }
  })
})

describe('demoItemRows', () => {
  it('yields the same records as the full stream for that item', () => {
    const item = itemByKey.get('administrative_license') as CatalogItem
    const fromStream = entries.filter((e) => e.itemKey === item.key).map((e) => e.record)
    expect([...demoItemRows({ seed: SEED, subjects: 2000, item })]).toEqual(fromStream)
  })

  it('continues where another range stopped', () => {
    const item = itemByKey.get('tax_credit_rating') as CatalogItem
    const whole = [...demoItemRows({ seed: SEED, subjects: 300, item })]
    const split = [...demoItemRows({ seed: SEED, subjects: 120, item }), ...demoItemRows({ seed: SEED, subjects: 180, item, from: 120 })]
    expect(split).toEqual(whole)
  })
})

describe('real estate', () => {
  it('puts every mortgage on a property unit the registration item lists for the same subject', () => {
    const units = new Map<number, Set<unknown>>()
    for (const e of entries) {
      if (e.itemKey !== 'real_estate_registration') continue
      const set = units.get(e.subjectIndex) ?? new Set()
      set.add(e.record.property_unit_number)
      units.set(e.subjectIndex, set)
    }
    const mortgages = entries.filter((e) => e.itemKey === 'real_estate_mortgage')
    expect(mortgages.length).toBeGreaterThan(10)
    expect(mortgages.filter((e) => !units.get(e.subjectIndex)?.has(e.record.property_unit_number))).toEqual([])
  })
})

describe('shareholders that are other demo enterprises', () => {
  it('make about half of the enterprise shareholders, each an earlier subject of the population, the same for the same seed', () => {
    // Demo names may repeat: the first subject bearing a name is the one an earlier index can be.
    const names = new Map<string, number>()
    for (let i = 0; i < 2000; i++) if (!names.has(demoSubject(SEED, i).name)) names.set(demoSubject(SEED, i).name, i)
    const held = entries.filter((e) => e.itemKey === 'shareholder_contribution' && e.record.shareholder_type === '企业法人')
    const demo = held.filter((e) => names.has(e.record.shareholder_name as string))
    expect(held.length).toBeGreaterThan(50)
    expect(demo.length / held.length).toBeGreaterThan(0.3)
    expect(demo.length / held.length).toBeLessThan(0.6)
    // Outside company names are drawn from the same words and may match a later subject's by chance; rarely.
    const later = demo.filter((e) => names.get(e.record.shareholder_name as string)! >= e.subjectIndex)
    expect(later.length / demo.length).toBeLessThan(0.05)
    const again = [...demoItemRows({ seed: SEED, subjects: 2000, item: itemByKey.get('shareholder_contribution')! })].filter((r) => r.shareholder_type === '企业法人')
    expect(again.map((r) => r.shareholder_name)).toEqual(held.map((e) => e.record.shareholder_name))
  })
})

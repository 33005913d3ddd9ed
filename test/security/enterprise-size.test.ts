import { describe, expect, it } from 'vitest'
import { sizeFromProfile, type SizeProfile } from '../../src/financing/index.js'

/**
 * An enterprise that wants a fund or subsidy limited to 小型/微型 may try to shrink itself by what it declares. The size
 * at 放款 prefers what providers delivered; the enterprise's own figures only fill what is missing, and say so.
 */
const provided = (items: Record<string, Array<Record<string, unknown>>>): SizeProfile['categories'] =>
  [{ items: Object.entries(items).map(([key, rows]) => ({ key, records: rows.map((values, i) => ({ values, provenance: { receivedAt: `2026-0${i + 1}-01T00:00:00Z` } })) })) }]
const declared = (rows: Array<Record<string, unknown>>): SizeProfile['selfDeclared'] => ({ items: [{ key: 'annual_report', declarations: rows.map((values) => ({ values, declaredAt: '2026-11-01T00:00:00Z' })) }] })
const INDUSTRY = { industry_classification: [{ industry_category: 'C3011' }] }
const MEDIUM = { report_year: 2025, employee_count: 400, total_operating_revenue: '300000000.00', total_assets: '1.00' }
const TINY = { report_year: 2025, employee_count: 3, total_operating_revenue: '100000.00' }

describe('enterprise size against a borrower that declares itself smaller', () => {
  it('keeps the provider\'s annual report over a self-declared one for the same year', () => {
    const r = sizeFromProfile({ categories: provided({ ...INDUSTRY, annual_report: [MEDIUM] }), selfDeclared: declared([TINY]) }, '2026-12-04')
    expect(r.size).toBe('medium')
    expect(r.reason).not.toContain('自愿填报')
  })

  it('does not let a self-declared industry replace the provider\'s', () => {
    const r = sizeFromProfile({
      categories: provided({ ...INDUSTRY, annual_report: [{ report_year: 2025, employee_count: 40, total_operating_revenue: '30000000.00' }] }),
      selfDeclared: { items: [{ key: 'industry_classification', declarations: [{ values: { industry_category: 'M7320' }, declaredAt: '2026-11-01T00:00:00Z' }] }] },
    }, '2026-12-04')
    // 工业 40 人 / 3 000 万 → 小型 (as 其他未列明行业 40 人 it would be 小型 too, but by another rule): the group says which.
    expect(r.group).toBe('工业')
  })

  it('ignores an annual report dated after the lending year, declared or provided', () => {
    const r = sizeFromProfile({ categories: provided({ ...INDUSTRY, annual_report: [{ ...MEDIUM, report_year: 2030, employee_count: 2 }] }), selfDeclared: declared([{ ...TINY, report_year: 2031 }]) }, '2026-12-04')
    expect(r.size).toBeNull()
    expect(r.reason).toContain('未掌握企业年报')
  })

  it('takes no figure that is not an exact amount or a whole count', () => {
    const r = sizeFromProfile({ categories: provided({ ...INDUSTRY, annual_report: [{ report_year: 2025, employee_count: '5e1', total_operating_revenue: '-1.00' }] }) }, '2026-12-04')
    expect(r.size).toBeNull()
  })
})

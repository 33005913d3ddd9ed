import { lookupDivision } from '../registry/index.js'
import { PRODUCT_TYPES, SERVICE_LEVELS, type LoanStatRecord } from '../financing/index.js'
import type { LateReportRow, StatRow } from './stats.types.js'

export const SIZE_NAMES = { micro: '微型企业', small: '小型企业', medium: '中型企业', large: '大型企业', unknown: '未登记规模' } as const
const UNKNOWN_REGION = { key: 'unknown', name: '未登记地区' }

/**
 * The city-level division (GB/T 2260) a loan counts under: in Ningxia its prefecture-level city (640106 → 640100
 * 银川市), elsewhere its province; a loan whose borrower has no division on file counts as 未登记地区.
 */
export function cityOf(divisionCode: string | null): { key: string; name: string } {
  const d = divisionCode ? lookupDivision(divisionCode) : undefined
  if (!d || !divisionCode) return UNKNOWN_REGION
  if (d.inNingxia && d.city) return { key: `${divisionCode.slice(0, 4)}00`, name: d.city }
  return { key: `${divisionCode.slice(0, 2)}0000`, name: d.province }
}

/** The median by nearest rank: the smallest value with at least half of the values at or below it. */
export function p50(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(sorted.length / 2) - 1]!
}

/** One breakdown line of some loans. */
export function rowOf(key: string, name: string, loans: readonly LoanStatRecord[]): StatRow {
  const days = loans.flatMap((l) => (l.decisionWorkingDays === null ? [] : [l.decisionWorkingDays]))
  const creditLoans = loans.filter((l) => l.creditLoan).length
  return {
    key, name, loans: loans.length, amountFen: loans.reduce((s, l) => s + l.principalFen, 0),
    creditLoans, creditShareBp: loans.length ? Math.round((creditLoans * 10_000) / loans.length) : 0,
    firstLoans: loans.filter((l) => l.firstLoan).length,
    avgDecisionDays: days.length ? Math.round((days.reduce((s, d) => s + d, 0) * 10) / days.length) / 10 : null,
    p50DecisionDays: p50(days),
    overdue: loans.filter((l) => l.everOverdue).length, defaulted: loans.filter((l) => l.defaulted).length,
  }
}

/** Loans grouped by `keyOf`, one row per group, in `order` (keys it does not list come after, by key). */
export function breakdown(loans: readonly LoanStatRecord[], keyOf: (l: LoanStatRecord) => { key: string; name: string }, order?: readonly string[]): StatRow[] {
  const groups = new Map<string, { name: string; loans: LoanStatRecord[] }>()
  for (const l of loans) {
    const k = keyOf(l)
    const g = groups.get(k.key) ?? { name: k.name, loans: [] }
    g.loans.push(l)
    groups.set(k.key, g)
  }
  const rank = (k: string) => { const i = order?.indexOf(k) ?? -1; return i < 0 ? Number.MAX_SAFE_INTEGER : i }
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => rowOf(key, g.name, g.loans))
}

/** Every breakdown §二十 asks for. */
export function breakdowns(loans: readonly LoanStatRecord[]) {
  return {
    total: rowOf('total', '合计', loans),
    byRegion: breakdown(loans, (l) => cityOf(l.divisionCode)),
    byInstitution: breakdown(loans, (l) => ({ key: l.institution, name: l.institution })).sort((a, b) => b.amountFen - a.amountFen || (a.key < b.key ? -1 : 1)),
    byProductType: breakdown(loans, (l) => ({ key: l.productType, name: PRODUCT_TYPES[l.productType] ?? l.productType }), Object.keys(PRODUCT_TYPES)),
    byEnterpriseSize: breakdown(loans, (l) => ({ key: l.enterpriseSize ?? 'unknown', name: SIZE_NAMES[l.enterpriseSize ?? 'unknown'] }), Object.keys(SIZE_NAMES)),
    byMonth: breakdown(loans, (l) => ({ key: l.startDate.slice(0, 7), name: `${l.startDate.slice(0, 4)}年${Number(l.startDate.slice(5, 7))}月` })),
  }
}

/** Late steps per institution, most first. */
export function lateReports(counts: ReadonlyArray<{ institution: string; step: string; count: number; workingDaysLate: number }>): LateReportRow[] {
  const by = new Map<string, LateReportRow>()
  for (const c of counts) {
    const r = by.get(c.institution) ?? { institution: c.institution, count: 0, workingDaysLate: 0, steps: [] }
    r.count += c.count
    r.workingDaysLate += c.workingDaysLate
    r.steps.push({ step: c.step, stepName: (SERVICE_LEVELS as Record<string, { zh: string }>)[c.step]?.zh ?? c.step, count: c.count, workingDaysLate: c.workingDaysLate })
    by.set(c.institution, r)
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.institution < b.institution ? -1 : 1))
}

/** Whether a loan's division lies in a region given as a code (640100) or prefix (6401). */
export function inRegion(divisionCode: string | null, region: string): boolean {
  const prefix = region.replace(/(00)+$/, '')
  return divisionCode !== null && divisionCode.startsWith(prefix)
}

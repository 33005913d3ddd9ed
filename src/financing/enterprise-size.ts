import type { EnterpriseSize } from './loan-facts.js'

/**
 * 《中小企业划型标准规定》(工信部联企业〔2011〕300号) as data. Per industry group: the ceilings below which an
 * enterprise is an SME at all (it is 大型 only when it reaches every one of them — the text says SMEs are those under
 * "X 或 Y"), then the floors of 中型 and 小型 (the text's "须同时满足所列指标的下限，否则下划一档": every floor must be
 * met, else one tier down), 微型 below. X = 从业人员 (人), Y = 营业收入, Z = 资产总额, money in 分 (万元 × 1 000 000).
 */
export type Metric = 'employees' | 'revenueFen' | 'assetsFen'
type Bounds = Partial<Record<Metric, number>>
export interface SizeRule { group: string; large: Bounds; medium: Bounds; small: Bounds }

const WAN = 1_000_000 // 分 in 1 万元
const rule = (group: string, large: Bounds, medium: Bounds, small: Bounds): SizeRule => ({ group, large, medium, small })
const xy = (x: number, yWan: number): Bounds => ({ employees: x, revenueFen: yWan * WAN })

export const SIZE_RULES = {
  agriculture: rule('农林牧渔业', { revenueFen: 20000 * WAN }, { revenueFen: 500 * WAN }, { revenueFen: 50 * WAN }),
  industry: rule('工业', xy(1000, 40000), xy(300, 2000), xy(20, 300)),
  construction: rule('建筑业', { revenueFen: 80000 * WAN, assetsFen: 80000 * WAN }, { revenueFen: 6000 * WAN, assetsFen: 5000 * WAN }, { revenueFen: 300 * WAN, assetsFen: 300 * WAN }),
  wholesale: rule('批发业', xy(200, 40000), xy(20, 5000), xy(5, 1000)),
  retail: rule('零售业', xy(300, 20000), xy(50, 500), xy(10, 100)),
  transport: rule('交通运输业', xy(1000, 30000), xy(300, 3000), xy(20, 200)),
  warehousing: rule('仓储业', xy(200, 30000), xy(100, 1000), xy(20, 100)),
  postal: rule('邮政业', xy(1000, 30000), xy(300, 2000), xy(20, 100)),
  accommodation: rule('住宿业', xy(300, 10000), xy(100, 2000), xy(10, 100)),
  catering: rule('餐饮业', xy(300, 10000), xy(100, 2000), xy(10, 100)),
  information: rule('信息传输业', xy(2000, 100000), xy(100, 1000), xy(10, 100)),
  software: rule('软件和信息技术服务业', xy(300, 10000), xy(100, 1000), xy(10, 50)),
  real_estate: rule('房地产开发经营', { revenueFen: 200000 * WAN, assetsFen: 10000 * WAN }, { revenueFen: 1000 * WAN, assetsFen: 5000 * WAN }, { revenueFen: 100 * WAN, assetsFen: 2000 * WAN }),
  property: rule('物业管理', xy(1000, 5000), xy(300, 1000), xy(100, 500)),
  leasing: rule('租赁和商务服务业', { employees: 300, assetsFen: 120000 * WAN }, { employees: 100, assetsFen: 8000 * WAN }, { employees: 10, assetsFen: 100 * WAN }),
  other: rule('其他未列明行业', { employees: 300 }, { employees: 100 }, { employees: 10 }),
} as const satisfies Record<string, SizeRule>

export type SizeGroup = keyof typeof SIZE_RULES

/**
 * GB/T 4754-2017 to the standard's groups, as 统计上大中小微型企业划分办法 (2017) reads them: by 门类 letter, then by
 * 大类 (2 digits), then by 中类/小类 prefix where one 大类 splits (59 装卸搬运 vs 仓储, 70 开发经营 vs 物业管理).
 * `null`: the code alone does not decide the group (a letter or 大类 that spans two), or the standard does not
 * apply (金融业 has its own, 银发〔2015〕309号).
 */
const BY_DIVISION: Array<[from: number, to: number, group: SizeGroup | null]> = [
  [1, 5, 'agriculture'], [6, 46, 'industry'], [47, 50, 'construction'], [51, 51, 'wholesale'], [52, 52, 'retail'],
  [53, 53, 'other'], // 铁路运输业 is not in the standard's 交通运输业
  [54, 58, 'transport'], [60, 60, 'postal'], [61, 61, 'accommodation'], [62, 62, 'catering'],
  [63, 64, 'information'], [65, 65, 'software'], [66, 69, null], [71, 72, 'leasing'], [73, 97, 'other'],
]
const BY_PREFIX: Array<[prefix: string, group: SizeGroup | null]> = [
  ['591', 'transport'], ['59', 'warehousing'], ['701', 'real_estate'], ['702', 'property'], ['70', 'other'],
]
/** Letters that name one group whatever the digits (B–D are all 工业). */
const BY_LETTER: Record<string, SizeGroup | null> = { A: 'agriculture', B: 'industry', C: 'industry', D: 'industry', E: 'construction', L: 'leasing', M: 'other', N: 'other', O: 'other', P: 'other', Q: 'other', R: 'other', S: 'other', T: 'other', J: null }

/** The standard's group for a GB/T 4754 code ('C3011', '3011', 'F52', 'C'); null when the code does not decide it. */
export function sizeGroupOf(code: string): SizeGroup | null {
  const m = /^([A-T])?(\d{2,4})?$/.exec(code.trim().toUpperCase())
  if (!m || (!m[1] && !m[2])) return null
  const digits = m[2]
  if (!digits) return BY_LETTER[m[1]!] ?? null
  const division = Number(digits.slice(0, 2))
  if (division === 59 || division === 70) {
    if (digits.length < 3) return null
    for (const [prefix, group] of BY_PREFIX) if (digits.startsWith(prefix)) return group
  }
  for (const [from, to, group] of BY_DIVISION) if (division >= from && division <= to) return group
  return null
}

export interface SizeInput {
  /** GB/T 4754 code from 所属行业类型（国民经济行业分类）. */
  industryCode: string | null
  /** 从业人员 (人). */
  employees: number | null
  /** 营业收入, 分. */
  revenueFen: number | null
  /** 资产总额, 分. */
  assetsFen: number | null
}

export interface SizeResult {
  /** null: the inputs on file do not decide it. */
  size: EnterpriseSize | null
  group: string | null
  /** Which thresholds decided it, or what is missing (zh-CN). */
  reason: string
}

export const SIZE_ZH: Record<EnterpriseSize, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' }
const METRIC_ZH: Record<Metric, string> = { employees: '从业人员', revenueFen: '营业收入', assetsFen: '资产总额' }
const show = (metric: Metric, v: number) => metric === 'employees' ? `${v} 人` : `${v / WAN} 万元`

/** Whether every bound is met: true, false (a known figure falls short), or null (a figure needed is missing). */
function meets(bounds: Bounds, input: SizeInput): { ok: boolean | null; short: Metric[]; missing: Metric[] } {
  const short: Metric[] = []
  const missing: Metric[] = []
  for (const [metric, bound] of Object.entries(bounds) as Array<[Metric, number]>) {
    const v = input[metric]
    if (v === null) missing.push(metric)
    else if (v < bound) short.push(metric)
  }
  return { ok: short.length ? false : missing.length ? null : true, short, missing }
}

const describe = (bounds: Bounds, metrics: readonly Metric[]) => metrics.map((m) => `${METRIC_ZH[m]}低于 ${show(m, bounds[m]!)}`).join('、')

/**
 * Classes an enterprise by the standard: 大型 when it reaches every SME ceiling of its industry, else 中型 when it
 * meets every 中型 floor, else 小型 when it meets every 小型 floor, else 微型. A figure the decision needs but is
 * missing leaves the size unknown — never 微型 by default; a known figure below a floor decides without it.
 *
 * @example
 * classifyEnterprise({ industryCode: 'C3011', employees: 150, revenueFen: 5000 * 1_000_000, assetsFen: null }).size // 'small'
 */
export function classifyEnterprise(input: SizeInput): SizeResult {
  const key = input.industryCode ? sizeGroupOf(input.industryCode) : null
  if (!input.industryCode) return { size: null, group: null, reason: '未掌握所属行业（国民经济行业分类），无法划型' }
  if (!key) {
    const financial = /^J|^6[6-9]/.test(input.industryCode.trim().toUpperCase())
    return { size: null, group: null, reason: financial ? `行业代码 ${input.industryCode} 属金融业，不适用《中小企业划型标准规定》` : `行业代码 ${input.industryCode} 不足以确定划型行业，无法划型` }
  }
  const r: SizeRule = SIZE_RULES[key]
  // The reason names the thresholds, not the figures: it is shown to the lending bank, which may hold no grant to
  // the annual report's restricted fields; the class already tells as much as the thresholds do.
  const head = r.group
  const large = meets(r.large, input)
  if (large.ok === true) return { size: 'large', group: r.group, reason: `${head}：均达到中小微企业上限，为大型企业` }
  const unknown = (what: string, missing: Metric[]) => ({ size: null, group: r.group, reason: `${head}：缺少${missing.map((m) => METRIC_ZH[m]).join('、')}，无法判断${what}` })
  if (large.ok === null) return unknown('是否为大型企业', large.missing)
  for (const tier of ['medium', 'small'] as const) {
    const t = meets(r[tier], input)
    if (t.ok === true) {
      const floors = (Object.keys(r[tier]) as Metric[]).map((m) => `${METRIC_ZH[m]} ${show(m, r[tier][m]!)}`).join('、')
      return { size: tier, group: r.group, reason: `${head}：${describe(r.large, large.short)}，且达到${SIZE_ZH[tier]}下限（${floors}），为${SIZE_ZH[tier]}企业` }
    }
    if (t.ok === null) return unknown(`是否达到${SIZE_ZH[tier]}下限`, t.missing)
  }
  const small = meets(r.small, input)
  return { size: 'micro', group: r.group, reason: `${head}：${describe(r.small, small.short)}，为微型企业` }
}

/** What `sizeFromProfile` reads: a profile as the records context gives it, with the subject's own statements. */
export interface SizeProfile {
  categories: ReadonlyArray<{ items: ReadonlyArray<{ key: string; records: ReadonlyArray<{ values: Record<string, unknown>; provenance: { receivedAt: string } }> }> }>
  selfDeclared?: { items: ReadonlyArray<{ key: string; declarations: ReadonlyArray<{ values: Record<string, unknown>; declaredAt: string }> }> } | undefined
}

/** The catalog's items and fields the size is read from. */
export const SIZE_ITEMS = ['industry_classification', 'annual_report'] as const

/** A catalog money value ('123400.00' 元, exact) in 分; null when absent or not an amount. */
function fenOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 100)
  if (typeof v !== 'string') return null
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim())
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null
}
const intOf = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null)
const textOf = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null)

/** The newest of some rows by a key (report year, or when it arrived). */
function newest<T>(rows: readonly T[], key: (r: T) => string | number): T | undefined {
  let best: T | undefined
  for (const r of rows) if (best === undefined || key(r) > key(best)) best = r
  return best
}

/**
 * The size of an enterprise as of a day, from what the hub holds: the industry (所属行业类型) and the latest annual
 * report of a year before or in that day's year (营业总收入, 从业人数, 资产总额), as providers delivered them. The
 * enterprise's own statements (自愿填报) fill only what providers left empty, and the reason then says which
 * figures were self-declared.
 */
export function sizeFromProfile(profile: SizeProfile, asOf: string): SizeResult {
  const year = Number(asOf.slice(0, 4))
  const provided = new Map<string, Array<Record<string, unknown>>>()
  for (const c of profile.categories) for (const i of c.items) {
    const rows = [...i.records].sort((a, b) => (a.provenance.receivedAt < b.provenance.receivedAt ? 1 : -1)).map((r) => r.values)
    provided.set(i.key, rows)
  }
  const declared = new Map<string, Array<Record<string, unknown>>>()
  for (const i of profile.selfDeclared?.items ?? []) declared.set(i.key, [...i.declarations].sort((a, b) => (a.declaredAt < b.declaredAt ? 1 : -1)).map((d) => d.values))
  const reportOf = (rows: ReadonlyArray<Record<string, unknown>> | undefined) => newest((rows ?? []).filter((r) => { const y = intOf(r.report_year); return y !== null && y <= year }), (r) => intOf(r.report_year)!)

  const report = reportOf(provided.get('annual_report'))
  const ownReport = reportOf(declared.get('annual_report'))
  const selfUsed: string[] = []
  const pick = <T>(name: string, fromProvider: T | null, fromSelf: T | null): T | null => {
    if (fromProvider !== null) return fromProvider
    if (fromSelf !== null) selfUsed.push(name)
    return fromSelf
  }
  const industryCode = pick('所属行业', (provided.get('industry_classification') ?? []).map((r) => textOf(r.industry_category)).find((c) => c !== null) ?? null,
    (declared.get('industry_classification') ?? []).map((r) => textOf(r.industry_category)).find((c) => c !== null) ?? null)
  const input: SizeInput = {
    industryCode,
    employees: pick('从业人数', report ? intOf(report.employee_count) : null, ownReport ? intOf(ownReport.employee_count) : null),
    revenueFen: pick('营业总收入', report ? fenOf(report.total_operating_revenue) : null, ownReport ? fenOf(ownReport.total_operating_revenue) : null),
    assetsFen: pick('资产总额', report ? fenOf(report.total_assets) : null, ownReport ? fenOf(ownReport.total_assets) : null),
  }
  const r = classifyEnterprise(input)
  const reportYear = report ? intOf(report.report_year) : ownReport ? intOf(ownReport.report_year) : null
  const basis = reportYear !== null ? `依据 ${reportYear} 年度企业年报` : '未掌握企业年报'
  const self = selfUsed.length ? `（其中${selfUsed.join('、')}为企业自愿填报，未经数据提供单位核实）` : ''
  return { ...r, reason: `${basis}${self}：${r.reason}` }
}

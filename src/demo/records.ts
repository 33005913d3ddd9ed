/**
 * Synthetic records of the 37 items of the sharing list (附件2 自治区公共信用信息共享清单) for
 * synthetic subjects.
 *
 * `demoRecords(seed, subject, item)` is a pure function of (seed, subject.index, item.key): the
 * records of one subject and one item can be regenerated alone. Related items stay consistent
 * because they share subject-level "traits" derived from (seed, index) only: a subject in
 * financial distress shows up on the abnormal-operation list, owes taxes and social insurance and
 * may be a judgment debtor; a subject with customs registration has a customs credit rating; a
 * mortgage points at a property unit that the real-estate registration also lists.
 *
 * Monthly snapshot items (tax, social insurance, housing fund, water, electricity, gas) hold one
 * record per month back from {@link DEMO_REFERENCE_DATE}, the way providers push them monthly,
 * oldest first (so the last delivered is the current version); yearly items come oldest year first.
 *
 * Every record has exactly the item's field keys, in catalog order. Values: dates 'YYYY-MM-DD'
 * (the one month-precision field, 企业职工基本养老保险最近一次正常缴费月份, is 'YYYY-MM' as the
 * catalog note says), money strings with two decimals, integers and decimals as numbers,
 * booleans, Chinese enum values from data/catalog/value-sets.json, and `null` where a value does
 * not apply (e.g. 营业期限至 for a term of 长期, 移出日期 for a subject still listed, the balance-sheet
 * figures of an individual business's annual report).
 */

import type { CatalogDocument, CatalogField, CatalogItem } from '../catalog/index.js'
import { buildUscc, USCC_CHARSET } from '../registry/index.js'
import {
  Rng,
  addYears,
  civilOf,
  dayNumber,
  dayOf,
  formatDay,
  formatDayZh,
  hash32,
  hashString,
  money,
  pad,
  round,
  weightedTable,
  yearOf,
} from './random.js'
import {
  DEMO_REFERENCE_DATE,
  DEMO_REFERENCE_DAY,
  DEMO_REFERENCE_YEAR,
  countyOf,
  demoSubject,
  demoSubjectCore,
  checkedPersonIdNumber,
  personName,
  profileOf,
  registrationAuthorityName,
  streetAddress,
  type DemoSubject,
  type DemoSubjectCore,
  type EntityKind,
} from './subjects.js'
import {
  BANKS,
  CITY_ABBR,
  COUNTIES,
  COUNTY_TABLE,
  INTERMEDIATE_COURTS,
  LAW_FIRMS,
  TAG_AGRI,
  TAG_FOOD,
  TAG_INDUSTRIAL,
  TAG_RETAIL,
  TAG_TECH,
  TRADE_NAMES,
  VILLAGES,
  type CountyInfo,
  type IndustryProfile,
} from './vocabulary.js'

export { DEMO_REFERENCE_DATE } from './subjects.js'

export type DemoValue = string | number | boolean | null
export type DemoRecord = Record<string, DemoValue>

// ---------------------------------------------------------------------------------------------
// Traits: subject-level facts that several items must agree on.

export type DemoTrait =
  | 'distressed'
  | 'litigant'
  | 'debtor'
  | 'bankrupt'
  | 'customs'
  | 'property'
  | 'mortgaged'
  | 'tech'
  | 'industrial'
  | 'agri'
  | 'food'
  | 'highTech'

const TRAIT_BITS: Readonly<Record<DemoTrait, number>> = {
  distressed: 1,
  litigant: 2,
  debtor: 4,
  bankrupt: 8,
  customs: 16,
  property: 32,
  mortgaged: 64,
  tech: 128,
  industrial: 256,
  agri: 512,
  food: 1024,
  highTech: 2048,
}

const traitRng = new Rng()

function computeTraits(seed: number, index: number, kind: EntityKind, profile: IndustryProfile): number {
  const rng = traitRng.reseed(seed, index, 0x7a417)
  const tags = profile.tags
  const ent = kind === 'enterprise'
  let t = 0
  if (ent && (tags & TAG_TECH) !== 0) t |= TRAIT_BITS.tech
  if (ent && (tags & TAG_INDUSTRIAL) !== 0) t |= TRAIT_BITS.industrial
  if ((tags & TAG_AGRI) !== 0 || kind === 'cooperative') t |= TRAIT_BITS.agri
  if ((tags & TAG_FOOD) !== 0) t |= TRAIT_BITS.food
  const distressed = rng.chance(kind === 'cooperative' ? 0.07 : ent ? 0.05 : 0.04)
  if (distressed) t |= TRAIT_BITS.distressed
  const debtor = distressed && rng.chance(0.4)
  if (debtor) t |= TRAIT_BITS.debtor
  if (debtor || rng.chance(distressed ? 0.35 : 0.03)) t |= TRAIT_BITS.litigant
  if (ent && distressed && rng.chance(0.15)) t |= TRAIT_BITS.bankrupt
  if (ent && rng.chance((tags & (TAG_INDUSTRIAL | TAG_FOOD | TAG_RETAIL)) !== 0 ? 0.07 : 0.015)) t |= TRAIT_BITS.customs
  if (rng.chance(ent ? 0.18 : kind === 'cooperative' ? 0.06 : 0.02)) {
    t |= TRAIT_BITS.property
    if (rng.chance(0.4)) t |= TRAIT_BITS.mortgaged
  }
  if (ent && rng.chance((tags & TAG_TECH) !== 0 ? 0.25 : (tags & TAG_INDUSTRIAL) !== 0 ? 0.08 : 0.01)) t |= TRAIT_BITS.highTech
  return t
}

/** What every item of one subject needs, computed once per (seed, subject). */
interface SubjectInfo {
  seed: number
  index: number
  kind: EntityKind
  traits: number
  estDay: number
  estYear: number
  /** Months from establishment to the reference month. */
  months: number
  county: CountyInfo
  profile: IndustryProfile
}

function infoOf(seed: number, core: DemoSubjectCore): SubjectInfo {
  const estDay = core.establishmentDay
  return {
    seed,
    index: core.index,
    kind: core.entityKind,
    traits: computeTraits(seed, core.index, core.entityKind, core.profile),
    estDay,
    estYear: yearOf(estDay),
    months: monthsBetween(estDay, DEMO_REFERENCE_DAY),
    county: core.county,
    profile: core.profile,
  }
}

const infoCache = new WeakMap<DemoSubject, SubjectInfo>()
let lastSubject: DemoSubject | undefined
let lastInfo: SubjectInfo | undefined

function subjectInfo(seed: number, s: DemoSubject): SubjectInfo {
  if (s === lastSubject && lastInfo !== undefined && lastInfo.seed === seed) return lastInfo
  let info = infoCache.get(s)
  if (info === undefined || info.seed !== seed) {
    info = infoOf(seed, {
      index: s.index,
      entityKind: s.entityKind,
      county: countyOf(s),
      profile: profileOf(s),
      establishmentDay: dayNumber(s.establishmentDate),
    })
    infoCache.set(s, info)
  }
  lastSubject = s
  lastInfo = info
  return info
}

function traitBits(seed: number, s: DemoSubject): number {
  return subjectInfo(seed, s).traits
}

/** The traits of a subject (for tests and for choosing interesting subjects in demos). */
export function demoTraits(seed: number, subject: DemoSubject): DemoTrait[] {
  const bits = traitBits(seed, subject)
  return (Object.keys(TRAIT_BITS) as DemoTrait[]).filter((t) => (bits & TRAIT_BITS[t]) !== 0)
}

// ---------------------------------------------------------------------------------------------
// How many records of each item a subject has.

export interface DemoItemWeight {
  /** Probability that a subject of each kind has records of the item. */
  share: Readonly<Record<EntityKind, number>>
  /** Number of records when it has any (uniform in [min, max]). */
  min: number
  max: number
  /** Only subjects with this trait have the item (`share` is ignored; `boost` gives the probability). */
  requires?: DemoTrait
  /** Subjects with the trait have the item with at least this probability. */
  boost?: ReadonlyArray<{ trait: DemoTrait; share: number }>
  /** One record per month back from the reference date (at most the months since establishment). */
  monthly?: boolean
  /** One record per completed year since establishment (annual reports, ratings). */
  yearly?: boolean
}

const all = (p: number): Record<EntityKind, number> => ({ enterprise: p, individual_business: p, cooperative: p })
const kinds = (enterprise: number, individual_business: number, cooperative: number): Record<EntityKind, number> => ({
  enterprise,
  individual_business,
  cooperative,
})

/**
 * Per-item record counts. With these weights a subject has about 24 records on average
 * (enterprises ≈ 28, cooperatives ≈ 25, individual businesses ≈ 17); the monthly snapshot items
 * make up a little more than half. Items not listed here get {@link DEFAULT_ITEM_WEIGHT}.
 */
export const DEMO_ITEM_WEIGHTS: Readonly<Record<string, DemoItemWeight>> = {
  business_license: { share: all(1), min: 1, max: 1 },
  registration_change: { share: kinds(0.5, 0.25, 0.3), min: 1, max: 3 },
  industry_classification: { share: all(1), min: 1, max: 1 },
  shareholder_contribution: { share: kinds(0.97, 0, 0.95), min: 1, max: 5 },
  branch_office: { share: kinds(0.06, 0, 0), min: 1, max: 3 },
  equity_pledge: { share: kinds(0.03, 0, 0), min: 1, max: 2, boost: [{ trait: 'distressed', share: 0.12 }] },
  annual_report: { share: kinds(0.95, 0.85, 0.9), min: 1, max: 3, yearly: true },
  abnormal_operation_list: { share: kinds(0.02, 0.02, 0.04), min: 1, max: 1, boost: [{ trait: 'distressed', share: 0.6 }] },
  serious_violation_list: { share: all(0), min: 1, max: 1, requires: 'distressed', boost: [{ trait: 'distressed', share: 0.15 }] },
  random_inspection: { share: kinds(0.2, 0.08, 0.1), min: 1, max: 1 },
  court_judgment: { share: kinds(0.004, 0.002, 0.002), min: 1, max: 3, boost: [{ trait: 'litigant', share: 0.7 }] },
  terminated_enforcement_case: { share: all(0), min: 1, max: 2, requires: 'debtor', boost: [{ trait: 'debtor', share: 0.7 }] },
  dishonest_judgment_debtor: { share: all(0), min: 1, max: 2, requires: 'debtor', boost: [{ trait: 'debtor', share: 0.6 }] },
  bankruptcy: { share: all(0), min: 1, max: 1, requires: 'bankrupt', boost: [{ trait: 'bankrupt', share: 1 }] },
  tax_credit_rating: { share: kinds(0.85, 0.25, 0.6), min: 1, max: 3, yearly: true },
  abnormal_taxpayer: { share: all(0.01), min: 1, max: 1, boost: [{ trait: 'distressed', share: 0.4 }] },
  tax_arrears: { share: all(0.01), min: 1, max: 1, boost: [{ trait: 'distressed', share: 0.5 }] },
  tax_payment: { share: kinds(0.92, 0.75, 0.6), min: 1, max: 6, monthly: true },
  housing_fund_contribution: { share: kinds(0.55, 0.05, 0.1), min: 1, max: 6, monthly: true },
  social_insurance_contribution: { share: kinds(0.85, 0.3, 0.4), min: 1, max: 6, monthly: true },
  social_insurance_arrears: { share: kinds(0.01, 0.005, 0.01), min: 1, max: 1, boost: [{ trait: 'distressed', share: 0.45 }] },
  environmental_credit_rating: { share: kinds(0.02, 0, 0), min: 1, max: 2, yearly: true, boost: [{ trait: 'industrial', share: 0.5 }] },
  customs_registration: { share: all(0), min: 1, max: 1, requires: 'customs', boost: [{ trait: 'customs', share: 1 }] },
  customs_credit_rating: { share: all(0), min: 1, max: 2, requires: 'customs', boost: [{ trait: 'customs', share: 0.9 }] },
  trademark: { share: kinds(0.1, 0.02, 0.08), min: 1, max: 3, boost: [{ trait: 'food', share: 0.2 }] },
  patent: { share: kinds(0.02, 0, 0.01), min: 1, max: 4, boost: [{ trait: 'tech', share: 0.35 }, { trait: 'industrial', share: 0.2 }] },
  software_copyright: { share: kinds(0.01, 0, 0), min: 1, max: 5, boost: [{ trait: 'tech', share: 0.45 }] },
  real_estate_registration: { share: all(0), min: 1, max: 3, requires: 'property', boost: [{ trait: 'property', share: 1 }] },
  real_estate_mortgage: { share: all(0), min: 1, max: 2, requires: 'mortgaged', boost: [{ trait: 'mortgaged', share: 1 }] },
  administrative_license: { share: kinds(0.5, 0.6, 0.2), min: 1, max: 3 },
  administrative_penalty: { share: kinds(0.02, 0.02, 0.01), min: 1, max: 2, boost: [{ trait: 'distressed', share: 0.3 }] },
  administrative_coercion: { share: kinds(0.004, 0.002, 0.002), min: 1, max: 1, boost: [{ trait: 'distressed', share: 0.12 }] },
  water_bill: { share: kinds(0.8, 0.6, 0.4), min: 1, max: 6, monthly: true },
  electricity_bill: { share: kinds(0.9, 0.8, 0.6), min: 1, max: 6, monthly: true },
  gas_bill: { share: kinds(0.5, 0.35, 0.1), min: 1, max: 6, monthly: true, boost: [{ trait: 'food', share: 0.7 }] },
  technology_rnd: { share: kinds(0.02, 0, 0), min: 1, max: 1, boost: [{ trait: 'tech', share: 0.5 }, { trait: 'industrial', share: 0.2 }] },
  new_agricultural_entity: { share: kinds(0, 0, 0.95), min: 1, max: 1, boost: [{ trait: 'agri', share: 0.35 }] },
}

/** Weight of an item the generator has no specific knowledge of. */
export const DEFAULT_ITEM_WEIGHT: DemoItemWeight = { share: all(0.1), min: 1, max: 2 }

function monthsBetween(fromDay: number, toDay: number): number {
  const a = civilOf(fromDay)
  const b = civilOf(toDay)
  return (Math.floor(b / 10000) - Math.floor(a / 10000)) * 12 + (Math.floor(b / 100) % 100) - (Math.floor(a / 100) % 100)
}

/** Number of records of an item for a subject: a pure function of (seed, index, item, traits). */
function countFor(seed: number, info: SubjectInfo, plan: Pick<ItemPlan, 'salt' | 'weight'>): number {
  const w = plan.weight
  const traits = info.traits
  if (w.requires !== undefined && (traits & TRAIT_BITS[w.requires]) === 0) return 0
  let p = w.requires !== undefined ? 0 : w.share[info.kind]
  if (w.boost !== undefined) {
    for (const b of w.boost) if ((traits & TRAIT_BITS[b.trait]) !== 0 && b.share > p) p = b.share
  }
  if (p <= 0) return 0
  const h1 = hash32(seed, info.index, plan.salt, 0xc0)
  if (h1 / 4294967296 >= p) return 0
  const v = hash32(h1, plan.salt) / 4294967296
  let n = w.min + Math.floor(v * (w.max - w.min + 1))
  if (w.monthly) n = Math.min(n, info.months + 1)
  if (w.yearly) n = Math.min(n, DEMO_REFERENCE_YEAR - info.estYear)
  return n
}

// ---------------------------------------------------------------------------------------------
// Generation context and shared helpers.

interface Ctx {
  seed: number
  s: DemoSubject
  rng: Rng
  /** Second generator for subject-level values several items share (accounts, properties). */
  aux: Rng
  traits: number
  county: CountyInfo
  profile: IndustryProfile
  estDay: number
  estYear: number
  item: CatalogItem
  info: SubjectInfo
}

type Builder = (c: Ctx, n: number) => DemoRecord[]

const has = (c: Ctx, t: DemoTrait): boolean => (c.traits & TRAIT_BITS[t]) !== 0

/** A day between max(from, establishment) and min(to, reference). */
function dayIn(c: Ctx, from: number, to = DEMO_REFERENCE_DAY): number {
  const a = Math.max(from, c.estDay)
  const b = Math.min(to, DEMO_REFERENCE_DAY)
  return a >= b ? b : c.rng.int(a, b)
}

/** Sorted distinct days after establishment. */
/** The last normal payment day of a distressed subject: 1–8 months before its oldest of n snapshots. */
function stuckDay(c: Ctx, n: number): number {
  const [y, m] = snapshotMonth(n - 1 + c.rng.int(1, 8))
  return Math.max(c.estDay, dayOf(y, m, c.rng.int(5, 25)))
}

/** A year in [from, to], clamped to the years the subject has existed (and at most `to`). */
function yearIn(c: Ctx, from: number, to = DEMO_REFERENCE_YEAR - 1): number {
  const a = Math.max(from, c.estYear)
  return a >= to ? Math.min(a, DEMO_REFERENCE_YEAR) : c.rng.int(a, to)
}

/** n distinct days after `from` (default: a month after establishment), ascending. */
function sortedDays(c: Ctx, n: number, from = c.estDay + 30): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(dayIn(c, from))
  out.sort((a, b) => a - b)
  for (let i = 1; i < n; i++) if ((out[i] as number) <= (out[i - 1] as number)) out[i] = (out[i - 1] as number) + 1
  // Bumping may have passed the reference date: pull the tail back below it.
  if (n > 0 && (out[n - 1] as number) > DEMO_REFERENCE_DAY) {
    out[n - 1] = DEMO_REFERENCE_DAY
    for (let i = n - 2; i >= 0; i--) if ((out[i] as number) >= (out[i + 1] as number)) out[i] = (out[i + 1] as number) - 1
  }
  return out
}

/** Snapshot month k back from the reference month: [year, month]. */
const REF_MONTH_INDEX = Number(DEMO_REFERENCE_DATE.slice(0, 4)) * 12 + Number(DEMO_REFERENCE_DATE.slice(5, 7)) - 1

function snapshotMonth(k: number): [number, number] {
  const total = REF_MONTH_INDEX - k
  return [Math.floor(total / 12), (total % 12) + 1]
}

function ym(year: number, month: number): string {
  return `${year}-${month < 10 ? '0' : ''}${month}`
}

/** Yearly revenue base of a subject in yuan: same value for every item (tax, annual report, bills). */
function revenueBase(c: Ctx): number {
  const r = c.aux.reseed(c.seed, c.s.index, 0x7e7e)
  const perHead = c.s.entityKind === 'individual_business' ? 120_000 : c.s.entityKind === 'cooperative' ? 90_000 : 320_000
  const distress = has(c, 'distressed') ? 0.4 : 1
  return c.s.employees * perHead * r.logNormal(1, 0.6) * distress
}

/** A stable n-digit account number for (subject, salt). */
function accountNumber(c: Ctx, salt: number, digits: number, prefix = ''): string {
  return prefix + c.aux.reseed(c.seed, c.s.index, salt).digits(digits - prefix.length)
}

const authorityUsccCache = new Map<string, string>()

/** A stable USCC for a government authority (registration authority 1, type 1 机关). */
function authorityUscc(name: string, divisionCode: string): string {
  let code = authorityUsccCache.get(name)
  if (code === undefined) {
    let h = hashString(name)
    let body = 'MB'
    for (let i = 0; i < 6; i++) {
      body += USCC_CHARSET[h % 31] as string
      h = Math.floor(h / 31) ^ hash32(h, i)
      h >>>= 0
    }
    code = buildUscc({ authority: '1', entityType: '1', divisionCode, orgCodeBody: body })
    authorityUsccCache.set(name, code)
  }
  return code
}

const orgUsccCache = new Map<string, string>()

/**
 * A valid USCC for an organisation that is not one of the demo subjects (banks, counterparties,
 * branches). Its body starts 'MA7Y', which subject codes never do, so it cannot collide with one.
 */
function outsideOrgUscc(key: string, divisionCode: string, entityType = '1'): string {
  const cacheKey = `${key}|${divisionCode}|${entityType}`
  let code = orgUsccCache.get(cacheKey)
  if (code === undefined) {
    let h = hashString(cacheKey)
    let body = 'MA7Y'
    for (let i = 0; i < 4; i++) {
      body += USCC_CHARSET[h % 31] as string
      h = (Math.floor(h / 31) ^ hash32(h, i)) >>> 0
    }
    code = buildUscc({ authority: '9', entityType, divisionCode, orgCodeBody: body })
    if (orgUsccCache.size > 50_000) orgUsccCache.clear()
    orgUsccCache.set(cacheKey, code)
  }
  return code
}

function amrName(county: CountyInfo): string {
  return registrationAuthorityName(county.code, 2020)
}
function cityAmrName(county: CountyInfo): string {
  return `${county.city}市场监督管理局`
}
function taxBureauName(county: CountyInfo): string {
  return county.name.endsWith('区') ? `国家税务总局${county.city}${county.name}税务局` : `国家税务总局${county.name}税务局`
}

interface Authority {
  name: string
  divisionCode: string
}

const OTHER_LINES: readonly string[] = ['商贸', '建筑工程', '物流', '科技', '建材', '农业', '能源', '食品']

/** The name of an outside company in `county`. */
function otherCompanyName(c: Ctx, county: CountyInfo): string {
  return `${c.rng.chance(0.5) ? '宁夏' : county.cityShort}${c.rng.pick(TRADE_NAMES)}${c.rng.pick(OTHER_LINES)}${c.rng.chance(0.6) ? '有限公司' : '有限责任公司'}`
}

/** An outside company: random name and a valid code. */
function otherCompany(c: Ctx): { name: string; uscc: string } {
  const county = c.rng.weighted(COUNTY_TABLE)
  const name = otherCompanyName(c, county)
  return { name, uscc: outsideOrgUscc(name, county.code) }
}

/** An outside natural person with a valid ID number. */
function otherPerson(c: Ctx): { name: string; id: string } {
  const male = c.rng.chance(0.6)
  return { name: personName(c.rng, male), id: checkedPersonIdNumber(c.rng, male, 1960, 2000) }
}

function caseNo(c: Ctx, year: number, kind: string, intermediate = false): string {
  const court = intermediate ? (INTERMEDIATE_COURTS[c.county.cityCode]?.code ?? '01') : c.county.courtCode
  return `（${year}）宁${court}${kind}${c.rng.int(1, intermediate ? 800 : 9000)}号`
}

function courtName(c: Ctx, intermediate = false): string {
  return intermediate ? (INTERMEDIATE_COURTS[c.county.cityCode]?.name ?? '银川市中级人民法院') : c.county.court
}

function wan(yuan: number): string {
  const w = yuan / 10_000
  return `${Number.isInteger(w) ? w : round(w, 4)}万元人民币`
}

/** Area name for certificates: 银川市 for districts, the county for counties. */
function certPlace(county: CountyInfo): string {
  return county.name.endsWith('区') ? county.city : county.name
}

/** GB/T 37346 不动产单元号 (28 chars) for property `i` of the subject; stable across items. */
function propertyUnit(c: Ctx, i: number): { unit: string; location: string; area: number; usage: string; registered: number } {
  const r = c.aux.reseed(c.seed, c.s.index, 0x9e0, i)
  const unit = `${c.s.divisionCode}${pad(r.int(1, 30), 3)}${pad(r.int(1, 40), 3)}GB${pad(r.int(1, 99999), 5)}F${pad(r.int(1, 20), 4)}${pad(r.int(1, 30), 4)}`
  const industrial = has(c, 'industrial') || has(c, 'agri')
  const usage = industrial ? r.pick(['工业', '工业', '仓储', '办公']) : r.pick(['商业', '办公', '商业服务', '仓储', '住宅'])
  const location = `${c.county.city}${c.county.name}${r.pick(['人民路', '建设路', '文化路', '工业路', '迎宾大道', '团结路'])}${r.int(1, 600)}号${r.int(1, 12)}幢${r.int(1, 2000)}室`
  const area = round(usage === '工业' || usage === '仓储' ? r.between(300, 20_000) : r.between(40, 1500), 2)
  const from = Math.max(c.estDay, dayOf(2005, 1, 1))
  const registered = from >= DEMO_REFERENCE_DAY ? DEMO_REFERENCE_DAY : r.int(from, DEMO_REFERENCE_DAY)
  return { unit, location, area, usage, registered }
}

const each =
  (f: (c: Ctx, i: number, n: number) => DemoRecord): Builder =>
  (c, n) => {
    const out: DemoRecord[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = f(c, i, n)
    return out
  }

// ---------------------------------------------------------------------------------------------
// Vocabularies for enums and texts.

const REG_STATUS = weightedTable<string>([['存续', 85], ['在业', 11], ['迁出', 1], ['注销', 2], ['停业', 1]])
const REG_STATUS_DISTRESSED = weightedTable<string>([['存续', 55], ['吊销，未注销', 20], ['注销', 10], ['停业', 15]])

const INDIVIDUAL_SCOPES: Readonly<Record<string, string>> = {
  H: '餐饮服务；小餐饮；食品销售（仅销售预包装食品）。',
  F: '日用百货、预包装食品、农副产品零售；烟草制品零售。',
  O: '汽车修理与维护；洗车服务；理发及美容服务；日用电器修理。',
  A: '农作物种植；牲畜饲养；农产品初加工及销售。',
  G: '普通货物道路运输；快递收派服务；装卸搬运。',
  C: '食品小作坊经营；食品销售。',
}

const CHANGE_ITEMS_ENTERPRISE = weightedTable<string>([
  ['法定代表人变更', 10], ['注册资本变更', 10], ['经营范围变更', 18], ['住所变更', 14], ['投资人（股权）变更', 14],
  ['名称变更', 5], ['高级管理人员备案（董事、监事、经理等）', 15], ['章程备案', 8], ['联络员备案', 6],
])
const CHANGE_ITEMS_OTHER = weightedTable<string>([['经营场所变更', 35], ['经营范围变更', 35], ['名称变更', 12], ['联络员备案', 18]])

const CONTRIB_METHOD = weightedTable<string>([['货币', 85], ['实物', 7], ['知识产权', 4], ['土地使用权', 2], ['股权', 2]])
/** 合作社 members also contribute 土地经营权, which the value set files under 其他（非货币财产）. */
const COOP_CONTRIB_METHOD = weightedTable<string>([['货币', 60], ['其他', 25], ['实物', 15]])

const ABNORMAL_REASONS = weightedTable<string>([
  ['未按规定期限公示年度报告', 70],
  ['通过登记的住所或者经营场所无法联系', 22],
  ['公示信息隐瞒真实情况、弄虚作假', 4],
  ['未在责令期限内公示有关企业信息', 4],
])

const SERIOUS_REASONS: readonly string[] = [
  '被列入经营异常名录届满3年仍未履行相关义务',
  '提交虚假材料或者采取其他欺诈手段隐瞒重要事实，取得公司变更登记，被撤销登记',
  '因拒不履行生效法律文书确定的义务，被人民法院列为失信被执行人且情节严重',
  '实施危害食品安全的违法行为，受到较重行政处罚',
]

const CAUSES = weightedTable<string>([
  ['买卖合同纠纷', 25], ['金融借款合同纠纷', 12], ['民间借贷纠纷', 10], ['建设工程施工合同纠纷', 8], ['租赁合同纠纷', 8],
  ['劳动争议', 10], ['追索劳动报酬纠纷', 6], ['服务合同纠纷', 6], ['承揽合同纠纷', 5], ['运输合同纠纷', 4],
  ['侵害商标权纠纷', 2], ['股权转让纠纷', 2], ['产品责任纠纷', 2],
])

const DISHONEST_CONDUCT: readonly string[] = [
  '有履行能力而拒不履行生效法律文书确定义务',
  '违反财产报告制度',
  '违反限制消费令',
  '以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行',
  '无正当理由拒不履行执行和解协议',
]

const TAX_GRADES = weightedTable<string>([['A', 18], ['B', 57], ['M', 15], ['C', 7], ['D', 3]])
const TAX_GRADES_DISTRESSED = weightedTable<string>([['B', 15], ['C', 40], ['D', 45]])
const TAX_TYPES = weightedTable<string>([
  ['增值税', 40], ['企业所得税', 15], ['城市维护建设税', 10], ['房产税', 8], ['城镇土地使用税', 8], ['印花税', 6],
  ['个人所得税', 8], ['资源税', 2], ['环境保护税', 3],
])

/** Bands as the value sets define them: [inclusive upper bound, code]. */
const INSURED_BANDS: readonly (readonly [number, string])[] = [
  [0, '0人'], [10, '1-10人'], [50, '11-50人'], [100, '51-100人'], [300, '101-300人'], [500, '301-500人'], [1000, '501-1000人'],
  [Infinity, '1000人以上'],
]
const CONTRIBUTION_BANDS: readonly (readonly [number, string])[] = [
  [10_000, '0-1万元'], [50_000, '1-5万元'], [100_000, '5-10万元'], [500_000, '10-50万元'], [1_000_000, '50-100万元'],
  [Infinity, '100万元以上'],
]
function band(bands: readonly (readonly [number, string])[], value: number): string {
  for (const [max, code] of bands) if (value <= max) return code
  return (bands[bands.length - 1] as readonly [number, string])[1]
}

/** Customs credit grades since 海关总署令第251号 (2021-11-01); 一般认证企业 only existed before. */
const CUSTOMS_GRADES = weightedTable<string>([['一般信用企业', 88], ['高级认证企业', 9], ['失信企业', 3]])
const CUSTOMS_GRADES_BEFORE_2021 = weightedTable<string>([['一般信用企业', 80], ['一般认证企业', 10], ['高级认证企业', 7], ['失信企业', 3]])
const CUSTOMS_251_DAY = dayOf(2021, 11, 1)

const PATENT_TYPES = weightedTable<string>([['实用新型', 55], ['发明', 30], ['外观设计', 15]])
const SOFTWARE_KINDS = weightedTable<string>([['应用软件', 85], ['嵌入式软件', 8], ['中间件', 3], ['支撑软件', 4]])
/** 行业分类 of a software registration: a GB/T 4754 class (the value set shares industry_category's). */
const SOFTWARE_FIELDS: readonly string[] = ['I6513', 'I6513', 'I6511', 'I6519', 'I6531']
const SOFTWARE_SUFFIXES: readonly string[] = ['管理系统', '服务平台', '监测系统', '小程序', 'APP', '数据分析软件', '综合管理平台', '溯源系统']

// ---------------------------------------------------------------------------------------------
// Item builders, one per catalog item, fields in catalog order.

const BUILDERS: Readonly<Record<string, Builder>> = {
  business_license: each((c) => {
    const s = c.s
    const { rng } = c
    const status = rng.weighted(has(c, 'distressed') ? REG_STATUS_DISTRESSED : REG_STATUS)
    const scope =
      s.entityKind === 'individual_business' ? (INDIVIDUAL_SCOPES[s.industry[0] as string] ?? c.profile.scope) : c.profile.scope
    const longTerm = s.entityKind !== 'enterprise' || rng.chance(0.6)
    return {
      entity_name: s.name,
      uscc: s.uscc,
      legal_representative: s.legalRepresentative,
      establishment_date: s.establishmentDate,
      domicile: s.domicile,
      registration_status: status,
      registration_authority: s.registrationAuthority,
      business_scope: scope,
      enterprise_type: s.enterpriseType,
      registered_capital: s.registeredCapital,
      operating_term: s.establishmentDate,
      operating_term_end: longTerm ? null : formatDay(addYears(c.estDay, rng.pick([10, 20, 30, 50])) - 1),
    }
  }),

  registration_change: (c, n) => {
    const s = c.s
    const { rng } = c
    const days = sortedDays(c, n)
    const table = s.entityKind === 'enterprise' ? CHANGE_ITEMS_ENTERPRISE : CHANGE_ITEMS_OTHER
    return days.map((day) => {
      const what = rng.weighted(table)
      let before: string
      let after: string
      switch (what) {
        case '法定代表人变更':
          before = personName(rng)
          after = s.legalRepresentative
          break
        case '注册资本变更': {
          const cap = Number(s.registeredCapital)
          before = wan(Math.max(10_000, Math.round((cap * rng.pick([0.1, 0.2, 0.3, 0.5])) / 10_000) * 10_000))
          after = wan(cap)
          break
        }
        case '经营范围变更': {
          const scope = c.profile.scope
          before = scope.slice(0, Math.max(8, scope.indexOf('；', 10) + 1)) || scope
          after = scope
          break
        }
        case '住所变更':
        case '经营场所变更':
          before = streetAddress(rng, c.county)
          after = s.domicile
          break
        case '名称变更':
          before = s.name.replace(s.tradeName || s.name.slice(3, 5), rng.pick(TRADE_NAMES))
          after = s.name
          break
        case '投资人（股权）变更': {
          const a = personName(rng)
          const b = personName(rng)
          const p = rng.int(2, 8) * 10
          before = `${s.legalRepresentative}：${p}%；${a}：${100 - p}%`
          after = `${s.legalRepresentative}：${p}%；${b}：${100 - p}%`
          break
        }
        case '高级管理人员备案（董事、监事、经理等）':
          before = `执行董事：${personName(rng)}；监事：${personName(rng)}；经理：${personName(rng)}`
          after = `执行董事：${s.legalRepresentative}；监事：${personName(rng)}；经理：${s.legalRepresentative}`
          break
        case '章程备案':
          before = '章程备案'
          after = '章程修正案备案'
          break
        default:
          before = personName(rng)
          after = personName(rng)
      }
      return { entity_name: s.name, uscc: s.uscc, change_item: what, content_before: before, content_after: after, change_date: formatDay(day) }
    })
  },

  industry_classification: each((c) => ({ entity_name: c.s.name, uscc: c.s.uscc, industry_category: c.s.industry })),

  shareholder_contribution: (c, nDefault) => {
    const s = c.s
    const { rng } = c
    const capital = Number(s.registeredCapital)
    type Holder = { name: string; type: string }
    const holders: Holder[] = []
    if (s.entityKind === 'cooperative') {
      const n = rng.int(5, 12)
      holders.push({ name: s.legalRepresentative, type: '自然人股东' })
      while (holders.length < n) addUnique(holders, { name: personName(rng), type: '自然人股东' })
    } else if (s.enterpriseType.includes('自然人独资')) {
      holders.push({ name: s.legalRepresentative, type: '自然人股东' })
    } else if (s.enterpriseType.includes('法人独资')) {
      const outside = `宁夏${rng.pick(TRADE_NAMES)}投资${rng.chance(0.5) ? '集团' : '控股'}有限公司`
      holders.push({ name: demoInvestor(c, 0) ?? outside, type: '企业法人' })
    } else if (s.enterpriseType.includes('国有独资')) {
      holders.push({ name: `${c.county.city}人民政府国有资产监督管理委员会`, type: '机关法人' })
    } else {
      const n = Math.max(2, nDefault)
      holders.push({ name: s.legalRepresentative, type: '自然人股东' })
      if (s.enterpriseType.includes('国有控股')) holders.push({ name: `${c.county.city}${rng.pick(['城市建设投资', '国有资本运营', '产业投资'])}有限公司`, type: '企业法人' })
      while (holders.length < n) {
        if (rng.chance(0.8)) addUnique(holders, { name: personName(rng), type: '自然人股东' })
        else {
          const outside = otherCompanyName(c, c.rng.weighted(COUNTY_TABLE))
          addUnique(holders, { name: demoInvestor(c, holders.length) ?? outside, type: '企业法人' })
        }
      }
    }
    // Ratios: the first holder (legal representative) holds the largest share; they sum to 100.
    const raw = holders.map((_, i) => (i === 0 ? 1.5 + rng.float() : 0.2 + rng.float()))
    const total = raw.reduce((a, b) => a + b, 0)
    let left = 10_000
    const ratios = raw.map((r, i) => {
      const v = i === raw.length - 1 ? left : Math.max(1, Math.round((r / total) * 10_000))
      left -= v
      return v / 100
    })
    const paidUp = rng.chance(0.5) || c.estDay < dayOf(2014, 3, 1)
    return holders.map((h, i) => {
      const ratio = ratios[i] as number
      const subscribed = (capital * ratio) / 100
      const paid = paidUp ? subscribed : subscribed * rng.int(0, 10) * 0.1
      return {
        entity_name: s.name,
        uscc: s.uscc,
        shareholder_name: h.name,
        shareholder_type: h.type,
        contribution_ratio: ratio,
        contribution_amount: money(paid),
        contribution_method: rng.weighted(s.entityKind === 'cooperative' ? COOP_CONTRIB_METHOD : CONTRIB_METHOD),
        subscribed_contribution_amount: money(subscribed),
      }
    })
  },

  branch_office: each((c, i) => {
    const s = c.s
    const { rng } = c
    const county = rng.chance(0.6) ? rng.weighted(COUNTY_TABLE) : c.county
    const branchName = `${s.name}${county.short}${rng.chance(0.8) ? '分公司' : '营业部'}`
    const branchUscc = outsideOrgUscc(`${s.uscc}#${i}`, county.code)
    return {
      entity_name: s.name,
      uscc: s.uscc,
      branch_name_and_uscc: `${branchName}（${branchUscc}）`,
      branch_legal_representative_or_head: rng.chance(0.3) ? s.legalRepresentative : personName(rng),
      branch_establishment_date: formatDay(dayIn(c, c.estDay + 180)),
      branch_domicile: streetAddress(rng, county),
      branch_registration_status: rng.weighted(REG_STATUS),
      branch_registration_authority: amrName(county),
    }
  }),

  equity_pledge: each((c) => {
    const s = c.s
    const { rng } = c
    const day = dayIn(c, Math.max(c.estDay + 180, dayOf(2012, 1, 1)))
    const bank = rng.pick(BANKS)
    const status = day < DEMO_REFERENCE_DAY - 3 * 365 ? rng.pick(['注销', '注销', '无效', '有效']) : rng.chance(0.9) ? '有效' : '注销'
    return {
      entity_name: s.name,
      uscc: s.uscc,
      registration_number: `${s.registrationDivisionCode}${yearOf(day)}${pad(rng.int(1, 99999), 6)}`,
      pledgor: s.legalRepresentative,
      pledgor_id_number: s.legalRepresentativeIdNumber,
      pledged_equity_amount: round((Number(s.registeredCapital) / 10_000) * rng.pick([0.2, 0.3, 0.5, 0.51, 0.6, 1]), 4),
      pledgee: bank,
      pledgee_id_number: outsideOrgUscc(bank, '640100'),
      pledge_registration_date: formatDay(day),
      publication_date: formatDay(Math.min(DEMO_REFERENCE_DAY, day + rng.int(0, 5))),
      status,
    }
  }),

  annual_report: (c, n) => {
    const s = c.s
    const { rng } = c
    const lastYear = yearOf(DEMO_REFERENCE_DAY) - 1
    const years = Math.min(n, lastYear - c.estYear + 1)
    const out: DemoRecord[] = []
    const rev0 = revenueBase(c)
    const capital = Number(s.registeredCapital)
    const distressed = has(c, 'distressed')
    const individual = s.entityKind === 'individual_business'
    for (let k = years - 1; k >= 0; k--) {
      const year = lastYear - k
      const growth = Math.pow(rng.between(0.85, 1.2), k)
      const revenue = rev0 / growth
      const assets = capital * rng.between(0.5, 2.5) + revenue * rng.between(0.2, 0.6)
      const liabilities = assets * (distressed ? rng.between(0.8, 0.98) : rng.between(0.1, 0.8))
      const margin = distressed ? rng.between(-0.35, 0.01) : rng.between(-0.08, 0.15)
      const profit = revenue * margin
      const net = profit > 0 ? profit * rng.between(0.75, 0.95) : profit
      const tax = revenue * rng.between(0.005, 0.05)
      out.push({
        entity_name: s.name,
        uscc: s.uscc,
        report_year: year,
        total_assets: individual ? null : money(assets),
        total_owners_equity: individual ? null : money(assets - liabilities),
        total_operating_revenue: money(revenue),
        total_profit: individual ? null : money(profit),
        net_profit: individual ? null : money(net),
        total_tax_paid: money(tax),
        total_liabilities: individual ? null : money(liabilities),
        has_external_guarantee: !individual && rng.chance(distressed ? 0.15 : 0.04),
        employee_count: Math.max(1, Math.round(s.employees * rng.between(0.85, 1.1))),
      })
    }
    return out
  },

  abnormal_operation_list: each((c) => {
    const { rng } = c
    const listed = rng.chance(has(c, 'distressed') ? 0.9 : 0.6)
    // Not filing the annual report lands a subject on the list in July of the following year.
    const canMissReport = c.estYear + 1 <= DEMO_REFERENCE_YEAR - 1
    let reason = rng.weighted(ABNORMAL_REASONS)
    if (!canMissReport && reason === '未按规定期限公示年度报告') reason = '通过登记的住所或者经营场所无法联系'
    const day =
      reason === '未按规定期限公示年度报告'
        ? dayOf(rng.int(Math.max(c.estYear + 1, 2015), DEMO_REFERENCE_YEAR - 1), 7, rng.int(1, 20))
        : dayIn(c, c.estDay + 200)
    return {
      entity_name: c.s.name,
      uscc: c.s.uscc,
      is_listed: listed,
      listing_reason_type: c.s.entityKind === 'individual_business' && reason.includes('年度报告') ? '未按规定报送年度报告' : reason,
      listing_date: formatDay(Math.min(DEMO_REFERENCE_DAY, Math.max(day, c.estDay + 30))),
    }
  }),

  serious_violation_list: each((c) => {
    const { rng } = c
    const day = dayIn(c, c.estDay + 3 * 365)
    const removed = rng.chance(0.3) && day + 365 < DEMO_REFERENCE_DAY
    const authority = rng.chance(0.6) ? cityAmrName(c.county) : amrName(c.county)
    return {
      entity_name: c.s.name,
      uscc: c.s.uscc,
      listing_reason: rng.pick(SERIOUS_REASONS),
      listing_date: formatDay(day),
      listing_authority: authority,
      removal_reason: removed ? rng.pick(['列入严重违法失信名单满三年，期间未再发生相关违法行为', '已履行相关义务并完成信用修复，经申请提前移出']) : null,
      removal_date: removed ? formatDay(rng.int(day + 365, DEMO_REFERENCE_DAY)) : null,
      removal_authority: removed ? authority : null,
    }
  }),

  random_inspection: each((c) => {
    const r = c.rng.float()
    const failed = has(c, 'distressed') ? c.rng.int(0, 3) : r < 0.8 ? 0 : r < 0.95 ? 1 : c.rng.int(2, 3)
    return { entity_name: c.s.name, uscc: c.s.uscc, failed_inspections_last_3_years: failed }
  }),

  court_judgment: each((c) => {
    const s = c.s
    const { rng } = c
    const defendant = rng.chance(has(c, 'distressed') ? 0.85 : 0.55)
    const party = rng.chance(0.6) ? otherCompany(c) : (({ name, id }) => ({ name, uscc: id }))(otherPerson(c))
    const cause = rng.weighted(CAUSES)
    const day = dayIn(c, Math.max(c.estDay + 180, dayOf(2014, 1, 1)), DEMO_REFERENCE_DAY - 20)
    const year = yearOf(day)
    const intermediate = rng.chance(0.1)
    const amount = money(rng.logNormal(80_000, 1.3))
    const fee = money(rng.int(50, 12_000))
    const [pl, pli, df, dfi] = defendant ? [party.name, party.uscc, s.name, s.uscc] : [s.name, s.uscc, party.name, party.uscc]
    const result = rng.chance(0.8)
      ? `被告${df}于本判决生效之日起十日内向原告${pl}支付${cause.includes('劳动') ? '劳动报酬' : cause.includes('借') ? '借款本金' : '款项'}${amount}元及相应利息；驳回原告${pl}的其他诉讼请求。案件受理费${fee}元，由被告${df}负担。`
      : `驳回原告${pl}的诉讼请求。案件受理费${fee}元，由原告${pl}负担。`
    return {
      entity_name: s.name,
      uscc: s.uscc,
      cause_of_action: cause,
      case_number: caseNo(c, year, intermediate ? '民初' : rng.chance(0.95) ? '民初' : '民终', intermediate),
      plaintiff_name: pl,
      plaintiff_id_number_or_uscc: pli,
      defendant_name: df,
      defendant_id_number_or_uscc: dfi,
      judgment_result: result,
      enforcement_court: courtName(c, intermediate),
      location: `宁夏回族自治区${c.county.city}${c.county.name}`,
      publication_date: formatDay(Math.min(DEMO_REFERENCE_DAY, day + rng.int(7, 60))),
    }
  }),

  terminated_enforcement_case: each((c) => {
    const { rng } = c
    const filed = dayIn(c, Math.max(c.estDay + 365, dayOf(2016, 1, 1)), DEMO_REFERENCE_DAY - 90)
    return {
      case_number: caseNo(c, yearOf(filed), '执'),
      debtor_name: c.s.name,
      debtor_id_number_or_uscc: c.s.uscc,
      enforcement_court: c.county.court,
      filing_date: formatDay(filed),
      termination_date: formatDay(Math.min(DEMO_REFERENCE_DAY, filed + rng.int(60, 300))),
    }
  }),

  dishonest_judgment_debtor: each((c) => {
    const { rng } = c
    const filed = dayIn(c, Math.max(c.estDay + 365, dayOf(2016, 1, 1)), DEMO_REFERENCE_DAY - 120)
    return {
      case_number: caseNo(c, yearOf(filed), '执'),
      entity_name: c.s.name,
      legal_representative_name: c.s.legalRepresentative,
      id_number_or_uscc: c.s.uscc,
      performance_status: rng.chance(0.78) ? '全部未履行' : '部分未履行',
      dishonest_conduct: rng.pick(DISHONEST_CONDUCT),
      enforcement_court: c.county.court,
      location: '宁夏',
      filing_date: formatDay(filed),
      publication_date: formatDay(Math.min(DEMO_REFERENCE_DAY, filed + rng.int(90, 400))),
    }
  }),

  bankruptcy: each((c) => {
    const { rng } = c
    const accepted = dayIn(c, Math.max(c.estDay + 2 * 365, dayOf(2018, 1, 1)), DEMO_REFERENCE_DAY - 60)
    const intermediate = rng.chance(0.7)
    const type = rng.weighted(weightedTable<string>([['破产清算', 75], ['破产重整', 20], ['破产和解', 5]]))
    const closed = rng.chance(0.55) && accepted + 200 < DEMO_REFERENCE_DAY
    const method = type === '破产清算' ? '裁定宣告破产并终结破产程序' : type === '破产重整' ? '裁定批准重整计划并终止重整程序' : '裁定认可和解协议并终止和解程序'
    return {
      entity_name: c.s.name,
      uscc: c.s.uscc,
      bankruptcy_case_number: caseNo(c, yearOf(accepted), '破', intermediate),
      bankruptcy_type: type,
      acceptance_date_and_court: `${formatDay(accepted)}，${courtName(c, intermediate)}`,
      administrator_name: rng.chance(0.8) ? rng.pick(LAW_FIRMS) : `${c.s.name}清算组`,
      closure_method_and_date: closed ? `${method}，${formatDay(rng.int(accepted + 200, DEMO_REFERENCE_DAY))}` : null,
    }
  }),

  tax_credit_rating: (c, n) => {
    const { rng } = c
    const last = yearOf(DEMO_REFERENCE_DAY) - 1
    const years = Math.min(n, last - c.estYear + 1)
    const out: DemoRecord[] = []
    for (let k = years - 1; k >= 0; k--) {
      const year = last - k
      const grade =
        year - c.estYear < 1
          ? rng.chance(0.7) ? 'M' : 'B'
          : rng.weighted(has(c, 'distressed') ? TAX_GRADES_DISTRESSED : TAX_GRADES)
      out.push({ entity_name: c.s.name, uscc: c.s.uscc, rating_year: year, tax_credit_grade: grade })
    }
    return out
  },

  abnormal_taxpayer: each((c) => ({
    entity_name: c.s.name,
    uscc: c.s.uscc,
    is_abnormal_taxpayer: c.rng.chance(has(c, 'distressed') ? 0.85 : 0.3),
  })),

  tax_arrears: each((c) => {
    const owes = c.rng.chance(0.85)
    return {
      entity_name: c.s.name,
      uscc: c.s.uscc,
      has_tax_arrears: owes,
      tax_arrears_amount: owes ? money(c.rng.logNormal(30_000, 1.4)) : '0.00',
      tax_type: c.rng.weighted(TAX_TYPES),
    }
  }),

  tax_payment: (c, n) => {
    const s = c.s
    const { rng } = c
    const revenue = revenueBase(c)
    const smallScale = s.entityKind !== 'enterprise' || revenue < 5_000_000
    const distressed = has(c, 'distressed')
    const months = monthsBetween(c.estDay, DEMO_REFERENCE_DAY)
    const vatRate = smallScale ? (revenue < 1_200_000 ? 0 : 0.01) : rng.between(0.02, 0.05)
    const citRate = s.entityKind === 'individual_business' ? 0 : smallScale ? rng.between(0, 0.004) : rng.between(0.004, 0.02)
    const paidRate = distressed ? rng.between(0.3, 0.9) : 1
    // A distressed subject stopped paying normally before the oldest snapshot; its last normal date stays put.
    const stuck = stuckDay(c, n)
    const out: DemoRecord[] = []
    for (let k = n - 1; k >= 0; k--) {
      const [y, m] = snapshotMonth(k)
      const drift = 1 + (rng.float() - 0.5) * 0.06
      const vat = revenue * vatRate
      const cit = revenue * citRate
      const lastPaid = distressed ? stuck : dayOf(y, m, rng.int(1, 15))
      out.push({
        entity_name: s.name,
        uscc: s.uscc,
        vat_payable_last_12_months: money(vat * drift),
        vat_paid_last_12_months: money(vat * drift * paidRate),
        cit_payable_last_12_months: money(cit * drift),
        cit_paid_last_12_months: money(cit * drift * paidRate),
        consecutive_normal_payment_months: distressed ? 0 : Math.max(0, Math.min(months - k, 60)),
        last_normal_payment_date: formatDay(Math.max(c.estDay, Math.min(lastPaid, DEMO_REFERENCE_DAY))),
      })
    }
    return out
  },

  housing_fund_contribution: (c, n) => {
    const s = c.s
    const { rng } = c
    const covered = Math.max(1, s.employees * rng.between(0.3, 1))
    const monthly = rng.between(600, 2200)
    const distressed = has(c, 'distressed')
    const stuck = stuckDay(c, n)
    const normalMonths = distressed ? rng.int(0, 6) : 12
    const out: DemoRecord[] = []
    for (let k = n - 1; k >= 0; k--) {
      const [y, m] = snapshotMonth(k)
      const heads = round(covered * (1 + (rng.float() - 0.5) * 0.1), 1)
      out.push({
        entity_name: s.name,
        uscc: s.uscc,
        avg_monthly_contributors_last_12_months: heads,
        total_contribution_last_12_months: money(heads * monthly * normalMonths),
        consecutive_normal_payment_months_last_12_months: Math.min(normalMonths, monthsBetween(c.estDay, dayOf(y, m, 1)) + 1),
        last_normal_payment_date: formatDay(distressed ? stuck : Math.max(c.estDay, dayOf(y, m, rng.int(5, 25)))),
      })
    }
    return out
  },

  social_insurance_contribution: (c, n) => {
    const s = c.s
    const { rng } = c
    const insured = Math.max(1, Math.round(s.employees * rng.between(0.6, 1)))
    const base = rng.between(3800, 7500)
    const distressed = has(c, 'distressed')
    // A distressed subject's last normal month stays where it stopped paying, before the oldest snapshot.
    const lag = distressed ? rng.int(1, 9) : 0
    const out: DemoRecord[] = []
    for (let k = n - 1; k >= 0; k--) {
      const [y, m] = snapshotMonth(k)
      const [ly, lm] = distressed ? snapshotMonth(n - 1 + lag) : [y, m]
      const monthStart = dayOf(ly, lm, 1)
      out.push({
        entity_name: s.name,
        uscc: s.uscc,
        pension_avg_monthly_insured_band_last_12_months: band(INSURED_BANDS, insured),
        pension_avg_monthly_employer_contribution_band_last_12_months: band(CONTRIBUTION_BANDS, insured * base * 0.16),
        pension_last_normal_payment_month: monthStart < c.estDay ? ym(y, m) : ym(ly, lm),
      })
    }
    return out
  },

  social_insurance_arrears: each((c) => ({
    entity_name: c.s.name,
    uscc: c.s.uscc,
    has_arrears: c.rng.chance(has(c, 'distressed') ? 0.9 : 0.4),
  })),

  environmental_credit_rating: (c, n) => {
    const { rng } = c
    const out: DemoRecord[] = []
    const years = Math.min(n, DEMO_REFERENCE_YEAR - c.estYear)
    for (let k = years - 1; k >= 0; k--) {
      const year = DEMO_REFERENCE_YEAR - 1 - k
      const score = has(c, 'distressed') ? rng.int(45, 85) : rng.int(62, 100)
      const grade = score >= 90 ? '环保诚信企业（绿牌）' : score >= 80 ? '环保良好企业（蓝牌）' : score >= 60 ? '环保警示企业（黄牌）' : '环保不良企业（红牌）'
      out.push({
        entity_name: c.s.name,
        uscc: c.s.uscc,
        environmental_credit_score_and_grade: `${score}分/${grade}`,
        evaluation_date: formatDay(Math.max(c.estDay, dayOf(year + 1, rng.int(3, 6), rng.int(1, 28)))),
      })
    }
    return out
  },

  customs_registration: each((c) => ({
    entity_name_zh: c.s.name,
    uscc: c.s.uscc,
    customs_registration_code: customsCode(c),
    business_category: c.rng.weighted(weightedTable<string>([['进出口货物收发货人', 88], ['报关企业', 9], ['报关企业分支机构', 3]])),
    customs_deregistration_flag: c.rng.chance(has(c, 'distressed') ? 0.3 : 0.03),
  })),

  customs_credit_rating: (c, n) => {
    const { rng } = c
    const days = sortedDays(c, n, Math.max(c.estDay + 90, dayOf(2016, 1, 1)))
    return days.map((day) => ({
      entity_name_zh: c.s.name,
      uscc: c.s.uscc,
      customs_registration_code: customsCode(c),
      credit_grade: has(c, 'distressed') && rng.chance(0.5) ? '失信企业' : rng.weighted(day < CUSTOMS_251_DAY ? CUSTOMS_GRADES_BEFORE_2021 : CUSTOMS_GRADES),
      grade_effective_date: formatDay(day),
    }))
  },

  trademark: each((c) => {
    const s = c.s
    const { rng } = c
    const applied = dayIn(c, Math.max(c.estDay, dayOf(2008, 1, 1)), DEMO_REFERENCE_DAY - 30)
    const start = Math.min(applied + rng.int(270, 420), DEMO_REFERENCE_DAY)
    const brand = (s.tradeName || rng.pick(TRADE_NAMES)) + rng.pick(['', '', '红', '源', '情', '坊', '居', '佳品', '印象'])
    return {
      entity_name: s.name,
      uscc: s.uscc,
      trademark_name: brand,
      application_or_registration_number: String(rng.int(10_000_000, 79_999_999)),
      applicant_name_zh: s.name,
      application_date: formatDay(applied),
      nice_class: `第${rng.pick(c.profile.niceClasses)}类`,
      exclusive_right_start_date: formatDay(start),
      exclusive_right_end_date: formatDay(addYears(start, 10) - 1),
    }
  }),

  patent: each((c) => {
    const s = c.s
    const { rng } = c
    const type = rng.weighted(PATENT_TYPES)
    const product = rng.pick(c.profile.products)
    const digital = (c.profile.tags & TAG_TECH) !== 0 && (c.profile.tags & TAG_INDUSTRIAL) === 0
    const title = digital
      ? type === '外观设计'
        ? `${product}终端的图形用户界面`
        : type === '发明'
          ? `一种基于${rng.pick(['区块链', '大数据', '物联网', '机器学习', '知识图谱'])}的${product}${rng.pick(['方法', '系统及方法', '数据处理方法'])}`
          : `一种${product}用${rng.pick(['数据采集终端', '智能网关', '监测终端', '信息展示装置'])}`
      : type === '发明'
        ? `一种${product}的${rng.pick(['制备方法', '加工方法', '检测方法', '生产工艺', '智能控制方法'])}`
        : type === '实用新型'
          ? `一种${product}${rng.pick(['用输送装置', '烘干设备', '清洗装置', '监测装置', '固定支架', '包装结构'])}`
          : `${product}${rng.pick(['包装盒', '包装瓶', '标贴', '礼盒'])}`
    const applied = dayIn(c, Math.max(c.estDay, dayOf(2012, 1, 1)), DEMO_REFERENCE_DAY - 120)
    const year = yearOf(applied)
    const typeDigit = type === '发明' ? '1' : type === '实用新型' ? '2' : '3'
    const serial = `${year}${typeDigit}${pad(rng.int(0, 9_999_999), 7)}`
    const published = Math.min(DEMO_REFERENCE_DAY, applied + (type === '发明' ? rng.int(180, 560) : rng.int(90, 300)))
    const pubNo = type === '发明' ? `CN1${pad(rng.int(0, 99_999_999), 8)}A` : type === '实用新型' ? `CN2${pad(rng.int(0, 99_999_999), 8)}U` : `CN3${pad(rng.int(0, 99_999_999), 8)}S`
    const inventors = [personName(rng), personName(rng), personName(rng)].slice(0, rng.int(1, 3)).join('；')
    const status =
      type === '发明'
        ? rng.weighted(weightedTable<string>([['授权', 45], ['实质审查', 35], ['驳回', 8], ['视为撤回', 12]]))
        : rng.weighted(weightedTable<string>([['授权', 80], ['专利权终止', 20]]))
    return {
      entity_name: s.name,
      uscc: s.uscc,
      patent_title: title,
      patent_type: type,
      application_number: `CN${serial}.${patentCheck(serial)}`,
      applicant_or_patentee: s.name,
      applicant_or_patentee_address: s.domicile,
      application_date: formatDay(applied),
      inventor_or_designer: inventors,
      publication_number: pubNo,
      publication_date: formatDay(published),
      legal_status: status,
    }
  }),

  software_copyright: each((c) => {
    const s = c.s
    const { rng } = c
    const published = dayIn(c, Math.max(c.estDay, dayOf(2012, 1, 1)), DEMO_REFERENCE_DAY - 60)
    const registered = Math.min(DEMO_REFERENCE_DAY, published + rng.int(20, 200))
    const major = rng.int(1, 3)
    return {
      entity_name: s.name,
      uscc: s.uscc,
      copyright_owner: s.name,
      software_full_name: `${s.tradeName || ''}${rng.pick(c.profile.products)}${rng.pick(SOFTWARE_SUFFIXES)}`,
      first_publication_date: formatDay(published),
      version: rng.chance(0.7) ? `V${major}.0` : `V${major}.${rng.int(0, 9)}.${rng.int(0, 9)}`,
      software_category: rng.weighted(SOFTWARE_KINDS),
      industry_category: rng.chance(0.7) ? rng.pick(SOFTWARE_FIELDS) : s.industry,
      registration_number: `${yearOf(registered)}SR${pad(rng.int(1, 1_999_999), 7)}`,
      registration_date: formatDay(registered),
    }
  }),

  real_estate_registration: each((c, i) => {
    const s = c.s
    const { rng } = c
    const p = propertyUnit(c, i)
    const years = p.usage === '工业' || p.usage === '仓储' ? 50 : p.usage === '住宅' ? 70 : 40
    const landFrom = Math.max(dayOf(1995, 1, 1), p.registered - rng.int(0, 3 * 365))
    const place = certPlace(c.county)
    return {
      right_holder_name: s.name,
      right_holder_id_number: s.uscc,
      property_certificate_number: `宁（${yearOf(p.registered)}）${place}不动产权第${pad(rng.int(1, 9_999_999), 7)}号`,
      property_unit_number: p.unit,
      usage: p.usage,
      location: p.location,
      area: p.area,
      term_of_use: `${formatDayZh(landFrom)}起${formatDayZh(addYears(landFrom, years) - 1)}止`,
      registration_authority: `${place}不动产登记事务中心`,
      registration_date: formatDay(p.registered),
    }
  }),

  real_estate_mortgage: each((c, i) => {
    const { rng } = c
    // Mortgage i is on one of the properties the registration item lists (a property may carry two).
    const registered = countFor(c.seed, c.info, REAL_ESTATE_PLAN)
    const p = propertyUnit(c, registered > 0 ? i % registered : i)
    const bank = rng.pick(BANKS)
    const day = p.registered >= DEMO_REFERENCE_DAY ? DEMO_REFERENCE_DAY : rng.int(p.registered, DEMO_REFERENCE_DAY)
    return {
      mortgagee: bank,
      mortgagee_id_number: outsideOrgUscc(bank, '640100'),
      registration_certificate_number: `宁（${yearOf(day)}）${certPlace(c.county)}不动产证明第${pad(rng.int(1, 9_999_999), 7)}号`,
      property_unit_number: p.unit,
      right_type: rng.chance(0.6) ? '最高额抵押权' : '一般抵押权',
      mortgagor: c.s.name,
      mortgage_registration_date: formatDay(day),
    }
  }),

  administrative_license: each((c) => {
    const s = c.s
    const { rng } = c
    const lic = rng.pick(licensesFor(c))
    const decided = dayIn(c, c.estDay + rng.int(5, 120))
    const validity = addYears(decided, lic.years) - 1
    const year = yearOf(decided)
    return {
      entity_name: s.name,
      uscc: s.uscc,
      counterparty_category: s.entityKind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
      legal_representative_name: s.legalRepresentative,
      legal_representative_id_type: '身份证',
      legal_representative_id_number: s.legalRepresentativeIdNumber,
      decision_document_name: `${lic.cert}准予行政许可决定书`,
      decision_document_number: `${lic.docPrefix}〔${year}〕${rng.int(1, 3000)}号`,
      license_category: lic.category,
      license_certificate_name: lic.cert,
      license_number: lic.number(c, year),
      license_content: lic.content,
      decision_date: formatDay(decided),
      validity_date: formatDay(validity),
      license_status: validity >= DEMO_REFERENCE_DAY ? '有效' : '无效',
      authority_name: lic.authority.name,
      authority_uscc: authorityUscc(lic.authority.name, lic.authority.divisionCode),
      data_provider: lic.authority.name,
    }
  }),

  administrative_penalty: each((c) => {
    const s = c.s
    const { rng } = c
    const t = rng.pick(penaltiesFor(c))
    const decided = dayIn(c, Math.max(c.estDay + 60, dayOf(2016, 1, 1)), DEMO_REFERENCE_DAY - 5)
    const year = yearOf(decided)
    const fine = Math.round(rng.between(t.fine[0], t.fine[1]) / 100) * 100
    const confiscation = t.confiscates && rng.chance(0.5) ? money(rng.between(200, 20_000)) : '0.00'
    const revoke = rng.chance(0.03)
    return {
      entity_name: s.name,
      uscc: s.uscc,
      counterparty_category: s.entityKind === 'individual_business' ? '个体工商户' : '法人及非法人组织',
      legal_representative_name: s.legalRepresentative,
      legal_representative_id_type: '身份证',
      legal_representative_id_number: s.legalRepresentativeIdNumber,
      decision_document_name: '行政处罚决定书',
      decision_document_number: `${t.docPrefix}〔${year}〕${rng.int(1, 600)}号`,
      violation_type: t.violation,
      violation_facts: t.facts(c, decided),
      penalty_basis: t.basis,
      penalty_content: `${confiscation !== '0.00' ? `没收违法所得${confiscation}元，` : ''}罚款人民币${fine}元${revoke ? '，吊销相关许可证件' : ''}。`,
      fine_amount: money(fine),
      confiscation_amount: confiscation,
      suspended_or_revoked_license_name_and_number: revoke ? `食品经营许可证（JY1${s.divisionCode}${pad(rng.int(1, 999_999), 6)}${rng.int(0, 9)}）` : null,
      decision_date: formatDay(decided),
      validity_date: formatDay(addYears(decided, 3)),
      publicity_end_date: formatDay(addYears(decided, 1)),
      authority_name: t.authority.name,
      authority_uscc: authorityUscc(t.authority.name, t.authority.divisionCode),
      data_provider: t.authority.name,
    }
  }),

  administrative_coercion: each((c) => {
    const s = c.s
    const { rng } = c
    const tax = rng.chance(0.5)
    const day = dayIn(c, Math.max(c.estDay + 180, dayOf(2016, 1, 1)))
    const authority: Authority = tax
      ? { name: taxBureauName(c.county), divisionCode: c.county.code }
      : { name: amrName(c.county), divisionCode: c.county.code }
    const abbr = CITY_ABBR[c.county.cityCode] ?? '宁'
    return {
      entity_name: s.name,
      uscc: s.uscc,
      legal_representative_name: s.legalRepresentative,
      legal_representative_id_type: '身份证',
      legal_representative_id_number: s.legalRepresentativeIdNumber,
      decision_document_name: tax ? '税收强制执行决定书' : '实施行政强制措施决定书',
      document_number: tax ? `${abbr}${c.county.short[0] as string}税强执〔${yearOf(day)}〕${rng.int(1, 200)}号` : `${abbr}市监强〔${yearOf(day)}〕${rng.int(1, 200)}号`,
      coercion_reason: tax ? `当事人欠缴${rng.weighted(TAX_TYPES)}${money(rng.logNormal(50_000, 1))}元，经责令限期缴纳逾期仍未缴纳。` : '当事人涉嫌生产经营不符合食品安全标准的食品，为防止证据灭失、危害扩大，依法采取行政强制措施。',
      coercion_basis: tax ? '《中华人民共和国税收征收管理法》第四十条' : '《中华人民共和国行政强制法》第二十二条、第二十三条，《中华人民共和国食品安全法》第一百一十条',
      coercion_method: tax ? rng.pick(['冻结存款、汇款', '划拨存款、汇款', '加处滞纳金']) : rng.pick(['查封场所、设施或者财物', '扣押财物']),
      execution_date: formatDay(day),
      authority_name: authority.name,
      authority_uscc: authorityUscc(authority.name, authority.divisionCode),
      data_provider: authority.name,
    }
  }),

  water_bill: (c, n) => utilityBill(c, n, 'water'),

  electricity_bill: (c, n) => {
    const s = c.s
    const { rng } = c
    const account = accountNumber(c, 0xe1ec, 10, '64')
    const opened = formatDay(c.aux.reseed(c.seed, s.index, 0x0be4).int(c.estDay, Math.min(DEMO_REFERENCE_DAY, c.estDay + 120)))
    const usageType = has(c, 'industrial') ? (c.aux.chance(0.5) ? '大工业用电' : '一般工商业用电') : has(c, 'agri') ? '农业生产用电' : '一般工商业用电'
    const monthly = Math.max(80, (revenueBase(c) / 12) * (has(c, 'industrial') ? 0.08 : 0.02))
    const distressed = has(c, 'distressed')
    const out: DemoRecord[] = []
    for (let k = n - 1; k >= 0; k--) {
      const a3 = monthly * rng.between(0.8, 1.25)
      const a6 = monthly * rng.between(0.85, 1.15)
      const a12 = monthly * rng.between(0.9, 1.1)
      out.push({
        entity_name: s.name,
        uscc: s.uscc,
        grid_account_number: account,
        account_opening_date: opened,
        electricity_usage_type: usageType,
        region_province: '宁夏回族自治区',
        region_city: c.county.city,
        value_grade: a12 > 100_000 ? '高' : a12 > 20_000 ? '较高' : a12 > 3_000 ? '中' : a12 > 800 ? '较低' : '低',
        risk_grade: distressed ? rng.pick(['较高', '高']) : rng.chance(0.85) ? '低' : rng.chance(0.7) ? '较低' : '中',
        avg_monthly_electricity_cost_last_3_months: money(a3),
        avg_monthly_electricity_cost_last_6_months: money(a6),
        avg_monthly_electricity_cost_last_12_months: money(a12),
        has_arrears: rng.chance(distressed ? 0.5 : 0.03),
      })
    }
    return out
  },

  gas_bill: (c, n) => utilityBill(c, n, 'gas'),

  technology_rnd: each((c) => {
    const { rng } = c
    const high = has(c, 'highTech')
    const product = rng.pick(c.profile.products)
    const lines = [
      `${yearIn(c, 2016)}年获自治区重点研发计划项目资金支持${rng.int(20, 300)}万元`,
      `建有自治区级${product}工程技术研究中心`,
      `参与制定团体标准《${product}生产技术规范》（T/NX ${rng.int(1, 300)}-${yearIn(c, 2016)}）`,
      `${rng.int(1, 3)}名员工入选宁夏青年科技人才托举工程`,
      `获${c.county.city}科技创新券支持${rng.int(5, 50)}万元`,
      `${yearIn(c, 2016)}年入库国家科技型中小企业`,
      `与宁夏大学共建${product}联合实验室`,
    ]
    const k = high ? rng.int(2, 4) : rng.int(0, 2)
    const picked: string[] = []
    for (let i = 0; i < k; i++) picked.push(rng.pick(lines))
    return {
      entity_name: c.s.name,
      uscc: c.s.uscc,
      is_national_high_tech_enterprise: high,
      research_support_info: picked.length === 0 ? '无' : [...new Set(picked)].join('；') + '。',
    }
  }),

  new_agricultural_entity: each((c) => {
    const s = c.s
    const { rng } = c
    const category =
      s.entityKind === 'cooperative'
        ? '农民专业合作社'
        : s.entityKind === 'individual_business'
          ? '家庭农场'
          : rng.chance(0.5) ? '农业产业化龙头企业' : '农业社会化服务组织'
    const acres = s.entityKind === 'individual_business' ? rng.int(30, 300) : rng.int(100, 5000)
    const bank = rng.pick(BANKS)
    return {
      entity_name: s.name,
      entity_category: category,
      person_in_charge: s.legalRepresentative,
      location: `${c.county.city}${c.county.name}${rng.pick(c.county.towns)}${rng.pick(VILLAGES)}村`,
      business_content: s.entityKind === 'enterprise' ? c.profile.scope : `${s.industryName}；${c.profile.products.slice(0, 2).join('、')}生产、收购、销售；农业技术服务。`,
      rural_land_management_right_info: rng.chance(0.8)
        ? `流转土地${acres}亩，流转期限至${formatDay(dayOf(rng.int(DEMO_REFERENCE_YEAR + 1, 2045), 12, 31))}，已办理土地经营权流转备案`
        : '无',
      farmer_housing_property_right_info: rng.chance(0.15) ? `以农民住房财产权抵押贷款${rng.int(5, 30)}万元（${bank}）` : '无',
    }
  }),
}

/** Adds a holder unless one of that name is already there (the name identifies the record). */
/** The share of enterprise shareholders that are other demo enterprises rather than outside companies. */
const DEMO_INVESTOR_SHARE = 0.5

/**
 * Another demo enterprise as the `k`-th enterprise shareholder of this subject, for half of them: one of the 500
 * subjects before it, so that any population generated from index 0 holds it (and its records), and the
 * relationship graph has investments to show. Decided by hashes, not by the record generator's draws, so the other
 * values of the record stay as they were; null: an outside company.
 */
function demoInvestor(c: Ctx, k: number): string | null {
  const i = c.info.index
  if (i === 0 || hash32(c.seed, i, 0x1a7e5, k) / 4294967296 >= DEMO_INVESTOR_SHARE) return null
  for (let t = 0; t < 4; t++) {
    const j = i - 1 - (hash32(c.seed, i, 0x1a7e6 + t, k) % Math.min(i, 500))
    if (demoSubjectCore(c.seed, j).entityKind === 'enterprise') return demoSubject(c.seed, j).name
  }
  return null
}

function addUnique(holders: Array<{ name: string; type: string }>, h: { name: string; type: string }): void {
  for (const x of holders) if (x.name === h.name) return
  holders.push(h)
}

function customsCode(c: Ctx): string {
  const r = c.aux.reseed(c.seed, c.s.index, 0xc057)
  return `${c.county.cityCode.slice(0, 4)}9${r.pick(['6', '6', '6', '1', '3'])}${r.digits(4)}`
}

/** Check digit of a Chinese patent application number (12 digits, weights 2–9 cycling, mod 11). */
function patentCheck(serial: string): string {
  const w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(serial[i]) * (w[i] as number)
  const r = sum % 11
  return r === 10 ? 'X' : String(r)
}

function utilityBill(c: Ctx, n: number, kind: 'water' | 'gas'): DemoRecord[] {
  const s = c.s
  const { rng } = c
  const account = accountNumber(c, kind === 'water' ? 0x3a7e : 0x6a5, kind === 'water' ? 10 : 12)
  const base = Math.max(3, s.employees * (kind === 'water' ? 2.5 : 8) * (has(c, 'food') ? 3 : 1) * c.aux.reseed(c.seed, s.index, 0xba5e).logNormal(1, 0.5))
  const price = kind === 'water' ? 4.2 : 2.76
  const distressed = has(c, 'distressed')
  // Monthly use for months k = 0 … n + 4 back from the reference month; snapshot k sees k … k + 5.
  const use: number[] = new Array(n + 5)
  const paid: string[] = new Array(n + 2)
  for (let j = 0; j < n + 5; j++) {
    use[j] = base * (0.7 + 0.6 * rng.float())
    if (j < n + 2) {
      const [y, m] = snapshotMonth(j)
      paid[j] = `${ym(y, m)}缴费${money((use[j] as number) * price)}元`
    }
  }
  const name = `户名：${s.name}；户号：${account}`
  const out: DemoRecord[] = new Array(n)
  // Oldest snapshot first, so the latest delivery is the current version.
  for (let k = n - 1; k >= 0; k--) {
    const u0 = use[k] as number
    const u1 = use[k + 1] as number
    const u2 = use[k + 2] as number
    const sum3 = u0 + u1 + u2
    const sum6 = sum3 + (use[k + 3] as number) + (use[k + 4] as number) + (use[k + 5] as number)
    const details = `${paid[k] as string}；${paid[k + 1] as string}；${paid[k + 2] as string}`
    const arrears = rng.chance(distressed ? 0.5 : 0.03)
    out[n - 1 - k] =
      kind === 'water'
        ? {
            entity_name: s.name,
            uscc: s.uscc,
            water_account_info: name,
            water_payment_details: details,
            avg_monthly_water_usage_last_3_months: round(sum3 / 3, 2),
            avg_monthly_water_usage_last_6_months: round(sum6 / 6, 2),
            has_arrears: arrears,
          }
        : {
            entity_name: s.name,
            uscc: s.uscc,
            gas_account_info: name,
            gas_payment_details: details,
            avg_monthly_gas_usage_last_3_months: round(sum3 / 3, 2),
            avg_monthly_gas_usage_last_6_months: round(sum6 / 6, 2),
            has_arrears: arrears,
          }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Licences and penalties by line of business.

interface LicenseKind {
  cert: string
  category: string
  years: number
  content: string
  docPrefix: string
  authority: Authority
  number: (c: Ctx, year: number) => string
}

/** Enough of the real_estate_registration plan to count a subject's properties from another item. */
const REAL_ESTATE_PLAN: Pick<ItemPlan, 'salt' | 'weight'> = {
  salt: hashString('real_estate_registration'),
  weight: DEMO_ITEM_WEIGHTS.real_estate_registration as DemoItemWeight,
}

const licenseCache = new Map<string, LicenseKind[]>()

/** The licences a subject of this county, line of business and kind may hold (memoised: they are static). */
function licensesFor(c: Ctx): LicenseKind[] {
  const key = `${c.county.code}|${c.profile.key}|${c.s.entityKind}|${c.s.industry.charCodeAt(0)}|${c.traits & (TRAIT_BITS.industrial | TRAIT_BITS.agri)}`
  let kinds = licenseCache.get(key)
  if (kinds === undefined) {
    kinds = makeLicenses(c)
    licenseCache.set(key, kinds)
  }
  return kinds
}

function makeLicenses(c: Ctx): LicenseKind[] {
  const county = c.county
  const abbr = CITY_ABBR[county.cityCode] ?? '宁'
  const yinchuan = county.cityCode === '640100'
  const approval: Authority = yinchuan
    ? { name: '银川市审批服务管理局', divisionCode: '640100' }
    : { name: `${county.name.endsWith('区') ? county.city + county.name : county.name}审批服务管理局`, divisionCode: county.code }
  const amr: Authority = { name: amrName(county), divisionCode: county.code }
  const foodOps: LicenseKind = {
    cert: '食品经营许可证',
    category: '普通',
    years: 5,
    content: c.s.industry.startsWith('H') ? '热食类食品制售；冷食类食品制售；预包装食品销售（不含冷藏冷冻食品）' : '预包装食品（含冷藏冷冻食品）销售；散装食品（不含冷藏冷冻食品）销售',
    docPrefix: `${abbr}审服（食）许`,
    authority: yinchuan ? approval : amr,
    number: (x) => `JY${x.s.industry.startsWith('H') ? '2' : '1'}${x.s.divisionCode}${pad(x.rng.int(1, 999_999), 6)}${x.rng.int(0, 9)}`,
  }
  const out: LicenseKind[] = []
  const p = c.profile.key
  if (p === 'halal' || p === 'goji' || p === 'wine' || p === 'trade' || p === 'tanyang' || p === 'ecommerce') out.push(foodOps)
  if ((p === 'halal' || p === 'goji' || p === 'wine' || p === 'tanyang') && c.s.entityKind === 'enterprise') {
    out.push({
      cert: '食品生产许可证',
      category: '普通',
      years: 5,
      content: p === 'wine' ? '酒类：葡萄酒及果酒（原酒、加工灌装）' : p === 'goji' ? '水果制品：蜜饯、水果干制品' : '肉制品：酱卤肉制品、熏煮香肠火腿制品',
      docPrefix: '宁市监食生许',
      authority: { name: '宁夏回族自治区市场监督管理厅', divisionCode: '640000' },
      number: (x) => `SC${p === 'wine' ? '115' : p === 'goji' ? '117' : '104'}${x.s.divisionCode}${pad(x.rng.int(1, 99_999), 5)}`,
    })
  }
  if (p === 'logistics') {
    out.push({
      cert: '道路运输经营许可证',
      category: '普通',
      years: 4,
      content: '道路普通货物运输',
      docPrefix: `${abbr}交运许`,
      authority: { name: `${county.city}交通运输局`, divisionCode: county.cityCode },
      number: (x) => `宁交运管许可${abbr}字${x.s.divisionCode}${pad(x.rng.int(1, 999_999), 6)}号`,
    })
  }
  if (has(c, 'industrial')) {
    out.push({
      cert: '排污许可证',
      category: '普通',
      years: 5,
      content: '按照排污许可证规定的污染物种类、浓度和排放量排放大气污染物、水污染物',
      docPrefix: `${abbr}环审许`,
      authority: { name: `${county.city}生态环境局`, divisionCode: county.cityCode },
      number: (x) => `${x.s.uscc}001${x.rng.pick(['P', 'V', 'U'])}`,
    })
  }
  if (p === 'coalchem') {
    out.push({
      cert: '安全生产许可证',
      category: '特许',
      years: 3,
      content: '危险化学品生产',
      docPrefix: '宁应急许',
      authority: { name: '宁夏回族自治区应急管理厅', divisionCode: '640000' },
      number: (x, year) => `（宁）WH安许证字〔${year}〕${pad(x.rng.int(1, 300), 3)}号`,
    })
  }
  if (p === 'construction') {
    out.push({
      cert: '建筑业企业资质证书',
      category: '认可',
      years: 5,
      content: '建筑工程施工总承包三级；市政公用工程施工总承包三级',
      docPrefix: `${abbr}建许`,
      authority: { name: `${county.city}住房和城乡建设局`, divisionCode: county.cityCode },
      number: (x) => `D364${pad(x.rng.int(1, 99_999), 6)}`,
    })
  }
  if (p === 'energy') {
    out.push({
      cert: '电力业务许可证',
      category: '特许',
      years: 20,
      content: '发电类',
      docPrefix: '甘宁能监许可',
      authority: { name: '国家能源局甘肃监管办公室', divisionCode: '620100' },
      number: (x) => `10404${pad(x.rng.int(1, 99), 2)}-${pad(x.rng.int(1, 99_999), 5)}`,
    })
  }
  if (p === 'tech' && c.s.entityKind === 'enterprise') {
    out.push({
      cert: '增值电信业务经营许可证',
      category: '特许',
      years: 5,
      content: '第二类增值电信业务中的信息服务业务（仅限互联网信息服务）',
      docPrefix: '宁通信管许',
      authority: { name: '宁夏回族自治区通信管理局', divisionCode: '640000' },
      number: (x, year) => `宁B2-${year}${pad(x.rng.int(1, 9999), 4)}`,
    })
  }
  if (has(c, 'agri')) {
    out.push({
      cert: p === 'tanyang' ? '动物防疫条件合格证' : '取水许可证',
      category: '普通',
      years: p === 'tanyang' ? 10 : 5,
      content: p === 'tanyang' ? '羊的饲养场所动物防疫条件合格' : '农业灌溉取用地下水',
      docPrefix: p === 'tanyang' ? `${abbr}农防许` : `${abbr}水许`,
      authority: p === 'tanyang' ? { name: `${county.name}农业农村局`, divisionCode: county.code } : { name: `${county.name}水务局`, divisionCode: county.code },
      number: (x, year) => (p === 'tanyang' ? `（宁）动防合字第${x.s.divisionCode}${pad(x.rng.int(1, 999), 3)}号` : `D${x.s.divisionCode}S${year}-${pad(x.rng.int(1, 9999), 4)}`),
    })
  }
  if (p === 'services') {
    out.push({
      cert: '公共场所卫生许可证',
      category: '普通',
      years: 4,
      content: '理发店、美容店',
      docPrefix: `${abbr}卫公许`,
      authority: yinchuan ? approval : { name: `${county.name}卫生健康局`, divisionCode: county.code },
      number: (x, year) => `宁卫公证字〔${year}〕第${x.s.divisionCode}-${pad(x.rng.int(1, 9999), 4)}号`,
    })
  }
  if (out.length === 0) {
    out.push({
      cert: '户外广告设施设置许可',
      category: '普通',
      years: 3,
      content: '设置门头牌匾户外广告设施',
      docPrefix: `${abbr}城管许`,
      authority: { name: `${county.city}城市管理局`, divisionCode: county.cityCode },
      number: (x, year) => `${x.s.divisionCode}GG${year}${pad(x.rng.int(1, 9999), 4)}`,
    })
  }
  return out
}

interface PenaltyKind {
  violation: string
  basis: string
  fine: readonly [number, number]
  confiscates: boolean
  docPrefix: string
  authority: Authority
  facts: (c: Ctx, day: number) => string
}

function penaltiesFor(c: Ctx): PenaltyKind[] {
  const county = c.county
  const abbr = CITY_ABBR[county.cityCode] ?? '宁'
  const cityLevel = c.rng.chance(0.4)
  const amr: Authority = cityLevel ? { name: cityAmrName(county), divisionCode: county.cityCode } : { name: amrName(county), divisionCode: county.code }
  const amrPrefix = cityLevel ? `${abbr}市监罚字` : `${abbr}${county.short[0] as string}市监罚`
  const out: PenaltyKind[] = [
    {
      violation: '未按规定申报纳税',
      basis: '《中华人民共和国税收征收管理法》第六十二条',
      fine: [200, 2000],
      confiscates: false,
      docPrefix: `${abbr}${county.short[0] as string}税简罚`,
      authority: { name: taxBureauName(county), divisionCode: county.code },
      facts: (x, d) => `当事人未按照规定期限办理${formatDayZh(d).slice(0, 8)}所属期的纳税申报和报送纳税资料。`,
    },
    {
      violation: '消防设施、器材未保持完好有效',
      basis: '《中华人民共和国消防法》第六十条第一款第（一）项',
      fine: [5000, 50_000],
      confiscates: false,
      docPrefix: `${county.short}消行罚决字`,
      authority: { name: `${county.city}${county.name.endsWith('区') ? county.name : county.short}消防救援大队`, divisionCode: county.code },
      facts: () => '经检查，当事人经营场所内灭火器压力不足、疏散指示标志损坏，消防设施、器材未保持完好有效。',
    },
  ]
  if (has(c, 'food') || c.s.industry.startsWith('H') || c.profile.key === 'trade') {
    out.push({
      violation: '经营超过保质期的食品',
      basis: '《中华人民共和国食品安全法》第一百二十四条第一款第（五）项',
      fine: [5000, 50_000],
      confiscates: true,
      docPrefix: amrPrefix,
      authority: amr,
      facts: (x, d) => `${formatDayZh(d - x.rng.int(20, 90))}，执法人员检查发现当事人经营场所货架上陈列销售超过保质期的${x.rng.pick(x.profile.products)}共${x.rng.int(2, 60)}件，货值金额${money(x.rng.between(50, 3000))}元。`,
    })
  }
  out.push({
    violation: '发布虚假广告',
    basis: '《中华人民共和国广告法》第五十五条第一款',
    fine: [20_000, 200_000],
    confiscates: false,
    docPrefix: amrPrefix,
    authority: amr,
    facts: (x) => `当事人在其微信公众号及门店宣传材料中使用“${x.rng.pick(['最佳', '国家级', '第一品牌', '根治'])}”等用语宣传其${x.rng.pick(x.profile.products)}，构成虚假广告。`,
  })
  if (has(c, 'industrial')) {
    out.push({
      violation: '超标排放大气污染物',
      basis: '《中华人民共和国大气污染防治法》第九十九条第（二）项',
      fine: [100_000, 1_000_000],
      confiscates: false,
      docPrefix: `${abbr}环罚字`,
      authority: { name: `${county.city}生态环境局`, divisionCode: county.cityCode },
      facts: (x, d) => `${formatDayZh(d - x.rng.int(20, 60))}，经监测，当事人${x.rng.pick(['锅炉', '导热油炉', '焙烧窑'])}废气排放口颗粒物浓度超过《大气污染物综合排放标准》限值${round(x.rng.between(0.1, 2.5), 2)}倍。`,
    })
    out.push({
      violation: '未按规定对从业人员进行安全生产教育和培训',
      basis: '《中华人民共和国安全生产法》第九十七条第（三）项',
      fine: [10_000, 100_000],
      confiscates: false,
      docPrefix: `（${county.cityShort}）应急罚`,
      authority: { name: `${county.city}应急管理局`, divisionCode: county.cityCode },
      facts: (x) => `当事人未对新入职的${x.rng.int(2, 30)}名从业人员进行安全生产教育和培训即安排上岗作业。`,
    })
  }
  if (c.profile.key === 'logistics') {
    out.push({
      violation: '道路货物运输车辆超限运输',
      basis: '《公路安全保护条例》第六十四条',
      fine: [5000, 30_000],
      confiscates: false,
      docPrefix: `${abbr}交执罚`,
      authority: { name: `${county.city}交通运输局`, divisionCode: county.cityCode },
      facts: (x) => `当事人所属宁${x.rng.pick(['A', 'B', 'C', 'D', 'E'])}${x.rng.digits(5)}号货车车货总质量超过限定标准${x.rng.int(3, 25)}吨。`,
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Generic values for fields the item builders do not know (catalog items added later).

function genericValue(c: Ctx, f: CatalogField): DemoValue {
  const { rng } = c
  switch (f.key) {
    case 'entity_name':
    case 'entity_name_zh':
      return c.s.name
    case 'uscc':
      return c.s.uscc
  }
  switch (f.type) {
    case 'uscc':
      return c.s.uscc
    case 'id_number':
      return c.s.legalRepresentativeIdNumber
    case 'date':
      return formatDay(dayIn(c, c.estDay))
    case 'datetime':
      return `${formatDay(dayIn(c, c.estDay))} ${pad(rng.int(8, 18), 2)}:${pad(rng.int(0, 59), 2)}:${pad(rng.int(0, 59), 2)}`
    case 'integer':
      return rng.int(0, 100)
    case 'decimal':
      return round(rng.between(0, 1000), 2)
    case 'money':
      return money(rng.logNormal(50_000, 1))
    case 'boolean':
      return rng.chance(0.5)
    case 'enum':
      return '其他'
    case 'text':
      return `${f.name}：${c.s.name}`
    default:
      return `${f.name}${rng.int(1, 999)}`
  }
}

const genericBuilder: Builder = each((c) => {
  const r: DemoRecord = {}
  for (const f of c.item.fields) r[f.key] = genericValue(c, f)
  return r
})

// ---------------------------------------------------------------------------------------------
// Public API.

const mainRng = new Rng()
const auxRng = new Rng()

/** Everything about one catalog item the generator looks up, resolved once per item object. */
interface ItemPlan {
  item: CatalogItem
  salt: number
  weight: DemoItemWeight
  builder: Builder
  /** Whether builder output has exactly the item's keys in catalog order (known after the first record). */
  conforms: boolean | undefined
}

const plans = new WeakMap<CatalogItem, ItemPlan>()

function planOf(item: CatalogItem): ItemPlan {
  let plan = plans.get(item)
  if (plan === undefined) {
    plan = {
      item,
      salt: hashString(item.key),
      weight: DEMO_ITEM_WEIGHTS[item.key] ?? DEFAULT_ITEM_WEIGHT,
      builder: BUILDERS[item.key] ?? genericBuilder,
      conforms: undefined,
    }
    plans.set(item, plan)
  }
  return plan
}

function sameKeys(record: DemoRecord, fields: readonly CatalogField[]): boolean {
  const keys = Object.keys(record)
  if (keys.length !== fields.length) return false
  for (let i = 0; i < keys.length; i++) if (keys[i] !== (fields[i] as CatalogField).key) return false
  return true
}

/** One context object, refilled for every (subject, item): builders are synchronous and never nest. */
const ctx: Ctx = {
  seed: 0,
  s: undefined as unknown as DemoSubject,
  rng: mainRng,
  aux: auxRng,
  traits: 0,
  county: COUNTIES[0] as CountyInfo,
  profile: undefined as unknown as IndustryProfile,
  estDay: 0,
  estYear: 0,
  item: undefined as unknown as CatalogItem,
  info: undefined as unknown as SubjectInfo,
}

function buildRecords(seed: number, subject: DemoSubject, info: SubjectInfo, plan: ItemPlan, n: number): DemoRecord[] {
  const item = plan.item
  mainRng.reseed(seed, subject.index, plan.salt, 0x2ec)
  ctx.seed = seed
  ctx.s = subject
  ctx.traits = info.traits
  ctx.county = info.county
  ctx.profile = info.profile
  ctx.estDay = info.estDay
  ctx.estYear = info.estYear
  ctx.item = item
  ctx.info = info
  const records = plan.builder(ctx, n)
  if (records.length === 0) return records
  if (plan.conforms === undefined) plan.conforms = sameKeys(records[0] as DemoRecord, item.fields)
  if (plan.conforms) return records
  // The catalog differs from what the builder knows: keep known values, fill the rest by type.
  return records.map((r) => {
    const out: DemoRecord = {}
    for (const f of item.fields) {
      const v = r[f.key]
      out[f.key] = v === undefined ? genericValue(ctx, f) : v
    }
    return out
  })
}

/**
 * The records of `item` for `subject` (possibly none), keyed by the item's field keys in catalog
 * order. Pure: the same (seed, subject.index, item.key) always gives the same records.
 */
export function demoRecords(seed: number, subject: DemoSubject, item: CatalogItem): DemoRecord[] {
  const info = subjectInfo(seed, subject)
  const plan = planOf(item)
  const n = countFor(seed, info, plan)
  return n === 0 ? [] : buildRecords(seed, subject, info, plan, n)
}

/** How many records of `item` subject `index` has, without building the subject. */
export function demoRecordCount(seed: number, index: number, item: CatalogItem): number {
  return countFor(seed, infoOf(seed, demoSubjectCore(seed, index)), planOf(item))
}

/** All items of a catalog document in catalog order. */
export function catalogItems(catalog: CatalogDocument): CatalogItem[] {
  return catalog.categories.flatMap((c) => c.items)
}

export interface DemoRecordStreamOptions {
  seed: number
  /** Number of subjects (indexes `from` … `from + subjects - 1`). */
  subjects: number
  catalog: CatalogDocument
  /** Only these item keys (default: every item of the catalog). */
  items?: readonly string[]
  /** First subject index (default 0), for splitting work across processes. */
  from?: number
  /**
   * Most monthly snapshots of a monthly item (tax, social insurance, housing fund, utilities …) a subject has,
   * instead of the item's own (6): a longer history, as a hub that has collected for a year holds.
   */
  monthlyMax?: number
}

export interface DemoStreamEntry {
  itemKey: string
  subjectIndex: number
  record: DemoRecord
}

/**
 * Every record for subjects `from … from + subjects - 1`, subject by subject, items in catalog
 * order. Streams: holds one subject's records at a time.
 */
export function* demoRecordStream(opts: DemoRecordStreamOptions): Generator<DemoStreamEntry> {
  const itemPlans = selectItems(opts.catalog, opts.items).map(planOf).map((p) =>
    opts.monthlyMax !== undefined && p.weight.monthly ? { ...p, weight: { ...p.weight, max: opts.monthlyMax } } : p)
  const from = opts.from ?? 0
  const seed = opts.seed
  const counts = new Int32Array(itemPlans.length)
  for (let i = from; i < from + opts.subjects; i++) {
    // Decide the counts from the cheap core first: with an `items` filter most subjects have none.
    const info = infoOf(seed, demoSubjectCore(seed, i))
    let any = false
    for (let p = 0; p < itemPlans.length; p++) {
      const n = countFor(seed, info, itemPlans[p] as ItemPlan)
      counts[p] = n
      if (n > 0) any = true
    }
    if (!any) continue
    const subject = demoSubject(seed, i)
    for (let p = 0; p < itemPlans.length; p++) {
      const n = counts[p] as number
      if (n === 0) continue
      const plan = itemPlans[p] as ItemPlan
      const records = buildRecords(seed, subject, info, plan, n)
      for (let k = 0; k < records.length; k++) yield { itemKey: plan.item.key, subjectIndex: i, record: records[k] as DemoRecord }
    }
  }
}

/**
 * The records of one item for subjects `from … from + subjects - 1`, as plain records: the shape
 * `writeItemFile` takes. Streams like {@link demoRecordStream}, and skips building subjects that
 * have no record of the item.
 */
export function* demoItemRows(opts: { seed: number; subjects: number; item: CatalogItem; from?: number }): Generator<DemoRecord> {
  const from = opts.from ?? 0
  const seed = opts.seed
  const plan = planOf(opts.item)
  for (let i = from; i < from + opts.subjects; i++) {
    const info = infoOf(seed, demoSubjectCore(seed, i))
    const n = countFor(seed, info, plan)
    if (n === 0) continue
    const records = buildRecords(seed, demoSubject(seed, i), info, plan, n)
    for (let k = 0; k < records.length; k++) yield records[k] as DemoRecord
  }
}

function selectItems(catalog: CatalogDocument, keys: readonly string[] | undefined): CatalogItem[] {
  const items = catalogItems(catalog)
  if (keys === undefined) return items
  const byKey = new Map(items.map((i) => [i.key, i]))
  return keys.map((k) => {
    const item = byKey.get(k)
    if (item === undefined) throw new RangeError(`unknown catalog item: ${k}`)
    return item
  })
}


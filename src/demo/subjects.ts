/**
 * Synthetic Ningxia market entities (市场主体): enterprises, individual businesses (个体工商户) and
 * farmers' cooperatives (农民专业合作社).
 *
 * `demoSubject(seed, index)` is a pure function of its arguments, so subject i can be recreated on
 * its own, in any order, in any process. The USCC is unique per (seed, index): its organization
 * code body is a keyed permutation (Feistel network, seeded) of the index, so two indexes never
 * share a code. Every USCC and ID number is assembled by the registry's own builders and therefore
 * passes the same GB 32100 / GB 11714 / GB 11643 checks as real data.
 */

import { buildIdNumber, computeIdCheckChar, USCC_CHARSET, computeOrgCodeCheckChar, computeUsccCheckChar } from '../registry/index.js'
import { Rng, civilOf, dayOf, formatDay, hash32, money, pad, weightedTable, yearOf, type WeightedTable } from './random.js'
import {
  BUILDING_NAMES,
  COUNTIES,
  COUNTY_BY_CODE,
  COUNTY_TABLE,
  FEMALE_GIVEN,
  GENERIC_ROADS,
  MALE_GIVEN,
  PROFILE_BY_KEY,
  PROFILE_TABLES,
  ROADS,
  SURNAMES,
  TAG_INDUSTRIAL,
  TRADE_NAMES,
  VILLAGES,
  type CountyInfo,
  type EntityKind,
  type IndustryProfile,
} from './vocabulary.js'

export type { EntityKind } from './vocabulary.js'

/** The date the synthetic world is observed at: no establishment, record or payment is later. */
export const DEMO_REFERENCE_DATE = '2026-06-30'
export const DEMO_REFERENCE_DAY = dayOf(2026, 6, 30)
/** Calendar year of the reference date. */
export const DEMO_REFERENCE_YEAR = 2026

/** Largest number of subjects one seed can hold with unique codes (30 × 31⁴). */
export const MAX_DEMO_SUBJECTS = 30 * 31 ** 4

export interface DemoSubject {
  index: number
  /** 统一社会信用代码, valid per GB 32100 including the embedded GB 11714 check. */
  uscc: string
  /** 企业名称 / 个体工商户名称 / 合作社名称. */
  name: string
  entityKind: EntityKind
  /** GB/T 2260 county code where the subject is located (weighted toward 银川). */
  divisionCode: string
  /** 法定代表人 / 经营者 / 理事长. */
  legalRepresentative: string
  /** Valid GB 11643 ID number with a Ningxia division code. */
  legalRepresentativeIdNumber: string
  /** 'YYYY-MM-DD'. */
  establishmentDate: string
  /** Registered capital (个体工商户: 资金数额; 合作社: 成员出资总额) in yuan, two decimals. */
  registeredCapital: string
  /** GB/T 4754-2017 class: section letter + 4-digit code, e.g. 'C1515'. */
  industry: string
  /** 住所 / 经营场所, an address in the county. */
  domicile: string

  // ---- extras the record generator uses; all derived from the same (seed, index) ----
  /** Name of the GB/T 4754 class, e.g. 葡萄酒制造. */
  industryName: string
  /** Key of the industry profile in the vocabulary (goji, wine, halal, …). */
  industryProfile: string
  /** 企业类型 as the business licence prints it. */
  enterpriseType: string
  /** 登记机关. */
  registrationAuthority: string
  /** Division code of the registering office (USCC positions 3–8): the county's or the city's. */
  registrationDivisionCode: string
  /** 字号, the 2-character trade name (empty for names built from the owner's name). */
  tradeName: string
  /** Head-count used consistently by annual reports, social insurance and housing-fund records. */
  employees: number
  /** Legal representative is male. */
  legalRepresentativeMale: boolean
}

const KIND_TABLE = weightedTable<EntityKind>([
  ['enterprise', 55],
  ['individual_business', 38],
  ['cooperative', 7],
])

/** Establishment year weights per kind: registrations grew strongly after the 2014 商事制度改革. */
function yearTable(from: number, to: number, weight: (y: number) => number): WeightedTable<number> {
  const rows: Array<readonly [number, number]> = []
  for (let y = from; y <= to; y++) rows.push([y, weight(y)])
  return weightedTable(rows)
}
const YEARS: Readonly<Record<EntityKind, WeightedTable<number>>> = {
  enterprise: yearTable(1993, DEMO_REFERENCE_YEAR, (y) => (y < 2005 ? 1 : y < 2014 ? 2.5 : y === DEMO_REFERENCE_YEAR ? 3 : 6)),
  individual_business: yearTable(2003, DEMO_REFERENCE_YEAR, (y) => (y < 2010 ? 1 : y < 2015 ? 3 : y === DEMO_REFERENCE_YEAR ? 4 : 7)),
  cooperative: yearTable(2008, DEMO_REFERENCE_YEAR, (y) => (y < 2012 ? 2 : y < 2019 ? 6 : y === DEMO_REFERENCE_YEAR ? 1 : 3)),
}

const ENTERPRISE_CAPITAL = weightedTable<number>([
  [100_000, 3], [300_000, 2], [500_000, 4], [1_000_000, 8], [2_000_000, 5], [3_000_000, 5], [5_000_000, 6],
  [10_000_000, 6], [20_000_000, 3], [30_000_000, 2], [50_000_000, 2], [100_000_000, 1], [0, 6],
])
const INDIVIDUAL_CAPITAL = weightedTable<number>([[10_000, 5], [20_000, 3], [30_000, 3], [50_000, 4], [100_000, 3], [200_000, 1], [0, 3]])

const ENTERPRISE_TYPES = weightedTable<string>([
  ['有限责任公司（自然人投资或控股）', 55],
  ['有限责任公司（自然人独资）', 25],
  ['其他有限责任公司', 8],
  ['有限责任公司（非自然人投资或控股的法人独资）', 6],
  ['有限责任公司（国有控股）', 2],
  ['有限责任公司（国有独资）', 1],
])

const COMPANY_SUFFIX = weightedTable<string>([['有限公司', 62], ['有限责任公司', 33], ['股份有限公司', 5]])

const ALPHA30 = USCC_CHARSET.replace('Y', '') // 'Y' as the 4th body char is reserved for counterparties

// ---------------------------------------------------------------------------------------------
// Keyed permutation of [0, MAX_DEMO_SUBJECTS): 26-bit balanced Feistel network + cycle walking.

function feistel(x: number, key: number): number {
  let l = x >>> 13
  let r = x & 0x1fff
  for (let round = 0; round < 4; round++) {
    const f = hash32(r, key, round, 0x51ed27) & 0x1fff
    const nl = r
    r = l ^ f
    l = nl
  }
  return (l << 13) | r
}

/** Bijective, seed-dependent scramble of a subject index (< {@link MAX_DEMO_SUBJECTS}). */
export function permuteIndex(index: number, seed: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_DEMO_SUBJECTS) {
    throw new RangeError(`demo subject index must be an integer in [0, ${MAX_DEMO_SUBJECTS}), got ${index}`)
  }
  const key = hash32(seed, 0x6f726763)
  let x = index
  do x = feistel(x, key)
  while (x >= MAX_DEMO_SUBJECTS)
  return x
}

/** 8-char org-code body of a post-2015 code: 'MA7' + 5 chars whose first is never 'Y'. */
function newStyleBody(p: number): string {
  let rest = p % 923_521 // 31^4
  let tail = ''
  for (let i = 0; i < 4; i++) {
    tail = (USCC_CHARSET[rest % 31] as string) + tail
    rest = Math.floor(rest / 31)
  }
  return `MA7${ALPHA30[Math.floor(p / 923_521)] as string}${tail}`
}

/** 8-digit body of a pre-2015 organization code: 6xxxxxxx–8xxxxxxx, disjoint from new-style bodies. */
function oldStyleBody(p: number): string {
  return String(60_000_000 + p)
}

// ---------------------------------------------------------------------------------------------
// People and places, shared with the record generator.

/** A random Chinese personal name. */
export function personName(rng: Rng, male = rng.chance(0.55)): string {
  const given = male ? MALE_GIVEN : FEMALE_GIVEN
  const surname = rng.weighted(SURNAMES)
  return rng.chance(0.72) ? surname + rng.pick(given) + rng.pick(given) : surname + rng.pick(given)
}

/**
 * A valid GB 11643 ID number. Assembled with the registry's own check-character function
 * (`computeIdCheckChar`); the registry's `buildIdNumber` does the same and then re-validates,
 * which costs more than the rest of a subject together, so the hot path skips the re-validation.
 * Tests validate every generated number with `validateIdNumber`.
 */
export function idNumberOf(divisionCode: string, birthDay: number, sequence: number): string {
  const first17 = `${divisionCode}${civilOf(birthDay)}${sequence < 10 ? '00' : sequence < 100 ? '0' : ''}${sequence}`
  return first17 + computeIdCheckChar(first17)
}

/**
 * A valid GB 32100 code with a valid embedded GB 11714 organization code, assembled with the
 * registry's check-character functions (see {@link idNumberOf} for why not `buildUscc`).
 */
export function usccOf(authority: string, entityType: string, divisionCode: string, orgCodeBody: string): string {
  const first17 = `${authority}${entityType}${divisionCode}${orgCodeBody}${computeOrgCodeCheckChar(orgCodeBody)}`
  return first17 + computeUsccCheckChar(first17)
}

/** A valid ID number of a person born between the given years, registered in Ningxia (or `divisionCode`). */
export function personIdNumber(rng: Rng, male: boolean, fromYear: number, toYear: number, divisionCode?: string): string {
  const division = divisionCode ?? rng.weighted(COUNTY_TABLE).code
  const birth = rng.int(dayOf(fromYear, 1, 1), dayOf(toYear, 12, 31))
  const sequence = rng.int(0, 499) * 2 + (male ? 1 : 0)
  return idNumberOf(division, birth, sequence)
}

/** Like {@link personIdNumber}, through the registry's validating `buildIdNumber` (for low-volume use). */
export function checkedPersonIdNumber(rng: Rng, male: boolean, fromYear: number, toYear: number, divisionCode?: string): string {
  const division = divisionCode ?? rng.weighted(COUNTY_TABLE).code
  const birth = formatDay(rng.int(dayOf(fromYear, 1, 1), dayOf(toYear, 12, 31)))
  return buildIdNumber({ divisionCode: division, birthDate: birth, sequence: rng.int(0, 499) * 2 + (male ? 1 : 0) })
}

/** A street address in the county, without the building part. */
export function streetAddress(rng: Rng, county: CountyInfo): string {
  const roads = rng.chance(0.7) ? (ROADS[county.cityCode] ?? GENERIC_ROADS) : GENERIC_ROADS
  return `宁夏回族自治区${county.city}${county.name}${rng.pick(roads)}${rng.int(1, 899)}号`
}

/** A village address in the county (for cooperatives, farms, rural land). */
export function villageAddress(rng: Rng, county: CountyInfo): string {
  return `宁夏回族自治区${county.city}${county.name}${rng.pick(county.towns)}${rng.pick(VILLAGES)}村${rng.int(1, 12)}${rng.chance(0.5) ? '组' : '队'}`
}

/** The registration authority (登记机关) for a division code of a registering office. */
export function registrationAuthorityName(divisionCode: string, establishedYear: number): string {
  if (divisionCode.endsWith('00')) {
    if (divisionCode === '640100') return establishedYear >= 2015 ? '银川市审批服务管理局' : '银川市市场监督管理局'
    const county = COUNTIES.find((c) => c.cityCode === divisionCode)
    return `${county?.city ?? '宁夏回族自治区'}市场监督管理局`
  }
  const county = COUNTY_BY_CODE.get(divisionCode)
  if (county === undefined) return '宁夏回族自治区市场监督管理厅'
  return county.name.endsWith('区') ? `${county.city}${county.name}市场监督管理局` : `${county.name}市场监督管理局`
}

function capitalOf(rng: Rng, kind: EntityKind, suffix: string): number {
  if (kind === 'enterprise') {
    let v = rng.weighted(ENTERPRISE_CAPITAL)
    if (v === 0) v = Math.round(rng.logNormal(1_500_000, 1.2) / 1000) * 1000
    if (suffix === '股份有限公司' && v < 5_000_000) v = 5_000_000 * rng.int(1, 10)
    return Math.max(v, 10_000)
  }
  if (kind === 'individual_business') {
    const v = rng.weighted(INDIVIDUAL_CAPITAL)
    return v === 0 ? rng.int(1, 300) * 1000 : v
  }
  return rng.int(2, 300) * 10_000
}

function employeesOf(rng: Rng, kind: EntityKind, capital: number): number {
  if (kind === 'individual_business') return rng.int(1, 6)
  if (kind === 'cooperative') return rng.int(2, 25)
  const median = 6 * Math.max(0.5, Math.pow(capital / 1_000_000, 0.35))
  return Math.max(1, Math.min(5000, Math.round(rng.logNormal(median, 0.9))))
}

/** The first draws of a subject: enough to decide which items it has, without building it. */
export interface DemoSubjectCore {
  index: number
  entityKind: EntityKind
  county: CountyInfo
  profile: IndustryProfile
  establishmentDay: number
}

const subjectRng = new Rng()

function drawCore(rng: Rng, seed: number, index: number): DemoSubjectCore {
  rng.reseed(seed, index, 0x5ab1ec7)
  const entityKind = rng.weighted(KIND_TABLE)
  const county = rng.weighted(COUNTY_TABLE)
  const profile: IndustryProfile = rng.weighted(PROFILE_TABLES[entityKind])
  const year = rng.weighted(YEARS[entityKind])
  const lastDay = Math.min(dayOf(year, 12, 31), DEMO_REFERENCE_DAY - 30)
  const establishmentDay = rng.int(dayOf(year, 1, 1), lastDay)
  return { index, entityKind, county, profile, establishmentDay }
}

/**
 * The kind, county, industry profile and establishment day of subject `index`: the same values
 * {@link demoSubject} returns, at a fraction of the cost. Used to skip subjects that have no
 * records of the wanted items.
 */
export function demoSubjectCore(seed: number, index: number): DemoSubjectCore {
  return drawCore(subjectRng, seed, index)
}

/**
 * Subject `index` of the synthetic population for `seed`. Deterministic: the same (seed, index)
 * always yields the same subject, and different indexes of one seed never share a USCC.
 */
export function demoSubject(seed: number, index: number): DemoSubject {
  const p = permuteIndex(index, seed)
  const rng = subjectRng
  const { entityKind, county, profile, establishmentDay } = drawCore(rng, seed, index)
  const establishmentDate = formatDay(establishmentDay)
  const year = yearOf(establishmentDay)

  // Legal representative: an adult at establishment, at most 75 at the reference date.
  const male = rng.chance(entityKind === 'individual_business' ? 0.62 : 0.8)
  const surname = rng.weighted(SURNAMES)
  const given = male ? MALE_GIVEN : FEMALE_GIVEN
  const legalRepresentative = rng.chance(0.72) ? surname + rng.pick(given) + rng.pick(given) : surname + rng.pick(given)
  const birthYearMax = Math.min(year - 20, 2003)
  const birthYearMin = Math.max(1950, Math.min(birthYearMax - 5, year - 58))
  const legalRepresentativeIdNumber = personIdNumber(
    rng,
    male,
    birthYearMin,
    birthYearMax,
    rng.chance(0.75) ? county.code : rng.weighted(COUNTY_TABLE).code,
  )

  // Name, industry class.
  let name: string
  let tradeName = ''
  let industryClass = rng.pick(profile.classes)
  let suffix = ''
  let farm = false
  if (entityKind === 'enterprise') {
    tradeName = rng.pick(TRADE_NAMES)
    const r = rng.float()
    const prefix = r < 0.45 ? '宁夏' : r < 0.87 || county.name.endsWith('区') ? county.cityShort : county.short
    suffix = rng.weighted(COMPANY_SUFFIX)
    name = prefix + tradeName + rng.pick(profile.companyWords) + suffix
  } else if (entityKind === 'individual_business') {
    const [shop, cls] = rng.pick(profile.shops)
    industryClass = cls
    const r = rng.float()
    if (shop.includes('农场') || shop.includes('养殖场')) {
      farm = true
      name = county.name + legalRepresentative + shop
    } else if (r < 0.35) {
      name = `${county.name}${surname}记${shop}`
    } else if (r < 0.45) {
      name = `${county.name}${surname}氏${shop}`
    } else {
      tradeName = rng.pick(TRADE_NAMES)
      name = county.name + tradeName + shop
    }
  } else {
    const [word, cls] = rng.pick(profile.coopWords)
    industryClass = cls
    let place: string
    if (rng.chance(0.5)) {
      tradeName = rng.pick(TRADE_NAMES)
      place = tradeName
    } else {
      place = rng.pick(VILLAGES)
    }
    name = county.name + place + word + (rng.chance(0.5) ? '农民专业合作社' : '专业合作社')
  }

  // Registration office: city-level registrations exist for enterprises.
  const cityLevel = entityKind === 'enterprise' && rng.chance(county.cityCode === '640100' ? 0.35 : 0.25)
  const registrationDivisionCode = cityLevel ? county.cityCode : county.code
  const registrationAuthority = registrationAuthorityName(registrationDivisionCode, year)

  const oldCode = entityKind === 'enterprise' && establishmentDay < dayOf(2015, 10, 1) && rng.chance(0.8)
  const uscc = usccOf(
    '9',
    entityKind === 'enterprise' ? '1' : entityKind === 'individual_business' ? '2' : '3',
    registrationDivisionCode,
    oldCode ? oldStyleBody(p) : newStyleBody(p),
  )

  const capital = capitalOf(rng, entityKind, suffix)
  const employees = employeesOf(rng, entityKind, capital)

  let domicile: string
  if (entityKind === 'cooperative' || farm) {
    domicile = villageAddress(rng, county)
  } else if (entityKind === 'individual_business') {
    domicile = `${streetAddress(rng, county)}${rng.int(1, 40)}号营业房`
  } else if ((profile.tags & TAG_INDUSTRIAL) !== 0 && rng.chance(0.6)) {
    domicile = `宁夏回族自治区${county.city}${county.name}${rng.pick(county.parks)}${rng.pick(GENERIC_ROADS)}${rng.int(1, 99)}号`
  } else {
    const r = rng.float()
    const street = streetAddress(rng, county)
    domicile =
      r < 0.3
        ? `${street}${rng.pick(BUILDING_NAMES)}${rng.int(2, 28)}层${pad(rng.int(1, 30), 2)}室`
        : r < 0.45
          ? `${street}${rng.int(1, 30)}号楼${rng.int(1, 6)}单元${rng.int(1, 30)}${pad(rng.int(1, 4), 2)}室`
          : street
  }

  const enterpriseType =
    entityKind === 'individual_business'
      ? '个体工商户'
      : entityKind === 'cooperative'
        ? '农民专业合作社'
        : suffix === '股份有限公司'
          ? '股份有限公司（非上市、自然人投资或控股）'
          : rng.weighted(ENTERPRISE_TYPES)

  return {
    index,
    uscc,
    name,
    entityKind,
    divisionCode: county.code,
    legalRepresentative,
    legalRepresentativeIdNumber,
    establishmentDate,
    registeredCapital: money(capital),
    industry: industryClass.code,
    domicile,
    industryName: industryClass.name,
    industryProfile: profile.key,
    enterpriseType,
    registrationAuthority,
    registrationDivisionCode,
    tradeName,
    employees,
    legalRepresentativeMale: male,
  }
}

/** The industry profile of a subject. */
export function profileOf(subject: DemoSubject): IndustryProfile {
  return PROFILE_BY_KEY.get(subject.industryProfile) as IndustryProfile
}

/** The county record of a subject. */
export function countyOf(subject: DemoSubject): CountyInfo {
  return COUNTY_BY_CODE.get(subject.divisionCode) as CountyInfo
}

/** Subjects `from` (inclusive) to `to` (exclusive) for a seed, one at a time. */
export function* demoSubjects(seed: number, count: number, from = 0): Generator<DemoSubject> {
  for (let i = from; i < from + count; i++) yield demoSubject(seed, i)
}

/**
 * 统一社会信用代码 (unified social credit code, USCC) per GB 32100-2015 and its later amendments.
 *
 * Why the hub checks so much: the USCC is the key every shared credit record is joined on. A code
 * that merely "looks right" but carries a typo would attach one company's penalties to another,
 * so every structural rule of the standard is enforced and each failure names the rule and the
 * position, in Chinese and English, so operators can fix the source record.
 *
 * Layout (1-based positions):
 *   1      registration authority code (登记管理部门代码)
 *   2      entity type code (机构类别代码), valid values depend on position 1
 *   3–8    administrative division code of the registering office (GB/T 2260)
 *   9–17   organization code (组织机构代码, GB 11714): 8 body chars + 1 check char
 *   18     check char over positions 1–17 (ISO 7064 MOD 31-3)
 *
 * Known limitation, on purpose: codes whose organization-code part was assigned outside the
 * GB 11714 check rules (e.g. some 个体工商户 codes whose positions 9–17 derive from a business
 * registration number) fail the check at position 17. They may be real codes, but the check is
 * not weakened for them; operators admit them through an explicit allowlist elsewhere so every
 * exception stays visible and auditable.
 */

import { isKnownProvincePrefix, lookupDivision } from './divisions.js'
import { normalizeCodeInput } from './normalize.js'

/** The 31 characters a USCC may contain; the index of a character is its value. */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** 3^i mod 31 for i = 0…16 (ISO 7064 MOD 31-3). */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
/** GB 11714 weights; body chars are valued 0–9 for digits and 10–35 for A–Z. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const
const ORG_CODE_BODY_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * Division code used by central-level registration authorities (e.g. 民政部 for national social
 * organisations: 51100000500002862F). It is not a GB/T 2260 code, but GB 32100 codes carry it,
 * so it is accepted; such codes have no `division`.
 */
export const NATIONAL_REGISTRATION_DIVISION = '100000'

/** A code with its Chinese and English name. */
export interface UsccCodeName {
  code: string
  nameZh: string
  nameEn: string
}

interface AuthorityEntry {
  nameZh: string
  nameEn: string
  entityTypes: Readonly<Record<string, { nameZh: string; nameEn: string }>>
}

const OTHER = { nameZh: '其他', nameEn: 'Other' }

/**
 * Registration authorities and the entity types each may assign (GB 32100-2015 Appendix A, with
 * the later additions A 中央军委改革和编制办公室 and N 农业). For Y 其他 the standard does not
 * subdivide further and always uses 1.
 */
export const USCC_AUTHORITIES: Readonly<Record<string, AuthorityEntry>> = Object.freeze({
  '1': {
    nameZh: '机构编制',
    nameEn: 'Institutional establishment',
    entityTypes: {
      '1': { nameZh: '机关', nameEn: 'Government organ' },
      '2': { nameZh: '事业单位', nameEn: 'Public institution' },
      '3': {
        nameZh: '中央编办直接管理机构编制的群众团体',
        nameEn: 'Mass organisation staffed directly by the central establishment office',
      },
      '9': OTHER,
    },
  },
  '2': {
    nameZh: '外交',
    nameEn: 'Foreign affairs',
    entityTypes: { '1': { nameZh: '外国常驻新闻机构', nameEn: 'Resident foreign news agency' }, '9': OTHER },
  },
  '3': {
    nameZh: '司法行政',
    nameEn: 'Judicial administration',
    entityTypes: {
      '1': { nameZh: '律师执业机构', nameEn: 'Law firm' },
      '2': { nameZh: '公证处', nameEn: 'Notary office' },
      '3': { nameZh: '基层法律服务所', nameEn: 'Grassroots legal service office' },
      '4': { nameZh: '司法鉴定机构', nameEn: 'Forensic appraisal institution' },
      '5': { nameZh: '仲裁委员会', nameEn: 'Arbitration commission' },
      '9': OTHER,
    },
  },
  '4': {
    nameZh: '文化',
    nameEn: 'Culture',
    entityTypes: { '1': { nameZh: '外国在华文化中心', nameEn: 'Foreign cultural centre in China' }, '9': OTHER },
  },
  '5': {
    nameZh: '民政',
    nameEn: 'Civil affairs',
    entityTypes: {
      '1': { nameZh: '社会团体', nameEn: 'Social organisation' },
      '2': { nameZh: '民办非企业单位', nameEn: 'Private non-enterprise unit' },
      '3': { nameZh: '基金会', nameEn: 'Foundation' },
      '9': OTHER,
    },
  },
  '6': {
    nameZh: '旅游',
    nameEn: 'Tourism',
    entityTypes: {
      '1': {
        nameZh: '外国旅游部门常驻代表机构',
        nameEn: 'Resident representative office of a foreign tourism authority',
      },
      '2': {
        nameZh: '港澳台地区旅游部门常驻内地（大陆）代表机构',
        nameEn: 'Resident mainland representative office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      '9': OTHER,
    },
  },
  '7': {
    nameZh: '宗教',
    nameEn: 'Religious affairs',
    entityTypes: {
      '1': { nameZh: '宗教活动场所', nameEn: 'Venue for religious activities' },
      '2': { nameZh: '宗教院校', nameEn: 'Religious school' },
      '9': OTHER,
    },
  },
  '8': {
    nameZh: '工会',
    nameEn: 'Trade unions',
    entityTypes: { '1': { nameZh: '基层工会', nameEn: 'Grassroots trade union' }, '9': OTHER },
  },
  '9': {
    nameZh: '工商',
    nameEn: 'Industry and commerce',
    entityTypes: {
      '1': { nameZh: '企业', nameEn: 'Enterprise' },
      '2': { nameZh: '个体工商户', nameEn: 'Individual business' },
      '3': { nameZh: '农民专业合作社', nameEn: "Farmers' specialised cooperative" },
    },
  },
  A: {
    nameZh: '中央军委改革和编制办公室',
    nameEn: 'Reform and Establishment Office of the Central Military Commission',
    entityTypes: { '1': { nameZh: '军队事业单位', nameEn: 'Military public institution' }, '9': OTHER },
  },
  N: {
    nameZh: '农业',
    nameEn: 'Agriculture',
    entityTypes: {
      '1': { nameZh: '组级集体经济组织', nameEn: 'Group-level collective economic organisation' },
      '2': { nameZh: '村级集体经济组织', nameEn: 'Village-level collective economic organisation' },
      '3': { nameZh: '乡镇级集体经济组织', nameEn: 'Township-level collective economic organisation' },
      '9': OTHER,
    },
  },
  Y: {
    nameZh: '其他',
    nameEn: 'Other',
    entityTypes: { '1': OTHER },
  },
})

export type UsccErrorCode =
  | 'USCC_EMPTY'
  | 'USCC_LENGTH'
  | 'USCC_CHARSET'
  | 'USCC_AUTHORITY'
  | 'USCC_ENTITY_TYPE'
  | 'USCC_DIVISION'
  | 'USCC_ORG_CODE_CHECK'
  | 'USCC_CHECK_DIGIT'

/** Why a code was rejected; `position` is the 1-based position in the normalised code. */
export interface UsccError {
  code: UsccErrorCode
  zh: string
  en: string
  position?: number
}

export type UsccResult =
  | {
      ok: true
      /** The normalised code (trimmed, half-width, upper-case). */
      code: string
      authority: UsccCodeName
      entityType: UsccCodeName
      divisionCode: string
      /** Positions 9–17, the GB 11714 organization code including its check char. */
      organizationCode: string
      /** `undefined` only for {@link NATIONAL_REGISTRATION_DIVISION}. */
      division: ReturnType<typeof lookupDivision>
    }
  | { ok: false; error: UsccError }

function fail(code: UsccErrorCode, zh: string, en: string, position?: number): UsccResult {
  const error: UsccError = position === undefined ? { code, zh, en } : { code, zh, en, position }
  return { ok: false, error }
}

/**
 * The GB 11714 check char of an 8-char organization code body (digits and A–Z).
 * Exported for the demo-data generator and for tests; throws on a malformed body.
 */
export function computeOrgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError(
      `组织机构代码本体应为8位数字或大写字母：“${body8}” / ` +
        `An organization code body must be 8 digits or capital letters: "${body8}"`,
    )
  }
  const sum = [...body8].reduce((acc, ch, i) => acc + ORG_CODE_BODY_CHARSET.indexOf(ch) * ORG_CODE_WEIGHTS[i]!, 0)
  const check = 11 - (sum % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

/**
 * The GB 32100 check char (position 18) for the first 17 chars of a USCC.
 * Exported for the demo-data generator and for tests; throws on malformed input.
 */
export function computeUsccCheckChar(first17: string): string {
  const values = [...first17].map((ch) => USCC_CHARSET.indexOf(ch))
  if (values.length !== 17 || values.some((v) => v < 0)) {
    throw new RangeError(
      `统一社会信用代码前17位应由17个合法字符组成：“${first17}” / ` +
        `The first 17 characters of a unified social credit code must be 17 allowed characters: "${first17}"`,
    )
  }
  const sum = values.reduce((acc, v, i) => acc + v * USCC_WEIGHTS[i]!, 0)
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!
}

/**
 * Validates a USCC and, when valid, decodes its parts.
 *
 * The input is normalised first (full-width → half-width, trimmed, upper-cased) because codes
 * arrive from forms and spreadsheets in all of those shapes. Checks run in the order of the
 * standard's structure and stop at the first failure: empty, length, charset, authority, entity
 * type, division, organization-code check (position 17), final check (position 18). Reporting the
 * earliest structural fault first points operators at the real typo rather than at a check char
 * that is wrong only as a consequence.
 */
export function validateUscc(input: string): UsccResult {
  const code = normalizeCodeInput(input)
  const chars = [...code]

  if (chars.length === 0) {
    return fail('USCC_EMPTY', '统一社会信用代码为空。', 'The unified social credit code is empty.')
  }
  if (chars.length !== 18) {
    return fail(
      'USCC_LENGTH',
      `统一社会信用代码应为18位，实际为${chars.length}位。`,
      `A unified social credit code must be 18 characters long, but ${chars.length} ${chars.length === 1 ? 'was' : 'were'} given.`,
    )
  }
  const badIndex = chars.findIndex((ch) => !USCC_CHARSET.includes(ch))
  if (badIndex >= 0) {
    const ch = chars[badIndex]!
    const position = badIndex + 1
    return fail(
      'USCC_CHARSET',
      `第${position}位字符“${ch}”不允许出现在统一社会信用代码中（只允许数字0–9和除I、O、S、V、Z以外的大写字母）。`,
      `Character "${ch}" at position ${position} is not allowed in a unified social credit code (only digits 0–9 and capital letters other than I, O, S, V and Z are).`,
      position,
    )
  }

  const authorityCode = code[0]!
  const authority = USCC_AUTHORITIES[authorityCode]
  if (authority === undefined) {
    return fail(
      'USCC_AUTHORITY',
      `第1位登记管理部门代码“${authorityCode}”不存在（有效值：${Object.keys(USCC_AUTHORITIES).join('、')}）。`,
      `Unknown registration authority code "${authorityCode}" at position 1 (valid: ${Object.keys(USCC_AUTHORITIES).join(', ')}).`,
      1,
    )
  }

  const entityTypeCode = code[1]!
  const entityType = authority.entityTypes[entityTypeCode]
  if (entityType === undefined) {
    const valid = Object.keys(authority.entityTypes)
    return fail(
      'USCC_ENTITY_TYPE',
      `第2位机构类别代码“${entityTypeCode}”不适用于登记管理部门“${authorityCode}（${authority.nameZh}）”（有效值：${valid.join('、')}）。`,
      `Entity type code "${entityTypeCode}" at position 2 is not valid for registration authority "${authorityCode}" (${authority.nameEn}); valid: ${valid.join(', ')}.`,
      2,
    )
  }

  const divisionCode = code.slice(2, 8)
  if (!/^\d{6}$/.test(divisionCode)) {
    return fail(
      'USCC_DIVISION',
      `第3–8位登记管理机关行政区划码“${divisionCode}”应为6位数字。`,
      `The division code "${divisionCode}" at positions 3–8 must be 6 digits.`,
      3,
    )
  }
  const national = divisionCode === NATIONAL_REGISTRATION_DIVISION
  if (!national && !isKnownProvincePrefix(divisionCode.slice(0, 2))) {
    return fail(
      'USCC_DIVISION',
      `第3–8位登记管理机关行政区划码“${divisionCode}”的前两位“${divisionCode.slice(0, 2)}”不是任何省级行政区划代码。`,
      `The division code "${divisionCode}" at positions 3–8 does not start with a known province code ("${divisionCode.slice(0, 2)}" is not one).`,
      3,
    )
  }

  const organizationCode = code.slice(8, 17)
  const expectedOrgCheck = computeOrgCodeCheckChar(organizationCode.slice(0, 8))
  const foundOrgCheck = organizationCode[8]!
  if (foundOrgCheck !== expectedOrgCheck) {
    return fail(
      'USCC_ORG_CODE_CHECK',
      `第9–17位组织机构代码“${organizationCode}”的校验码错误：第17位应为“${expectedOrgCheck}”，实际为“${foundOrgCheck}”。`,
      `The organization code "${organizationCode}" at positions 9–17 has a wrong check character: expected "${expectedOrgCheck}" at position 17, found "${foundOrgCheck}".`,
      17,
    )
  }

  const expectedCheck = computeUsccCheckChar(code.slice(0, 17))
  const foundCheck = code[17]!
  if (foundCheck !== expectedCheck) {
    return fail(
      'USCC_CHECK_DIGIT',
      `第18位校验码错误：应为“${expectedCheck}”，实际为“${foundCheck}”。`,
      `Wrong check character at position 18: expected "${expectedCheck}", found "${foundCheck}".`,
      18,
    )
  }

  return {
    ok: true,
    code,
    authority: { code: authorityCode, nameZh: authority.nameZh, nameEn: authority.nameEn },
    entityType: { code: entityTypeCode, nameZh: entityType.nameZh, nameEn: entityType.nameEn },
    divisionCode,
    organizationCode,
    division: national ? undefined : lookupDivision(divisionCode),
  }
}

/**
 * Assembles a valid USCC from its parts, computing both check chars.
 *
 * Used by the demo-data generator so that synthetic records pass the same validation as real
 * ones. Throws (with the bilingual validation message) when the parts cannot form a valid code,
 * e.g. an entity type the authority does not assign or an org-code body containing I/O/S/V/Z,
 * so a generator bug surfaces at generation time rather than as quarantined demo data.
 */
export function buildUscc(parts: {
  authority: string
  entityType: string
  divisionCode: string
  orgCodeBody: string
}): string {
  const { authority, entityType, divisionCode, orgCodeBody } = parts
  const first16 = `${authority}${entityType}${divisionCode}${orgCodeBody}`
  const wellFormed =
    authority.length === 1 &&
    entityType.length === 1 &&
    divisionCode.length === 6 &&
    orgCodeBody.length === 8 &&
    [...first16].every((ch) => USCC_CHARSET.includes(ch))
  if (!wellFormed) {
    throw new RangeError(
      `无法生成统一社会信用代码：各部分应为1位、1位、6位、8位，且只含数字和除I、O、S、V、Z以外的大写字母（收到“${authority}”“${entityType}”“${divisionCode}”“${orgCodeBody}”）。 / ` +
        `Cannot build a unified social credit code: the parts must be 1, 1, 6 and 8 characters of digits and capital letters other than I, O, S, V and Z (got "${authority}", "${entityType}", "${divisionCode}", "${orgCodeBody}").`,
    )
  }
  const first17 = first16 + computeOrgCodeCheckChar(orgCodeBody)
  const code = first17 + computeUsccCheckChar(first17)
  const result = validateUscc(code)
  if (!result.ok) {
    throw new RangeError(
      `无法生成统一社会信用代码：${result.error.zh} / Cannot build a unified social credit code: ${result.error.en}`,
    )
  }
  return code
}

/**
 * 公民身份号码 (citizen identity number) per GB 11643-1999.
 *
 * Why: natural persons in shared credit records (legal representatives, individual business
 * owners, persons subject to enforcement) are keyed by this number, so a mistyped number would
 * attach a record to the wrong person. The validator checks the structure, the birth date and the
 * MOD 11-2 check character.
 *
 * Layout (1-based positions): 1–6 division code of the place of first registration, 7–14 birth
 * date YYYYMMDD, 15–17 sequence (odd 17th digit = male), 18 check character (0–9 or X).
 *
 * Privacy: the number is personal information and error messages end up in logs and reports, so
 * messages never repeat the number, its birth date or its division code; they name the rule and
 * the positions. For the same reason, and so an operator cannot "fix" a typo elsewhere by copying
 * a suggested check character, the check-digit error does not reveal the expected character.
 */

import { isKnownProvincePrefix, lookupDivision } from './divisions.js'
import { normalizeCodeInput } from './normalize.js'
import { beijingDate } from '../core/index.js'

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK_CHARS = '10X98765432'
const EARLIEST_BIRTH_DATE = '1900-01-01'

/**
 * First six digits of numbers on 港澳台居民居住证 issued to residents of Taiwan. They follow
 * GB 11643 but use 830000 rather than Taiwan's GB/T 2260 code 710000; Hong Kong and Macao
 * residents' permits use 810000 and 820000, which are GB/T 2260 province codes anyway.
 */
export const TAIWAN_RESIDENCE_PERMIT_DIVISION = '830000'

export type IdNumberErrorCode =
  | 'ID_NUMBER_EMPTY'
  | 'ID_NUMBER_LENGTH'
  | 'ID_NUMBER_CHARSET'
  | 'ID_NUMBER_LEGACY_15'
  | 'ID_NUMBER_BIRTH_DATE'
  | 'ID_NUMBER_DIVISION'
  | 'ID_NUMBER_CHECK_DIGIT'

/** Why a number was rejected; `position` is the 1-based position where the problem starts. */
export interface IdNumberError {
  code: IdNumberErrorCode
  zh: string
  en: string
  position?: number
}

export type IdNumberResult =
  | {
      ok: true
      /** The normalised number (trimmed, half-width, upper-case X). */
      code: string
      /** 'YYYY-MM-DD'. */
      birthDate: string
      sex: 'male' | 'female'
      divisionCode: string
      /** `undefined` only for {@link TAIWAN_RESIDENCE_PERMIT_DIVISION}. */
      division: ReturnType<typeof lookupDivision>
    }
  | { ok: false; error: IdNumberError }

export interface ValidateIdNumberOptions {
  /**
   * Today's date as 'YYYY-MM-DD', for the "not born in the future" rule. Defaults to the current
   * date in China (UTC+8), where the hub runs; pass it to make validation reproducible.
   */
  today?: string
}

function fail(code: IdNumberErrorCode, zh: string, en: string, position?: number): IdNumberResult {
  const error: IdNumberError = position === undefined ? { code, zh, en } : { code, zh, en, position }
  return { ok: false, error }
}

/** The current date in China; China has used UTC+8 without daylight saving since 1992. */
let today = ''
let todayUntil = 0
/** Today's date in China; recomputed once a minute, since this runs for every ID number of a batch. */
function chinaToday(): string {
  const now = Date.now()
  if (now >= todayUntil) {
    today = beijingDate(new Date(now))
    todayUntil = now + 60_000
  }
  return today
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= daysInMonth
}

/**
 * The GB 11643 check character (MOD 11-2) for the first 17 digits of an ID number.
 * Exported for the demo-data generator and for tests; throws unless given exactly 17 digits.
 */
export function computeIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError(
      `公民身份号码前17位应为17位数字。 / The first 17 characters of a citizen identity number must be 17 digits.`,
    )
  }
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * ID_WEIGHTS[i]!, 0)
  return ID_CHECK_CHARS[sum % 11]!
}

/**
 * Validates an 18-character citizen identity number and decodes birth date, sex and division.
 *
 * The input is normalised first (full-width → half-width, trimmed, 'x' → 'X'). Checks stop at the
 * first failure, in this order: empty, legacy 15-digit number, length, charset, division, birth
 * date (a real calendar date, from 1900-01-01 to today), check character. 15-digit numbers are
 * rejected with their own code rather than converted, because the conversion invents the century
 * and the check character and the hub must record what the source actually holds.
 */
export function validateIdNumber(input: string, options: ValidateIdNumberOptions = {}): IdNumberResult {
  const code = normalizeCodeInput(input)
  const chars = [...code]

  if (chars.length === 0) {
    return fail('ID_NUMBER_EMPTY', '公民身份号码为空。', 'The citizen identity number is empty.')
  }
  if (/^\d{15}$/.test(code)) {
    return fail(
      'ID_NUMBER_LEGACY_15',
      '这是已停止使用的15位旧版身份证号码，请提供18位公民身份号码。',
      'This is a legacy 15-digit ID number, which is no longer in use; please provide the 18-digit citizen identity number.',
    )
  }
  if (chars.length !== 18) {
    return fail(
      'ID_NUMBER_LENGTH',
      `公民身份号码应为18位，实际为${chars.length}位。`,
      `A citizen identity number must be 18 characters long, but ${chars.length} ${chars.length === 1 ? 'was' : 'were'} given.`,
    )
  }
  const badIndex = chars.findIndex((ch, i) => !(/\d/.test(ch) || (i === 17 && ch === 'X')))
  if (badIndex >= 0) {
    const position = badIndex + 1
    return fail(
      'ID_NUMBER_CHARSET',
      `第${position}位字符“${chars[badIndex]}”无效：公民身份号码第1–17位只能是数字，第18位只能是数字或X。`,
      `Character "${chars[badIndex]}" at position ${position} is not allowed: positions 1–17 of a citizen identity number must be digits, position 18 a digit or X.`,
      position,
    )
  }

  const divisionCode = code.slice(0, 6)
  const taiwanPermit = divisionCode === TAIWAN_RESIDENCE_PERMIT_DIVISION
  if (!taiwanPermit && !isKnownProvincePrefix(divisionCode.slice(0, 2))) {
    return fail(
      'ID_NUMBER_DIVISION',
      `公民身份号码第1–6位行政区划码的前两位“${divisionCode.slice(0, 2)}”不是任何省级行政区划代码。`,
      `Positions 1–6 of the citizen identity number do not start with a known province code ("${divisionCode.slice(0, 2)}" is not one).`,
      1,
    )
  }

  const year = Number(code.slice(6, 10))
  const month = Number(code.slice(10, 12))
  const day = Number(code.slice(12, 14))
  const birthDate = `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`
  if (!isRealDate(year, month, day)) {
    return fail(
      'ID_NUMBER_BIRTH_DATE',
      '公民身份号码第7–14位出生日期不是真实存在的日期。',
      'Positions 7–14 of the citizen identity number are not a real calendar date of birth.',
      7,
    )
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return fail(
      'ID_NUMBER_BIRTH_DATE',
      '公民身份号码第7–14位出生日期早于1900年。',
      'The date of birth at positions 7–14 of the citizen identity number is before 1900.',
      7,
    )
  }
  if (birthDate > (options.today ?? chinaToday())) {
    return fail(
      'ID_NUMBER_BIRTH_DATE',
      '公民身份号码第7–14位出生日期晚于今天。',
      'The date of birth at positions 7–14 of the citizen identity number is in the future.',
      7,
    )
  }

  if (computeIdCheckChar(code.slice(0, 17)) !== code[17]) {
    return fail(
      'ID_NUMBER_CHECK_DIGIT',
      '公民身份号码第18位校验码与前17位不符，号码可能有录入错误。',
      'The check character at position 18 does not match the first 17 digits of the citizen identity number; it was probably mistyped.',
      18,
    )
  }

  return {
    ok: true,
    code,
    birthDate,
    sex: Number(code[16]) % 2 === 1 ? 'male' : 'female',
    divisionCode,
    division: taiwanPermit ? undefined : lookupDivision(divisionCode),
  }
}

/**
 * Assembles a valid citizen identity number; `sequence` (0–999) becomes positions 15–17, so an
 * odd sequence yields a male and an even one a female.
 *
 * Used by the demo-data generator so that synthetic persons pass the same validation as real
 * ones. Throws a bilingual RangeError when the parts cannot form a valid number (unknown province,
 * impossible or future birth date, sequence out of range).
 */
export function buildIdNumber(parts: { divisionCode: string; birthDate: string; sequence: number }): string {
  const { divisionCode, birthDate, sequence } = parts
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate)
  if (!/^\d{6}$/.test(divisionCode) || date === null || !Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(
      `无法生成公民身份号码：行政区划码应为6位数字，出生日期应为YYYY-MM-DD，顺序码应为0–999的整数。 / ` +
        `Cannot build a citizen identity number: the division code must be 6 digits, the birth date YYYY-MM-DD and the sequence an integer from 0 to 999.`,
    )
  }
  const first17 = `${divisionCode}${date[1]}${date[2]}${date[3]}${String(sequence).padStart(3, '0')}`
  const code = first17 + computeIdCheckChar(first17)
  const result = validateIdNumber(code)
  if (!result.ok) {
    throw new RangeError(
      `无法生成公民身份号码：${result.error.zh} / Cannot build a citizen identity number: ${result.error.en}`,
    )
  }
  return code
}

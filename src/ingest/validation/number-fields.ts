/**
 * integer, decimal and money fields, and numbers from spreadsheets as plain decimal text. Money is kept as digit
 * strings end to end (never a binary float, never rounded).
 */
import { toHalfWidth } from '../../catalog/index.js'
import { maxYear } from './date-fields.js'
import { FIELD_ISSUE, MONEY_MAX_INTEGER_DIGITS, fail, makeIssue, shown, unsupported, type FieldIssue, type FieldParseResult, type FieldTraits } from './field-common.js'

const EXPONENT = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/

/**
 * A finite JS number as a plain decimal string, without exponent and without binary noise: the number is first
 * cut to 15 significant digits, which is all a spreadsheet holds (Excel stores and shows 15), so 1234.5600000000002
 * read from an XLSX cell becomes '1234.56'.
 */
export function numberToPlainString(n: number): string {
  const s = String(Number(n.toPrecision(15)))
  if (!s.includes('e')) return s
  const m = EXPONENT.exec(s)
  if (m === null) return s
  const sign = m[1] ?? ''
  const digits = (m[2] ?? '') + (m[3] ?? '')
  const exp = Number(m[4])
  const point = 1 + exp // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

// Numbers. Each parser has a fast path for the common plain shapes ('1234', '1234.5') that uses char-code loops
// only, and a slower path (regexes) for thousands separators, signs, units, percent, 万/亿 and full-width digits.

/** Optional sign, digits with or without correct thousands grouping, optional fraction. */
const RE_NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/
const COMMA_G = /,/g
const WHITESPACE = /\s/
const WHITESPACE_G = /\s+/g
const MINUS_SIGN_G = /\u2212/g
const NOT_PLAIN = -2

/**
 * For a string of ASCII digits with at most one '.' strictly inside ('123', '12.50'): the index of the '.', or -1
 * if there is none. NOT_PLAIN for anything else ('', '.5', '5.', '1,234', '-1', '１').
 */
function plainNumberDot(s: string): number {
  let dot = -1
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) continue
    if (c === 46 && dot === -1 && i > 0 && i < s.length - 1) {
      dot = i
      continue
    }
    return NOT_PLAIN
  }
  return s.length === 0 ? NOT_PLAIN : dot
}

function hasNonZeroDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 49 && c <= 57) return true
  }
  return false
}

function withoutTrailingZeros(s: string): string {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--
  return end === s.length ? s : s.slice(0, end)
}

function withoutLeadingZeros(s: string): string {
  let start = 0
  while (start < s.length - 1 && s.charCodeAt(start) === 48) start++
  return start === 0 ? s : s.slice(start)
}

function withoutCommas(s: string): string {
  return s.includes(',') ? s.replace(COMMA_G, '') : s
}

/** Half-width, no whitespace, U+2212 minus → '-'. Returns `s` itself when there is nothing to change. */
function numericText(s: string): string {
  let clean = true
  for (let i = 0; i < s.length && clean; i++) {
    const c = s.charCodeAt(i)
    // whitespace (ASCII, NBSP, U+2000–U+200B, ideographic space, BOM), U+2212 minus, full-width forms
    clean =
      c > 32 &&
      c !== 0xa0 &&
      !(c >= 0x2000 && c <= 0x200b) &&
      c !== 0x2212 &&
      c !== 0x3000 &&
      !(c >= 0xff01 && c <= 0xff5e) &&
      c !== 0xffe5 &&
      c !== 0xfeff
  }
  if (clean) return s
  let text = toHalfWidth(s)
  if (WHITESPACE.test(text)) text = text.replace(WHITESPACE_G, '')
  if (text.includes('\u2212')) text = text.replace(MINUS_SIGN_G, '-')
  return text
}

function stripUnit(t: FieldTraits, text: string): string {
  return t.unit === undefined ? text : text.replace(t.unit, '')
}

function negative(t: FieldTraits, raw: unknown): FieldParseResult {
  const v = shown(t, raw)
  return fail(FIELD_ISSUE.NUMBER_NEGATIVE, t, `不能为负数“${v}”`, `must not be negative: "${v}"`)
}

// integer -------------------------------------------------------------------------------------------------------

export function parseInteger(t: FieldTraits, raw: unknown, s: string | undefined, today: string): FieldParseResult {
  let n: number
  if (s !== undefined) {
    if (s.length <= 15 && plainNumberDot(s) === -1) {
      n = Number(s)
    } else {
      const m = RE_NUMBER.exec(stripUnit(t, numericText(s)))
      if (m === null) {
        const v = shown(t, raw)
        return fail(FIELD_ISSUE.INTEGER_INVALID, t, `无法识别的整数“${v}”`, `unrecognised integer "${v}"`)
      }
      const frac = m[3]
      if (frac !== undefined && hasNonZeroDigit(frac)) return notWhole(t, raw)
      n = Number(withoutCommas(m[2] ?? ''))
      if (m[1] === '-' && n !== 0) n = -n
    }
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    n = Number(raw.toPrecision(15)) // drop spreadsheet float noise (12.000000000000002)
    if (!Number.isInteger(n)) return notWhole(t, raw)
  } else if (typeof raw === 'bigint') {
    n = Number(raw)
  } else {
    return unsupported(t, raw)
  }
  if (n < 0) return negative(t, raw)
  const min = t.year ? 1900 : 0
  const max = t.year ? maxYear(today) : t.maxInt
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const v = shown(t, raw)
    return fail(FIELD_ISSUE.INTEGER_OUT_OF_RANGE, t, `整数“${v}”超出范围（${min}–${max}）`, `integer "${v}" is out of range (${min}–${max})`)
  }
  return { ok: true, value: n === 0 ? 0 : n }
}

function notWhole(t: FieldTraits, raw: unknown): FieldParseResult {
  const v = shown(t, raw)
  return fail(FIELD_ISSUE.INTEGER_INVALID, t, `“${v}”不是整数`, `"${v}" is not a whole number`)
}

// decimal -------------------------------------------------------------------------------------------------------

const DECIMAL_PLACES = 4

export function parseDecimal(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
  let text: string
  if (s !== undefined) {
    // Fast path: '35.5', and '35%' for ratios.
    const plain = t.ratio && s.charCodeAt(s.length - 1) === 37 /* % */ ? s.slice(0, -1) : s
    const dot = plainNumberDot(plain)
    if (dot !== NOT_PLAIN && plain.length <= 20 && (dot === -1 || plain.length - dot - 1 <= DECIMAL_PLACES)) {
      return finishDecimal(t, raw, Number(plain), undefined)
    }
    text = stripUnit(t, numericText(s))
    if (text.endsWith('%')) {
      if (!t.ratio) return decimalInvalid(t, raw)
      text = text.slice(0, -1)
    }
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    text = numberToPlainString(raw)
  } else if (typeof raw === 'bigint') {
    text = String(raw)
  } else {
    return unsupported(t, raw)
  }
  const m = RE_NUMBER.exec(text)
  if (m === null) return decimalInvalid(t, raw)
  const intPart = withoutCommas(m[2] ?? '')
  let frac = m[3] ?? ''
  if (m[1] === '-' && (hasNonZeroDigit(intPart) || hasNonZeroDigit(frac))) return negative(t, raw)
  if (frac.length > DECIMAL_PLACES) frac = withoutTrailingZeros(frac)
  if (frac.length <= DECIMAL_PLACES) return finishDecimal(t, raw, Number(frac === '' ? intPart : `${intPart}.${frac}`), undefined)
  const value = roundHalfUp(intPart, frac, DECIMAL_PLACES)
  const v = shown(t, raw)
  const warning = makeIssue(
    FIELD_ISSUE.DECIMAL_ROUNDED,
    t,
    `数值“${v}”超过 ${DECIMAL_PLACES} 位小数，已四舍五入为 ${value}`,
    `"${v}" has more than ${DECIMAL_PLACES} decimal places; rounded to ${value}`,
  )
  return finishDecimal(t, raw, value, warning)
}

function finishDecimal(t: FieldTraits, raw: unknown, value: number, warning: FieldIssue | undefined): FieldParseResult {
  if (!Number.isFinite(value)) return decimalInvalid(t, raw)
  if (t.ratio && value > 100) {
    const v = shown(t, raw)
    return fail(FIELD_ISSUE.DECIMAL_OUT_OF_RANGE, t, `比例“${v}”超出 0–100（按百分数计）`, `ratio "${v}" is outside 0–100 (percent)`)
  }
  const clean = value === 0 ? 0 : value // no -0
  return warning === undefined ? { ok: true, value: clean } : { ok: true, value: clean, warning }
}

/** Round a non-negative decimal given as digit strings half up to `places`, exactly (via BigInt). */
function roundHalfUp(intPart: string, frac: string, places: number): number {
  const scaled = BigInt(intPart + frac.slice(0, places)) + (frac.charCodeAt(places) >= 53 /* '5' */ ? 1n : 0n)
  const digits = scaled.toString().padStart(places + 1, '0')
  return Number(`${digits.slice(0, -places)}.${digits.slice(-places)}`)
}

function decimalInvalid(t: FieldTraits, raw: unknown): FieldParseResult {
  const v = shown(t, raw)
  return fail(FIELD_ISSUE.DECIMAL_INVALID, t, `无法识别的数值“${v}”`, `unrecognised number "${v}"`)
}

// money ---------------------------------------------------------------------------------------------------------

const CH_YUAN = 0x5143 // 元
const CH_YI = 0x4ebf // 亿
const CH_WAN = 0x4e07 // 万
const CH_QIAN = 0x5343 // 千
const CH_ZHENG = 0x6574 // 整
/**
 * Any other currency: the hub stores yuan and converts nothing. Only consulted when an amount does not parse, to
 * say why: an amount that parses contained nothing but digits and RMB markers.
 */
const FOREIGN_CURRENCY = /美元|美金|港元|港币|澳门元|澳元|欧元|日元|英镑|卢布|韩元|新台币|台币|USD|HKD|EUR|JPY|GBP|\$/i

/** 'RMB' / 'CNY' in any case at `from` (3 chars); char codes only, this runs per amount. */
function isCurrencyCode(s: string, from: number): boolean {
  if (from < 0 || from + 3 > s.length) return false
  const a = s.charCodeAt(from) | 0x20
  const b = s.charCodeAt(from + 1) | 0x20
  const c = s.charCodeAt(from + 2) | 0x20
  return (a === 0x72 && b === 0x6d && c === 0x62) /* rmb */ || (a === 0x63 && b === 0x6e && c === 0x79) /* cny */
}

/** Drop leading ¥ / 人民币 / RMB / CNY. */
function withoutMoneyPrefix(s: string): string {
  if (s.charCodeAt(0) === 0xa5 /* ¥ */) return s.slice(1)
  if (s.startsWith('人民币')) return s.slice(3)
  if (isCurrencyCode(s, 0)) return s.slice(3)
  return s
}

export function parseMoney(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
  if (s !== undefined) {
    const dot = plainNumberDot(s)
    if (dot !== NOT_PLAIN) {
      return finishMoney(t, raw, false, dot === -1 ? s : s.slice(0, dot), dot === -1 ? '' : s.slice(dot + 1))
    }
    return parseMoneyText(t, raw, s)
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    return parseMoneyText(t, raw, numberToPlainString(raw))
  }
  if (typeof raw === 'bigint') return parseMoneyText(t, raw, String(raw))
  return unsupported(t, raw)
}

function parseMoneyText(t: FieldTraits, raw: unknown, s: string): FieldParseResult {
  let text = numericText(s)
  let sign = ''
  if (text.charCodeAt(0) === 45 /* - */ || text.charCodeAt(0) === 43 /* + */) {
    sign = text.charAt(0)
    text = text.slice(1)
  }
  text = withoutMoneyPrefix(text)
  // Trailing currency (100万元人民币, 1000 RMB), then the unit.
  if (text.endsWith('人民币')) text = text.slice(0, -3)
  else if (isCurrencyCode(text, text.length - 3)) text = text.slice(0, -3)
  if (text.charCodeAt(text.length - 1) === CH_ZHENG) text = text.slice(0, -1) // 500万元整
  // Unit: 元, 千元, 万元 / 万, 亿元 / 亿 (the power of ten each stands for).
  let scale = 0
  let cut = 0
  let last = text.charCodeAt(text.length - 1)
  if (last === CH_YUAN) {
    cut = 1
    last = text.charCodeAt(text.length - 2)
  }
  if (last === CH_YI) scale = 8
  else if (last === CH_WAN) scale = 4
  else if (last === CH_QIAN && cut === 1) scale = 3 // 千元 only, not a bare 千
  if (scale > 0) cut++
  if (cut > 0) text = text.slice(0, -cut)
  if (sign !== '') {
    if (text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43) return moneyInvalid(t, raw)
    text = sign + text
  }
  const m = RE_NUMBER.exec(text)
  if (m === null) {
    if (FOREIGN_CURRENCY.test(numericText(s))) {
      const v = shown(t, raw)
      return fail(FIELD_ISSUE.MONEY_CURRENCY, t, `金额“${v}”不是人民币，不做换算`, `amount "${v}" is not in yuan (RMB); no currency conversion is done`)
    }
    return moneyInvalid(t, raw)
  }
  let intPart = withoutCommas(m[2] ?? '')
  let frac = m[3] ?? ''
  if (scale > 0) {
    // Move the decimal point `scale` places to the right, on the digit strings: '12.5' 万 → '125000'.
    intPart += frac.slice(0, scale).padEnd(scale, '0')
    frac = frac.slice(scale)
  }
  return finishMoney(t, raw, m[1] === '-', intPart, frac)
}

/** Check and format digit strings as yuan with exactly two decimals. Never rounds. */
function finishMoney(t: FieldTraits, raw: unknown, minus: boolean, intDigits: string, fracDigits: string): FieldParseResult {
  const frac = withoutTrailingZeros(fracDigits)
  const intPart = withoutLeadingZeros(intDigits)
  if (frac.length > 2) {
    const v = shown(t, raw)
    return fail(
      FIELD_ISSUE.MONEY_PRECISION,
      t,
      `金额“${v}”换算成元后超过 2 位小数，不做舍入`,
      `amount "${v}" has more than 2 decimal places in yuan; it is not rounded`,
    )
  }
  if (intPart.length > MONEY_MAX_INTEGER_DIGITS) {
    const v = shown(t, raw)
    return fail(
      FIELD_ISSUE.MONEY_OUT_OF_RANGE,
      t,
      `金额“${v}”超出范围（整数部分最多 ${MONEY_MAX_INTEGER_DIGITS} 位）`,
      `amount "${v}" is out of range (at most ${MONEY_MAX_INTEGER_DIGITS} digits before the decimal point)`,
    )
  }
  const neg = minus && !(intPart === '0' && frac === '')
  if (neg && !t.negativeOk) return negative(t, raw)
  const cents = frac.length === 2 ? frac : frac.length === 1 ? `${frac}0` : '00'
  return { ok: true, value: neg ? `-${intPart}.${cents}` : `${intPart}.${cents}` }
}

function moneyInvalid(t: FieldTraits, raw: unknown): FieldParseResult {
  const v = shown(t, raw)
  return fail(FIELD_ISSUE.MONEY_INVALID, t, `无法识别的金额“${v}”`, `unrecognised amount "${v}"`)
}

/**
 * Field-level parsing and validation for records sent by data providers.
 *
 * `parseFieldValue(field, raw)` turns one raw cell (a string from CSV, or a number / boolean / Date / null from XLSX
 * or JSON) into the value the hub stores for the field's catalog type, or into a bilingual issue. It is pure and
 * runs for every field of every row (up to a million rows per batch), so:
 *  - all regexes are compiled once at module level;
 *  - per-field facts derived from the key and note (month precision, may lie in the future, units …) are computed
 *    once per field object and cached in a WeakMap;
 *  - the empty result is a shared frozen object; issues (and their message strings) are only built on failure;
 *  - enum lookups hit pre-built Maps (see value-sets.ts).
 *
 * Stored representations (what `value` holds when `ok`):
 *  - string/text/uscc/id_number/enum → string; date → 'YYYY-MM-DD' (month-precision fields 'YYYY-MM');
 *    datetime → 'YYYY-MM-DDTHH:mm:ss' (China local time);
 *  - integer, decimal → number; boolean → boolean;
 *  - money → string with exactly two decimals, in yuan ('123400.00'). A string, not a number, because amounts are
 *    scaled (万/亿) and checked digit by digit and must reach NUMERIC columns without a detour through binary floats
 *    (0.1 + 0.2 ≠ 0.3); nothing here ever rounds money.
 *  - empty → null.
 *
 * Decisions worth knowing:
 *  - Dates: a time part is ignored unless it carries a zone (Z, +hh:mm), in which case the instant is first moved to
 *    China time (UTC+8), so '2022-11-30T16:00:00Z' is 2022-12-01. Years before 1900, and dates more than one year
 *    after today (China), are out of range, except for end/expiry dates (key has end / validity / expiry), which may
 *    go up to 9999-12-31 and accept 长期 / 永久 / 无固定期限 → {@link OPEN_ENDED_DATE}.
 *  - Excel serials: numbers 1..2958465, or a text of at most 5 digits, in the 1900 date system (see readExcelSerial).
 *    A bare 1900–2100 is taken for a year with month and day missing, not for a serial in 1905, and is rejected.
 *  - Messages quote the raw value; for sensitive fields (natural-person ID numbers) it is masked.
 *  - Spreadsheet numbers (XLSX) are cut to 15 significant digits before use, to drop binary float noise.
 */
import { type CatalogField, toHalfWidth, upperCaseIfNeeded, lookupEnum } from '../../catalog/index.js'
import { BEIJING_OFFSET_MS } from '../../core/index.js'

export interface FieldIssue {
  /** SCREAMING_SNAKE, prefixed FIELD_ (see {@link FIELD_ISSUE}). */
  code: string
  zh: string
  en: string
}

export type FieldParseResult =
  | { ok: true; value: string | number | boolean | null; warning?: FieldIssue }
  | { ok: false; issue: FieldIssue }

export interface FieldParseContext {
  /** The catalog item the record belongs to; selects item-specific value sets (`itemKey.fieldKey`). */
  itemKey?: string
  /**
   * 'YYYY-MM-DD' to use as today (China date) for the "not more than one year in the future" check.
   * Defaults to the current date in UTC+8. Meant for tests and for re-validating an old batch as of its date.
   */
  today?: string
}

/** Every issue code this module produces. Warnings (ok results) are marked. */
export const FIELD_ISSUE = {
  REQUIRED: 'FIELD_REQUIRED',
  TOO_LONG: 'FIELD_TOO_LONG',
  VALUE_UNSUPPORTED: 'FIELD_VALUE_UNSUPPORTED',
  /** Warning: a long digit string arrived as a spreadsheet number and may have lost its last digits. */
  NUMBER_PRECISION_LOST: 'FIELD_NUMBER_PRECISION_LOST',
  DATE_INVALID: 'FIELD_DATE_INVALID',
  DATE_OUT_OF_RANGE: 'FIELD_DATE_OUT_OF_RANGE',
  DATETIME_INVALID: 'FIELD_DATETIME_INVALID',
  INTEGER_INVALID: 'FIELD_INTEGER_INVALID',
  INTEGER_OUT_OF_RANGE: 'FIELD_INTEGER_OUT_OF_RANGE',
  NUMBER_NEGATIVE: 'FIELD_NUMBER_NEGATIVE',
  DECIMAL_INVALID: 'FIELD_DECIMAL_INVALID',
  DECIMAL_OUT_OF_RANGE: 'FIELD_DECIMAL_OUT_OF_RANGE',
  /** Warning: more than 4 decimal places, rounded half up to 4. */
  DECIMAL_ROUNDED: 'FIELD_DECIMAL_ROUNDED',
  MONEY_INVALID: 'FIELD_MONEY_INVALID',
  MONEY_PRECISION: 'FIELD_MONEY_PRECISION',
  MONEY_CURRENCY: 'FIELD_MONEY_CURRENCY',
  MONEY_OUT_OF_RANGE: 'FIELD_MONEY_OUT_OF_RANGE',
  BOOLEAN_INVALID: 'FIELD_BOOLEAN_INVALID',
  ENUM_UNKNOWN: 'FIELD_ENUM_UNKNOWN',
  /** Warning: not in an open ('warn') value set; stored as sent. */
  ENUM_UNLISTED: 'FIELD_ENUM_UNLISTED',
  /** Warning: a plain number for a banded field, stored as its band. */
  ENUM_BANDED: 'FIELD_ENUM_BANDED',
  /** Warning: the enum field has no value set in value-sets.json; stored as sent. */
  ENUM_NO_VALUE_SET: 'FIELD_ENUM_NO_VALUE_SET',
  USCC_FORMAT: 'FIELD_USCC_FORMAT',
  ID_NUMBER_FORMAT: 'FIELD_ID_NUMBER_FORMAT',
} as const

export type FieldIssueCode = (typeof FIELD_ISSUE)[keyof typeof FIELD_ISSUE]

/**
 * What an open-ended end date (长期 / 永久 / 无固定期限 …, e.g. 营业期限至) is stored as. A real date rather than the word
 * 长期 keeps the column a date column: it sorts after every real date and "still valid on D" is simply `end >= D`.
 */
export const OPEN_ENDED_DATE = '9999-12-31'
export const STRING_MAX_CHARS = 500
export const TEXT_MAX_CHARS = 20_000
/** Money: at most this many digits before the decimal point (fits NUMERIC(18,2)). */
export const MONEY_MAX_INTEGER_DIGITS = 16
export const MIN_DATE = '1900-01-01'

// ---------------------------------------------------------------------------------------------------------------
// Per-field traits, derived once from key / note / sensitivity.

interface FieldTraits {
  /** `成立日期(establishment_date)` — how the zh message names the field. */
  readonly zhName: string
  readonly key: string
  readonly sensitive: boolean
  /** Date stored at month precision 'YYYY-MM' (note says "month precision" / "YYYY-MM"). */
  readonly month: boolean
  /** End / expiry dates may lie far in the future (up to 9999-12-31). */
  readonly futureOk: boolean
  /** Accepts 长期 / 永久 / 无固定期限 → {@link OPEN_ENDED_DATE}. */
  readonly openEnded: boolean
  /** Money that may be negative (profit, owners' equity). */
  readonly negativeOk: boolean
  /** Decimal ratio in percent points, 0–100; '35%' → 35. */
  readonly ratio: boolean
  /** Integer that is a calendar year. */
  readonly year: boolean
  /** Upper bound for integers (e.g. 12 for "… in the last 12 months" counts). */
  readonly maxInt: number
  /** Unit suffix accepted (and dropped) after a number, e.g. 人, 个月, 平方米. */
  readonly unit: RegExp | undefined
}

const traitsCache = new WeakMap<CatalogField, FieldTraits>()

const MONTH_NOTE = /month precision|\bYYYY-MM\b(?!-)/i
const FUTURE_KEY = /(?:^|_)(?:end|expiry|expiration|validity)(?:_|$)/
const NEGATIVE_MONEY_KEY = /profit|equity/
const RATIO_KEY = /(?:^|_)(?:ratio|percentage|proportion)(?:_|$)/
const YEAR_KEY = /(?:^|_)year$/
const MONTHS_IN_LAST_12 = /months_last_12_months$/

const UNIT_YEAR = /(?:年度|年)$/
const UNIT_MONTHS = /(?:个月|月)$/
const UNIT_PERSONS = /(?:人|名)$/
const UNIT_TIMES = /次$/
const UNIT_AREA = /(?:平方米|平米|㎡|m2|m²)$/i
const UNIT_WATER = /(?:立方米|吨|方|m3|m³)$/i
const UNIT_GAS = /(?:立方米|方|m3|m³)$/i

function unitFor(key: string, type: CatalogField['type']): RegExp | undefined {
  if (type === 'integer') {
    if (YEAR_KEY.test(key)) return UNIT_YEAR
    if (key.includes('months')) return UNIT_MONTHS
    if (key.includes('count') || key.includes('contributors')) return UNIT_PERSONS
    if (key.includes('inspections')) return UNIT_TIMES
  } else if (type === 'decimal') {
    if (key === 'area' || key.endsWith('_area')) return UNIT_AREA
    if (key.includes('water_usage')) return UNIT_WATER
    if (key.includes('gas_usage')) return UNIT_GAS
    if (key.includes('contributors')) return UNIT_PERSONS
  }
  return undefined
}

function traitsOf(field: CatalogField): FieldTraits {
  let t = traitsCache.get(field)
  if (t !== undefined) return t
  const key = field.key
  const note = field.note ?? ''
  const futureOk = FUTURE_KEY.test(key)
  t = {
    zhName: `${field.name}(${key})`,
    key,
    sensitive: field.sensitivity === 'sensitive',
    month: MONTH_NOTE.test(note),
    futureOk,
    openEnded: futureOk || note.includes('长期'),
    negativeOk: NEGATIVE_MONEY_KEY.test(key),
    ratio: RATIO_KEY.test(key),
    year: YEAR_KEY.test(key),
    maxInt: MONTHS_IN_LAST_12.test(key) ? 12 : Number.MAX_SAFE_INTEGER,
    unit: unitFor(key, field.type),
  }
  traitsCache.set(field, t)
  return t
}

// ---------------------------------------------------------------------------------------------------------------
// Results and messages.

const EMPTY: FieldParseResult = Object.freeze({ ok: true, value: null }) as FieldParseResult
const TRUE_RESULT: FieldParseResult = Object.freeze({ ok: true, value: true }) as FieldParseResult
const FALSE_RESULT: FieldParseResult = Object.freeze({ ok: true, value: false }) as FieldParseResult
const OPEN_ENDED_RESULT: FieldParseResult = Object.freeze({ ok: true, value: OPEN_ENDED_DATE }) as FieldParseResult
const SHOWN_MAX = 60

function makeIssue(code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldIssue {
  return { code, zh: `${t.zhName}：${zh}`, en: `${t.key}: ${en}` }
}

function fail(code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldParseResult {
  return { ok: false, issue: makeIssue(code, t, zh, en) }
}

function okWarn(value: string | number | boolean, code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldParseResult {
  return { ok: true, value, warning: makeIssue(code, t, zh, en) }
}

/** The raw value as quoted in messages: shortened, and masked for sensitive fields (natural-person ID numbers). */
function shown(t: FieldTraits, raw: unknown): string {
  let s: string
  if (typeof raw === 'string') s = raw.trim()
  else if (raw instanceof Date) s = Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString()
  else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') s = String(raw)
  else s = Object.prototype.toString.call(raw)
  if (t.sensitive) s = mask(s)
  return s.length > SHOWN_MAX ? `${s.slice(0, SHOWN_MAX)}…` : s
}

/** `640102199001011234` → `640*************34`: enough to find the cell, not enough to identify the person. */
function mask(s: string): string {
  if (s.length <= 4) return '*'.repeat(s.length)
  const keepHead = s.length >= 10 ? 3 : 1
  return s.slice(0, keepHead) + '*'.repeat(s.length - keepHead - 2) + s.slice(-2)
}

function valueKind(raw: unknown): string {
  if (raw === null) return 'null'
  if (Array.isArray(raw)) return 'array'
  return typeof raw
}

function unsupported(t: FieldTraits, raw: unknown): FieldParseResult {
  const kind = valueKind(raw)
  return fail(FIELD_ISSUE.VALUE_UNSUPPORTED, t, `无法处理的值类型（${kind}）`, `unsupported value type (${kind})`)
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point.

/**
 * Parse one raw value for a catalog field. Never throws for bad input; returns `{ ok: false, issue }` instead.
 * Empty (null, undefined, '' or only whitespace) is `{ ok: true, value: null }` unless the field is required.
 */
export function parseFieldValue(field: CatalogField, raw: unknown, ctx?: FieldParseContext): FieldParseResult {
  let s: string | undefined
  if (raw === null || raw === undefined) return empty(field)
  if (typeof raw === 'string') {
    s = raw.trim()
    if (s === '') return empty(field)
  }
  const t = traitsOf(field)
  switch (field.type) {
    case 'string':
      return parseText(t, raw, s, STRING_MAX_CHARS)
    case 'text':
      return parseText(t, raw, s, TEXT_MAX_CHARS)
    case 'uscc':
      return parseIdentifier(t, raw, s, USCC_SHAPE, true)
    case 'id_number':
      return parseIdentifier(t, raw, s, ID_NUMBER_SHAPE, false)
    case 'date':
      return parseDate(t, raw, s, ctx)
    case 'datetime':
      return parseDateTime(t, raw, s, ctx)
    case 'integer':
      return parseInteger(t, raw, s, ctx)
    case 'decimal':
      return parseDecimal(t, raw, s)
    case 'money':
      return parseMoney(t, raw, s)
    case 'boolean':
      return parseBoolean(t, raw, s)
    case 'enum':
      return parseEnum(t, raw, s, ctx)
    default: {
      const type: string = field.type
      return fail(FIELD_ISSUE.VALUE_UNSUPPORTED, t, `未知的字段类型 ${type}`, `unknown field type ${type}`)
    }
  }
}

function empty(field: CatalogField): FieldParseResult {
  if (field.required !== true) return EMPTY
  const t = traitsOf(field)
  return fail(FIELD_ISSUE.REQUIRED, t, '必填，不能为空', 'required, must not be empty')
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers as text.

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

// ---------------------------------------------------------------------------------------------------------------
// string / text

/*
 * Spreadsheet-formula guard (CSV / formula injection): values starting with = + - @ (e.g. `=HYPERLINK(...)`,
 * `-2+3`, `@SUM(...)`) are stored and returned exactly as sent. They are never evaluated here, and they are not
 * stripped or escaped either: stripping would silently change data (a case number like `-2022-001` or a note
 * starting with `+`), and escaping belongs to whoever writes a spreadsheet, not to storage. Any code that exports
 * these values to CSV/XLSX must neutralise them there (e.g. prefix a `'`), because a spreadsheet program opening
 * the export would otherwise run them as formulas.
 */
function parseText(t: FieldTraits, raw: unknown, s: string | undefined, max: number): FieldParseResult {
  let text: string
  let warning: FieldIssue | undefined
  if (s !== undefined) {
    text = s
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    text = Number.isSafeInteger(raw) ? String(raw) : numberToPlainString(raw)
    if (Number.isInteger(raw) && !Number.isSafeInteger(raw)) warning = precisionLost(t, raw)
  } else if (typeof raw === 'boolean' || typeof raw === 'bigint') {
    text = String(raw)
  } else if (raw instanceof Date) {
    if (readJsDate(raw) !== OK) return unsupported(t, raw)
    text = P.hasTime ? formatDateTime(' ') : formatDate()
  } else {
    return unsupported(t, raw)
  }
  if (text.length > max) {
    const chars = countCodePoints(text)
    if (chars > max) {
      return fail(FIELD_ISSUE.TOO_LONG, t, `长度 ${chars} 字，超过上限 ${max} 字`, `length ${chars} exceeds the maximum of ${max} characters`)
    }
  }
  return warning === undefined ? { ok: true, value: text } : { ok: true, value: text, warning }
}

function countCodePoints(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff) n++ // count everything except the high half of a surrogate pair
  }
  return n
}

function precisionLost(t: FieldTraits, raw: number): FieldIssue {
  const v = shown(t, raw)
  return makeIssue(
    FIELD_ISSUE.NUMBER_PRECISION_LOST,
    t,
    `以数字形式送来的长数字“${v}”可能已丢失末几位，请把该列设为文本`,
    `long number "${v}" arrived as a spreadsheet number and may have lost its last digits; send the column as text`,
  )
}

// ---------------------------------------------------------------------------------------------------------------
// uscc / id_number: normalise and check the rough shape only. The check digits (GB 32100 / GB 11643) are verified by
// src/registry/uscc.ts and src/registry/id-number.ts.

interface Shape {
  readonly allowed: Uint8Array
  readonly min: number
  readonly max: number
}

function shape(chars: string, min: number, max: number): Shape {
  const allowed = new Uint8Array(128)
  for (let i = 0; i < chars.length; i++) allowed[chars.charCodeAt(i)] = 1
  return { allowed, min, max }
}

/** Table lookup per char: several times faster than the equivalent regex on this hot path. */
function hasShape(s: string, sh: Shape): boolean {
  if (s.length < sh.min || s.length > sh.max) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 127 || sh.allowed[c] !== 1) return false
  }
  return true
}

/** 18 characters of the GB 32100 alphabet: digits and capitals except I, O, S, V, Z. */
const USCC_SHAPE = shape('0123456789ABCDEFGHJKLMNPQRTUWXY', 18, 18)
/** Any plausible identity-document number, or an organisation's USCC: 6–30 of [0-9A-Z-]. */
const ID_NUMBER_SHAPE = shape('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-', 6, 30)

function parseIdentifier(t: FieldTraits, raw: unknown, s: string | undefined, sh: Shape, uscc: boolean): FieldParseResult {
  let text: string
  if (s !== undefined) {
    if (hasShape(s, sh)) return { ok: true, value: s } // already half-width and upper-case
    text = upperCaseIfNeeded(toHalfWidth(s))
  } else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    if (!Number.isSafeInteger(raw)) {
      const v = shown(t, raw)
      return fail(
        uscc ? FIELD_ISSUE.USCC_FORMAT : FIELD_ISSUE.ID_NUMBER_FORMAT,
        t,
        `以数字形式送来（${v}），末几位已丢失，请把该列设为文本`,
        `arrived as a spreadsheet number (${v}) and has lost digits; send the column as text`,
      )
    }
    text = String(raw)
  } else if (typeof raw === 'bigint') {
    text = String(raw)
  } else {
    return unsupported(t, raw)
  }
  if (!hasShape(text, sh)) {
    const v = shown(t, text)
    return uscc
      ? fail(
          FIELD_ISSUE.USCC_FORMAT,
          t,
          `统一社会信用代码格式不对“${v}”（应为 18 位数字或大写字母，不含 I、O、S、V、Z）`,
          `"${v}" is not shaped like a unified social credit code (18 digits or capital letters, no I, O, S, V, Z)`,
        )
      : fail(
          FIELD_ISSUE.ID_NUMBER_FORMAT,
          t,
          `证件号码格式不对“${v}”（应为 6–30 位数字、字母或连字符）`,
          `"${v}" is not shaped like an identity document number (6–30 digits, letters or hyphens)`,
        )
  }
  return { ok: true, value: text }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates. The readers fill the module-level scratch `P` (one parse at a time; JS is single-threaded) and return a
// status, so the hot path allocates nothing but the output string.

const OK = 0
const UNRECOGNISED = 1
const NONEXISTENT = 2
const EXCEL_1900_02_29 = 3
const YEAR_ONLY = 4
type ReadStatus = typeof OK | typeof UNRECOGNISED | typeof NONEXISTENT | typeof EXCEL_1900_02_29 | typeof YEAR_ONLY

const P = { y: 0, m: 0, d: 0, h: 0, mi: 0, s: 0, hasTime: false, offsetMin: Number.NaN }

/** 2022-12-01, 2022/12/1, 2022.12.1 (same separator twice), optionally followed by a time and a zone. */
const RE_YMD_SEP =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i
/** 2022年12月1日 (日 or 号 optional), optionally with 12:30[:00] or 12时30分[00秒]. */
const RE_YMD_CN = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?(?:\s*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})秒?|分)?)?$/
/** 20221201, optionally with 123000 or 12:30:00. */
const RE_YMD_COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(?:T|\s+)(\d{2}):?(\d{2}):?(\d{2}))?$/
/** Month precision: 2022-12, 2022/12, 2022.12, 2022年12月, 202212. */
const RE_YM_SEP = /^(\d{4})[-/.](\d{1,2})$/
const RE_YM_CN = /^(\d{4})年(\d{1,2})月?$/
const RE_YM_COMPACT = /^(\d{4})(\d{2})$/
/** An Excel serial date typed as text: 1–5 digits. */
const RE_SERIAL = /^\d{1,5}$/
/** 长期 and friends, for open-ended end dates. */
const OPEN_ENDED_WORDS = new Set(['长期', '永久', '无固定期限', '长期有效', '永久有效', '无期限', '不约定期限', '长期经营', '永续经营'])

const EXCEL_MAX_SERIAL = 2958465 // 9999-12-31
const DAY_MS = 86_400_000
const CHINA_OFFSET_MS = BEIJING_OFFSET_MS

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Days since 1970-01-01 → P.y/P.m/P.d (proleptic Gregorian; H. Hinnant's civil_from_days). */
function civilFromDays(days: number): void {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  P.d = doy - Math.floor((153 * mp + 2) / 5) + 1
  P.m = mp < 10 ? mp + 3 : mp - 9
  P.y = yoe + era * 400 + (P.m <= 2 ? 1 : 0)
}

function resetTime(): void {
  P.h = 0
  P.mi = 0
  P.s = 0
  P.hasTime = false
  P.offsetMin = Number.NaN
}

/**
 * Excel serial (1900 date system). Serial 1 is 1900-01-01. Excel (copying Lotus 1-2-3) counts a 29 February 1900 that
 * never existed: serial 60 is that phantom day and is rejected, 59 is 1900-02-28 and 61 is 1900-03-01; from 61 on,
 * the serial is days since 1899-12-30. The 1904 date system (old Mac workbooks) is not supported.
 */
function readExcelSerial(serial: number, withTime: boolean): ReadStatus {
  if (!(serial >= 1 && serial < EXCEL_MAX_SERIAL + 1)) return UNRECOGNISED
  let whole = Math.floor(serial)
  let seconds = 0
  if (withTime) {
    seconds = Math.round((serial - whole) * 86_400)
    if (seconds === 86_400) {
      seconds = 0
      whole += 1
    }
  }
  if (whole === 60) return EXCEL_1900_02_29
  if (whole > EXCEL_MAX_SERIAL) return UNRECOGNISED
  // 25569 is the serial of 1970-01-01; below 60 the phantom day has not been counted yet.
  civilFromDays(whole < 60 ? whole - 25568 : whole - 25569)
  if (seconds > 0) {
    P.h = Math.floor(seconds / 3600)
    P.mi = Math.floor((seconds % 3600) / 60)
    P.s = seconds % 60
    P.hasTime = true
  }
  return OK
}

/**
 * A JS Date from an XLSX reader. Readers such as exceljs build the cell's wall-clock time as a UTC instant, so UTC
 * fields are used; a Date that falls exactly on local midnight but not UTC midnight was built with local fields
 * (`new Date(2022, 11, 1)`) and is read in local time. Milliseconds are rounded away first (serial → Date conversion
 * can land on 23:59:59.999).
 */
function readJsDate(date: Date): ReadStatus {
  const ms = date.getTime()
  if (Number.isNaN(ms)) return UNRECOGNISED
  const d = new Date(Math.round(ms / 1000) * 1000)
  resetTime()
  const utcMidnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0
  const localMidnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0
  if (!utcMidnight && localMidnight) {
    P.y = d.getFullYear()
    P.m = d.getMonth() + 1
    P.d = d.getDate()
    return OK
  }
  P.y = d.getUTCFullYear()
  P.m = d.getUTCMonth() + 1
  P.d = d.getUTCDate()
  if (!utcMidnight) {
    P.h = d.getUTCHours()
    P.mi = d.getUTCMinutes()
    P.s = d.getUTCSeconds()
    P.hasTime = true
  }
  return OK
}

function setTime(h: string | undefined, mi: string | undefined, s: string | undefined): void {
  if (h === undefined) return
  P.h = Number(h)
  P.mi = Number(mi ?? '0')
  P.s = Number(s ?? '0')
  P.hasTime = true
}

function parseOffset(zone: string | undefined): void {
  if (zone === undefined) return
  if (zone === 'Z' || zone === 'z') {
    P.offsetMin = 0
    return
  }
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  P.offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'))
}

/** Years 1900–2100 typed without month and day look like a year, not like an Excel serial (which would be 1905). */
function looksLikeYear(n: number): boolean {
  return n >= 1900 && n <= 2100 && Number.isInteger(n)
}

/** Read any accepted date / date-time shape into P. `month`: also accept month-only shapes. */
function readDateParts(raw: unknown, s: string | undefined, month: boolean, withTime: boolean): ReadStatus {
  resetTime()
  if (s !== undefined) {
    const text = toHalfWidth(s)
    let m: RegExpExecArray | null
    if (month) {
      m = RE_YM_SEP.exec(text) ?? RE_YM_CN.exec(text) ?? RE_YM_COMPACT.exec(text)
      if (m !== null) {
        P.y = Number(m[1])
        P.m = Number(m[2])
        P.d = 1
        return validateParts()
      }
    }
    if ((m = RE_YMD_SEP.exec(text)) !== null) {
      P.y = Number(m[1])
      P.m = Number(m[3])
      P.d = Number(m[4])
      setTime(m[5], m[6], m[7])
      parseOffset(m[8])
      return validateParts()
    }
    if ((m = RE_YMD_CN.exec(text)) !== null || (m = RE_YMD_COMPACT.exec(text)) !== null) {
      P.y = Number(m[1])
      P.m = Number(m[2])
      P.d = Number(m[3])
      setTime(m[4], m[5], m[6])
      return validateParts()
    }
    if (RE_SERIAL.test(text)) {
      const n = Number(text)
      if (looksLikeYear(n)) return YEAR_ONLY
      return readExcelSerial(n, withTime)
    }
    return UNRECOGNISED
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return UNRECOGNISED
    if (Number.isInteger(raw)) {
      if (month && raw >= 190001 && raw <= 999912) {
        P.y = Math.floor(raw / 100)
        P.m = raw % 100
        P.d = 1
        return validateParts()
      }
      if (raw >= 19000101 && raw <= 99991231) {
        P.y = Math.floor(raw / 10000)
        P.m = Math.floor(raw / 100) % 100
        P.d = raw % 100
        return validateParts()
      }
      if (looksLikeYear(raw)) return YEAR_ONLY
    }
    return readExcelSerial(raw, withTime)
  }
  if (raw instanceof Date) return readJsDate(raw)
  return UNRECOGNISED
}

function validateParts(): ReadStatus {
  if (P.m < 1 || P.m > 12 || P.d < 1) return UNRECOGNISED
  if (P.d > daysInMonth(P.y, P.m)) return NONEXISTENT
  if (P.hasTime && (P.h > 23 || P.mi > 59 || P.s > 59)) return UNRECOGNISED
  return OK
}

/** Shift P (which holds a wall-clock time at P.offsetMin) to China time, UTC+8. */
function shiftToChinaTime(): void {
  if (Number.isNaN(P.offsetMin)) return
  const utcMs = Date.UTC(P.y, P.m - 1, P.d, P.h, P.mi, P.s) - P.offsetMin * 60_000
  const china = utcMs + CHINA_OFFSET_MS
  civilFromDays(Math.floor(china / DAY_MS))
  const secs = Math.floor((china - Math.floor(china / DAY_MS) * DAY_MS) / 1000)
  P.h = Math.floor(secs / 3600)
  P.mi = Math.floor((secs % 3600) / 60)
  P.s = secs % 60
  P.offsetMin = Number.NaN
}

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)))

function formatMonth(): string {
  return `${P.y}-${PAD2[P.m]}`
}

function formatDate(): string {
  return `${P.y}-${PAD2[P.m]}-${PAD2[P.d]}`
}

function formatDateTime(sep: string): string {
  return `${formatDate()}${sep}${PAD2[P.h]}:${PAD2[P.mi]}:${PAD2[P.s]}`
}

// "Today" in China and the latest acceptable date (one year ahead). Reading the clock costs more than parsing a
// date, so the bounds are computed once and an unref'd timer invalidates them at the next China midnight.
let cutoffValid = false
let cachedMaxDate = ''
let cachedMaxMonth = ''
let cachedMaxYear = 0

function refreshCutoff(): void {
  if (cutoffValid) return
  const chinaNow = Date.now() + CHINA_OFFSET_MS
  const dayNumber = Math.floor(chinaNow / DAY_MS)
  const save = { ...P }
  civilFromDays(dayNumber)
  cachedMaxYear = P.y + 1
  cachedMaxDate = `${P.y + 1}-${PAD2[P.m]}-${PAD2[P.d]}`
  cachedMaxMonth = cachedMaxDate.slice(0, 7)
  Object.assign(P, save)
  cutoffValid = true
  const timer = setTimeout(() => {
    cutoffValid = false
  }, (dayNumber + 1) * DAY_MS - chinaNow + 1000)
  timer.unref?.()
}

/**
 * The latest date accepted for a field that is not an end date: today (China) plus one year, as 'YYYY-MM-DD'.
 * (On 29 February the next year's '…-02-29' does not exist, but as a string bound it still compares correctly.)
 */
function maxDate(ctx: FieldParseContext | undefined): string {
  if (ctx?.today !== undefined) return `${Number(ctx.today.slice(0, 4)) + 1}${ctx.today.slice(4, 10)}`
  refreshCutoff()
  return cachedMaxDate
}

function maxMonth(ctx: FieldParseContext | undefined): string {
  if (ctx?.today !== undefined) return maxDate(ctx).slice(0, 7)
  refreshCutoff()
  return cachedMaxMonth
}

function maxYear(ctx: FieldParseContext | undefined): number {
  if (ctx?.today !== undefined) return Number(ctx.today.slice(0, 4)) + 1
  refreshCutoff()
  return cachedMaxYear
}

function dateFailure(t: FieldTraits, raw: unknown, status: ReadStatus, what: 'date' | 'month' | 'datetime'): FieldParseResult {
  const v = shown(t, raw)
  const code = what === 'datetime' ? FIELD_ISSUE.DATETIME_INVALID : FIELD_ISSUE.DATE_INVALID
  switch (status) {
    case NONEXISTENT:
      return fail(code, t, `不存在的日期“${v}”`, `nonexistent date "${v}"`)
    case EXCEL_1900_02_29:
      return fail(
        code,
        t,
        `Excel 日期序号“${v}”对应不存在的 1900-02-29`,
        `Excel serial "${v}" is 1900-02-29, a day that does not exist`,
      )
    case YEAR_ONLY:
      return fail(code, t, `“${v}”只有年份，缺少月、日`, `"${v}" is only a year; month and day are missing`)
    default:
      if (what === 'month') return fail(code, t, `无法识别的月份“${v}”（应为 YYYY-MM）`, `unrecognised month "${v}" (expected YYYY-MM)`)
      if (what === 'datetime') return fail(code, t, `无法识别的日期时间“${v}”`, `unrecognised date-time "${v}"`)
      return fail(code, t, `无法识别的日期“${v}”`, `unrecognised date "${v}"`)
  }
}

function outOfRange(t: FieldTraits, raw: unknown, max: string): FieldParseResult {
  const v = shown(t, raw)
  const min = max.length === 7 ? MIN_DATE.slice(0, 7) : MIN_DATE
  return fail(
    FIELD_ISSUE.DATE_OUT_OF_RANGE,
    t,
    `日期“${v}”超出范围（${min} 至 ${max}）`,
    `date "${v}" is out of range (${min} to ${max})`,
  )
}

/** Digit at position i of s, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1
}

/**
 * Fast path for the common, already canonical 'YYYY-MM-DD': reads it into P with char codes (no regex, no
 * allocation). Returns false when `s` does not have that exact shape.
 */
function readIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3)
  const m0 = digitAt(s, 5), m1 = digitAt(s, 6), d0 = digitAt(s, 8), d1 = digitAt(s, 9)
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return false
  resetTime()
  P.y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  P.m = m0 * 10 + m1
  P.d = d0 * 10 + d1
  return true
}

function parseDate(t: FieldTraits, raw: unknown, s: string | undefined, ctx: FieldParseContext | undefined): FieldParseResult {
  if (s !== undefined && !t.month && readIsoDate(s)) {
    const status = validateParts()
    if (status !== OK) return dateFailure(t, raw, status, 'date')
    const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(ctx)
    if (P.y < 1900 || s > max) return outOfRange(t, raw, max)
    return { ok: true, value: s }
  }
  if (s !== undefined && t.openEnded && OPEN_ENDED_WORDS.has(s)) return OPEN_ENDED_RESULT
  if (s === undefined && typeof raw !== 'number' && !(raw instanceof Date)) return unsupported(t, raw)
  const status = readDateParts(raw, s, t.month, false)
  if (status !== OK) return dateFailure(t, raw, status, t.month ? 'month' : 'date')
  if (P.hasTime) shiftToChinaTime()
  if (t.month) {
    const value = formatMonth()
    const max = t.futureOk ? OPEN_ENDED_DATE.slice(0, 7) : maxMonth(ctx)
    if (P.y < 1900 || value > max) return outOfRange(t, raw, max)
    return { ok: true, value }
  }
  const value = formatDate()
  const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(ctx)
  if (P.y < 1900 || value > max) return outOfRange(t, raw, max)
  return { ok: true, value }
}

function parseDateTime(t: FieldTraits, raw: unknown, s: string | undefined, ctx: FieldParseContext | undefined): FieldParseResult {
  if (s === undefined && typeof raw !== 'number' && !(raw instanceof Date)) return unsupported(t, raw)
  const status = readDateParts(raw, s, false, true)
  if (status !== OK) return dateFailure(t, raw, status, 'datetime')
  shiftToChinaTime()
  const value = formatDateTime('T')
  const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(ctx)
  if (P.y < 1900 || value.slice(0, 10) > max) return outOfRange(t, raw, max)
  return { ok: true, value }
}

// ---------------------------------------------------------------------------------------------------------------
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

function parseInteger(t: FieldTraits, raw: unknown, s: string | undefined, ctx: FieldParseContext | undefined): FieldParseResult {
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
  const max = t.year ? maxYear(ctx) : t.maxInt
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

function parseDecimal(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
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

function parseMoney(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
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

// ---------------------------------------------------------------------------------------------------------------
// boolean

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ...['是', 'y', 'yes', 'true', 't', '1', '√', '✓', '✔', '有', '已', '对'].map((w) => [w, true] as const),
  ...['否', 'n', 'no', 'false', 'f', '0', '×', '✗', '✘', '无', '未', '没有', '不是', '错'].map((w) => [w, false] as const),
])

function parseBoolean(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
  if (typeof raw === 'boolean') return raw ? TRUE_RESULT : FALSE_RESULT
  if (typeof raw === 'number') {
    if (raw === 1) return TRUE_RESULT
    if (raw === 0) return FALSE_RESULT
  } else if (s !== undefined) {
    const b = BOOLEAN_WORDS.get(s) ?? BOOLEAN_WORDS.get(toHalfWidth(s).toLowerCase())
    if (b !== undefined) return b ? TRUE_RESULT : FALSE_RESULT
  } else {
    return unsupported(t, raw)
  }
  const v = shown(t, raw)
  return fail(
    FIELD_ISSUE.BOOLEAN_INVALID,
    t,
    `无法识别的是/否值“${v}”（可用 是/否、Y/N、1/0、有/无）`,
    `unrecognised yes/no value "${v}" (use 是/否, Y/N, yes/no, true/false, 1/0)`,
  )
}

// ---------------------------------------------------------------------------------------------------------------
// enum

function parseEnum(t: FieldTraits, raw: unknown, s: string | undefined, ctx: FieldParseContext | undefined): FieldParseResult {
  let text: string
  if (s !== undefined) text = s
  else if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return unsupported(t, raw)
    text = numberToPlainString(raw)
  } else if (typeof raw === 'bigint') text = String(raw)
  else return unsupported(t, raw)

  const found = lookupEnum(t.key, ctx?.itemKey, text)
  switch (found.kind) {
    case 'match':
      return { ok: true, value: found.code }
    case 'banded': {
      const v = shown(t, raw)
      return okWarn(
        found.code,
        FIELD_ISSUE.ENUM_BANDED,
        t,
        `收到数值“${v}”，已归入分档“${found.code}”（应直接报送分档）`,
        `got the number "${v}"; stored as band "${found.code}" (send the band itself)`,
      )
    }
    case 'no_value_set': {
      if (text.length > STRING_MAX_CHARS) return parseText(t, text, text, STRING_MAX_CHARS)
      const v = shown(t, raw)
      return okWarn(text, FIELD_ISSUE.ENUM_NO_VALUE_SET, t, `未配置值域，按原值“${v}”保存`, `no value set is configured; stored "${v}" as sent`)
    }
    case 'unknown': {
      const set = found.set
      const v = shown(t, raw)
      if (set.onUnknown === 'warn') {
        if (text.length > STRING_MAX_CHARS) return parseText(t, text, text, STRING_MAX_CHARS)
        return okWarn(
          text,
          FIELD_ISSUE.ENUM_UNLISTED,
          t,
          `“${v}”不在${set.name}的已知值中，按原值保存`,
          `"${v}" is not a listed value; stored as sent`,
        )
      }
      const more = set.values.length > set.examples.length
      const zhList = set.examples.join('、') + (more ? '等' : '')
      const enList = set.examples.join(', ') + (more ? ', …' : '')
      return fail(
        FIELD_ISSUE.ENUM_UNKNOWN,
        t,
        `“${v}”不是${set.name}的允许值（如：${zhList}）`,
        `"${v}" is not an allowed value (e.g. ${enList})`,
      )
    }
  }
}

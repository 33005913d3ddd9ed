/**
 * What every field parser shares: the result and issue types, the issue codes, the per-field traits derived from a
 * catalog field's key and note, and the builders of results and bilingual messages. See `field-parsers.ts`.
 */
import type { CatalogField } from '../../catalog/index.js'

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
   * 'YYYY-MM-DD' to use as today (China date) for the "not more than one year in the future" check. The row
   * validator sets it from its clock; also meant for tests and for re-validating an old batch as of its date.
   */
  today?: string
  /**
   * The clock "today" is read from (as a Beijing date) when `today` is not given. The parsers never read the system
   * clock themselves; without either, `parseFieldValue` falls back to the present.
   */
  now?: () => Date
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

export interface FieldTraits {
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

export function traitsOf(field: CatalogField): FieldTraits {
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

export const EMPTY: FieldParseResult = Object.freeze({ ok: true, value: null }) as FieldParseResult
export const TRUE_RESULT: FieldParseResult = Object.freeze({ ok: true, value: true }) as FieldParseResult
export const FALSE_RESULT: FieldParseResult = Object.freeze({ ok: true, value: false }) as FieldParseResult
export const OPEN_ENDED_RESULT: FieldParseResult = Object.freeze({ ok: true, value: OPEN_ENDED_DATE }) as FieldParseResult
const SHOWN_MAX = 60

export function makeIssue(code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldIssue {
  return { code, zh: `${t.zhName}：${zh}`, en: `${t.key}: ${en}` }
}

export function fail(code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldParseResult {
  return { ok: false, issue: makeIssue(code, t, zh, en) }
}

export function okWarn(value: string | number | boolean, code: FieldIssueCode, t: FieldTraits, zh: string, en: string): FieldParseResult {
  return { ok: true, value, warning: makeIssue(code, t, zh, en) }
}

/** The raw value as quoted in messages: shortened, and masked for sensitive fields (natural-person ID numbers). */
export function shown(t: FieldTraits, raw: unknown): string {
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

export function unsupported(t: FieldTraits, raw: unknown): FieldParseResult {
  const kind = valueKind(raw)
  return fail(FIELD_ISSUE.VALUE_UNSUPPORTED, t, `无法处理的值类型（${kind}）`, `unsupported value type (${kind})`)
}

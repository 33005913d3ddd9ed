/**
 * date and datetime fields: ISO and Chinese shapes, compact digits, Excel serials, JS Dates from XLSX readers, zones
 * moved to China time (UTC+8), month precision, open-ended end dates (长期 → 9999-12-31). "Today" is passed in by the
 * caller (see {@link FieldParseContext.today}); nothing here reads the clock.
 */
import { toHalfWidth } from '../../catalog/index.js'
import { BEIJING_OFFSET_MS } from '../../core/index.js'
import { FIELD_ISSUE, MIN_DATE, OPEN_ENDED_DATE, OPEN_ENDED_RESULT, fail, shown, unsupported, type FieldParseContext, type FieldParseResult, type FieldTraits } from './field-common.js'

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

/**
 * The latest date accepted for a field that is not an end date: `today` (China date, 'YYYY-MM-DD', from the caller's
 * clock) plus one year. (On 29 February the next year's '…-02-29' does not exist, but as a string bound it still
 * compares correctly.) Two slices and a concatenation: cheaper than any cache of it.
 */
function maxDate(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4, 10)}`
}

function maxMonth(today: string): string {
  return maxDate(today).slice(0, 7)
}

/** The latest year accepted for an integer that is a calendar year: next year. */
export function maxYear(today: string): number {
  return Number(today.slice(0, 4)) + 1
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

export function parseDate(t: FieldTraits, raw: unknown, s: string | undefined, today: string): FieldParseResult {
  if (s !== undefined && !t.month && readIsoDate(s)) {
    const status = validateParts()
    if (status !== OK) return dateFailure(t, raw, status, 'date')
    const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(today)
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
    const max = t.futureOk ? OPEN_ENDED_DATE.slice(0, 7) : maxMonth(today)
    if (P.y < 1900 || value > max) return outOfRange(t, raw, max)
    return { ok: true, value }
  }
  const value = formatDate()
  const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(today)
  if (P.y < 1900 || value > max) return outOfRange(t, raw, max)
  return { ok: true, value }
}

export function parseDateTime(t: FieldTraits, raw: unknown, s: string | undefined, today: string): FieldParseResult {
  if (s === undefined && typeof raw !== 'number' && !(raw instanceof Date)) return unsupported(t, raw)
  const status = readDateParts(raw, s, false, true)
  if (status !== OK) return dateFailure(t, raw, status, 'datetime')
  shiftToChinaTime()
  const value = formatDateTime('T')
  const max = t.futureOk ? OPEN_ENDED_DATE : maxDate(today)
  if (P.y < 1900 || value.slice(0, 10) > max) return outOfRange(t, raw, max)
  return { ok: true, value }
}

/** A JS Date from an XLSX reader as text: 'YYYY-MM-DD', or 'YYYY-MM-DD HH:mm:ss' if it has a time; undefined if invalid. */
export function jsDateText(date: Date): string | undefined {
  if (readJsDate(date) !== OK) return undefined
  return P.hasTime ? formatDateTime(' ') : formatDate()
}


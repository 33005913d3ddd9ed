/** string and text fields: stored as sent (trimmed), with a length limit counted in characters. */
import { jsDateText } from './date-fields.js'
import { numberToPlainString } from './number-fields.js'
import { FIELD_ISSUE, fail, makeIssue, shown, unsupported, type FieldIssue, type FieldParseResult, type FieldTraits } from './field-common.js'

/*
 * Spreadsheet-formula guard (CSV / formula injection): values starting with = + - @ (e.g. `=HYPERLINK(...)`,
 * `-2+3`, `@SUM(...)`) are stored and returned exactly as sent. They are never evaluated here, and they are not
 * stripped or escaped either: stripping would silently change data (a case number like `-2022-001` or a note
 * starting with `+`), and escaping belongs to whoever writes a spreadsheet, not to storage. Any code that exports
 * these values to CSV/XLSX must neutralise them there (e.g. prefix a `'`), because a spreadsheet program opening
 * the export would otherwise run them as formulas.
 */
export function parseText(t: FieldTraits, raw: unknown, s: string | undefined, max: number): FieldParseResult {
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
    const asText = jsDateText(raw)
    if (asText === undefined) return unsupported(t, raw)
    text = asText
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

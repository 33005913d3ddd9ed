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
 *    after today (China: `ctx.today`, else the Beijing date of `ctx.now()`) are out of range, except for
 *    end/expiry dates (key has end / validity / expiry), which may go up to 9999-12-31 and accept 长期 / 永久 / 无固定期限 → {@link OPEN_ENDED_DATE}.
 *  - Excel serials: numbers 1..2958465, or a text of at most 5 digits, in the 1900 date system (see readExcelSerial).
 *    A bare 1900–2100 is taken for a year with month and day missing, not for a serial in 1905, and is rejected.
 *  - Messages quote the raw value; for sensitive fields (natural-person ID numbers) it is masked.
 *  - Spreadsheet numbers (XLSX) are cut to 15 significant digits before use, to drop binary float noise.
 *
 * One module per kind of field; this file is their front and keeps the API callers use:
 *  - field-common.ts: result and issue types, issue codes, limits, per-field traits, message builders;
 *  - date-fields.ts: date, datetime;  number-fields.ts: integer, decimal, money;
 *  - identifier-fields.ts: uscc, id_number;  enum-fields.ts: enum, boolean;  text-fields.ts: string, text.
 */
import type { CatalogField } from '../../catalog/index.js'
import { beijingDate } from '../../core/index.js'
import { parseDate, parseDateTime } from './date-fields.js'
import { parseBoolean, parseEnum } from './enum-fields.js'
import { EMPTY, FIELD_ISSUE, STRING_MAX_CHARS, TEXT_MAX_CHARS, fail, traitsOf, type FieldParseContext, type FieldParseResult } from './field-common.js'
import { ID_NUMBER_SHAPE, USCC_SHAPE, parseIdentifier } from './identifier-fields.js'
import { parseDecimal, parseInteger, parseMoney } from './number-fields.js'
import { parseText } from './text-fields.js'

export {
  FIELD_ISSUE, MIN_DATE, MONEY_MAX_INTEGER_DIGITS, OPEN_ENDED_DATE, STRING_MAX_CHARS, TEXT_MAX_CHARS,
  type FieldIssue, type FieldIssueCode, type FieldParseContext, type FieldParseResult,
} from './field-common.js'
export { numberToPlainString } from './number-fields.js'

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
      return parseDate(t, raw, s, todayOf(ctx))
    case 'datetime':
      return parseDateTime(t, raw, s, todayOf(ctx))
    case 'integer':
      return parseInteger(t, raw, s, t.year ? todayOf(ctx) : '')
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

/** "Today" (China date) for the future-date checks: given, or read from the given clock, or from the present. */
function todayOf(ctx: FieldParseContext | undefined): string {
  if (ctx?.today !== undefined) return ctx.today
  return beijingDate(ctx?.now === undefined ? new Date() : ctx.now())
}


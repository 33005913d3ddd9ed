/**
 * Value-set fields: enum (looked up in the catalog's value sets, see src/catalog/value-sets.ts) and boolean (是/否,
 * Y/N, 1/0 … a value set of two).
 */
import { lookupEnum, toHalfWidth } from '../../catalog/index.js'
import { numberToPlainString } from './number-fields.js'
import { parseText } from './text-fields.js'
import { FALSE_RESULT, FIELD_ISSUE, STRING_MAX_CHARS, TRUE_RESULT, fail, okWarn, shown, unsupported, type FieldParseContext, type FieldParseResult, type FieldTraits } from './field-common.js'

// boolean -----------------------------------------------------------------------------------------------------

const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ...['是', 'y', 'yes', 'true', 't', '1', '√', '✓', '✔', '有', '已', '对'].map((w) => [w, true] as const),
  ...['否', 'n', 'no', 'false', 'f', '0', '×', '✗', '✘', '无', '未', '没有', '不是', '错'].map((w) => [w, false] as const),
])

export function parseBoolean(t: FieldTraits, raw: unknown, s: string | undefined): FieldParseResult {
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

// enum --------------------------------------------------------------------------------------------------------

export function parseEnum(t: FieldTraits, raw: unknown, s: string | undefined, ctx: FieldParseContext | undefined): FieldParseResult {
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


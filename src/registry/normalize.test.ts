import { describe, expect, it } from 'vitest'
import { normalizeCodeInput } from './normalize.js'

describe('normalizeCodeInput', () => {
  it.each([
    ['an already canonical code unchanged', '91640100MA76XXXX1A', '91640100MA76XXXX1A'],
    ['surrounding spaces, tabs and newlines trimmed', '  916401\t\n', '916401'],
    ['the ideographic space U+3000 trimmed', '\u3000916401\u3000', '916401'],
    ['full-width digits converted to half-width', '９１６４０１', '916401'],
    ['full-width letters converted and upper-cased', 'ｍａ７６ｘ', 'MA76X'],
    ['lower-case letters upper-cased', 'ma76x', 'MA76X'],
    ['an empty string kept empty', '', ''],
    ['a whitespace-only string reduced to empty', ' \u3000 ', ''],
  ])('returns %s', (_label, input, expected) => {
    expect(normalizeCodeInput(input)).toBe(expected)
  })

  it('keeps characters inside the code, such as an inner space, for the validator to report', () => {
    expect(normalizeCodeInput('9164 0100')).toBe('9164 0100')
  })
})

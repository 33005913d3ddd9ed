import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  TAIWAN_RESIDENCE_PERMIT_DIVISION,
  buildIdNumber,
  computeIdCheckChar,
  validateIdNumber,
  type IdNumberErrorCode,
  type IdNumberResult,
} from './id-number.js'

const TODAY = { today: '2025-06-30' }

function errorOf(result: IdNumberResult) {
  if (result.ok) throw new Error(`expected a failure, got ok for ${result.code}`)
  return result.error
}

function okOf(result: IdNumberResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.en}`)
  return result
}

/** Makes a number with a correct check char, whatever the first 17 digits say. */
function withCheck(first17: string): string {
  return first17 + computeIdCheckChar(first17)
}

describe('validateIdNumber', () => {
  describe('accepting valid numbers', () => {
    it('accepts the example number printed in GB 11643-1999 and decodes it', () => {
      expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({
        ok: true,
        code: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'female',
        divisionCode: '110105',
        division: { code: '110105', province: '北京市', inNingxia: false },
      })
    })

    it.each([
      ['640104198507151235', '1985-07-15', 'male', '兴庆区'],
      ['640104199002280423', '1990-02-28', 'female', '兴庆区'],
      ['640522200002290074', '2000-02-29', 'male', '海原县'],
      ['64030219720309006X', '1972-03-09', 'female', '利通区'],
    ])('accepts the Ningxia number %s born %s (%s, %s)', (code, birthDate, sex, county) => {
      const result = okOf(validateIdNumber(code, TODAY))
      expect(result.birthDate).toBe(birthDate)
      expect(result.sex).toBe(sex)
      expect(result.division?.county).toBe(county)
      expect(result.division?.inNingxia).toBe(true)
    })

    it.each([
      ['a lower-case x', '64030219720309006x'],
      ['surrounding whitespace', ' 64030219720309006X\t'],
      ['full-width digits and X', '６４０３０２１９７２０３０９００６Ｘ'],
      ['a full-width lower-case x', '６４０３０２１９７２０３０９００６ｘ'],
    ])('normalises %s before validating', (_label, input) => {
      expect(okOf(validateIdNumber(input, TODAY)).code).toBe('64030219720309006X')
    })

    it('derives the sex from the parity of the 17th digit', () => {
      for (let digit = 0; digit <= 9; digit++) {
        const result = okOf(validateIdNumber(withCheck(`6401041985071512${digit}`), TODAY))
        expect(result.sex).toBe(digit % 2 === 1 ? 'male' : 'female')
      }
    })

    it.each([
      ['1900-01-01, the earliest accepted date', '19000101'],
      ['today', '20250630'],
      ['a leap day in a year divisible by 400', '20000229'],
    ])('accepts a birth date on %s', (_label, yyyymmdd) => {
      expect(validateIdNumber(withCheck(`640104${yyyymmdd}123`), TODAY).ok).toBe(true)
    })

    it.each([
      ['Hong Kong', '810000'],
      ['Macao', '820000'],
      ['Taiwan', TAIWAN_RESIDENCE_PERMIT_DIVISION],
    ])('accepts a residence-permit number of a %s resident', (_label, division) => {
      expect(validateIdNumber(withCheck(`${division}19781103011`), TODAY).ok).toBe(true)
    })

    it('reports no division for a Taiwan residence-permit number', () => {
      expect(okOf(validateIdNumber('830000197811030112', TODAY)).division).toBeUndefined()
    })
  })

  describe('rejecting invalid numbers', () => {
    it.each<[string, string, IdNumberErrorCode, number | undefined]>([
      ['an empty string', '', 'ID_NUMBER_EMPTY', undefined],
      ['whitespace only', '  \u3000', 'ID_NUMBER_EMPTY', undefined],
      ['a legacy 15-digit number', '640104850715123', 'ID_NUMBER_LEGACY_15', undefined],
      ['a 15-character number with a letter', '64010485071512X', 'ID_NUMBER_LENGTH', undefined],
      ['17 digits', '64010419850715123', 'ID_NUMBER_LENGTH', undefined],
      ['19 characters', '6401041985071512355', 'ID_NUMBER_LENGTH', undefined],
      ['X at position 17', '6401041985071512X5', 'ID_NUMBER_CHARSET', 17],
      ['a letter other than X at the end', '64010419850715123A', 'ID_NUMBER_CHARSET', 18],
      ['an inner space', '640104 98507151235', 'ID_NUMBER_CHARSET', 7],
      ['a hyphen', '640104-98507151235', 'ID_NUMBER_CHARSET', 7],
      ['an unknown province prefix', withCheck('99010419850715123'), 'ID_NUMBER_DIVISION', 1],
      ['the prefix 00', withCheck('00000019850715123'), 'ID_NUMBER_DIVISION', 1],
      ['month 13', withCheck('64010419851315123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['month 00', withCheck('64010419850015123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['day 00', withCheck('64010419850700123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['31 June', withCheck('64010419850631123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['29 February in a non-leap year', withCheck('64010419850229123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['29 February 1900, not a leap year', withCheck('64010419000229123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['a birth date before 1900', withCheck('64010418991231123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['a birth date tomorrow', withCheck('64010420250701123'), 'ID_NUMBER_BIRTH_DATE', 7],
      ['a wrong check digit', '640104198507151236', 'ID_NUMBER_CHECK_DIGIT', 18],
      ['X instead of a check digit', '64010419850715123X', 'ID_NUMBER_CHECK_DIGIT', 18],
      ['a typo in the sequence', '640104198507151335', 'ID_NUMBER_CHECK_DIGIT', 18],
      ['two swapped digits', '640104198507152135', 'ID_NUMBER_CHECK_DIGIT', 18],
    ])('rejects %s with the matching error code and position', (_label, input, code, position) => {
      const error = errorOf(validateIdNumber(input, TODAY))
      expect(error.code).toBe(code)
      expect(error.position).toBe(position)
    })

    it('rejects the second example of GB 11643-1999 because its holder was born in 1880', () => {
      expect(computeIdCheckChar('44052418800101001')).toBe('4')
      expect(errorOf(validateIdNumber('440524188001010014', TODAY)).code).toBe('ID_NUMBER_BIRTH_DATE')
    })

    it('reports the earliest failing rule when several are broken', () => {
      // Unknown province, impossible date and wrong check digit at once.
      expect(errorOf(validateIdNumber('990104198513151230', TODAY)).code).toBe('ID_NUMBER_DIVISION')
      // Impossible date and wrong check digit.
      expect(errorOf(validateIdNumber('640104198513151230', TODAY)).code).toBe('ID_NUMBER_BIRTH_DATE')
    })
  })

  describe('error messages', () => {
    it.each([
      ['', 'ID_NUMBER_EMPTY', '公民身份号码为空。', 'The citizen identity number is empty.'],
      [
        '640104850715123',
        'ID_NUMBER_LEGACY_15',
        '这是已停止使用的15位旧版身份证号码，请提供18位公民身份号码。',
        'This is a legacy 15-digit ID number, which is no longer in use; please provide the 18-digit citizen identity number.',
      ],
      [
        '6401041985',
        'ID_NUMBER_LENGTH',
        '公民身份号码应为18位，实际为10位。',
        'A citizen identity number must be 18 characters long, but 10 were given.',
      ],
      [
        '64010419850715123A',
        'ID_NUMBER_CHARSET',
        '第18位字符“A”无效：公民身份号码第1–17位只能是数字，第18位只能是数字或X。',
        'Character "A" at position 18 is not allowed: positions 1–17 of a citizen identity number must be digits, position 18 a digit or X.',
      ],
      [
        withCheck('99010419850715123'),
        'ID_NUMBER_DIVISION',
        '公民身份号码第1–6位行政区划码的前两位“99”不是任何省级行政区划代码。',
        'Positions 1–6 of the citizen identity number do not start with a known province code ("99" is not one).',
      ],
      [
        withCheck('64010419850229123'),
        'ID_NUMBER_BIRTH_DATE',
        '公民身份号码第7–14位出生日期不是真实存在的日期。',
        'Positions 7–14 of the citizen identity number are not a real calendar date of birth.',
      ],
      [
        withCheck('64010418991231123'),
        'ID_NUMBER_BIRTH_DATE',
        '公民身份号码第7–14位出生日期早于1900年。',
        'The date of birth at positions 7–14 of the citizen identity number is before 1900.',
      ],
      [
        withCheck('64010420250701123'),
        'ID_NUMBER_BIRTH_DATE',
        '公民身份号码第7–14位出生日期晚于今天。',
        'The date of birth at positions 7–14 of the citizen identity number is in the future.',
      ],
      [
        '640104198507151236',
        'ID_NUMBER_CHECK_DIGIT',
        '公民身份号码第18位校验码与前17位不符，号码可能有录入错误。',
        'The check character at position 18 does not match the first 17 digits of the citizen identity number; it was probably mistyped.',
      ],
    ])('explains %s as %s in Chinese and English', (input, code, zh, en) => {
      expect(errorOf(validateIdNumber(input, TODAY))).toMatchObject({ code, zh, en })
    })

    it.each([
      ['a bad division', withCheck('99010419850715123')],
      ['a bad birth date', withCheck('64010419850229123')],
      ['a bad check digit', '640104198507151236'],
    ])('does not repeat the number or its birth date in the message for %s', (_label, input) => {
      const { zh, en } = errorOf(validateIdNumber(input, TODAY))
      for (const message of [zh, en]) {
        expect(message).not.toContain(input)
        expect(message).not.toContain(input.slice(6, 14))
      }
    })
  })

  describe('the default notion of today', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('uses the current date in China, which is already the next day at 16:00 UTC', () => {
      vi.useFakeTimers()
      vi.setSystemTime(new Date('2025-06-30T16:30:00Z')) // 2025-07-01 00:30 in Beijing
      expect(validateIdNumber(withCheck('64010420250701123')).ok).toBe(true)
      expect(errorOf(validateIdNumber(withCheck('64010420250702123'))).code).toBe('ID_NUMBER_BIRTH_DATE')
    })
  })
})

describe('computeIdCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['64010419850715123', '5'],
    ['64030219720309006', 'X'],
    ['62010219000101000', '2'],
  ])('computes the check char of %s as %s', (first17, check) => {
    expect(computeIdCheckChar(first17)).toBe(check)
  })

  it('produces every one of the 11 possible check chars', () => {
    const seen = new Set<string>()
    for (let sequence = 0; sequence < 200; sequence++) {
      seen.add(computeIdCheckChar(`64010419850715${String(sequence).padStart(3, '0')}`))
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'])
  })

  it.each([['6401041985071512'], ['640104198507151234'], ['6401041985071512X'], ['']])(
    'throws a RangeError for the malformed input %j',
    (first17) => {
      expect(() => computeIdCheckChar(first17)).toThrow(RangeError)
    },
  )
})

describe('buildIdNumber', () => {
  it.each([
    [{ divisionCode: '640104', birthDate: '1985-07-15', sequence: 123 }, '640104198507151235'],
    [{ divisionCode: '640104', birthDate: '1990-02-28', sequence: 42 }, '640104199002280423'],
    [{ divisionCode: '640302', birthDate: '1972-03-09', sequence: 6 }, '64030219720309006X'],
    [{ divisionCode: '620102', birthDate: '1900-01-01', sequence: 0 }, '620102190001010002'],
  ])('builds %j as %s', (parts, expected) => {
    expect(buildIdNumber(parts)).toBe(expected)
  })

  it('builds numbers that validate and decode back into their parts', () => {
    for (let sequence = 0; sequence <= 999; sequence += 37) {
      const code = buildIdNumber({ divisionCode: '640181', birthDate: '1968-10-01', sequence })
      const result = okOf(validateIdNumber(code))
      expect(result.birthDate).toBe('1968-10-01')
      expect(result.divisionCode).toBe('640181')
      expect(result.sex).toBe(sequence % 2 === 1 ? 'male' : 'female')
    }
  })

  it.each([
    ['a negative sequence', { divisionCode: '640104', birthDate: '1985-07-15', sequence: -1 }],
    ['a sequence above 999', { divisionCode: '640104', birthDate: '1985-07-15', sequence: 1000 }],
    ['a fractional sequence', { divisionCode: '640104', birthDate: '1985-07-15', sequence: 1.5 }],
    ['a birth date without dashes', { divisionCode: '640104', birthDate: '19850715', sequence: 1 }],
    ['a 4-digit division code', { divisionCode: '6401', birthDate: '1985-07-15', sequence: 1 }],
    ['an impossible birth date', { divisionCode: '640104', birthDate: '1985-02-30', sequence: 1 }],
    ['a birth date in the future', { divisionCode: '640104', birthDate: '2999-01-01', sequence: 1 }],
    ['an unknown province', { divisionCode: '990104', birthDate: '1985-07-15', sequence: 1 }],
  ])('throws a bilingual RangeError for %s', (_label, parts) => {
    expect(() => buildIdNumber(parts)).toThrow(RangeError)
    expect(() => buildIdNumber(parts)).toThrow('无法生成公民身份号码')
    expect(() => buildIdNumber(parts)).toThrow('Cannot build a citizen identity number')
  })
})

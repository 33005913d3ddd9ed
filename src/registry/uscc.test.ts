import { describe, expect, it } from 'vitest'
import {
  NATIONAL_REGISTRATION_DIVISION,
  USCC_AUTHORITIES,
  USCC_CHARSET,
  buildUscc,
  computeOrgCodeCheckChar,
  computeUsccCheckChar,
  validateUscc,
  type UsccErrorCode,
  type UsccResult,
} from './uscc.js'

function errorOf(result: UsccResult) {
  if (result.ok) throw new Error(`expected a failure, got ok for ${result.code}`)
  return result.error
}

function okOf(result: UsccResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.en}`)
  return result
}

/** Replaces the char at a 1-based position. */
function withCharAt(code: string, position: number, ch: string): string {
  return code.slice(0, position - 1) + ch + code.slice(position)
}

// Published codes of real organisations outside this codebase: they validate the algorithm
// independently of the values the implementation itself computes.
const PUBLISHED_CODES = [
  '9144030071526726XG',
  '91110111567495091J',
  '91341000MA2N0ABGXX',
  '12440300455752807L',
  '1134082855783407XL',
  '92510100MA61WJ3204',
  '52610500MJU60350X1',
  '51100000500002862F',
]

// Ningxia codes computed once with buildUscc and pinned, so a change in the algorithm shows up.
const NINGXIA_CODES = [
  '91640100MA76A1B29G', // 企业, 银川市
  '92640104L00000011F', // 个体工商户, 兴庆区
  '93640522MA77HY01XK', // 农民专业合作社, 海原县; org-code check X
  '5164000050000012XT', // 社会团体, 自治区本级
  '12640402455321011C', // 事业单位, 原州区
  'N2640323MF0Q12341F', // 村级集体经济组织, 盐池县
  'Y1640205MJ0000018N', // 其他, 惠农区
  'A1640300MB1A00028T', // 军队事业单位, 吴忠市
  '91640100MA7600005Y', // final check Y, the last charset value
  '91640100MA76001280', // final check 0
]

describe('validateUscc', () => {
  describe('accepting valid codes', () => {
    it.each(PUBLISHED_CODES)('accepts the published code %s', (code) => {
      expect(okOf(validateUscc(code)).code).toBe(code)
    })

    it.each(NINGXIA_CODES)('accepts the computed Ningxia code %s', (code) => {
      expect(okOf(validateUscc(code)).division?.inNingxia).toBe(true)
    })

    it('decodes every part of a Ningxia enterprise code', () => {
      expect(validateUscc('91640100MA76A1B29G')).toEqual({
        ok: true,
        code: '91640100MA76A1B29G',
        authority: { code: '9', nameZh: '工商', nameEn: 'Industry and commerce' },
        entityType: { code: '1', nameZh: '企业', nameEn: 'Enterprise' },
        divisionCode: '640100',
        organizationCode: 'MA76A1B29',
        division: { code: '640100', province: '宁夏回族自治区', city: '银川市', inNingxia: true },
      })
    })

    it('resolves the division down to the county', () => {
      expect(okOf(validateUscc('92640104L00000011F')).division).toEqual({
        code: '640104',
        province: '宁夏回族自治区',
        city: '银川市',
        county: '兴庆区',
        inNingxia: true,
      })
    })

    it('marks a code registered in another province as outside Ningxia', () => {
      expect(okOf(validateUscc('9144030071526726XG')).division).toEqual({
        code: '440300',
        province: '广东省',
        inNingxia: false,
      })
    })

    it('accepts the national-level division 100000 and reports no division for it', () => {
      const result = okOf(validateUscc('51100000500002862F'))
      expect(result.divisionCode).toBe(NATIONAL_REGISTRATION_DIVISION)
      expect(result.division).toBeUndefined()
      expect(result.entityType.nameZh).toBe('社会团体')
    })

    it.each([
      ['lower-case letters', '91640100ma76a1b29g'],
      ['surrounding whitespace', '  91640100MA76A1B29G\n'],
      ['an ideographic space', '\u300091640100MA76A1B29G\u3000'],
      ['full-width characters', '９１６４０１００ＭＡ７６Ａ１Ｂ２９Ｇ'],
    ])('normalises %s before validating', (_label, input) => {
      expect(okOf(validateUscc(input)).code).toBe('91640100MA76A1B29G')
    })
  })

  describe('rejecting the real failing code 91350203M0001QAY9B', () => {
    it('fails the final check at position 18 although its organization code M0001QAY-9 is valid', () => {
      expect(computeOrgCodeCheckChar('M0001QAY')).toBe('9')
      expect(errorOf(validateUscc('91350203M0001QAY9B'))).toEqual({
        code: 'USCC_CHECK_DIGIT',
        zh: '第18位校验码错误：应为“9”，实际为“B”。',
        en: 'Wrong check character at position 18: expected "9", found "B".',
        position: 18,
      })
    })
  })

  describe('rejecting invalid codes', () => {
    it.each<[string, string, UsccErrorCode, number | undefined]>([
      ['an empty string', '', 'USCC_EMPTY', undefined],
      ['whitespace only', ' \t\u3000', 'USCC_EMPTY', undefined],
      ['17 characters', '91640100MA76A1B29', 'USCC_LENGTH', undefined],
      ['19 characters', '91640100MA76A1B29GG', 'USCC_LENGTH', undefined],
      ['a 15-digit business registration number', '640100200012345', 'USCC_LENGTH', undefined],
      ['the letter I', withCharAt('91640100MA76A1B29G', 11, 'I'), 'USCC_CHARSET', 11],
      ['the letter O', withCharAt('91640100MA76A1B29G', 18, 'O'), 'USCC_CHARSET', 18],
      ['the letter S', withCharAt('91640100MA76A1B29G', 1, 'S'), 'USCC_CHARSET', 1],
      ['the letter V', withCharAt('91640100MA76A1B29G', 12, 'V'), 'USCC_CHARSET', 12],
      ['the letter Z', withCharAt('91640100MA76A1B29G', 9, 'Z'), 'USCC_CHARSET', 9],
      ['an inner space', withCharAt('91640100MA76A1B29G', 5, ' '), 'USCC_CHARSET', 5],
      ['a hyphen', withCharAt('91640100MA76A1B29G', 17, '-'), 'USCC_CHARSET', 17],
      ['the unknown authority B', withCharAt('91640100MA76A1B29G', 1, 'B'), 'USCC_AUTHORITY', 1],
      ['the unknown authority 0', withCharAt('91640100MA76A1B29G', 1, '0'), 'USCC_AUTHORITY', 1],
      ['工商 with type 9', withCharAt('91640100MA76A1B29G', 2, '9'), 'USCC_ENTITY_TYPE', 2],
      ['工商 with type 4', withCharAt('91640100MA76A1B29G', 2, '4'), 'USCC_ENTITY_TYPE', 2],
      ['民政 with type 4', '54640000500000120T', 'USCC_ENTITY_TYPE', 2],
      ['外交 with type 2', '22640000500000120T', 'USCC_ENTITY_TYPE', 2],
      ['其他 with type 2', 'Y2640205MJ0000018N', 'USCC_ENTITY_TYPE', 2],
      ['a letter in the division', withCharAt('91640100MA76A1B29G', 5, 'A'), 'USCC_DIVISION', 3],
      ['the unknown province prefix 99', '91990100MA76A1B29G', 'USCC_DIVISION', 3],
      ['the unknown province prefix 00', '91000000MA76A1B29G', 'USCC_DIVISION', 3],
      ['the prefix 10 other than the national code 100000', '51101000500002862F', 'USCC_DIVISION', 3],
      ['a wrong organization-code check', withCharAt('91640100MA76A1B29G', 17, '8'), 'USCC_ORG_CODE_CHECK', 17],
      ['a typo in the organization-code body', withCharAt('91640100MA76A1B29G', 12, '7'), 'USCC_ORG_CODE_CHECK', 17],
      ['a wrong final check', withCharAt('91640100MA76A1B29G', 18, 'H'), 'USCC_CHECK_DIGIT', 18],
      ['a typo in the division', withCharAt('91640100MA76A1B29G', 6, '2'), 'USCC_CHECK_DIGIT', 18],
      ['two swapped characters in the organization code', '91640100AM76A1B29G', 'USCC_ORG_CODE_CHECK', 17],
      ['two swapped digits in the division', '91641000MA76A1B29G', 'USCC_CHECK_DIGIT', 18],
    ])('rejects %s with the matching error code and position', (_label, input, code, position) => {
      const error = errorOf(validateUscc(input))
      expect(error.code).toBe(code)
      expect(error.position).toBe(position)
    })

    it('reports the first failing rule when several are broken', () => {
      // Unknown authority, wrong entity type, bad division and bad check chars at once.
      expect(errorOf(validateUscc('B999AAAAMA76A1B29G')).code).toBe('USCC_AUTHORITY')
      // Wrong entity type and bad division.
      expect(errorOf(validateUscc('9999AAAAMA76A1B29G')).code).toBe('USCC_ENTITY_TYPE')
      // Bad division and bad org-code check.
      expect(errorOf(validateUscc('91990100MA76A1B28G')).code).toBe('USCC_DIVISION')
    })
  })

  describe('error messages', () => {
    it.each([
      ['', 'USCC_EMPTY', '统一社会信用代码为空。', 'The unified social credit code is empty.'],
      [
        '9164',
        'USCC_LENGTH',
        '统一社会信用代码应为18位，实际为4位。',
        'A unified social credit code must be 18 characters long, but 4 were given.',
      ],
      [
        '9',
        'USCC_LENGTH',
        '统一社会信用代码应为18位，实际为1位。',
        'A unified social credit code must be 18 characters long, but 1 was given.',
      ],
      [
        '91640100MA76A1BI9G',
        'USCC_CHARSET',
        '第16位字符“I”不允许出现在统一社会信用代码中（只允许数字0–9和除I、O、S、V、Z以外的大写字母）。',
        'Character "I" at position 16 is not allowed in a unified social credit code (only digits 0–9 and capital letters other than I, O, S, V and Z are).',
      ],
      [
        'B1640100MA76A1B29G',
        'USCC_AUTHORITY',
        '第1位登记管理部门代码“B”不存在（有效值：1、2、3、4、5、6、7、8、9、A、N、Y）。',
        'Unknown registration authority code "B" at position 1 (valid: 1, 2, 3, 4, 5, 6, 7, 8, 9, A, N, Y).',
      ],
      [
        '99640100MA76A1B29G',
        'USCC_ENTITY_TYPE',
        '第2位机构类别代码“9”不适用于登记管理部门“9（工商）”（有效值：1、2、3）。',
        'Entity type code "9" at position 2 is not valid for registration authority "9" (Industry and commerce); valid: 1, 2, 3.',
      ],
      [
        '9164A100MA76A1B29G',
        'USCC_DIVISION',
        '第3–8位登记管理机关行政区划码“64A100”应为6位数字。',
        'The division code "64A100" at positions 3–8 must be 6 digits.',
      ],
      [
        '91990100MA76A1B29G',
        'USCC_DIVISION',
        '第3–8位登记管理机关行政区划码“990100”的前两位“99”不是任何省级行政区划代码。',
        'The division code "990100" at positions 3–8 does not start with a known province code ("99" is not one).',
      ],
      [
        '91640100MA76A1B28G',
        'USCC_ORG_CODE_CHECK',
        '第9–17位组织机构代码“MA76A1B28”的校验码错误：第17位应为“9”，实际为“8”。',
        'The organization code "MA76A1B28" at positions 9–17 has a wrong check character: expected "9" at position 17, found "8".',
      ],
      [
        '91640100MA76A1B29H',
        'USCC_CHECK_DIGIT',
        '第18位校验码错误：应为“G”，实际为“H”。',
        'Wrong check character at position 18: expected "G", found "H".',
      ],
    ])('explains %s as %s in Chinese and English', (input, code, zh, en) => {
      const error = errorOf(validateUscc(input))
      expect(error).toMatchObject({ code, zh, en })
    })

    it('counts characters, not UTF-16 units, in the length message', () => {
      expect(errorOf(validateUscc('9164😀')).zh).toBe('统一社会信用代码应为18位，实际为5位。')
    })
  })
})

describe('USCC_AUTHORITIES', () => {
  it.each([
    ['1', ['1', '2', '3', '9']],
    ['2', ['1', '9']],
    ['3', ['1', '2', '3', '4', '5', '9']],
    ['4', ['1', '9']],
    ['5', ['1', '2', '3', '9']],
    ['6', ['1', '2', '9']],
    ['7', ['1', '2', '9']],
    ['8', ['1', '9']],
    ['9', ['1', '2', '3']],
    ['A', ['1', '9']],
    ['N', ['1', '2', '3', '9']],
    ['Y', ['1']],
  ])('lets authority %s assign exactly the entity types %j', (authority, types) => {
    expect(Object.keys(USCC_AUTHORITIES[authority]?.entityTypes ?? {})).toEqual(types)
  })

  it('has no other authorities', () => {
    expect(Object.keys(USCC_AUTHORITIES)).toHaveLength(12)
  })

  it('accepts every authority and entity type combination of the table', () => {
    for (const [authority, entry] of Object.entries(USCC_AUTHORITIES)) {
      for (const entityType of Object.keys(entry.entityTypes)) {
        const code = buildUscc({ authority, entityType, divisionCode: '640100', orgCodeBody: 'MA76A1B2' })
        const result = okOf(validateUscc(code))
        expect(result.authority.nameZh).toBe(entry.nameZh)
        expect(result.entityType.nameZh).toBe(entry.entityTypes[entityType]?.nameZh)
      }
    }
  })
})

describe('computeOrgCodeCheckChar', () => {
  it.each([
    ['M0001QAY', '9'],
    ['MA76A1B2', '9'],
    ['71526726', 'X'],
    ['10087109', 'X'],
    ['10007919', '0'],
    ['56749509', '1'],
    ['45575280', '7'],
  ])('computes the check char of %s as %s', (body, check) => {
    expect(computeOrgCodeCheckChar(body)).toBe(check)
  })

  it.each([['1234567'], ['123456789'], ['ma76a1b2'], ['MA76A1B-'], ['']])('throws a RangeError for the malformed body %j', (body) => {
    expect(() => computeOrgCodeCheckChar(body)).toThrow(RangeError)
  })
})

describe('computeUsccCheckChar', () => {
  it.each([
    ['9144030071526726X', 'G'],
    ['91350203M0001QAY9', '9'],
    ['91640100MA7600005', 'Y'],
    ['91640100MA7600128', '0'],
  ])('computes the check char of %s as %s', (first17, check) => {
    expect(computeUsccCheckChar(first17)).toBe(check)
  })

  it('always returns a character of the USCC charset', () => {
    for (const ch of USCC_CHARSET) {
      expect(USCC_CHARSET).toContain(computeUsccCheckChar(`9164010${ch}MA76A1B2`.padEnd(17, ch)))
    }
  })

  it.each([['9164010MA76A1B29'], ['91640100MA76A1B29G'], ['91640100MA76A1BI9'], ['91640100ma76a1b29']])(
    'throws a RangeError for the malformed input %j',
    (first17) => {
      expect(() => computeUsccCheckChar(first17)).toThrow(RangeError)
    },
  )
})

describe('buildUscc', () => {
  it('builds a code that validates and decodes back into its parts', () => {
    const code = buildUscc({ authority: '9', entityType: '2', divisionCode: '640104', orgCodeBody: 'L0000001' })
    expect(code).toBe('92640104L00000011F')
    const result = okOf(validateUscc(code))
    expect(result.divisionCode).toBe('640104')
    expect(result.organizationCode).toBe('L00000011')
  })

  it('builds codes that validate for many generated bodies', () => {
    for (let i = 0; i < 500; i++) {
      const orgCodeBody = `MA7${i.toString(31).toUpperCase().padStart(5, '0')}`.replace(/[IOSVZ]/g, 'Y')
      const code = buildUscc({ authority: '9', entityType: '1', divisionCode: '640521', orgCodeBody })
      expect(validateUscc(code).ok).toBe(true)
    }
  })

  it.each([
    ['an entity type the authority does not assign', { authority: '9', entityType: '9', divisionCode: '640100', orgCodeBody: 'MA76A1B2' }, '机构类别代码'],
    ['an unknown authority', { authority: 'B', entityType: '1', divisionCode: '640100', orgCodeBody: 'MA76A1B2' }, '登记管理部门代码'],
    ['an unknown province', { authority: '9', entityType: '1', divisionCode: '990100', orgCodeBody: 'MA76A1B2' }, '行政区划码'],
    ['a forbidden letter in the body', { authority: '9', entityType: '1', divisionCode: '640100', orgCodeBody: 'MA76I1B2' }, '各部分'],
    ['a lower-case body', { authority: '9', entityType: '1', divisionCode: '640100', orgCodeBody: 'ma76a1b2' }, '各部分'],
    ['a 7-char body', { authority: '9', entityType: '1', divisionCode: '640100', orgCodeBody: 'MA76A1B' }, '各部分'],
    ['a 5-digit division', { authority: '9', entityType: '1', divisionCode: '64010', orgCodeBody: 'MA76A1B2' }, '各部分'],
  ])('throws a bilingual RangeError for %s', (_label, parts, zhFragment) => {
    expect(() => buildUscc(parts)).toThrow(RangeError)
    expect(() => buildUscc(parts)).toThrow(zhFragment)
    expect(() => buildUscc(parts)).toThrow('Cannot build a unified social credit code')
  })
})

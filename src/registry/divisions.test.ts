import { describe, expect, it } from 'vitest'
import {
  NINGXIA_DIVISIONS,
  PROVINCES,
  findDivisionByName,
  isKnownProvincePrefix,
  lookupDivision,
} from './divisions.js'

describe('NINGXIA_DIVISIONS', () => {
  it('lists the region, 5 prefecture-level cities and 22 county-level divisions', () => {
    const count = (level: string) => NINGXIA_DIVISIONS.filter((d) => d.level === level).length
    expect(count('province')).toBe(1)
    expect(count('city')).toBe(5)
    expect(count('county')).toBe(22)
  })

  it('uses unique 6-digit codes that all start with 64', () => {
    const codes = NINGXIA_DIVISIONS.map((d) => d.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^64\d{4}$/)
  })

  it('gives every division except the region a parent one level up whose code shares its prefix', () => {
    const byCode = new Map(NINGXIA_DIVISIONS.map((d) => [d.code, d]))
    for (const d of NINGXIA_DIVISIONS) {
      if (d.level === 'province') {
        expect(d.parent).toBeUndefined()
        continue
      }
      const parent = byCode.get(d.parent ?? '')
      expect(parent?.level).toBe(d.level === 'city' ? 'province' : 'city')
      expect(d.code.slice(0, d.level === 'city' ? 2 : 4)).toBe(parent?.code.slice(0, d.level === 'city' ? 2 : 4))
    }
  })

  it('places each county under the city GB/T 2260 assigns it to', () => {
    const countiesOf = (city: string) =>
      NINGXIA_DIVISIONS.filter((d) => d.parent === city).map((d) => d.name)
    expect(countiesOf('640100')).toEqual(['兴庆区', '西夏区', '金凤区', '永宁县', '贺兰县', '灵武市'])
    expect(countiesOf('640200')).toEqual(['大武口区', '惠农区', '平罗县'])
    expect(countiesOf('640300')).toEqual(['利通区', '红寺堡区', '盐池县', '同心县', '青铜峡市'])
    expect(countiesOf('640400')).toEqual(['原州区', '西吉县', '隆德县', '泾源县', '彭阳县'])
    expect(countiesOf('640500')).toEqual(['沙坡头区', '中宁县', '海原县'])
  })

  it('does not contain 宁东能源化工基地, which is not a GB/T 2260 division', () => {
    expect(NINGXIA_DIVISIONS.some((d) => d.name.includes('宁东'))).toBe(false)
  })

  it('is frozen so callers cannot alter the shared table', () => {
    expect(Object.isFrozen(NINGXIA_DIVISIONS)).toBe(true)
    expect(Object.isFrozen(NINGXIA_DIVISIONS[0])).toBe(true)
  })
})

describe('PROVINCES', () => {
  it('has the 34 provincial-level divisions of China', () => {
    expect(Object.keys(PROVINCES)).toHaveLength(34)
  })
})

describe('isKnownProvincePrefix', () => {
  it.each([
    ['11', true],
    ['15', true],
    ['46', true],
    ['50', true],
    ['64', true],
    ['65', true],
    ['71', true],
    ['81', true],
    ['82', true],
    ['00', false],
    ['10', false],
    ['16', false],
    ['66', false],
    ['83', false],
    ['99', false],
    ['6', false],
    ['640', false],
    ['', false],
    ['toString', false],
  ])('returns %s → %s', (code, expected) => {
    expect(isKnownProvincePrefix(code)).toBe(expected)
  })
})

describe('lookupDivision', () => {
  it.each([
    ['640000', { code: '640000', province: '宁夏回族自治区', inNingxia: true }],
    ['640100', { code: '640100', province: '宁夏回族自治区', city: '银川市', inNingxia: true }],
    ['640104', { code: '640104', province: '宁夏回族自治区', city: '银川市', county: '兴庆区', inNingxia: true }],
    ['640181', { code: '640181', province: '宁夏回族自治区', city: '银川市', county: '灵武市', inNingxia: true }],
    ['640205', { code: '640205', province: '宁夏回族自治区', city: '石嘴山市', county: '惠农区', inNingxia: true }],
    ['640303', { code: '640303', province: '宁夏回族自治区', city: '吴忠市', county: '红寺堡区', inNingxia: true }],
    ['640425', { code: '640425', province: '宁夏回族自治区', city: '固原市', county: '彭阳县', inNingxia: true }],
    ['640522', { code: '640522', province: '宁夏回族自治区', city: '中卫市', county: '海原县', inNingxia: true }],
  ])('describes the Ningxia code %s down to the level it denotes', (code, expected) => {
    expect(lookupDivision(code)).toEqual(expected)
  })

  it('returns the city for an unlisted county code under a known Ningxia city', () => {
    expect(lookupDivision('640199')).toEqual({ code: '640199', province: '宁夏回族自治区', city: '银川市', inNingxia: true })
  })

  it('returns only the province for a Ningxia code under an unknown city', () => {
    expect(lookupDivision('640901')).toEqual({ code: '640901', province: '宁夏回族自治区', inNingxia: true })
  })

  it.each([
    ['110101', '北京市'],
    ['350203', '福建省'],
    ['620102', '甘肃省'],
    ['650100', '新疆维吾尔自治区'],
    ['710000', '台湾省'],
    ['810000', '香港特别行政区'],
    ['820000', '澳门特别行政区'],
  ])('recognises %s as valid but outside Ningxia (%s)', (code, province) => {
    expect(lookupDivision(code)).toEqual({ code, province, inNingxia: false })
  })

  it.each([
    ['an unknown province prefix', '990000'],
    ['the non-GB/T 2260 prefix 10', '100000'],
    ['five digits', '64010'],
    ['seven digits', '6401040'],
    ['letters', '64A104'],
    ['full-width digits', '６４０１０４'],
    ['an empty string', ''],
  ])('returns undefined for %s', (_label, code) => {
    expect(lookupDivision(code)).toBeUndefined()
  })
})

describe('findDivisionByName', () => {
  it('finds every Ningxia division by its full name', () => {
    for (const d of NINGXIA_DIVISIONS) expect(findDivisionByName(d.name)).toBe(d)
  })

  it.each([
    ['宁夏', '640000'],
    ['银川', '640100'],
    ['石嘴山', '640200'],
    ['吴忠', '640300'],
    ['固原', '640400'],
    ['中卫', '640500'],
    ['兴庆', '640104'],
    ['灵武', '640181'],
    ['青铜峡', '640381'],
    ['红寺堡', '640303'],
    ['沙坡头', '640502'],
    ['中宁', '640521'],
  ])('finds %s by its name without the suffix', (name, code) => {
    expect(findDivisionByName(name)?.code).toBe(code)
  })

  it.each([
    ['宁夏回族自治区银川市', '640100'],
    ['宁夏银川市', '640100'],
    ['银川市兴庆区', '640104'],
    ['银川兴庆区', '640104'],
    ['宁夏银川市兴庆区', '640104'],
    ['宁夏回族自治区吴忠市青铜峡市', '640381'],
    ['宁夏兴庆区', '640104'],
    ['宁夏回族自治区银川兴庆', '640104'],
  ])('finds %s when qualified by its parents', (name, code) => {
    expect(findDivisionByName(name)?.code).toBe(code)
  })

  it('ignores spaces, including the ideographic space', () => {
    expect(findDivisionByName(' 银川市 兴庆区\u3000')?.code).toBe('640104')
  })

  it.each([
    ['宁东能源化工基地'],
    ['宁东'],
    ['兰州市'],
    ['北京'],
    ['石嘴山市兴庆区'],
    ['银川市西湖区'],
    ['市'],
    [''],
  ])('returns undefined for %s, which is not a Ningxia division spelled as above', (name) => {
    expect(findDivisionByName(name)).toBeUndefined()
  })
})

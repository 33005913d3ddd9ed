import { describe, expect, it } from 'vitest'
import { classifyEnterprise, sizeGroupOf, type SizeInput } from './enterprise-size.js'

const W = 1_000_000 // 分 per 万元
const of = (industryCode: string | null, employees: number | null, revenueWan: number | null, assetsWan: number | null = null): SizeInput =>
  ({ industryCode, employees, revenueFen: revenueWan === null ? null : revenueWan * W, assetsFen: assetsWan === null ? null : assetsWan * W })

// Worked by hand from 工信部联企业〔2011〕300号 第四条: X 从业人员, Y 营业收入, Z 资产总额 (万元).
const CASES: Array<[string, SizeInput, 'large' | 'medium' | 'small' | 'micro' | null]> = [
  ['工业 X=1200, Y=50000: both at or over 1000 人 / 40000 万 → 大型', of('C3011', 1200, 50000), 'large'],
  ['工业 X=1200, Y=30000: under the 40000 万 ceiling, meets 300 人 / 2000 万 → 中型', of('C3011', 1200, 30000), 'medium'],
  ['工业 X=150, Y=5000: under 300 人, meets 20 人 / 300 万 → 小型', of('C2610', 150, 5000), 'small'],
  ['工业 X=15, Y=5000: under 20 人 → 微型', of('C2610', 15, 5000), 'micro'],
  ['工业 X=300, Y=2000: exactly the 中型 floors → 中型', of('D4411', 300, 2000), 'medium'],
  ['工业, employees unknown, Y=200: under 300 万 decides 微型 without X', of('C1310', null, 200), 'micro'],
  ['工业, employees unknown, Y=5000: cannot tell 中型 from 小型 → unknown', of('C1310', null, 5000), null],
  ['零售业 X=12, Y=150: meets 10 人 / 100 万, not 50 人 → 小型', of('F5211', 12, 150), 'small'],
  ['批发业 X=25, Y=6000: meets 20 人 / 5000 万 → 中型', of('F5111', 25, 6000), 'medium'],
  ['批发业 X=25, Y=800: under 1000 万 → 微型', of('F5111', 25, 800), 'micro'],
  ['建筑业 Y=7000, Z=4000: assets under 5000 万, meets 300/300 → 小型', of('E4710', null, 7000, 4000), 'small'],
  ['软件和信息技术服务业 X=10, Y=60: meets 10 人 / 50 万 → 小型', of('I6510', 10, 60), 'small'],
  ['房地产开发经营 Y=1500, Z=6000 → 中型', of('K7010', null, 1500, 6000), 'medium'],
  ['物业管理 X=120, Y=600: meets 100 人 / 500 万 → 小型', of('K7020', 120, 600), 'small'],
  ['租赁和商务服务业 X=120, Z=9000: meets 100 人 / 8000 万 → 中型 (revenue not used)', of('L7211', 120, null, 9000), 'medium'],
  ['农林牧渔业 Y=40 < 50 万 → 微型', of('A0111', null, 40), 'micro'],
  ['其他未列明行业 (M 科技服务) X=50 → 小型', of('M7320', 50, null), 'small'],
  ['仓储业 (G5920) X=120, Y=1200 → 中型', of('G5920', 120, 1200), 'medium'],
  ['no industry on file → unknown, never 微型', of(null, 5, 10), null],
  ['金融业 is outside this standard → unknown', of('J6620', 5, 10), null],
]

describe('classifyEnterprise (中小企业划型标准规定)', () => {
  for (const [name, input, size] of CASES) {
    it(`classes ${name}`, () => {
      const r = classifyEnterprise(input)
      expect(r.size).toBe(size)
      expect(r.reason.length).toBeGreaterThan(10)
    })
  }

  it('names the thresholds that decided it in the reason', () => {
    expect(classifyEnterprise(of('C3011', 150, 5000)).reason).toBe('工业：从业人员低于 1000 人、营业收入低于 40000 万元，且达到小型下限（从业人员 20 人、营业收入 300 万元），为小型企业')
    expect(classifyEnterprise(of('C1310', null, 5000)).reason).toContain('缺少从业人员')
    expect(classifyEnterprise(of('F5211', 3, 150)).reason).toContain('从业人员低于 10 人')
  })
})

describe('sizeGroupOf (GB/T 4754 → 划型行业)', () => {
  it('maps sections, divisions and the classes that split a division', () => {
    expect(['C3011', '3011', 'B0610', 'D'].map(sizeGroupOf)).toEqual(['industry', 'industry', 'industry', 'industry'])
    expect(['F51', 'F52', 'G5410', 'G5910', 'G5920', 'G6010', 'G5310'].map(sizeGroupOf)).toEqual(['wholesale', 'retail', 'transport', 'transport', 'warehousing', 'postal', 'other'])
    expect(['K7010', 'K7020', 'K7030', 'I6410', 'I6510', 'H6110', 'H6210'].map(sizeGroupOf)).toEqual(['real_estate', 'property', 'other', 'information', 'software', 'accommodation', 'catering'])
  })

  it('leaves codes that do not decide the group undecided', () => {
    expect(['F', 'G59', 'K70', 'J', 'X12', ''].map(sizeGroupOf)).toEqual([null, null, null, null, null, null])
  })
})

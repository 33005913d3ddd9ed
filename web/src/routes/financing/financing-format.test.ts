import { describe, expect, it } from 'vitest'
import { fenOfYuan } from './financing-format'

describe('fenOfYuan', () => {
  it('reads yuan with up to two decimals as whole fen without a float', () => {
    expect(fenOfYuan('0.29')).toBe(29)
    expect(fenOfYuan('1,234.5')).toBe(123_450)
    expect(fenOfYuan('100000')).toBe(10_000_000)
    expect(fenOfYuan(' 12 ')).toBe(1200)
  })

  it('accepts zero, as a repayment of interest only has no principal', () => {
    expect(fenOfYuan('0')).toBe(0)
    expect(fenOfYuan('0.00')).toBe(0)
  })

  it('refuses negatives, three decimals and text', () => {
    for (const bad of ['-1', '1.234', 'abc', '', '1e3', '12345678901234']) expect(fenOfYuan(bad), bad).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { formatFen, perMille, yuanToFen } from './money'

describe('compensation money', () => {
  it('reads 元 typed by people as exact 分', () => {
    expect(yuanToFen('1,234.5')).toBe(123_450)
    expect(yuanToFen('0.07')).toBe(7)
    expect(yuanToFen('5000000')).toBe(500_000_000)
    for (const bad of ['', '0', '0.00', '-1', '1.234', 'abc', '1e5', '12345678901234']) expect(yuanToFen(bad), bad).toBeNull()
  })

  it('shows 分 as 元 with separators, without floats', () => {
    expect(formatFen(123_456_789)).toBe('1,234,567.89 元')
    expect(formatFen(5)).toBe('0.05 元')
    expect(formatFen(-120_00)).toBe('-120.00 元')
    expect(formatFen(null)).toBe('—')
    expect(perMille(400)).toBe('40%')
  })
})

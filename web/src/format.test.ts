import { describe, expect, it } from 'vitest'
import { formatCount, formatDate, formatDateTime, formatMoney, formatPercent, formatWanYuan, formatYuan, maskIdNumber, isMasked, shortId, formatBytes, groupCode, localizeTimes } from './format'

describe('format', () => {
  it('writes dates the Chinese way, long and short', () => {
    expect(formatDate('2024-03-05T10:20:30', 'long')).toBe('2024年3月5日')
    expect(formatDate('2024-03-05T10:20:30')).toBe('2024-03-05')
    expect(formatDate(new Date(2024, 11, 31), 'long')).toBe('2024年12月31日')
    expect(formatDateTime('2024-03-05T08:09:10')).toBe('2024-03-05 08:09:10')
  })

  it('shows a dash for no date or a date that is not one', () => {
    expect(formatDate(null)).toBe('—')
    expect(formatDate('')).toBe('—')
    expect(formatDate('不是日期')).toBe('—')
    expect(formatDateTime(undefined)).toBe('—')
  })

  it('writes money in 元 and 万元 with thousands separators', () => {
    expect(formatYuan(1234567.8)).toBe('1,234,567.80 元')
    expect(formatYuan('1,000')).toBe('1,000.00 元')
    expect(formatWanYuan(1234567.8)).toBe('123.46 万元')
    expect(formatMoney(9999.5)).toBe('9,999.50 元')
    expect(formatMoney(50000)).toBe('5.00 万元')
    expect(formatMoney(-250000)).toBe('-25.00 万元')
    expect(formatMoney(null)).toBe('—')
    expect(formatYuan('abc')).toBe('—')
  })

  it('counts and percentages', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(0)).toBe('0')
    expect(formatPercent(0.9876)).toBe('98.8%')
    expect(formatPercent(1, 0)).toBe('100%')
    expect(formatPercent(null)).toBe('—')
  })

  it('masks natural persons\' ID numbers and leaves masked ones alone', () => {
    expect(maskIdNumber('640102199001011234')).toBe('640102********1234')
    expect(maskIdNumber('64010219900101123X')).toBe('640102********123X')
    expect(maskIdNumber('640102900101123')).toBe('640102******123')
    expect(maskIdNumber('640102********1234')).toBe('640102********1234')
    expect(isMasked('6401**1234')).toBe(true)
    expect(isMasked('91640100MA76A1B2XX')).toBe(false)
    expect(maskIdNumber(null)).toBe('—')
  })

  it('short ids and sizes', () => {
    expect(shortId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0f8fad5b')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB')
  })

  it('reads the instants inside a server sentence as local date-times, keeping the wording', () => {
    const at = '2026-05-06T03:04:05.678Z'
    expect(localizeTimes(`授权已于 ${at} 被企业撤销，查询被拒绝`)).toBe(`授权已于 ${formatDateTime(at)} 被企业撤销，查询被拒绝`)
    expect(localizeTimes('没有覆盖 tax_payment 的有效授权')).toBe('没有覆盖 tax_payment 的有效授权')
    expect(localizeTimes('有效期至 2027-06-30T15:59:59.999Z')).not.toContain('T15')
  })

  it('prints a long code in groups of eight, as on the report', () => {
    expect(groupCode('585ce7460e0c79167eef247ad34e5d80')).toBe('585ce746 0e0c7916 7eef247a d34e5d80')
    expect(groupCode('585c e746 0e')).toBe('585ce746 0e')
  })
})


import { describe, expect, it } from 'vitest'
import { Rng, addYears, dayNumber, dayOf, formatDay, money, moneyFromFen, pad, weightedTable, yearOf } from './random.js'

describe('Rng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = new Rng(42, 7)
    const b = new Rng(42, 7)
    const xs = Array.from({ length: 100 }, () => a.next())
    const ys = Array.from({ length: 100 }, () => b.next())
    expect(xs).toEqual(ys)
  })

  it('gives a different sequence for a different seed', () => {
    const a = new Rng(42)
    const b = new Rng(43)
    expect(Array.from({ length: 10 }, () => a.next())).not.toEqual(Array.from({ length: 10 }, () => b.next()))
  })

  it('restarts the sequence on reseed', () => {
    const r = new Rng(1, 2, 3)
    const first = [r.next(), r.next(), r.next()]
    r.reseed(1, 2, 3)
    expect([r.next(), r.next(), r.next()]).toEqual(first)
  })

  it('keeps int, float and dateBetween inside their bounds', () => {
    const r = new Rng(9)
    const outside: string[] = []
    for (let i = 0; i < 10_000; i++) {
      const n = r.int(-3, 5)
      const f = r.float()
      const d = r.dateBetween('2020-02-27', '2020-03-02')
      if (n < -3 || n > 5 || f < 0 || f >= 1 || d < '2020-02-27' || d > '2020-03-02') outside.push(`${n} ${f} ${d}`)
    }
    expect(outside).toEqual([])
  })

  it('reaches every value of int(min, max)', () => {
    const r = new Rng(5)
    const seen = new Set<number>()
    for (let i = 0; i < 1000; i++) seen.add(r.int(1, 6))
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('picks weighted values in proportion and never one of weight zero', () => {
    const table = weightedTable<string>([['a', 1], ['never', 0], ['b', 3]])
    const r = new Rng(3)
    const counts: Record<string, number> = {}
    for (let i = 0; i < 40_000; i++) {
      const v = r.weighted(table)
      counts[v] = (counts[v] ?? 0) + 1
    }
    expect(counts.never).toBeUndefined()
    expect((counts.b ?? 0) / (counts.a ?? 1)).toBeGreaterThan(2.7)
    expect((counts.b ?? 0) / (counts.a ?? 1)).toBeLessThan(3.3)
  })

  it('makes chance(p) true about p of the time', () => {
    const r = new Rng(11)
    let hits = 0
    for (let i = 0; i < 20_000; i++) if (r.chance(0.3)) hits++
    expect(hits / 20_000).toBeCloseTo(0.3, 1)
  })
})

describe('day numbers', () => {
  it('agree with Date for every day from 1890 to 2130', () => {
    for (let day = dayOf(1890, 1, 1); day <= dayOf(2130, 12, 31); day += 1) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
      if (formatDay(day) !== iso || dayNumber(iso) !== day || yearOf(day) !== Number(iso.slice(0, 4))) {
        throw new Error(`day ${day}: ${formatDay(day)} / ${iso}`)
      }
    }
  })

  it('roll months over like Date.UTC', () => {
    expect(formatDay(dayOf(2024, 0, 1))).toBe('2023-12-01')
    expect(formatDay(dayOf(2024, 3, 0))).toBe('2024-02-29')
    expect(formatDay(dayOf(2024, 14, 1))).toBe('2025-02-01')
  })

  it('move 29 February to 28 February in a non-leap year', () => {
    expect(formatDay(addYears(dayNumber('2024-02-29'), 1))).toBe('2025-02-28')
    expect(formatDay(addYears(dayNumber('2024-02-29'), 4))).toBe('2028-02-29')
  })
})

describe('number formatting', () => {
  it('writes money with exactly two decimals', () => {
    expect(money(0)).toBe('0.00')
    expect(money(1234.5)).toBe('1234.50')
    expect(money(0.07)).toBe('0.07')
    expect(money(-12.3)).toBe('-12.30')
    expect(moneyFromFen(123_456_789_012)).toBe('1234567890.12')
  })

  it('zero-pads integers', () => {
    expect(pad(7, 3)).toBe('007')
    expect(pad(12345, 3)).toBe('12345')
  })
})

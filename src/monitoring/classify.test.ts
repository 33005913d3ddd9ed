import { describe, expect, it } from 'vitest'
import { meets, monthsBetween, raises } from './classify.js'

const v = (version: number, at: string, data: Record<string, unknown>) => ({ version, receivedAt: new Date(at), data, current: false })
const ARREARS = { all: [{ field: 'has_arrears', equals: true }], sustainedMonths: 3 }

describe('negative-record conditions', () => {
  it('tests fields for equality and absence', () => {
    expect(meets({ all: [{ field: 'is_listed', equals: true }] }, { is_listed: true })).toBe(true)
    expect(meets({ all: [{ field: 'is_listed', equals: true }] }, { is_listed: false })).toBe(false)
    expect(meets({ all: [{ field: 'removal_date', absent: true }] }, { removal_date: null })).toBe(true)
    expect(meets({ all: [{ field: 'removal_date', absent: true }] }, { removal_date: '2026-01-01' })).toBe(false)
    expect(meets({}, {})).toBe(true)
  })

  it('counts whole calendar months', () => {
    expect(monthsBetween(new Date('2026-01-15'), new Date('2026-04-14'))).toBe(2)
    expect(monthsBetween(new Date('2026-01-15'), new Date('2026-04-15'))).toBe(3)
  })

  it('raises utility arrears once they have lasted N months, and only once', () => {
    const history = [
      v(1, '2026-01-10', { has_arrears: false }),
      v(2, '2026-02-10', { has_arrears: true }),
      v(3, '2026-03-10', { has_arrears: true }),
      v(4, '2026-05-10', { has_arrears: true }),
      v(5, '2026-06-10', { has_arrears: true }),
      v(6, '2026-07-10', { has_arrears: false }),
    ]
    expect([1, 2, 3, 4, 5, 6].map((n) => raises(ARREARS, history, n))).toEqual([false, false, false, true, false, false])
  })

  it('raises a plain negative record on its first version, not on a correction that stays negative', () => {
    const history = [v(1, '2026-01-10', { x: 1 }), v(2, '2026-02-10', { x: 2 })]
    expect(raises({}, history, 1)).toBe(true)
    expect(raises({}, history, 2)).toBe(false)
    expect(raises({}, history, 9)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { createBackfillClock } from './clock.js'

describe('backfill clock', () => {
  it('stands where it was set, earlier or later', () => {
    const clock = createBackfillClock(new Date('2026-06-01T00:00:00Z'))
    expect(clock.now().toISOString()).toBe('2026-06-01T00:00:00.000Z')
    clock.set(new Date('2025-12-31T16:00:00Z'))
    expect(clock.now().toISOString()).toBe('2025-12-31T16:00:00.000Z')
  })

  it('places a business date at 09:30 Beijing time, plus minutes', () => {
    const clock = createBackfillClock(new Date('2026-06-01T00:00:00Z'))
    clock.setDay('2026-03-02')
    expect(clock.now().toISOString()).toBe('2026-03-02T01:30:00.000Z')
    clock.setDay('2026-03-02', 90)
    expect(clock.now().toISOString()).toBe('2026-03-02T03:00:00.000Z')
  })

  it('hands out copies, so a caller cannot move it by mutating a date', () => {
    const clock = createBackfillClock(new Date('2026-06-01T00:00:00Z'))
    clock.now().setUTCFullYear(1999)
    expect(clock.now().getUTCFullYear()).toBe(2026)
  })

  it('refuses days that do not exist', () => {
    const clock = createBackfillClock(new Date('2026-06-01T00:00:00Z'))
    expect(() => clock.setDay('2026-02-30')).toThrow(RangeError)
    expect(() => clock.setDay('2026-6-1')).toThrow(RangeError)
    expect(() => clock.set(new Date('nope'))).toThrow(RangeError)
  })

  it('never stands after the present, so the history of today is not dated ahead of what the platform writes next', () => {
    const clock = createBackfillClock(new Date('2026-06-01T00:00:00Z'))
    const tomorrow = new Date(Date.now() + 86_400_000)
    clock.set(tomorrow)
    const before = Date.now()
    const t = clock.now().getTime()
    expect(t).toBeLessThanOrEqual(Date.now())
    expect(t).toBeGreaterThanOrEqual(before)
  })
})

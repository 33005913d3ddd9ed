import { describe, expect, it } from 'vitest'
import { beijingAt, beijingDate, beijingTime, untilEndOfBeijingDay } from './beijing-time.js'

describe('Beijing time', () => {
  it('places a wall-clock time of a Beijing day at the right moment', () => {
    expect(beijingAt('2026-12-05').toISOString()).toBe('2026-12-04T16:00:00.000Z')
    expect(beijingAt('2026-03-02', '09:30').toISOString()).toBe('2026-03-02T01:30:00.000Z')
  })

  it('reads a date alone as the end of that day in Beijing, and anything else as an ISO moment', () => {
    expect(untilEndOfBeijingDay('2026-05-06').toISOString()).toBe('2026-05-06T15:59:59.999Z')
    expect(untilEndOfBeijingDay('2026-05-06T12:00:00Z').toISOString()).toBe('2026-05-06T12:00:00.000Z')
    expect(Number.isNaN(untilEndOfBeijingDay('next week').getTime())).toBe(true)
  })

  it('agrees with its own calendar date and reading', () => {
    const end = untilEndOfBeijingDay('2027-11-29')
    expect(beijingDate(end)).toBe('2027-11-29')
    expect(beijingTime(end)).toBe('2027年11月29日 23:59（北京时间）')
  })
})

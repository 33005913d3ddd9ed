import { describe, expect, it } from 'vitest'
import { loadWorkingCalendar, WorkingCalendar } from './working-days.js'

const cal = loadWorkingCalendar()

describe('working-day calendar', () => {
  it('keeps the 2026 holidays of the State Council as days off', () => {
    for (const d of ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-23', '2026-04-06', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-07']) expect(cal.isWorkingDay(d), d).toBe(false)
  })

  it('counts the 调休 weekends of 2026 as working days', () => {
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(cal.isWorkingDay(d), d).toBe(true)
      expect(cal.noteOf(d)).toMatch(/^调休上班/)
    }
  })

  it('keeps the 2025 Spring Festival and National Day arrangements', () => {
    expect(cal.isWorkingDay('2025-01-26')).toBe(true)
    expect(cal.isWorkingDay('2025-02-04')).toBe(false)
    expect(cal.isWorkingDay('2025-10-08')).toBe(false)
    expect(cal.isWorkingDay('2025-10-11')).toBe(true)
  })

  it('adds working days across a holiday and a make-up Saturday', () => {
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08')
    expect(cal.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09')
    expect(cal.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10')
    expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-08')
  })

  it('counts the working days between two dates', () => {
    expect(cal.workingDaysBetween('2026-10-09', '2026-10-12')).toBe(2)
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-24')).toBe(2)
    expect(cal.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0)
  })

  it('says which years it covers and counts weekdays outside them', () => {
    expect(cal.covers('2026-05-01')).toBe(true)
    expect(cal.covers('2027-05-01')).toBe(false)
    expect(new WorkingCalendar([]).isWorkingDay('2027-05-03')).toBe(true)
  })

  it('holds the days each year the notices give', () => {
    const off2026 = ['2026-01-01', '2026-01-03', '2026-02-15', '2026-02-23', '2026-04-04', '2026-05-01', '2026-05-05', '2026-06-21', '2026-09-27', '2026-10-01']
    for (const d of off2026) expect(cal.noteOf(d), d).not.toBeNull()
  })
})

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** One year of public holidays and make-up workdays, in the shape of the holiday-cn data set. */
export interface HolidayYear {
  year: number
  papers?: string[]
  days: Array<{ name: string; date: string; isOffDay: boolean }>
}

const DATA_DIR = fileURLToPath(new URL('../../data/holidays/', import.meta.url))

/** The years shipped in `data/holidays/` (State Council notices). */
export const HOLIDAY_YEARS = [2025, 2026] as const

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The working-day calendar of the mainland: Monday to Friday, minus the State Council's public holidays, plus the
 * weekend days it declares worked (调休). Service clocks count in these days. A date in a year without data counts
 * weekdays only, and the calendar says so (`covers`), so a clock is never silently wrong by a holiday.
 *
 * @example
 * const cal = loadWorkingCalendar()
 * cal.addWorkingDays('2026-09-30', 1) // '2026-10-08'
 */
export class WorkingCalendar {
  private readonly off = new Map<string, string>()
  private readonly on = new Map<string, string>()
  private readonly years = new Set<number>()

  constructor(years: readonly HolidayYear[]) {
    for (const y of years) {
      this.years.add(y.year)
      for (const d of y.days) {
        if (!ISO_DATE.test(d.date)) throw new Error(`bad holiday date ${d.date}`)
        ;(d.isOffDay ? this.off : this.on).set(d.date, d.name)
      }
    }
  }

  /** Whether the calendar holds the State Council's data for this date's year. */
  covers(date: string): boolean {
    return this.years.has(Number(date.slice(0, 4)))
  }

  isWorkingDay(date: string): boolean {
    if (this.off.has(date)) return false
    if (this.on.has(date)) return true
    const w = dayOfWeek(date)
    return w !== 0 && w !== 6
  }

  /** The holiday's name, or `调休上班（春节）` for a make-up workday, or null. */
  noteOf(date: string): string | null {
    const off = this.off.get(date)
    if (off) return off
    const on = this.on.get(date)
    return on ? `调休上班（${on}）` : null
  }

  /** The date `n` working days after `date` (n ≥ 0; n = 0 gives the first working day on or after `date`). */
  addWorkingDays(date: string, n: number): string {
    let d = date
    while (!this.isWorkingDay(d)) d = plusDays(d, 1)
    let left = n
    while (left > 0) {
      d = plusDays(d, 1)
      if (this.isWorkingDay(d)) left--
    }
    return d
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: string, to: string): number {
    let n = 0
    for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) if (this.isWorkingDay(d)) n++
    return n
  }
}

/** The calendar from the JSON files shipped in `data/holidays/`. */
export function loadWorkingCalendar(years: readonly number[] = HOLIDAY_YEARS): WorkingCalendar {
  return new WorkingCalendar(years.map((y) => JSON.parse(readFileSync(`${DATA_DIR}${y}.json`, 'utf8')) as HolidayYear))
}

/** Today's date in Beijing (UTC+8), as business dates are kept. */
export { beijingDate } from './beijing-time.js'

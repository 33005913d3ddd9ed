/** Beijing time is UTC+8 all year (no daylight saving since 1991). */
export const BEIJING_OFFSET_MS = 8 * 3_600_000

/**
 * A moment as people in Ningxia read it: Beijing time, written the Chinese way. Messages and notices for people use
 * this; machine fields keep ISO 8601.
 *
 * @example
 * beijingTime(new Date('2027-11-29T15:59:59.999Z')) // '2027年11月29日 23:59（北京时间）'
 */
export function beijingTime(at: Date): string {
  const t = new Date(at.getTime() + BEIJING_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}（北京时间）`
}

/**
 * The Beijing calendar date of a moment (YYYY-MM-DD): business dates, deadlines and daily budgets are kept by it.
 *
 * @example
 * beijingDate(new Date('2026-12-04T16:30:00Z')) // '2026-12-05'
 */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * A wall-clock time on a Beijing calendar day, as a moment: the start of a day's budget, a demo's office hours.
 *
 * @example
 * beijingAt('2026-12-05') // 2026-12-04T16:00:00.000Z
 * beijingAt('2026-03-02', '09:30') // 2026-03-02T01:30:00.000Z
 */
export function beijingAt(day: string, time = '00:00:00'): Date {
  return new Date(`${day}T${time}+08:00`)
}

/**
 * The moment a date someone typed runs until: a date alone (YYYY-MM-DD) is the end of that day in Beijing, the way a
 * person reads "valid until 6 May"; anything else is read as an ISO 8601 moment (Invalid Date if it is not one).
 *
 * @example
 * untilEndOfBeijingDay('2026-05-06') // 2026-05-06T15:59:59.999Z
 */
export function untilEndOfBeijingDay(text: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? beijingAt(text, '23:59:59.999') : new Date(text)
}

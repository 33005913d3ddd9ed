import { beijingAt } from './beijing-time.js'

/**
 * A clock for backfilling history (the demo's year of loans, a migration of past records): the services that stamp
 * `now()` on transitions take a `now` dependency, and this clock stands at whatever moment the backfill is at, so the
 * rows are written by the services' own rules, dated as the business happened. Never the running platform's clock:
 * it is passed only to a wiring made for the backfill (see `createXinshu`'s `now`).
 */
export interface BackfillClock {
  /** The moment the clock stands at, or the present if that is earlier; pass as `now` to services. */
  readonly now: () => Date
  /** Moves the clock to a moment (earlier or later: each story is written in its own order). */
  set(at: Date): void
  /** Moves the clock to 09:30 Beijing time of a business date (YYYY-MM-DD), plus `minutes`. */
  setDay(day: string, minutes?: number): void
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * @example
 * const clock = createBackfillClock(new Date('2026-01-05T01:30:00Z'))
 * clock.setDay('2026-03-02') // services built with `now: clock.now` now stamp 2026-03-02 09:30 +08:00
 */
export function createBackfillClock(start: Date): BackfillClock {
  let at = new Date(start.getTime())
  if (Number.isNaN(at.getTime())) throw new RangeError('backfill clock: invalid start')
  return {
    // History is never dated after the present: the business day "today" in Beijing (after 16:00 UTC) would otherwise
    // put its morning hours in the future, ahead of everything the running platform writes next.
    now: () => new Date(Math.min(at.getTime(), Date.now())),
    set(t: Date) {
      if (Number.isNaN(t.getTime())) throw new RangeError('backfill clock: invalid moment')
      at = new Date(t.getTime())
    },
    setDay(day: string, minutes = 0) {
      const t = beijingAt(day, '09:30')
      if (!DAY.test(day) || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== day) throw new RangeError(`backfill clock: invalid day ${day}`)
      at = new Date(t.getTime() + minutes * 60_000)
    },
  }
}

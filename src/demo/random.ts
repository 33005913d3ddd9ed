/**
 * Seeded pseudo-random helpers for the demo-data generator.
 *
 * The generator must be reproducible (same seed → byte-identical output) and fast (hundreds of
 * thousands of records per second), and it must be able to recreate subject i or the records of
 * one (subject, item) pair without replaying everything before it. So instead of one global
 * stream, every unit of work re-seeds a small sfc32 generator from a hash of its coordinates
 * (seed, subject index, item salt). Nothing here is cryptographic.
 */

/** Mixes up to four 32-bit integers into one well-distributed unsigned 32-bit hash (murmur3 fmix based). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f)
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** FNV-1a hash of a string (UTF-16 code units), unsigned 32-bit. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A precomputed table for {@link Rng.weighted}: values with cumulative weights. */
export interface WeightedTable<T> {
  readonly values: readonly T[]
  /** Cumulative weights, normalised so that the last is 1. */
  readonly cumulative: Float64Array
}

/** Builds a weighted table from `[value, weight]` pairs (weights need not sum to 1). */
export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  if (entries.length === 0) throw new RangeError('weightedTable needs at least one entry')
  let total = 0
  for (const [, w] of entries) {
    if (!(w >= 0)) throw new RangeError(`weightedTable: weight must be ≥ 0, got ${w}`)
    total += w
  }
  if (total <= 0) throw new RangeError('weightedTable: weights sum to 0')
  const cumulative = new Float64Array(entries.length)
  let run = 0
  entries.forEach(([, w], i) => {
    run += w
    cumulative[i] = run / total
  })
  cumulative[entries.length - 1] = 1
  return { values: entries.map(([v]) => v), cumulative }
}

/**
 * sfc32 (Small Fast Counting, from PractRand) over 32-bit state, with helpers.
 * One instance can be re-seeded many times ({@link Rng.reseed}) to avoid allocation in hot loops.
 */
export class Rng {
  private a = 0
  private b = 0
  private c = 0
  private d = 0

  constructor(s0 = 0, s1 = 0, s2 = 0, s3 = 0) {
    this.reseed(s0, s1, s2, s3)
  }

  /** Re-initialises the state from up to four integers; the same inputs always give the same stream. */
  reseed(s0: number, s1 = 0, s2 = 0, s3 = 0): this {
    this.a = hash32(s0, s1, s2, s3)
    this.b = hash32(s1, s2, s3, s0 ^ 0x5bd1e995)
    this.c = hash32(s2, s3, s0, s1 ^ 0x1b873593)
    this.d = 1
    // The state words are already independent hashes; a few rounds mix in the counter.
    for (let i = 0; i < 4; i++) this.next()
    return this
  }

  /** Next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.float() * values.length)] as T
  }

  /** A value from a {@link weightedTable}. */
  weighted<T>(table: WeightedTable<T>): T {
    const r = this.float()
    const cum = table.cumulative
    // Binary search for the first cumulative weight above r.
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cum[mid] as number) <= r) lo = mid + 1
      else hi = mid
    }
    return table.values[lo] as T
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min)
  }

  /** Log-normally distributed value with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** Standard normal variate (Box–Muller, one of the pair). */
  normal(): number {
    const u = 1 - this.float()
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** A day number (days since 1970-01-01) uniform in [from, to]. */
  dayBetween(from: number, to: number): number {
    return this.int(from, to)
  }

  /** A date 'YYYY-MM-DD' uniform in [from, to]; bounds are 'YYYY-MM-DD' strings or day numbers. */
  dateBetween(from: string | number, to: string | number): string {
    const a = typeof from === 'number' ? from : dayNumber(from)
    const b = typeof to === 'number' ? to : dayNumber(to)
    return formatDay(this.int(a, b))
  }

  /** `n` decimal digits as a string (leading zeros allowed). */
  digits(n: number): string {
    let out = ''
    while (n >= 9) {
      out += pad(this.int(0, 999_999_999), 9)
      n -= 9
    }
    if (n > 0) out += pad(this.int(0, 10 ** n - 1), n)
    return out
  }
}

/** A fresh generator seeded from the given coordinates. */
export function createRng(s0: number, s1 = 0, s2 = 0, s3 = 0): Rng {
  return new Rng(s0, s1, s2, s3)
}

// ---------------------------------------------------------------------------------------------
// Dates as day numbers. Formatting is a table lookup so hot loops never touch Date objects.

const DAY_MS = 86_400_000
const TABLE_FIRST_DAY = Date.UTC(1900, 0, 1) / DAY_MS
const TABLE_LAST_DAY = Date.UTC(2100, 11, 31) / DAY_MS
let dayTable: string[] | undefined

function buildDayTable(): string[] {
  const table = new Array<string>(TABLE_LAST_DAY - TABLE_FIRST_DAY + 1)
  const mm = ['-01-', '-02-', '-03-', '-04-', '-05-', '-06-', '-07-', '-08-', '-09-', '-10-', '-11-', '-12-']
  const dd: string[] = []
  for (let d = 1; d <= 31; d++) dd.push(d < 10 ? `0${d}` : `${d}`)
  let i = 0
  for (let y = 1900; y <= 2100; y++) {
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    for (let m = 0; m < 12; m++) {
      const days = m === 1 ? (leap ? 29 : 28) : m === 3 || m === 5 || m === 8 || m === 10 ? 30 : 31
      const prefix = `${y}${mm[m] as string}`
      for (let d = 0; d < days; d++) table[i++] = prefix + (dd[d] as string)
    }
  }
  return table
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01, UTC). */
export function formatDay(day: number): string {
  if (day >= TABLE_FIRST_DAY && day <= TABLE_LAST_DAY) {
    dayTable ??= buildDayTable()
    return dayTable[day - TABLE_FIRST_DAY] as string
  }
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** Day number of a 'YYYY-MM-DD' date (no validation: garbage in, garbage out). */
export function dayNumber(date: string): number {
  const y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48)
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48)
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48)
  return dayOf(y, m, d)
}

/**
 * Day number of the given calendar date; month 1-based. Months outside 1–12 and days outside the
 * month roll over like Date.UTC (dayOf(2024, 0, 1) is 2023-12-01, dayOf(2024, 3, 0) is 2024-02-29).
 */
export function dayOf(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil, with month normalisation.
  const m0 = month - 1
  const y = year + Math.floor(m0 / 12)
  const m = m0 - Math.floor(m0 / 12) * 12 + 1
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5)
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468 + day - 1
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  // civil_from_days, year part only.
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  return yoe + era * 400 + (mp >= 10 ? 1 : 0)
}

/** The calendar date of a day number packed as YYYYMMDD (e.g. 20240305). */
export function civilOf(day: number): number {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return y * 10000 + m * 100 + d
}

/** The same calendar date `years` later (29 February → 28 February when needed). */
export function addYears(day: number, years: number): number {
  const c = civilOf(day)
  const y = Math.floor(c / 10000) + years
  const m = Math.floor(c / 100) % 100
  let d = c % 100
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) d = 28
  return dayOf(y, m, d)
}

/** '2024年03月05日' for a day number. */
export function formatDayZh(day: number): string {
  const s = formatDay(day)
  return `${s.slice(0, 4)}年${s.slice(5, 7)}月${s.slice(8, 10)}日`
}

// ---------------------------------------------------------------------------------------------
// Number formatting.

/** Money string with exactly two decimals from an amount in yuan (rounded to the fen). */
export function money(yuan: number): string {
  return moneyFromFen(Math.round(yuan * 100))
}

/** Money string with exactly two decimals from an integer number of fen. */
export function moneyFromFen(fen: number): string {
  const neg = fen < 0
  const abs = neg ? -fen : fen
  const whole = Math.floor(abs / 100)
  const cents = abs - whole * 100
  return `${neg ? '-' : ''}${whole}.${cents < 10 ? '0' : ''}${cents}`
}

/** A number rounded to `places` decimals (as a JS number, so it prints without float noise). */
export function round(value: number, places = 2): number {
  const f = 10 ** places
  return Math.round(value * f) / f
}

const ZEROS = '0000000000000000'

/** Zero-padded non-negative integer. */
export function pad(value: number, width: number): string {
  const s = '' + value
  return s.length >= width ? s : ZEROS.slice(0, width - s.length) + s
}

/**
 * A moment as people in Ningxia read it: Beijing time, written the Chinese way. Messages and notices for people use
 * this; machine fields keep ISO 8601.
 *
 * @example
 * beijingTime(new Date('2027-11-29T15:59:59.999Z')) // '2027年11月29日 23:59（北京时间）'
 */
export function beijingTime(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}（北京时间）`
}

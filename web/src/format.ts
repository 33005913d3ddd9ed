import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { t } from './i18n'

dayjs.locale('zh-cn')

type DateInput = string | number | Date | null | undefined

const EMPTY = '—'

function parse(v: DateInput): dayjs.Dayjs | null {
  if (v === null || v === undefined || v === '') return null
  const d = dayjs(v)
  return d.isValid() ? d : null
}

/** 2024-03-05 (tables, forms) or 2024年3月5日 (prose, headings). */
export function formatDate(v: DateInput, style: 'short' | 'long' = 'short'): string {
  const d = parse(v)
  if (!d) return EMPTY
  return style === 'long' ? `${d.year()}年${d.month() + 1}月${d.date()}日` : d.format('YYYY-MM-DD')
}

/** 2024-03-05 14:03:22 */
export function formatDateTime(v: DateInput): string {
  const d = parse(v)
  return d ? d.format('YYYY-MM-DD HH:mm:ss') : EMPTY
}

const intFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })
const moneyFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

function toNumber(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null
  const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''))
  return Number.isFinite(n) ? n : null
}

/** 12,345 */
export function formatCount(v: number | string | null | undefined): string {
  const n = toNumber(v)
  return n === null ? EMPTY : intFormat.format(n)
}

/** 1,234,567.80 元 */
export function formatYuan(v: number | string | null | undefined): string {
  const n = toNumber(v)
  return n === null ? EMPTY : t('format.yuan', { value: moneyFormat.format(n) })
}

/** 123.46 万元 (from an amount in 元). */
export function formatWanYuan(v: number | string | null | undefined): string {
  const n = toNumber(v)
  return n === null ? EMPTY : t('format.wanYuan', { value: moneyFormat.format(n / 10_000) })
}

/** 元 below ten thousand, 万元 from there on: how amounts are read out in Chinese finance. */
export function formatMoney(v: number | string | null | undefined): string {
  const n = toNumber(v)
  if (n === null) return EMPTY
  return Math.abs(n) >= 10_000 ? formatWanYuan(n) : formatYuan(n)
}

/** 0.9876 → 98.8% (null: nothing delivered yet → —). */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY
  return `${(v * 100).toFixed(digits)}%`
}

/** True when a code is already masked (contains * or ●), as the server returns natural persons' ID numbers. */
export function isMasked(code: string): boolean {
  return /[*●]/.test(code)
}

/**
 * Masks a natural person's ID number for display: 640102********1234. USCCs are public (双公示) and shown whole;
 * anything already masked is left as it is.
 */
export function maskIdNumber(code: string | null | undefined): string {
  if (!code) return EMPTY
  const c = code.trim()
  if (isMasked(c)) return c
  if (/^\d{17}[\dXx]$/.test(c)) return `${c.slice(0, 6)}********${c.slice(14)}`
  if (/^\d{15}$/.test(c)) return `${c.slice(0, 6)}******${c.slice(12)}`
  if (c.length > 8) return `${c.slice(0, 2)}${'*'.repeat(c.length - 6)}${c.slice(-4)}`
  return '*'.repeat(c.length)
}

/** A batch or record id, shortened for a table cell: the first 8 characters of a UUID. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : EMPTY
}

/** A file size: 1.5 MB */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})\b/g

/**
 * A server sentence with the instants in it read out as local date-times: “授权已于 2026-05-06T03:04:05.678Z 被企业撤销”
 * → “授权已于 2026-05-06 11:04:05 被企业撤销”. Only the timestamps change; the wording stays the server's.
 */
export function localizeTimes(text: string): string {
  return text.replace(ISO_INSTANT, (m) => formatDateTime(m))
}

/** A long code (the report's SM3) in groups of `size` characters, as printed on the PDF: 585ce746 0e0c7916 … */
export function groupCode(code: string, size = 8): string {
  const c = code.replace(/\s+/g, '')
  const parts: string[] = []
  for (let i = 0; i < c.length; i += size) parts.push(c.slice(i, i + size))
  return parts.join(' ')
}

/** The date `days` from today as YYYY-MM-DD (local calendar), for date pickers' bounds and presets. */
export function daysFromToday(days: number): string {
  return dayjs().add(days, 'day').format('YYYY-MM-DD')
}

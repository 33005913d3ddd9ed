import { t } from '../../i18n'

/**
 * Money on the compensation screens is integer 分 from the server. It is shown and typed as 元 without ever going
 * through a float, so 0.1 + 0.2 never reaches a fund.
 */

/** 123456789 → '1,234,567.89 元' */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen)) return '—'
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return t('format.yuan', { value: `${sign}${whole}.${String(abs % 100).padStart(2, '0')}` })
}

/** '1,234.5' → 123450; null for anything that is not a positive amount with at most two decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''))
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen > 0 ? fen : null
}

/** 400 ‰ → '40%' */
export const perMille = (v: number): string => `${v / 10}%`

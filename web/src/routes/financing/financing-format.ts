import type { FinancingProduct } from '../../api/types'
import { t } from '../../i18n'

/** 分 → 万元, as loan amounts are read out. */
export const wan = (fen: number): string => `${(fen / 1_000_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元`

/** Basis points → percent. */
export const percent = (bp: number): string => (bp / 100).toFixed(2)

export const amountRange = (p: FinancingProduct): string => `${wan(p.amountMinFen)}–${wan(p.amountMaxFen)}`
export const termRange = (p: FinancingProduct): string => t('financing.months', { min: p.termMinMonths, max: p.termMaxMonths })
export const rateRange = (p: FinancingProduct): string => t('financing.rate', { min: percent(p.rateMinBp), max: percent(p.rateMaxBp) })

/** Today in Beijing, as the server's service clocks count. */
export const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * '1,234.5' → 123450 分, '0' → 0; null for anything else (negative, three decimals, text). Never through a float, so
 * a repayment of 0.29 元 is 29 分.
 */
export function fenOfYuan(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''))
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

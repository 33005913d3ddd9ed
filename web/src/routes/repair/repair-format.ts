import type { Objection } from '../../api/types'
import { t, tDynamic } from '../../i18n'

/** How an open objection's clock reads: remaining working days, due today, or overdue (red). */
export function clockView(o: Pick<Objection, 'status' | 'clock'>): { text: string; color: 'red' | 'orange' | 'blue' | 'default' } {
  if (o.status !== 'open') return { text: t('repair.clock.closed'), color: 'default' }
  if (o.clock.overdue) return { text: t('repair.clock.overdue', { date: o.clock.dueOn }), color: 'red' }
  if (o.clock.remainingWorkingDays === 0) return { text: t('repair.clock.dueToday'), color: 'orange' }
  return { text: t('repair.clock.remaining', { days: o.clock.remainingWorkingDays }), color: o.clock.remainingWorkingDays <= 3 ? 'orange' : 'blue' }
}

export const OBJECTION_STATUS_COLORS: Record<string, string> = { open: 'processing', corrected: 'blue', kept: 'default', removed: 'green' }
export const REPAIR_STATUS_COLORS: Record<string, string> = { open: 'processing', repaired: 'green', refused: 'red' }
export const CLASS_COLORS: Record<string, string> = { minor: 'gold', general: 'orange', serious: 'red' }

export const objectionStatusName = (s: string) => tDynamic(`repair.objectionStatus.${s}`, s)
export const repairStatusName = (s: string) => tDynamic(`repair.repairStatus.${s}`, s)
export const className = (c: string | null) => (c ? tDynamic(`repair.class.${c}`, c) : '—')

/** A record's values as "字段：值" pairs in the order the server gave, for a case's summary line. */
export function recordSummary(values: Record<string, unknown>, keys: readonly string[] = ['decision_document_number', 'case_number', 'penalty_content', 'fine_amount', 'decision_date', 'listing_date', 'publication_date']): string {
  return keys.filter((k) => values[k] !== undefined && values[k] !== null && values[k] !== '').map((k) => String(values[k])).join(' · ')
}

import { t } from '../../i18n'

/** AUC, KS and PSI as the report shows them: three decimals, or a dash when there is nothing to compute. */
export const metric = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(3))

/** The usual reading of a PSI value. */
export function psiReading(psi: number | null): { text: string; color: string } | null {
  if (psi === null) return null
  if (psi < 0.1) return { text: t('scorecards.psiStable'), color: 'green' }
  if (psi <= 0.25) return { text: t('scorecards.psiShift'), color: 'orange' }
  return { text: t('scorecards.psiMoved'), color: 'red' }
}

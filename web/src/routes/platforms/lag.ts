import { t } from '../../i18n'

/** How far behind a platform is, the way people say it: 45 秒, 12 分钟, 3 小时, 2 天; null when it never pulled. */
export function formatLag(seconds: number | null): string {
  if (seconds === null) return t('platforms.never')
  if (seconds < 60) return t('platforms.seconds', { n: seconds })
  if (seconds < 3600) return t('platforms.minutes', { n: Math.floor(seconds / 60) })
  if (seconds < 86_400) return t('platforms.hours', { n: Math.floor(seconds / 3600) })
  return t('platforms.days', { n: Math.floor(seconds / 86_400) })
}

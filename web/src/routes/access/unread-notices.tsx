import { Alert, Button, Typography } from 'antd'
import { api } from '../../api/client'
import { NotificationKindTag } from '../../components/notifications'
import { useNotify } from '../../components/notify'
import { formatDateTime, localizeTimes } from '../../format'
import { refreshNotifications, useUnreadNotifications } from '../../hooks'
import { t } from '../../i18n'

/** The institution's unread notifications, above its grants: a revocation is news it must not miss. */
export function UnreadNotices() {
  const unread = useUnreadNotifications(true)
  const notify = useNotify()
  if (!unread.length) return null
  const markAll = async () => {
    try {
      await Promise.all(unread.map((n) => api.post('/api/notifications/{id}/read', {}, { params: { id: n.id } })))
      await refreshNotifications()
    } catch (err) {
      notify.error(err)
    }
  }
  const revoked = unread.some((n) => n.kind === 'grant.revoked')
  return (
    <Alert
      type={revoked ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="unread-notices"
      title={t('notifications.unreadTitle', { count: unread.length })}
      description={
        <ul className="issue-list">
          {unread.slice(0, 5).map((n) => (
            <li key={n.id}><NotificationKindTag kind={n.kind} /> {localizeTimes(n.zh)} <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text></li>
          ))}
        </ul>
      }
      action={<Button size="small" onClick={markAll}>{t('notifications.readAll')}</Button>}
    />
  )
}

import { useEffect, useState } from 'react'
import { Badge, Button, Drawer, Empty, Flex, Tag, Typography } from 'antd'
import { BellOutlined } from '@ant-design/icons'
import { api } from '../api/client'
import type { GrantNotification } from '../api/types'
import { formatDateTime, localizeTimes } from '../format'
import { refreshNotifications, resetNotifications, useApi, useUnreadNotifications } from '../hooks'
import { t, tDynamic } from '../i18n'
import { navigate } from '../router'
import { useNotify } from './notify'

const KIND_COLOR: Record<GrantNotification['kind'], string> = {
  'grant.revoked': 'error', 'grant.refused': 'default', 'grant.approved': 'success', 'grant.created': 'success', 'grant.requested': 'processing',
}

export function NotificationKindTag({ kind }: { kind: GrantNotification['kind'] }) {
  return <Tag color={KIND_COLOR[kind] ?? 'default'}>{tDynamic(`notifications.kind.${kind.replace('grant.', '')}`, kind)}</Tag>
}

/** The header's bell: unread grant notifications (申请、批准、拒绝、撤销), polled; opens the list. */
export function NotificationBell() {
  const unread = useUnreadNotifications(true)
  const [open, setOpen] = useState(false)
  useEffect(() => resetNotifications, []) // the bell goes with the session: logging out forgets the count
  const label = unread.length ? t('notifications.bellUnread', { count: unread.length }) : t('notifications.bell')
  return (
    <>
      <Badge count={unread.length} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label={label} title={label} onClick={() => setOpen(true)} data-testid="notification-bell" />
      </Badge>
      <NotificationDrawer open={open} onClose={() => setOpen(false)} />
    </>
  )
}

function NotificationDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const notify = useNotify()
  const list = useApi((signal) => (open ? api.get('/api/notifications', { signal, query: { limit: 50 } }) : Promise.resolve(undefined)), [open])
  const markRead = async (ids: string[]) => {
    try {
      await Promise.all(ids.map((id) => api.post('/api/notifications/{id}/read', {}, { params: { id } })))
      list.reload()
      await refreshNotifications()
    } catch (err) {
      notify.error(err)
    }
  }
  const rows = list.data ?? []
  const unreadIds = rows.filter((n) => !n.readAt).map((n) => n.id)
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('notifications.title')}
      size={420}
      extra={unreadIds.length > 0 && <Button size="small" onClick={() => markRead(unreadIds)}>{t('notifications.readAll')}</Button>}
    >
      {list.error !== undefined && <Typography.Text type="danger">{t('common.loadFailed')}</Typography.Text>}
      {rows.length === 0 && !list.loading ? (
        <Empty description={t('notifications.empty')} />
      ) : (
        <Flex vertical gap={12} data-testid="notification-list">
          {rows.map((n) => (
            <div key={n.id} className={n.readAt ? 'notification read' : 'notification'}>
              <Flex justify="space-between" align="center" gap={8}>
                <NotificationKindTag kind={n.kind} />
                <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text>
              </Flex>
              <div style={{ margin: '6px 0' }}>{localizeTimes(n.zh)}</div>
              <Flex gap={8}>
                {n.grantId && (
                  <Button size="small" type="link" style={{ paddingInline: 0 }} onClick={() => { onClose(); navigate(`/access/grants?open=${n.grantId}`) }}>
                    {t('notifications.viewGrant')}
                  </Button>
                )}
                {!n.readAt && <Button size="small" type="link" onClick={() => markRead([n.id])}>{t('notifications.markRead')}</Button>}
              </Flex>
            </div>
          ))}
        </Flex>
      )}
    </Drawer>
  )
}

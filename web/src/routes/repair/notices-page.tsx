import { Button, Card, Empty, Table, Tag, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { RepairNotice } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'

/** 修复通知: records this institution or platform received that were repaired or removed; it must stop using them. */
export default function RepairNoticesPage() {
  const notices = useApi((signal) => api.get('/api/repairs/notices', { signal, query: { limit: 200 } }), [])
  const notify = useNotify()
  const read = async (id: string) => {
    try {
      await api.post('/api/repairs/notices/{id}/read', undefined, { params: { id } })
      notices.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  const columns: TableColumnsType<RepairNotice> = [
    { title: t('repair.subject'), dataIndex: 'subjectKey', width: 200, render: (v: string) => <span className="code-text">{v}</span> },
    { title: t('repair.item'), dataIndex: 'itemKey', width: 200 },
    { title: t('repair.notices.reason'), dataIndex: 'reason', width: 140, render: (v: string) => <Tag color="orange">{tDynamic(`repair.notices.reasons.${v}`, v)}</Tag> },
    { title: t('repair.notices.at'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: '', key: 'read', width: 120, render: (_: unknown, n) => (n.readAt ? <Tag>{t('repair.notices.read')}</Tag> : <Button size="small" onClick={() => read(n.id)}>{t('repair.notices.markRead')}</Button>) },
  ]
  return (
    <>
      <PageHeader title={t('repair.notices.title')} description={t('repair.notices.description')} extra={<Button icon={<ReloadOutlined />} onClick={notices.reload}>{t('common.refresh')}</Button>} />
      <ErrorAlert error={notices.error} onRetry={notices.reload} />
      <Card>
        <Table<RepairNotice> rowKey="id" size="middle" loading={notices.loading} columns={columns} dataSource={notices.data ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 800 }}
          locale={{ emptyText: <Empty description={t('repair.notices.none')} /> }} />
      </Card>
    </>
  )
}

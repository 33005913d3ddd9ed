import { useMemo, useState } from 'react'
import { Button, Card, Flex, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { QualityRow } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { TimelinessTag } from '../../components/tags'
import { useApi } from '../../hooks'
import { formatCount, formatDate, formatPercent } from '../../format'
import { t } from '../../i18n'
import { Link, linkClick } from '../../router'

interface ProviderRow {
  provider: string
  items: QualityRow[]
  delivered: number
  batches: number
  received: number
  stored: number
  quarantined: number
  overdue: number
  last: string | null
}

export function groupByProvider(rows: readonly QualityRow[]): ProviderRow[] {
  const by = new Map<string, ProviderRow>()
  for (const r of rows) {
    const p = by.get(r.provider) ?? { provider: r.provider, items: [], delivered: 0, batches: 0, received: 0, stored: 0, quarantined: 0, overdue: 0, last: null }
    p.items.push(r)
    if (r.batches > 0) p.delivered++
    p.batches += r.batches
    p.received += r.received
    p.stored += r.stored
    p.quarantined += r.quarantined
    if (r.overdue) p.overdue++
    if (r.lastDelivery && (!p.last || r.lastDelivery > p.last)) p.last = r.lastDelivery
    by.set(r.provider, p)
  }
  return [...by.values()].sort((a, b) => b.received - a.received || a.provider.localeCompare(b.provider, 'zh-CN'))
}

/** 数据提供单位: each responsible unit, its items and how its deliveries are going (from the quality report). */
export default function ProvidersPage() {
  const report = useApi((signal) => api.get('/api/quality', { signal }), [])
  const [q, setQ] = useState('')
  const rows = useMemo(() => groupByProvider(report.data ?? []).filter((r) => !q.trim() || r.provider.includes(q.trim())), [report.data, q])
  const enc = encodeURIComponent

  const columns: TableColumnsType<ProviderRow> = [
    { title: t('providers.colProvider'), dataIndex: 'provider', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('providers.colItems'), key: 'items', align: 'right', width: 80, render: (_, r) => r.items.length },
    { title: t('providers.colDelivered'), dataIndex: 'delivered', align: 'right', width: 96, responsive: ['xl'] },
    { title: t('providers.colBatches'), dataIndex: 'batches', align: 'right', width: 72, responsive: ['xxl'], render: (v: number) => formatCount(v) },
    { title: t('providers.colReceived'), dataIndex: 'received', align: 'right', width: 90, render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('providers.colStored'), dataIndex: 'stored', align: 'right', width: 90, responsive: ['xxl'], render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('providers.colQuarantined'), dataIndex: 'quarantined', align: 'right', width: 72, render: (v: number) => <span className={`num${v > 0 ? ' danger-text' : ''}`}>{formatCount(v)}</span> },
    { title: t('providers.colOverdue'), dataIndex: 'overdue', align: 'right', width: 96, render: (v: number) => (v > 0 ? <Tag color="error">{v}</Tag> : <Tag color="success">0</Tag>) },
    { title: t('providers.colLast'), dataIndex: 'last', width: 110, responsive: ['lg'], render: (v: string | null) => (v ? formatDate(v) : <Typography.Text type="danger">{t('providers.never')}</Typography.Text>) },
    {
      title: t('common.actions'), key: 'a', width: 200,
      render: (_, r) => (
        <Space size={0} wrap>
          <Button type="link" size="small" href={`/ingest/batches?provider=${enc(r.provider)}`} onClick={linkClick(`/ingest/batches?provider=${enc(r.provider)}`)}>{t('providers.batches')}</Button>
          <Button type="link" size="small" href={`/ingest/quarantine?provider=${enc(r.provider)}`} onClick={linkClick(`/ingest/quarantine?provider=${enc(r.provider)}`)}>{t('providers.rejects')}</Button>
          <Button type="link" size="small" href={`/quality?provider=${enc(r.provider)}`} onClick={linkClick(`/quality?provider=${enc(r.provider)}`)}>{t('providers.quality')}</Button>
        </Space>
      ),
    },
  ]

  const itemColumns: TableColumnsType<QualityRow> = [
    { title: t('quality.colItem'), dataIndex: 'itemName', render: (v: string, r) => <Link to={`/catalog/${r.itemKey}`}>{v}</Link> },
    { title: t('quality.colBatches'), dataIndex: 'batches', align: 'right', width: 70 },
    { title: t('quality.colReceived'), dataIndex: 'received', align: 'right', width: 90, render: (v: number) => formatCount(v) },
    { title: t('quality.colValidity'), dataIndex: 'validity', align: 'right', width: 90, render: (v: number | null) => formatPercent(v) },
    { title: t('quality.colLast'), dataIndex: 'lastDelivery', width: 110, render: (v: string | null) => formatDate(v) },
    { title: t('quality.colTimeliness'), dataIndex: 'overdue', width: 100, render: (v: boolean, r) => <TimelinessTag overdue={v} never={!r.lastDelivery} /> },
  ]

  return (
    <>
      <PageHeader title={t('providers.title')} description={t('providers.description')} />
      <ErrorAlert error={report.error} onRetry={report.reload} />
      <Card>
        <Flex className="filter-bar">
          <Input.Search aria-label={t('providers.searchPlaceholder')} allowClear placeholder={t('providers.searchPlaceholder')} style={{ width: 280 }} onChange={(e) => setQ(e.target.value)} onSearch={setQ} />
        </Flex>
        <Table<ProviderRow>
          rowKey="provider"
          size="middle"
          loading={report.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 900 }}
          expandable={{
            expandedRowRender: (r) => (
              <Table<QualityRow> rowKey="itemKey" size="small" columns={itemColumns} dataSource={r.items} pagination={false} rowClassName={(x) => (x.overdue ? 'row-overdue' : '')} />
            ),
          }}
          pagination={{ defaultPageSize: 20, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  )
}

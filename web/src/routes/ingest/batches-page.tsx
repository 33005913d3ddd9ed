import { useEffect, useState } from 'react'
import { Alert, Button, Card, Descriptions, Drawer, Flex, Form, Select, Skeleton, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined, SyncOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { BatchRow, BatchStatus } from '../../api/types'
import { Code } from '../../components/code'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { ItemSelect, ProviderSelect } from '../../components/selects'
import { BatchStatusTag } from '../../components/tags'
import { itemIndex, useApi, useCatalog, serverPagination, usePaging, usePolling, useProviders } from '../../hooks'
import { formatCount, formatDateTime, shortId } from '../../format'
import { t, tDynamic } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'

const POLL_MS = 2000

/**
 * 报送批次: server-paged, filtered by provider / item / status in the URL. Running batches are polled every 2 s
 * (GET /api/ingest/batches/:id) and their counters move in place.
 */
export default function BatchesPage() {
  const account = useAccount()
  const { query } = useLocation()
  const paging = usePaging(query)
  const filters = { provider: query.get('provider') ?? undefined, itemKey: query.get('itemKey') ?? undefined, status: (query.get('status') as BatchStatus | null) ?? undefined }
  const openId = query.get('batchId')
  const seesAll = account.role !== 'provider'
  const catalog = useCatalog()
  const items = itemIndex(catalog.data)
  const providers = useProviders(seesAll)

  const list = useApi(
    (signal) => api.get('/api/ingest/batches', { signal, query: { ...filters, limit: paging.limit, offset: paging.offset } }),
    [filters.provider, filters.itemKey, filters.status, paging.limit, paging.offset],
  )
  // Live rows: the list's rows, updated in place as running batches are polled.
  const [rows, setRows] = useState<BatchRow[]>([])
  useEffect(() => setRows(list.data?.rows ?? []), [list.data])
  const running = rows.filter((r) => r.status === 'running').map((r) => r.id)
  usePolling(running.length > 0, POLL_MS, async () => {
    const fresh = await Promise.all(running.map((id) => api.get('/api/ingest/batches/{batchId}', { params: { batchId: id } })))
    const byId = new Map(fresh.map((b) => [b.id, b]))
    setRows((old) => old.map((r) => byId.get(r.id) ?? r))
  })

  const [form] = Form.useForm()
  useEffect(() => form.setFieldsValue(filters), [filters.provider, filters.itemKey, filters.status]) // eslint-disable-line react-hooks/exhaustive-deps

  const quarantineLink = (b: BatchRow) => `/ingest/quarantine?batchId=${b.id}`
  const canSeeRejects = account.role !== 'supervisor'

  const columns: TableColumnsType<BatchRow> = [
    {
      title: t('ingest.batches.colId'), dataIndex: 'id', width: 104,
      render: (id: string) => (
        <Tooltip title={`${t('common.details')}：${id}`}>
          <Button type="link" size="small" className="code-text" style={{ padding: 0 }} onClick={() => setQuery({ batchId: id }, { replace: false })}>{shortId(id)}</Button>
        </Tooltip>
      ),
    },
    {
      title: seesAll ? `${t('ingest.batches.colItem')} / ${t('ingest.batches.colProvider')}` : t('ingest.batches.colItem'), dataIndex: 'item_key',
      render: (k: string, b) => (
        <Flex vertical>
          <span>{items.get(k)?.name ?? <span className="code-text">{k}</span>}</span>
          {seesAll && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{b.provider}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('ingest.batches.colMethod'), dataIndex: 'method', width: 64, responsive: ['xl'], render: (m: string) => tDynamic(`method.${m}`, m) },
    {
      title: t('ingest.batches.colStatus'), dataIndex: 'status', width: 112,
      render: (s: BatchStatus, b) => (
        <>
          <BatchStatusTag status={s} />
          {s === 'running' && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('ingest.batches.progress', { received: formatCount(b.received) })}</div>}
        </>
      ),
    },
    { title: t('ingest.batches.colReceived'), dataIndex: 'received', align: 'right', width: 80, render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('ingest.batches.colStored'), dataIndex: 'stored', align: 'right', width: 80, render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('ingest.batches.colDuplicates'), dataIndex: 'duplicates', align: 'right', width: 72, responsive: ['lg'], render: (v: number) => <span className="num">{formatCount(v)}</span> },
    {
      title: t('ingest.batches.colQuarantined'), dataIndex: 'quarantined', align: 'right', width: 72,
      render: (v: number, b) => (v > 0 && canSeeRejects ? <a href={quarantineLink(b)} onClick={linkClick(quarantineLink(b))} className="num danger-text">{formatCount(v)}</a> : <span className="num">{formatCount(v)}</span>),
    },
    { title: t('ingest.batches.colSource'), dataIndex: 'source', width: 160, ellipsis: true, responsive: ['xxl'], render: (v: string | null) => v ?? '—' },
    { title: t('ingest.batches.colStarted'), dataIndex: 'started_at', width: 168, responsive: ['md'], render: (v: string) => <span className="num">{formatDateTime(v)}</span> },
  ]

  const description = account.role === 'operator' ? t('ingest.batches.descriptionOperator') : account.role === 'provider' ? t('ingest.batches.descriptionProvider') : t('ingest.batches.descriptionSupervisor')
  return (
    <>
      <PageHeader
        title={t('ingest.batches.title')}
        description={description}
        extra={
          <>
            {running.length > 0 && <Tag icon={<SyncOutlined spin />} color="processing">{t('ingest.batches.live')}</Tag>}
            <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>
          </>
        }
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form form={form} layout="inline" className="filter-bar" name="batch-filter" initialValues={filters} onFinish={(v: typeof filters) => setQuery({ ...v, page: null })}>
          {seesAll && (
            <Form.Item label={t('ingest.batches.provider')} name="provider">
              <ProviderSelect providers={providers} placeholder={t('ingest.batches.providerPlaceholder')} style={{ width: 220 }} />
            </Form.Item>
          )}
          <Form.Item label={t('ingest.batches.item')} name="itemKey">
            <ItemSelect catalog={catalog.data} placeholder={t('ingest.batches.itemPlaceholder')} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('ingest.batches.status')} name="status">
            <Select<BatchStatus>
              allowClear
              placeholder={t('ingest.batches.statusPlaceholder')}
              style={{ width: 130 }}
              options={(['running', 'completed', 'failed'] as const).map((s) => ({ value: s, label: t(`batchStatus.${s}`) }))}
            />
          </Form.Item>
          <FilterActions onReset={() => setQuery({ provider: null, itemKey: null, status: null, page: null })} />
        </Form>
        <Table<BatchRow>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 860 }}
          pagination={serverPagination(paging, list.data?.total)}
        />
      </Card>
      <BatchDrawer id={openId} itemName={(k) => items.get(k)?.name ?? k} canSeeRejects={canSeeRejects} onClose={() => setQuery({ batchId: null })} />
    </>
  )
}

function BatchDrawer({ id, itemName, canSeeRejects, onClose }: { id: string | null; itemName: (k: string) => string; canSeeRejects: boolean; onClose: () => void }) {
  const batch = useApi((signal) => (id ? api.get('/api/ingest/batches/{batchId}', { params: { batchId: id }, signal }) : Promise.resolve(undefined)), [id])
  const [live, setLive] = useState<BatchRow>()
  useEffect(() => setLive(batch.data), [batch.data])
  usePolling(!!id && live?.status === 'running', POLL_MS, async () => {
    if (id) setLive(await api.get('/api/ingest/batches/{batchId}', { params: { batchId: id } }))
  })
  const b = live
  const warnings = Array.isArray(b?.options?.warnings) ? (b.options.warnings as unknown[]).map(String) : []
  return (
    <Drawer open={!!id} onClose={onClose} title={t('ingest.batches.drawerTitle')} size={560} destroyOnHidden>
      <ErrorAlert error={batch.error} onRetry={batch.reload} />
      {!b && batch.loading && <Skeleton active />}
      {b && (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'id', label: t('ingest.batches.colId'), children: <Code value={b.id} copyable /> },
              { key: 'item', label: t('ingest.batches.colItem'), children: itemName(b.item_key) },
              { key: 'provider', label: t('ingest.batches.colProvider'), children: b.provider },
              { key: 'method', label: t('ingest.batches.colMethod'), children: tDynamic(`method.${b.method}`, b.method) },
              { key: 'status', label: t('ingest.batches.colStatus'), children: <BatchStatusTag status={b.status} /> },
              { key: 'received', label: t('ingest.batches.colReceived'), children: formatCount(b.received) },
              { key: 'stored', label: t('ingest.batches.colStored'), children: formatCount(b.stored) },
              { key: 'dup', label: t('ingest.batches.colDuplicates'), children: formatCount(b.duplicates) },
              { key: 'q', label: t('ingest.batches.colQuarantined'), children: formatCount(b.quarantined) },
              { key: 'source', label: t('ingest.batches.colSource'), children: b.source ?? '—' },
              { key: 'version', label: t('ingest.batches.catalogVersion'), children: b.catalog_version },
              { key: 'by', label: t('ingest.batches.createdBy'), children: b.created_by ?? '—' },
              { key: 'start', label: t('ingest.batches.colStarted'), children: formatDateTime(b.started_at) },
              { key: 'updated', label: t('ingest.batches.updated'), children: formatDateTime(b.updated_at) },
              { key: 'end', label: t('ingest.batches.colFinished'), children: formatDateTime(b.finished_at) },
            ]}
          />
          {b.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('ingest.batches.error')} description={b.error} />}
          {warnings.length > 0 && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('ingest.upload.warnings')} description={<ul className="issue-list">{warnings.map((w) => <li key={w}>{w}</li>)}</ul>} />}
          {canSeeRejects && b.quarantined > 0 && (
            <Button type="primary" danger style={{ marginTop: 16 }} href={`/ingest/quarantine?batchId=${b.id}`} onClick={linkClick(`/ingest/quarantine?batchId=${b.id}`)}>
              {t('ingest.batches.viewRejects')}
            </Button>
          )}
          {b.status === 'running' && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}><SyncOutlined spin /> {t('ingest.batches.live')}</Typography.Paragraph>}
        </>
      )}
    </Drawer>
  )
}

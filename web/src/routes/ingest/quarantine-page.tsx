import { useEffect } from 'react'
import { AutoComplete, Button, Card, Flex, Form, Input, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Page, QuarantineRow, QuarantineStatus } from '../../api/types'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { ItemSelect, ProviderSelect } from '../../components/selects'
import { QuarantineStatusTag } from '../../components/tags'
import { itemIndex, useApi, useCatalog, serverPagination, usePaging, useProviders } from '../../hooks'
import { formatDateTime, shortId } from '../../format'
import { messageGroup, t } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { QuarantineDrawer } from './quarantine-drawer'

interface Filters {
  provider?: string
  itemKey?: string
  code?: string
  status?: QuarantineStatus
  batchId?: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * 隔离区 / 隔离记录: records that failed validation, server-paged and filtered (provider, item, reason code, status,
 * batch — all in the URL, so an upload's result links straight to its rejects). A record opens in a drawer to be
 * corrected and resubmitted, or (operator) discarded with a reason.
 */
export default function QuarantinePage() {
  const account = useAccount()
  const notify = useNotify()
  const { query } = useLocation()
  const paging = usePaging(query)
  const isOperator = account.role === 'operator'
  const filters: Filters = {
    provider: query.get('provider') ?? undefined,
    itemKey: query.get('itemKey') ?? undefined,
    code: query.get('code') ?? undefined,
    status: (query.get('status') as QuarantineStatus | null) ?? 'open',
    batchId: query.get('batchId') ?? undefined,
  }
  const open = query.get('open')
  const catalog = useCatalog()
  const items = itemIndex(catalog.data)
  const providers = useProviders(isOperator)
  const codes = messageGroup('issues')

  const badBatch = filters.batchId !== undefined && !UUID.test(filters.batchId)
  const list = useApi(
    (signal) =>
      badBatch
        ? Promise.resolve({ total: 0, rows: [] } as Page<QuarantineRow>)
        : api.get('/api/ingest/quarantine', { signal, query: { ...filters, provider: isOperator ? filters.provider : undefined, limit: paging.limit, offset: paging.offset } }),
    [filters.provider, filters.itemKey, filters.code, filters.status, filters.batchId, paging.limit, paging.offset],
  )

  const [form] = Form.useForm<Filters>()
  useEffect(() => form.setFieldsValue(filters), [filters.provider, filters.itemKey, filters.code, filters.status, filters.batchId]) // eslint-disable-line react-hooks/exhaustive-deps

  const exportXlsx = async () => {
    try {
      const name = await api.download('/api/ingest/quarantine/export.xlsx', {
        filename: '隔离记录.xlsx',
        query: { provider: isOperator ? filters.provider : undefined, itemKey: filters.itemKey, batchId: badBatch ? undefined : filters.batchId },
      })
      notify.success(t('common.downloadStarted', { name }))
    } catch (err) {
      notify.error(err)
    }
  }

  const openRecord = (r: QuarantineRow) => setQuery({ open: `${r.batch_id}:${r.position}` }, { replace: false })

  const columns: TableColumnsType<QuarantineRow> = [
    {
      title: t('ingest.quarantine.colPosition'), key: 'pos', width: 130,
      render: (_, r) => (
        <Flex vertical>
          <span>{t('ingest.quarantine.positionValue', { position: r.position })}</span>
          <Tooltip title={r.batch_id}><span className="code-text" style={{ fontSize: 12, color: '#8c8c8c' }}>{t('ingest.quarantine.batchTag', { id: shortId(r.batch_id) })}</span></Tooltip>
        </Flex>
      ),
    },
    {
      title: isOperator ? `${t('ingest.quarantine.colItem')} / ${t('ingest.quarantine.colProvider')}` : t('ingest.quarantine.colItem'), dataIndex: 'item_key', width: 210,
      render: (k: string, r) => (
        <Flex vertical>
          <span>{items.get(k)?.name ?? <span className="code-text">{k}</span>}</span>
          {isOperator && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.provider}</Typography.Text>}
        </Flex>
      ),
    },
    {
      title: t('ingest.quarantine.colIssues'), dataIndex: 'issues',
      render: (issues: QuarantineRow['issues']) => (
        <ul className="issue-list">
          {issues.slice(0, 3).map((i, n) => (
            <li key={n}>
              <Typography.Text type="danger">{i.zh}</Typography.Text>
            </li>
          ))}
          {issues.length > 3 && <li>…（{issues.length}）</li>}
        </ul>
      ),
    },
    { title: t('ingest.quarantine.colStatus'), dataIndex: 'status', width: 120, render: (s: QuarantineStatus) => <QuarantineStatusTag status={s} /> },
    { title: t('ingest.quarantine.colCreated'), dataIndex: 'created_at', width: 168, responsive: ['xxl'], render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'), key: 'a', width: 90, fixed: 'right',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => openRecord(r)} aria-label={`${r.status === 'open' ? t('ingest.quarantine.open') : t('common.view')} ${t('ingest.quarantine.positionValue', { position: r.position })}`}>
          {r.status === 'open' ? t('ingest.quarantine.open') : t('common.view')}
        </Button>
      ),
    },
  ]

  const [batchId, position] = open?.split(':') ?? []
  return (
    <>
      <PageHeader
        title={isOperator ? t('ingest.quarantine.titleOperator') : t('ingest.quarantine.titleProvider')}
        description={isOperator ? t('ingest.quarantine.descriptionOperator') : t('ingest.quarantine.descriptionProvider')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>
            <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()}>{t('ingest.quarantine.export')}</Button>
          </>
        }
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form<Filters>
          form={form}
          layout="inline"
          className="filter-bar"
          name="quarantine-filter"
          initialValues={filters}
          onFinish={(v) => setQuery({ provider: v.provider, itemKey: v.itemKey, code: v.code?.trim(), status: v.status === 'open' ? null : v.status, batchId: v.batchId?.trim(), page: null })}
        >
          {isOperator && (
            <Form.Item label={t('ingest.quarantine.provider')} name="provider">
              <ProviderSelect providers={providers} placeholder={t('ingest.quarantine.providerPlaceholder')} style={{ width: 210 }} />
            </Form.Item>
          )}
          <Form.Item label={t('ingest.quarantine.item')} name="itemKey">
            <ItemSelect catalog={catalog.data} placeholder={t('ingest.quarantine.itemPlaceholder')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label={t('ingest.quarantine.code')} name="code">
            <AutoComplete
              allowClear
              placeholder={t('ingest.quarantine.codePlaceholder')}
              style={{ width: 220 }}
              popupMatchSelectWidth={320}
              options={Object.entries(codes).map(([code, zh]) => ({ value: code, label: <span><span className="code-text">{code}</span> {zh}</span> }))}
              showSearch={{ filterOption: (input, option) => `${String(option?.value ?? '')} ${codes[String(option?.value ?? '')] ?? ''}`.toLowerCase().includes(input.toLowerCase()) }}
            />
          </Form.Item>
          <Form.Item label={t('ingest.quarantine.status')} name="status">
            <Select<QuarantineStatus> style={{ width: 130 }} options={(['open', 'resubmitted', 'discarded'] as const).map((s) => ({ value: s, label: t(`quarantineStatus.${s}`) }))} />
          </Form.Item>
          <Form.Item label={t('ingest.quarantine.batch')} name="batchId" rules={[{ pattern: UUID, message: t('ingest.quarantine.batchPlaceholder') }]}>
            <Input allowClear placeholder={t('ingest.quarantine.batchPlaceholder')} style={{ width: 300 }} className="code-text" />
          </Form.Item>
          <FilterActions onReset={() => setQuery({ provider: null, itemKey: null, code: null, status: null, batchId: null, page: null })} />
        </Form>
        {filters.batchId && (
          <Flex style={{ marginBottom: 12 }}>
            <Tag closable color="blue" onClose={() => setQuery({ batchId: null, page: null })} className="code-text">
              {t('ingest.quarantine.batchTag', { id: filters.batchId })}
            </Tag>
          </Flex>
        )}
        <Table<QuarantineRow>
          rowKey={(r) => `${r.batch_id}:${r.position}`}
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.rows ?? []}
          scroll={{ x: 820 }}
          onRow={(r) => ({ onDoubleClick: () => openRecord(r) })}
          pagination={serverPagination(paging, list.data?.total)}
        />
      </Card>
      <QuarantineDrawer
        batchId={batchId}
        position={position !== undefined ? Number(position) : undefined}
        canDiscard={isOperator}
        itemName={(k) => items.get(k)?.name ?? k}
        onClose={() => setQuery({ open: null })}
        onChanged={list.reload}
      />
    </>
  )
}

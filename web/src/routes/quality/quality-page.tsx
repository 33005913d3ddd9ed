import { useMemo, useState } from 'react'
import { Card, Col, Flex, Form, Row, Statistic, Switch, Table, Tooltip, Typography, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { QualityRow } from '../../api/types'
import { QualityChart } from '../../components/charts/quality-chart'
import { VolumeChart } from '../../components/charts/volume-chart'
import { ErrorAlert, PageHeader } from '../../components/page'
import { ItemSelect, ProviderSelect } from '../../components/selects'
import { TimelinessTag } from '../../components/tags'
import { providerNames, useApi, useCatalog } from '../../hooks'
import { formatCount, formatDate, formatPercent } from '../../format'
import { t, tDynamic } from '../../i18n'
import { Link, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'

/**
 * 数据质量: validity, completeness, duplicates and timeliness per provider and item, with a chart per provider.
 * Overdue rows (and providers) are marked red. The report is one row per provider × item, so it is paged here.
 */
export default function QualityPage() {
  const account = useAccount()
  const { query } = useLocation()
  const seesAll = account.role !== 'provider'
  const provider = seesAll ? query.get('provider') ?? undefined : undefined
  const itemKey = query.get('itemKey') ?? undefined
  const [overdueOnly, setOverdueOnly] = useState(false)
  const catalog = useCatalog()
  const all = useApi((signal) => (seesAll ? api.get('/api/quality', { signal }) : Promise.resolve(undefined)), [seesAll])
  const report = useApi((signal) => api.get('/api/quality', { signal, query: { provider, itemKey } }), [provider, itemKey])
  const rows = report.data ?? []
  const shown = overdueOnly ? rows.filter((r) => r.overdue) : rows
  const providers = useMemo(() => providerNames(catalog.data, all.data), [catalog.data, all.data])

  const totals = useMemo(() => {
    const received = rows.reduce((n, r) => n + r.received, 0)
    const quarantined = rows.reduce((n, r) => n + r.quarantined, 0)
    return {
      providers: new Set(rows.map((r) => r.provider)).size,
      received,
      stored: rows.reduce((n, r) => n + r.stored, 0),
      quarantined,
      overdue: rows.filter((r) => r.overdue).length,
      validity: received > 0 ? (received - quarantined) / received : null,
    }
  }, [rows])

  const pctCell = (v: number | null, warnBelow?: number) => (
    <span className={`num${v !== null && warnBelow !== undefined && v < warnBelow ? ' danger-text' : ''}`}>{formatPercent(v)}</span>
  )
  const columns: TableColumnsType<QualityRow> = [
    ...(seesAll ? [{ title: t('quality.colProvider'), dataIndex: 'provider', width: 180, fixed: 'left' as const }] : []),
    { title: t('quality.colItem'), dataIndex: 'itemName', width: 180, render: (v: string, r) => <Link to={`/catalog/${r.itemKey}`}>{v}</Link> },
    { title: t('quality.colBatches'), dataIndex: 'batches', align: 'right', width: 70, responsive: ['lg'], render: (v: number) => formatCount(v) },
    { title: t('quality.colReceived'), dataIndex: 'received', align: 'right', width: 90, sorter: (a, b) => a.received - b.received, render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('quality.colStored'), dataIndex: 'stored', align: 'right', width: 90, responsive: ['md'], render: (v: number) => <span className="num">{formatCount(v)}</span> },
    { title: t('quality.colQuarantined'), dataIndex: 'quarantined', align: 'right', width: 80, render: (v: number) => <span className={`num${v > 0 ? ' danger-text' : ''}`}>{formatCount(v)}</span> },
    { title: t('quality.colValidity'), dataIndex: 'validity', align: 'right', width: 90, sorter: (a, b) => (a.validity ?? -1) - (b.validity ?? -1), render: (v: number | null) => pctCell(v, 0.95) },
    { title: t('quality.colCompleteness'), dataIndex: 'completeness', align: 'right', width: 90, sorter: (a, b) => (a.completeness ?? -1) - (b.completeness ?? -1), render: (v: number | null) => pctCell(v, 0.6) },
    { title: t('quality.colDuplicateRate'), dataIndex: 'duplicateRate', align: 'right', width: 90, responsive: ['lg'], render: (v: number | null) => pctCell(v) },
    {
      title: <Tooltip title={t('quality.nameMismatchesHelp')}>{t('quality.colNameMismatches')}</Tooltip>, dataIndex: 'nameMismatches', align: 'right', width: 90, responsive: ['lg'],
      render: (v: number) => <span className={`num${v > 0 ? ' danger-text' : ''}`}>{formatCount(v)}</span>,
    },
    { title: t('quality.colFrequency'), dataIndex: 'frequency', width: 80, responsive: ['xl'], render: (v: string) => tDynamic(`frequency.${v}`, v) },
    { title: t('quality.colLast'), dataIndex: 'lastDelivery', width: 110, render: (v: string | null) => (v ? formatDate(v) : <Typography.Text type="danger">{t('quality.never')}</Typography.Text>) },
    { title: t('quality.colDue'), dataIndex: 'dueBy', width: 110, responsive: ['lg'], render: (v: string | null) => formatDate(v) },
    { title: t('quality.colTimeliness'), dataIndex: 'overdue', width: 100, fixed: 'right', render: (v: boolean, r) => <TimelinessTag overdue={v} never={!r.lastDelivery} /> },
  ]

  const stats: Array<[string, string | number, string?]> = [
    ...(seesAll ? [[t('quality.statProviders'), totals.providers] as [string, number]] : []),
    [t('quality.statReceived'), formatCount(totals.received)],
    [t('quality.statStored'), formatCount(totals.stored)],
    [t('quality.statQuarantined'), formatCount(totals.quarantined), totals.quarantined > 0 ? '#cf1322' : undefined],
    [t('quality.statValidity'), formatPercent(totals.validity)],
    [t('quality.statOverdue'), totals.overdue, totals.overdue > 0 ? '#cf1322' : undefined],
  ]

  return (
    <>
      <PageHeader title={t('quality.title')} description={t('quality.description')} />
      <ErrorAlert error={report.error} onRetry={report.reload} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" className="filter-bar" name="quality-filter" style={{ marginBottom: 0 }}>
          {seesAll && (
            <Form.Item label={t('quality.provider')} htmlFor="quality-provider">
              <ProviderSelect id="quality-provider" providers={providers} placeholder={t('quality.providerPlaceholder')} style={{ width: 220 }} value={provider} onChange={(v) => setQuery({ provider: v })} />
            </Form.Item>
          )}
          <Form.Item label={t('quality.item')} htmlFor="quality-item">
            <ItemSelect id="quality-item" catalog={catalog.data} placeholder={t('quality.itemPlaceholder')} style={{ width: 220 }} value={itemKey} onChange={(v) => setQuery({ itemKey: v })} />
          </Form.Item>
          <Form.Item label={t('quality.overdueOnly')} htmlFor="quality-overdue">
            <Switch id="quality-overdue" checked={overdueOnly} onChange={setOverdueOnly} />
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {stats.map(([title, value, color]) => (
          <Col key={title} xs={12} md={8} xl={4}>
            <Card size="small" className="stat-card" loading={report.loading && !report.data}>
              <Statistic title={title} value={value} styles={{ content: color ? { color } : {} }} />
            </Card>
          </Col>
        ))}
      </Row>
      {rows.length > 0 && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} xl={seesAll ? 14 : 24}>
            <Card title={seesAll ? t('quality.chartTitle') : t('quality.chartTitleItems')} extra={totals.overdue > 0 ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{seesAll ? t('quality.chartOverdueNote') : t('quality.chartOverdueNoteItems')}</Typography.Text> : null}>
              <QualityChart rows={rows} by={seesAll ? 'provider' : 'item'} />
            </Card>
          </Col>
          {seesAll && (
            <Col xs={24} xl={10}>
              <Card title={t('quality.volumeTitle')}>
                <VolumeChart rows={rows} />
              </Card>
            </Col>
          )}
        </Row>
      )}
      <Card>
        <Flex justify="flex-end" style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('common.total', { total: shown.length })}</Typography.Text>
        </Flex>
        <Table<QualityRow>
          rowKey={(r) => `${r.provider}\u0000${r.itemKey}`}
          size="middle"
          loading={report.loading}
          columns={columns}
          dataSource={shown}
          rowClassName={(r) => (r.overdue ? 'row-overdue' : '')}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('quality.empty') }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        />
      </Card>
    </>
  )
}

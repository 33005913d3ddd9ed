import type { ReactNode } from 'react'
import { Card, Col, Empty, Form, Row, Statistic, Table, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { MonitoringStatsInstitution } from '../../api/types'
import { MonitoringDailyChart } from '../../components/charts/monitoring-stats-chart'
import { PeriodField } from '../../components/period-field'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useApi } from '../../hooks'
import { formatCount, formatPercent } from '../../format'
import { t } from '../../i18n'
import { useLocation } from '../../router'

const num = (v: ReactNode) => <span className="num">{v}</span>
const count = (v: number) => num(formatCount(v))

/**
 * 监测预警统计 (docs/monitoring.md): for the credit service centre and supervisors, alerts per day and kind, and per
 * institution what was acknowledged and how its webhook deliveries went. Counts only (the API answers nothing else);
 * the period is kept in the address, as on the other statistics pages.
 */
export default function MonitoringStatsPage() {
  const { query } = useLocation()
  const filter = { from: query.get('from') ?? undefined, to: query.get('to') ?? undefined }
  const stats = useApi((signal) => api.get('/api/monitoring/stats', { signal, query: filter }), [filter.from, filter.to])
  const rows = stats.data?.byInstitution ?? []

  const sum = (f: (r: MonitoringStatsInstitution) => number) => rows.reduce((a, r) => a + f(r), 0)
  // The overall rate as the API computes each institution's: delivered / (delivered + failed), pending left out.
  const settled = sum((r) => r.delivered) + sum((r) => r.failed)
  const cards: Array<[string, string]> = stats.data ? [
    [t('monitoringStats.statAlerts'), formatCount(sum((r) => r.alerts))],
    [t('monitoringStats.statAcknowledged'), formatCount(sum((r) => r.acknowledged))],
    [t('monitoringStats.statInstitutions'), formatCount(rows.length)],
    [t('monitoringStats.statSuccessRate'), settled === 0 ? formatPercent(null) : formatPercent(sum((r) => r.delivered) / settled)],
  ] : []

  const columns: TableColumnsType<MonitoringStatsInstitution> = [
    { title: t('monitoringStats.colInstitution'), dataIndex: 'institution', width: 200, fixed: 'left' },
    { title: t('monitoringStats.colAlerts'), dataIndex: 'alerts', align: 'right', width: 80, render: count },
    { title: t('monitoringStats.colAcknowledged'), dataIndex: 'acknowledged', align: 'right', width: 80, render: count },
    { title: t('monitoringStats.colDeliveries'), dataIndex: 'deliveries', align: 'right', width: 90, render: count },
    { title: t('monitoringStats.colDelivered'), dataIndex: 'delivered', align: 'right', width: 80, render: count },
    { title: t('monitoringStats.colFailed'), dataIndex: 'failed', align: 'right', width: 80, render: count },
    { title: t('monitoringStats.colPending'), dataIndex: 'pending', align: 'right', width: 80, responsive: ['md'], render: count },
    { title: t('monitoringStats.colAttempts'), dataIndex: 'attempts', align: 'right', width: 90, responsive: ['lg'], render: count },
    { title: t('monitoringStats.colSuccessRate'), dataIndex: 'successRate', align: 'right', width: 90, render: (v: number | null) => num(formatPercent(v)) },
    { title: t('monitoringStats.colLiveWatches'), dataIndex: 'liveWatches', align: 'right', width: 90, responsive: ['lg'], render: count },
    { title: t('monitoringStats.colWatchedSubjects'), dataIndex: 'watchedSubjects', align: 'right', width: 90, responsive: ['lg'], render: count },
  ]

  return (
    <>
      <PageHeader title={t('monitoringStats.title')} description={t('monitoringStats.description')} />
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" className="filter-bar" name="monitoring-stats-filter" style={{ marginBottom: 0 }}>
          <PeriodField id="monitoring-stats-period" label={t('monitoringStats.period')} from={filter.from} to={filter.to} />
        </Form>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {cards.map(([title, value]) => (
          <Col key={title} flex="1 1 150px">
            <Card size="small" className="stat-card"><Statistic title={title} value={value} /></Card>
          </Col>
        ))}
      </Row>
      {stats.data && stats.data.byDay.length === 0 && <Card style={{ marginBottom: 16 }}><Empty description={t('monitoringStats.empty')} /></Card>}
      {stats.data && stats.data.byDay.length > 0 && (
        <Card title={t('monitoringStats.chartTitle')} style={{ marginBottom: 16 }}><MonitoringDailyChart byDay={stats.data.byDay} byKind={stats.data.byKind} /></Card>
      )}
      {rows.length > 0 && (
        <Card title={t('monitoringStats.tableTitle')}>
          <Table<MonitoringStatsInstitution> size="small" rowKey="institution" pagination={false} scroll={{ x: 1100 }} columns={columns} dataSource={rows} />
        </Card>
      )}
    </>
  )
}

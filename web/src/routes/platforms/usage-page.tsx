import { useState, type ReactNode } from 'react'
import { Button, Card, Col, Empty, Form, Row, Space, Statistic, Table, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { PlatformUsageReport, PlatformUsageRow } from '../../api/types'
import { PlatformUsageChart } from '../../components/charts/platform-usage-chart'
import { PeriodField } from '../../components/period-field'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { useApi } from '../../hooks'
import { formatCount, formatDateTime, formatPercent } from '../../format'
import { t } from '../../i18n'
import { useLocation } from '../../router'
import { formatFen } from '../compensation/money'
import { formatLag } from './lag'

const num = (v: ReactNode) => <span className="num">{v}</span>
const count = (v: number) => num(formatCount(v))

/**
 * 平台使用情况 (§七): for the credit service centre and supervisors, what the feed delivered to each service platform
 * and what the platform reported doing with it (queries, matches, loans), with the period kept in the address and
 * the same table as Excel or CSV.
 */
export default function PlatformUsagePage() {
  const { query } = useLocation()
  const notify = useNotify()
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null)
  const filter = { from: query.get('from') ?? undefined, to: query.get('to') ?? undefined }
  const usage = useApi((signal) => api.get('/api/platforms/usage', { signal, query: filter }), [filter.from, filter.to])
  const rows = usage.data?.platforms ?? []

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format)
    try {
      const name = await api.download(`/api/platforms/usage.${format}`, { filename: `平台使用情况.${format}`, query: filter })
      notify.success(t('common.downloadStarted', { name }))
    } catch (err) {
      notify.error(err)
    } finally {
      setExporting(null)
    }
  }

  const sum = (f: (r: PlatformUsageRow) => number) => rows.reduce((a, r) => a + f(r), 0)
  const cards: Array<[string, string]> = usage.data ? [
    [t('platforms.statPlatforms'), formatCount(rows.length)],
    [t('platforms.statDelivered'), formatCount(sum((r) => r.upserts))],
    [t('platforms.statQueries'), formatCount(sum((r) => r.queries))],
    [t('platforms.statLoans'), formatCount(sum((r) => r.loans))],
    [t('platforms.statLoanAmount'), formatFen(sum((r) => r.loanAmountFen))],
  ] : []

  const columns: TableColumnsType<PlatformUsageRow> = [
    { title: t('platforms.colPlatform'), dataIndex: 'platform', width: 200, fixed: 'left' },
    { title: t('platforms.colPulls'), dataIndex: 'pulls', align: 'right', width: 80, render: count },
    { title: t('platforms.lastPull'), dataIndex: 'lastPullAt', width: 170, responsive: ['lg'], render: (v: string | null) => (v ? formatDateTime(v) : t('platforms.never')) },
    { title: t('platforms.colLag'), dataIndex: 'lagSeconds', align: 'right', width: 100, render: (v: number | null) => num(formatLag(v)) },
    { title: t('platforms.colUpserts'), dataIndex: 'upserts', align: 'right', width: 100, render: count },
    { title: t('platforms.colTombstones'), dataIndex: 'tombstones', align: 'right', width: 90, responsive: ['md'], render: count },
    { title: t('platforms.colGranted'), dataIndex: 'granted', align: 'right', width: 100, responsive: ['lg'], render: count },
    { title: t('platforms.colSubjectsDelivered'), dataIndex: 'subjectsDelivered', align: 'right', width: 100, render: count },
    { title: t('platforms.colReports'), dataIndex: 'reports', align: 'right', width: 80, responsive: ['md'], render: count },
    { title: t('platforms.colQueries'), dataIndex: 'queries', align: 'right', width: 80, render: count },
    { title: t('platforms.colMatches'), dataIndex: 'matches', align: 'right', width: 80, render: count },
    { title: t('platforms.colLoans'), dataIndex: 'loans', align: 'right', width: 80, render: count },
    { title: t('platforms.colLoanAmount'), dataIndex: 'loanAmountFen', align: 'right', width: 150, render: (v: number) => num(formatFen(v)) },
    { title: t('platforms.colSubjectsUsed'), dataIndex: 'subjectsUsed', align: 'right', width: 100, render: count },
    { title: t('platforms.colUsedShare'), dataIndex: 'usedShareBp', align: 'right', width: 90, render: (v: number | null) => num(v === null ? '—' : formatPercent(v / 10_000)) },
  ]

  return (
    <>
      <PageHeader
        title={t('platforms.usageTitle')} description={t('platforms.usageDescription')}
        extra={(
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} disabled={!usage.data} onClick={() => exportAs('xlsx')}>{t('platforms.exportXlsx')}</Button>
            <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} disabled={!usage.data} onClick={() => exportAs('csv')}>{t('platforms.exportCsv')}</Button>
          </Space>
        )}
      />
      <ErrorAlert error={usage.error} onRetry={usage.reload} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" className="filter-bar" name="platform-usage-filter" style={{ marginBottom: 0 }}>
          <PeriodField id="platform-usage-period" label={t('platforms.period')} from={filter.from} to={filter.to} />
        </Form>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {cards.map(([title, value]) => (
          <Col key={title} flex={title === t('platforms.statLoanAmount') ? '2 1 220px' : '1 1 130px'}>
            <Card size="small" className="stat-card"><Statistic title={title} value={value} /></Card>
          </Col>
        ))}
      </Row>
      {usage.data && rows.length === 0 && <Card><Empty description={t('platforms.empty')} /></Card>}
      {rows.length > 0 && (
        <>
          <Card title={t('platforms.chartTitle')} style={{ marginBottom: 16 }}><PlatformUsageChart rows={rows} /></Card>
          <Card>
            <Table<PlatformUsageRow> size="small" rowKey="platform" pagination={false} scroll={{ x: 1500 }} columns={columns} dataSource={rows} />
          </Card>
        </>
      )}
    </>
  )
}

import { useState, type ReactNode } from 'react'
import { Button, Card, Col, Empty, Form, Row, Select, Statistic, Table, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { FinancingStatRow, LateReportRow } from '../../api/types'
import { LateReportChart } from '../../components/charts/late-report-chart'
import { LoanBreakdownChart } from '../../components/charts/loan-breakdown-chart'
import { LoanMonthChart } from '../../components/charts/loan-month-chart'
import { PeriodField } from '../../components/period-field'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { useApi } from '../../hooks'
import { formatCount, formatPercent } from '../../format'
import { messageGroup, t } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { formatFen } from '../compensation/money'

type Breakdown = 'byRegion' | 'byInstitution' | 'byProductType' | 'byEnterpriseSize'

const BREAKDOWNS: Array<{ key: Breakdown; title: Parameters<typeof t>[0]; col: Parameters<typeof t>[0]; note?: Parameters<typeof t>[0] }> = [
  { key: 'byRegion', title: 'stats.byRegion', col: 'stats.colRegion' },
  { key: 'byInstitution', title: 'stats.byInstitution', col: 'stats.colInstitution' },
  { key: 'byProductType', title: 'stats.byProductType', col: 'stats.colProductType' },
  { key: 'byEnterpriseSize', title: 'stats.byEnterpriseSize', col: 'stats.colSize', note: 'stats.sizeNote' },
]

const num = (v: ReactNode) => <span className="num">{v}</span>
const days = (v: number | null) => num(v === null ? '—' : v.toLocaleString('zh-CN'))

/** The columns of every breakdown table after its first (what the rows are by). */
function statColumns(first: string): TableColumnsType<FinancingStatRow> {
  return [
    { title: first, dataIndex: 'name', width: 200, fixed: 'left' },
    { title: t('stats.colLoans'), dataIndex: 'loans', align: 'right', width: 70, render: (v: number) => num(formatCount(v)) },
    { title: t('stats.colAmount'), dataIndex: 'amountFen', align: 'right', width: 160, render: (v: number) => num(formatFen(v)) },
    { title: t('stats.colCreditLoans'), dataIndex: 'creditLoans', align: 'right', width: 80, responsive: ['lg'], render: (v: number) => num(formatCount(v)) },
    { title: t('stats.colCreditShare'), dataIndex: 'creditShareBp', align: 'right', width: 100, render: (v: number) => num(formatPercent(v / 10_000)) },
    { title: t('stats.colFirstLoans'), dataIndex: 'firstLoans', align: 'right', width: 70, render: (v: number) => num(formatCount(v)) },
    { title: t('stats.colAvgDays'), dataIndex: 'avgDecisionDays', align: 'right', width: 110, responsive: ['md'], render: days },
    { title: t('stats.colP50Days'), dataIndex: 'p50DecisionDays', align: 'right', width: 120, responsive: ['lg'], render: days },
    { title: t('stats.colOverdue'), dataIndex: 'overdue', align: 'right', width: 60, render: (v: number) => <span className={`num${v > 0 ? ' danger-text' : ''}`}>{formatCount(v)}</span> },
    { title: t('stats.colDefaulted'), dataIndex: 'defaulted', align: 'right', width: 60, render: (v: number) => <span className={`num${v > 0 ? ' danger-text' : ''}`}>{formatCount(v)}</span> },
  ]
}

function StatTable({ rows, total, first }: { rows: readonly FinancingStatRow[]; total: FinancingStatRow; first: string }) {
  return (
    <Table<FinancingStatRow>
      size="small" rowKey="key" pagination={false} scroll={{ x: 900 }} columns={statColumns(first)} dataSource={[...rows]}
      summary={() => (rows.length > 1 ? (
        <Table.Summary.Row>
          {statColumns(first).map((c, i) => {
            const key = (c as { dataIndex?: keyof FinancingStatRow }).dataIndex!
            const value = key === 'name' ? t('stats.total') : (c.render as ((v: unknown, r: FinancingStatRow, i: number) => ReactNode) | undefined)?.(total[key], total, 0)
            return <Table.Summary.Cell key={String(key)} index={i} align={i === 0 ? 'left' : 'right'}><strong>{value}</strong></Table.Summary.Cell>
          })}
        </Table.Summary.Row>
      ) : null)}
    />
  )
}

/**
 * 融资统计 (§二十) for the credit service centre and supervisors: totals, a chart and a table per breakdown, late
 * reports per institution, filters kept in the address, and the same figures as an Excel workbook.
 */
export default function FinancingStatsPage() {
  const { query } = useLocation()
  const notify = useNotify()
  const [exporting, setExporting] = useState(false)
  const filter = { from: query.get('from') ?? undefined, to: query.get('to') ?? undefined, region: query.get('region') ?? undefined, institution: query.get('institution') ?? undefined }
  const stats = useApi((signal) => api.get('/api/stats/financing', { signal, query: filter }), [filter.from, filter.to, filter.region, filter.institution])
  const s = stats.data
  const divisions = messageGroup('divisions')
  const institutions = [...new Set([...(s?.byInstitution.map((r) => r.key) ?? []), ...(filter.institution ? [filter.institution] : [])])]

  const exportXlsx = async () => {
    setExporting(true)
    try {
      const name = await api.download('/api/stats/financing.xlsx', { filename: '融资统计.xlsx', query: filter })
      notify.success(t('common.downloadStarted', { name }))
    } catch (err) {
      notify.error(err)
    } finally {
      setExporting(false)
    }
  }

  const cards: Array<[string, ReactNode, string?]> = s ? [
    [t('stats.statLoans'), formatCount(s.total.loans)],
    [t('stats.statAmount'), formatFen(s.total.amountFen)],
    [t('stats.statCreditShare'), formatPercent(s.total.creditShareBp / 10_000)],
    [t('stats.statFirstLoans'), formatCount(s.total.firstLoans)],
    [t('stats.statDecision'), s.total.avgDecisionDays === null ? '—' : t('stats.statDecisionValue', { avg: s.total.avgDecisionDays, p50: s.total.p50DecisionDays ?? '—' })],
    [t('stats.statOverdue'), formatCount(s.total.overdue), s.total.overdue > 0 ? '#cf1322' : undefined],
    [t('stats.statDefaulted'), formatCount(s.total.defaulted), s.total.defaulted > 0 ? '#cf1322' : undefined],
  ] : []

  const lateColumns: TableColumnsType<LateReportRow> = [
    { title: t('stats.colInstitution'), dataIndex: 'institution', width: 240 },
    { title: t('stats.colStep'), key: 'steps', render: (_, r) => r.steps.map((x) => `${x.stepName} ${x.count}`).join('；') },
    { title: t('stats.colLateCount'), dataIndex: 'count', align: 'right', width: 100, render: (v: number) => <span className="num danger-text">{formatCount(v)}</span> },
    { title: t('stats.colLateDays'), dataIndex: 'workingDaysLate', align: 'right', width: 140, render: (v: number) => num(formatCount(v)) },
  ]

  return (
    <>
      <PageHeader
        title={t('stats.title')} description={t('stats.description')}
        extra={<Button icon={<DownloadOutlined />} loading={exporting} disabled={!s} onClick={exportXlsx}>{t('stats.export')}</Button>}
      />
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" className="filter-bar" name="stats-filter" style={{ marginBottom: 0 }}>
          <PeriodField id="stats-period" label={t('stats.period')} from={filter.from} to={filter.to} />
          <Form.Item label={t('stats.region')} htmlFor="stats-region">
            <Select
              id="stats-region" allowClear style={{ width: 200 }} placeholder={t('stats.regionPlaceholder')} value={filter.region}
              options={Object.entries(divisions).filter(([code]) => code !== '640000').map(([value, label]) => ({ value, label }))}
              onChange={(v) => setQuery({ region: v })}
            />
          </Form.Item>
          <Form.Item label={t('stats.institution')} htmlFor="stats-institution">
            <Select
              id="stats-institution" allowClear showSearch style={{ width: 280 }} placeholder={t('stats.institutionPlaceholder')} value={filter.institution}
              options={institutions.map((value) => ({ value, label: value }))} onChange={(v) => setQuery({ institution: v })}
            />
          </Form.Item>
        </Form>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(s ? cards : []).map(([title, value, color]) => (
          // Amounts run to hundreds of millions of 元 and the decision time is a sentence: those two cards get more room.
          <Col key={title} flex={title === t('stats.statAmount') || title === t('stats.statDecision') ? '2 1 260px' : '1 1 130px'}>
            <Card size="small" className="stat-card">
              <Statistic title={title} value={value as string} styles={{ content: color ? { color } : {} }} />
            </Card>
          </Col>
        ))}
      </Row>
      {s && s.total.loans === 0 && <Card style={{ marginBottom: 16 }}><Empty description={t('stats.empty')} /></Card>}
      {s && s.total.loans > 0 && (
        <Row gutter={[16, 16]}>
          {BREAKDOWNS.map((b) => (
            <Col key={b.key} xs={24} xxl={12}>
              <Card title={t(b.title)} extra={b.note ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(b.note)}</Typography.Text> : null}>
                <LoanBreakdownChart rows={s[b.key]} label={t(b.title)} />
                <StatTable rows={s[b.key]} total={s.total} first={t(b.col)} />
              </Card>
            </Col>
          ))}
          <Col xs={24}>
            <Card title={t('stats.byMonth')}>
              <LoanMonthChart rows={s.byMonth} />
              <StatTable rows={s.byMonth} total={s.total} first={t('stats.colMonth')} />
            </Card>
          </Col>
        </Row>
      )}
      {s && (
        <Card title={t('stats.lateReports')} style={{ marginTop: 16 }} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('stats.lateNote')}</Typography.Text>}>
          {s.lateReports.length > 0 && <LateReportChart rows={s.lateReports} />}
          <Table<LateReportRow> size="small" rowKey="institution" pagination={false} columns={lateColumns} dataSource={s.lateReports} />
        </Card>
      )}
    </>
  )
}

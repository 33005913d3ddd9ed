import { Card, Col, Descriptions, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { FeedbackReceipt, FeedStatus } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useApi } from '../../hooks'
import { formatCount, formatDateTime } from '../../format'
import { t } from '../../i18n'
import { formatFen } from '../compensation/money'
import { formatLag } from './lag'

type Day = FeedStatus['recentDays'][number]

const num = (v: number) => <span className="num">{formatCount(v)}</span>

/**
 * 数据订阅: a platform's standing in the feed of shared data (§九): its cursor, whether changes wait and how old the
 * oldest is, its pulls, what the last days delivered and the usage reports it sent back (§七 反馈). The platform's
 * own system pulls and reports with an API key; this page is for its staff to see that it does.
 */
export default function FeedPage() {
  const status = useApi((signal) => api.get('/api/feed/status', { signal }), [])
  const s = status.data

  const dayColumns: TableColumnsType<Day> = [
    { title: t('platforms.colDay'), dataIndex: 'day', width: 120 },
    { title: t('platforms.colPulls'), dataIndex: 'pulls', align: 'right', render: num },
    { title: t('platforms.colUpserts'), dataIndex: 'upserts', align: 'right', render: num },
    { title: t('platforms.colTombstones'), dataIndex: 'tombstones', align: 'right', render: num },
    { title: t('platforms.colGranted'), dataIndex: 'granted', align: 'right', render: num },
  ]
  const feedbackColumns: TableColumnsType<FeedbackReceipt> = [
    { title: t('platforms.colFeedbackId'), dataIndex: 'id', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('platforms.colRows'), dataIndex: 'rows', align: 'right', render: num },
    { title: t('platforms.colQueries'), dataIndex: 'queries', align: 'right', render: num },
    { title: t('platforms.colMatches'), dataIndex: 'matches', align: 'right', render: num },
    { title: t('platforms.colLoans'), dataIndex: 'loans', align: 'right', render: num },
    { title: t('platforms.colLoanAmount'), dataIndex: 'loanAmountFen', align: 'right', render: (v: number) => <span className="num">{formatFen(v)}</span> },
    { title: t('platforms.colReceivedAt'), dataIndex: 'receivedAt', width: 180, render: (v: string) => formatDateTime(v) },
  ]

  return (
    <>
      <PageHeader title={t('platforms.feedTitle')} description={t('platforms.feedDescription')} />
      <ErrorAlert error={status.error} onRetry={status.reload} />
      {s && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col flex="1 1 160px">
              <Card size="small" className="stat-card">
                <Statistic title={t('platforms.state')} valueRender={() => (s.behind ? <Tag color="orange">{t('platforms.behind')}</Tag> : <Tag color="green">{t('platforms.upToDate')}</Tag>)} />
              </Card>
            </Col>
            <Col flex="1 1 160px"><Card size="small" className="stat-card"><Statistic title={t('platforms.lag')} value={s.pulls ? formatLag(s.lagSeconds) : t('platforms.never')} /></Card></Col>
            <Col flex="1 1 160px"><Card size="small" className="stat-card"><Statistic title={t('platforms.pulls')} value={formatCount(s.pulls)} /></Card></Col>
          </Row>
          <Card style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('platforms.cursor')}>{s.cursor ? <Typography.Text code copyable>{s.cursor}</Typography.Text> : t('platforms.noCursor')}</Descriptions.Item>
              <Descriptions.Item label={t('platforms.retention')}>{t('platforms.retentionValue', { days: s.retentionDays })}</Descriptions.Item>
              <Descriptions.Item label={t('platforms.lastPull')}>{s.lastPullAt ? formatDateTime(s.lastPullAt) : t('platforms.noCursor')}</Descriptions.Item>
              <Descriptions.Item label={t('platforms.firstPull')}>{s.firstPullAt ? formatDateTime(s.firstPullAt) : t('platforms.noCursor')}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Card title={t('platforms.recentDays')}>
                <Table<Day> size="small" rowKey="day" pagination={false} columns={dayColumns} dataSource={s.recentDays} locale={{ emptyText: t('platforms.noDeliveries') }} />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title={t('platforms.recentFeedback')}>
                <Table<FeedbackReceipt> size="small" rowKey="id" pagination={false} scroll={{ x: 720 }} columns={feedbackColumns} dataSource={s.recentFeedback} locale={{ emptyText: t('platforms.noFeedback') }} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  )
}

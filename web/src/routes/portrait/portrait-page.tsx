import { Alert, Button, Card, Col, Empty, Progress, Row, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { ApartmentOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import { MonthlySeriesChart } from '../../components/charts/monthly-series-chart'
import { ScoreTrendChart } from '../../components/charts/score-trend-chart'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDate } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick, useLocation } from '../../router'
import { useAccount } from '../../session'
import type { PageProps } from '../pages'
import type { Portrait, PortraitIndicator } from '../scorecards/scorecard-types'

const TONE_COLOR = { positive: 'green', negative: 'red', neutral: 'blue' } as const

const showValue = (v: PortraitIndicator['value']) => (v === null ? <Tag>{t('portrait.missing')}</Tag> : typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'number' ? v.toLocaleString('zh-CN') : v)

const indicatorColumns: TableColumnsType<PortraitIndicator> = [
  { title: t('portrait.colIndicator'), dataIndex: 'name' },
  { title: t('portrait.colValue'), dataIndex: 'value', width: 160, align: 'right', render: showValue },
  { title: t('portrait.colBin'), dataIndex: 'binLabel', width: 180, render: (v: string | null, r) => (r.bin === 'missing' ? t('portrait.missing') : v ?? '—') },
  { title: t('portrait.colPoints'), key: 'points', width: 120, align: 'right', render: (_, r) => <span className="num">{r.points} / {r.maxPoints}</span> },
]

/**
 * 企业信用画像: tags, the evaluation (score, grade, dimensions, reasons), its indicators by dimension, and the
 * monthly trend. The enterprise opens its own at /self/portrait; an institution or the operator from an
 * enterprise's page (an institution without a grant sees public tags only).
 */
export default function PortraitPage({ params }: PageProps) {
  const account = useAccount()
  const own = !params.code
  const code = params.code ?? account.organization ?? ''
  const { query } = useLocation()
  const grant = query.get('grant') ?? undefined
  const portrait = useApi((signal) => api.get('/api/subjects/{code}/portrait', { params: { code }, signal, query: { grant } }), [code, grant])
  const p = portrait.data
  const e = p?.evaluation ?? null
  const dims = e?.dimensions ?? []
  const relationsTo = own ? '/self/relations' : `/access/enterprises/${encodeURIComponent(code)}/relations${grant ? `?grant=${encodeURIComponent(grant)}` : ''}`

  return (
    <>
      <PageHeader
        title={own ? t('portrait.selfTitle') : `${p?.subject.name ?? code} · ${t('portrait.title')}`}
        description={t('portrait.description')}
        {...(own ? {} : { crumbs: [{ title: t('menu.lookup'), to: '/access/enterprises' }, { title: code, to: `/access/enterprises/${encodeURIComponent(code)}` }, { title: t('menu.portrait') }] })}
        extra={(
          <Space>
            {p?.access === 'public' && <Tag>{t('portrait.publicOnly')}</Tag>}
            {p?.grant && <Tag color="blue">{t('portrait.grant', { mode: p.grant.mode })}</Tag>}
            <Button icon={<ApartmentOutlined />} href={relationsTo} onClick={linkClick(relationsTo)}>{t('relations.open')}</Button>
          </Space>
        )}
      />
      <ErrorAlert error={portrait.error} onRetry={portrait.reload} />
      {!p ? (!portrait.error && <Skeleton active />) : (
        <>
          {p.notes.map((n) => <Alert key={n} type="info" showIcon message={n} style={{ marginBottom: 12 }} />)}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={e ? 8 : 24}>
              <Card title={t('portrait.tags')} size="small" style={{ height: '100%' }}>
                {p.tags.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portrait.noTags')} /> : (
                  <Space wrap>
                    {p.tags.map((tag) => (
                      <Tooltip key={tag.key} title={tag.reason ?? tag.rule}><Tag color={TONE_COLOR[tag.tone]} style={{ fontSize: 14, padding: '2px 10px' }}>{tag.zh}</Tag></Tooltip>
                    ))}
                  </Space>
                )}
              </Card>
            </Col>
            {e && (
              <Col xs={24} lg={16}>
                <Card size="small" title={t('portrait.asOf', { date: formatDate(e.asOf), system: e.systemName, version: e.version })}>
                  <Row gutter={16}>
                    <Col xs={12} md={6}><Statistic title={t('portrait.score')} value={e.score} /></Col>
                    <Col xs={12} md={6}>
                      <Statistic title={t('portrait.grade')} value={`${e.grade} · ${e.gradeName}`} />
                      {e.adjustment && e.adjustment.grade !== e.adjustment.baseGrade && <Typography.Text type="danger">{t('evaluation.adjusted', { base: e.adjustment.baseGrade, grade: e.adjustment.grade })}</Typography.Text>}
                    </Col>
                    <Col xs={24} md={12}>
                      <Typography.Text type="secondary">{t('portrait.dimensions')}</Typography.Text>
                      {dims.map((d) => <div key={d.key}><span style={{ display: 'inline-block', width: 96 }}>{d.name}</span><Progress percent={Math.round(d.value)} size="small" style={{ width: 'calc(100% - 100px)', margin: 0 }} /></div>)}
                    </Col>
                  </Row>
                </Card>
              </Col>
            )}
          </Row>
          {p.series.length > 0 && (
            <Card title={t('portrait.seriesTitle')} size="small" style={{ marginBottom: 16 }}>
              <Row gutter={16}>
                {p.series.map((x) => <Col key={x.key} xs={24} lg={8}><Typography.Text type="secondary">{x.zh}</Typography.Text><MonthlySeriesChart name={x.zh} points={x.points} /></Col>)}
              </Row>
            </Card>
          )}
          {e && (
            <>
              <Card title={t('portrait.trendTitle')} size="small" style={{ marginBottom: 16 }}>
                {p.trend.length ? <ScoreTrendChart points={p.trend} dimensions={dims} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portrait.noTrend')} />}
              </Card>
              <Card title={t('portrait.reasons')} size="small" style={{ marginBottom: 16 }}>
                {e.adjustment?.reasons.map((r) => <Alert key={r} type="warning" showIcon message={r} style={{ marginBottom: 8 }} />)}
                <Space wrap>{e.reasons.map((r) => <Tag key={r.code} color={r.kind === 'gain' ? 'green' : 'orange'}>{r.zh}</Tag>)}</Space>
              </Card>
              {dims.map((d) => {
                const rows = e.indicators.filter((i) => i.dimension === d.key)
                return rows.length ? (
                  <Card key={d.key} title={d.name} size="small" style={{ marginBottom: 12 }}>
                    <Table<PortraitIndicator> rowKey="key" size="small" pagination={false} columns={indicatorColumns} dataSource={rows} />
                  </Card>
                ) : null
              })}
            </>
          )}
        </>
      )}
    </>
  )
}

import { Alert, Card, Col, Descriptions, Empty, List, Row, Statistic, Table, Tag, Typography } from 'antd'
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons'
import type { Evaluation, EvaluationTrend } from '../api/types'
import { formatDateTime } from '../format'
import { t } from '../i18n'
import { DimensionRadarChart, gradeWithBase, ScoreTrendChart } from './charts/evaluation-charts'

const GRADE_COLOR: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' }

type Indicator = Evaluation['indicators'][number]
type HistoryRow = EvaluationTrend['history'][number]

/** An indicator value as read: 是/否, numbers to two places, 无数据 for missing. */
export function indicatorValueText(v: Indicator['value']): string {
  if (v === null) return t('evaluation.missing')
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
  if (typeof v === 'number') return String(Math.round(v * 100) / 100)
  return v
}

/**
 * 信用评价: score and grade, the reasons (个人信息保护法第二十四条: which indicators cost or earned most), the
 * dimension radar, the trend over monthly snapshots, and every indicator with its bin and points. Derived values
 * only: no record's fields are shown here.
 */
export function EvaluationView({ evaluation: e, trend }: { evaluation: Evaluation; trend?: EvaluationTrend | undefined }) {
  const dims = Object.fromEntries(e.dimensions.map((d) => [d.key, d.name]))
  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('evaluation.result')} style={{ height: '100%' }}>
            <Row gutter={16}>
              <Col span={12}><Statistic title={t('evaluation.score')} value={e.score} precision={0} suffix={`/ ${e.scoreRange.max}`} /></Col>
              <Col span={12}>
                <Typography.Text type="secondary">{t('evaluation.grade')}</Typography.Text>
                <div style={{ marginTop: 8 }}><Tag color={GRADE_COLOR[e.grade] ?? 'default'} style={{ fontSize: 20, padding: '4px 12px' }}>{e.grade} · {e.gradeName}</Tag></div>
                {e.adjustment && e.grade !== e.baseGrade && <Typography.Text type="danger">{t('evaluation.adjusted', { base: e.baseGrade, grade: e.grade })}</Typography.Text>}
              </Col>
            </Row>
            {e.adjustment && (
              <Alert
                type="warning" showIcon style={{ marginTop: 12 }}
                message={e.grade !== e.baseGrade ? t('evaluation.adjusted', { base: e.baseGrade, grade: e.grade }) : t('evaluation.adjustedFlagged')}
                description={e.adjustment.reasons.map((r) => <div key={r}>{r}</div>)}
              />
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('evaluation.system')}>{e.systemName}（{t('evaluation.versionN', { n: e.version })}）</Descriptions.Item>
              {e.grade !== e.baseGrade && <Descriptions.Item label={t('evaluation.baseGrade')}>{e.baseGrade}</Descriptions.Item>}
              <Descriptions.Item label={t('evaluation.asOf')}>{e.asOf}</Descriptions.Item>
              <Descriptions.Item label={t('evaluation.scoredAt')}>{formatDateTime(e.scoredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('evaluation.gradeScale')}>{e.grades.map((g) => `${g.grade} ${g.name}${g.min !== null ? ` ≥ ${g.min}` : ''}`).join('；')}</Descriptions.Item>
              {e.grant && <Descriptions.Item label={t('evaluation.grant')}>{e.grant.id.slice(0, 8)}（{t(`grantMode.${e.grant.mode as 'view' | 'verify' | 'model'}`)}）</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('evaluation.reasons')} extra={<Typography.Text type="secondary">{t('evaluation.reasonsNote')}</Typography.Text>} style={{ height: '100%' }}>
            <List
              dataSource={e.reasons}
              locale={{ emptyText: t('evaluation.noReasons') }}
              renderItem={(r) => (
                <List.Item>
                  <List.Item.Meta
                    avatar={r.kind === 'cost' ? <ArrowDownOutlined style={{ color: '#cf1322' }} /> : <ArrowUpOutlined style={{ color: '#389e0d' }} />}
                    title={r.zh}
                    description={<Typography.Text type="secondary" code>{r.code}</Typography.Text>}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('evaluation.dimensions')}><DimensionRadarChart dimensions={e.dimensions} /></Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('evaluation.trend')}>
            {trend && trend.snapshots.length > 0
              ? <ScoreTrendChart snapshots={trend.snapshots} grades={e.grades} />
              : <Empty description={t('evaluation.noTrend')} />}
            {trend && trend.history.length > 0 && (
              <>
                <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>{t('evaluation.history')}</Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>{t('evaluation.historyNote')}</Typography.Text>
                <Table<HistoryRow>
                  size="small" rowKey="scoredAt" dataSource={trend.history} pagination={{ pageSize: 5, hideOnSinglePage: true }}
                  columns={[
                    { title: t('evaluation.scoredAt'), dataIndex: 'scoredAt', render: (v: string) => formatDateTime(v) },
                    { title: t('evaluation.version'), dataIndex: 'version', width: 70 },
                    { title: t('evaluation.score'), dataIndex: 'score', width: 90, align: 'right', render: (v: number) => Math.round(v) },
                    // The grade shown, with the indicators' base grade beside it when a propagation rule lowered it.
                    { title: t('evaluation.grade'), dataIndex: 'grade', render: (_: string, h) => <Tag color={GRADE_COLOR[h.grade] ?? 'default'}>{gradeWithBase(h)}</Tag> },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('evaluation.indicators')} style={{ marginTop: 16 }}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('evaluation.derivedOnly')} />
        <Table<Indicator>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={e.indicators}
          columns={[
            { title: t('evaluation.dimension'), dataIndex: 'dimension', width: 120, render: (d: string) => dims[d] ?? d, filters: e.dimensions.map((d) => ({ text: d.name, value: d.key })), onFilter: (v, r) => r.dimension === v },
            { title: t('evaluation.indicator'), dataIndex: 'name' },
            { title: t('evaluation.value'), dataIndex: 'value', width: 140, render: (v: Indicator['value']) => (v === null ? <Typography.Text type="secondary">{t('evaluation.missing')}</Typography.Text> : indicatorValueText(v)) },
            { title: t('evaluation.bin'), dataIndex: 'binLabel', width: 160, render: (l: string | null, r) => l ?? (r.bin === 'missing' ? t('evaluation.missing') : `#${r.bin}`) },
            {
              title: t('evaluation.points'), dataIndex: 'points', width: 140, align: 'right',
              sorter: (a, b) => (a.points - a.maxPoints) - (b.points - b.maxPoints),
              render: (p: number, r) => <span style={{ color: p < r.maxPoints ? '#cf1322' : undefined }}>{p} / {r.maxPoints}</span>,
            },
          ]}
        />
      </Card>
    </>
  )
}

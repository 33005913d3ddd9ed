import { useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Empty, Form, Input, List, Row, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { formatPercent } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import type { PageProps } from '../pages'
import type { Scorecard, ScorecardBin, ScorecardSplit, SubjectScore } from './scorecard-types'
import { metric, psiReading } from './scorecard-format'

const binColumns: TableColumnsType<ScorecardBin> = [
  { title: t('scorecards.colBin'), dataIndex: 'label' },
  { title: t('scorecards.colGoods'), dataIndex: 'goods', width: 80, align: 'right', render: (v: number) => <span className="num">{v}</span> },
  { title: t('scorecards.colBadsBin'), dataIndex: 'bads', width: 90, align: 'right', render: (v: number) => <span className="num">{v}</span> },
  { title: t('scorecards.colBadRate'), dataIndex: 'badRate', width: 90, align: 'right', render: (v: number | null) => <span className="num">{v === null ? '—' : formatPercent(v)}</span> },
  { title: t('scorecards.colWoe'), dataIndex: 'woe', width: 90, align: 'right', render: (v: number) => <span className="num">{v.toFixed(3)}</span> },
  { title: t('scorecards.colPoints'), dataIndex: 'points', width: 80, align: 'right', render: (v: number) => <strong className="num">{v}</strong> },
]

function SplitCard({ title, split, inSample }: { title: string; split: ScorecardSplit; inSample?: boolean }) {
  return (
    <Card size="small" title={<>{title}{inSample ? <Tag style={{ marginLeft: 8 }}>{t('scorecards.inSample')}</Tag> : null}</>}>
      <Row gutter={16}>
        <Col span={8}><Statistic title="AUC" value={metric(split.auc)} /></Col>
        <Col span={8}><Statistic title="KS" value={metric(split.ks)} /></Col>
        <Col span={8}><Statistic title={t('scorecards.colLoans')} value={`${split.count}（${split.bads}）`} /></Col>
      </Row>
    </Card>
  )
}

/** One card: AUC, KS and PSI, the sample it learnt from, the bin table of each characteristic, and scoring a subject. */
export default function ScorecardPage({ params }: PageProps) {
  const id = params.id ?? ''
  const notify = useNotify()
  const card = useApi((signal) => api.get('/api/scorecards/{id}', { params: { id }, signal }), [id])
  const [score, setScore] = useState<SubjectScore | null>(null)
  const [scoring, setScoring] = useState(false)
  const c = card.data
  const reading = c ? psiReading(c.report.psi) : null

  const scoreSubject = async ({ code }: { code: string }) => {
    setScoring(true)
    try {
      setScore(await api.get('/api/scorecards/{id}/subjects/{code}', { params: { id, code: code.trim() } }))
    } catch (err) {
      setScore(null)
      notify.error(err)
    } finally {
      setScoring(false)
    }
  }

  return (
    <>
      <PageHeader
        title={c ? `${c.name} v${c.version}` : t('scorecards.report')}
        crumbs={[{ title: t('menu.scorecards'), to: '/scorecards' }, { title: c?.name ?? id }]}
      />
      <ErrorAlert error={card.error} onRetry={card.reload} />
      {!c ? <Skeleton active /> : (
        <>
          {c.report.notes.map((n) => <Alert key={n} type="info" showIcon message={n} style={{ marginBottom: 12 }} />)}
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={9}><SplitCard title={t('scorecards.development')} split={c.report.development} inSample={!c.report.validation} /></Col>
            <Col xs={24} md={9}>{c.report.validation ? <SplitCard title={t('scorecards.validation')} split={c.report.validation} /> : <Card size="small" title={t('scorecards.validation')}><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /></Card>}</Col>
            <Col xs={24} md={6}>
              <Card size="small" title="PSI">
                <Statistic value={metric(c.report.psi)} />
                {reading && <Tag color={reading.color}>{reading.text}</Tag>}
              </Card>
            </Col>
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} items={[
              { key: 'sample', label: t('scorecards.colLoans'), children: t('scorecards.sample', { ...c.sample, from: c.sample.from ?? '—', to: c.sample.to ?? '—' }) },
              { key: 'scaling', label: t('scorecards.colPoints'), children: t('scorecards.scaling', c.card.scaling) },
            ]} />
          </Card>
          <Card title={t('scorecards.scoreTitle')} size="small" style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">{t('scorecards.scoreHelp')}</Typography.Paragraph>
            <Form layout="inline" name="scorecard-score" onFinish={scoreSubject}>
              <Form.Item name="code" label={t('scorecards.uscc')} rules={[{ required: true, min: 18, max: 18 }]}><Input style={{ width: 240 }} maxLength={18} /></Form.Item>
              <Button type="primary" htmlType="submit" loading={scoring}>{t('scorecards.scoreButton')}</Button>
            </Form>
            {score && (
              <Row gutter={16} style={{ marginTop: 16 }}>
                <Col xs={24} md={6}><Statistic title={`${score.name} v${score.version}`} value={t('scorecards.scoreResult', { score: score.score })} /></Col>
                <Col xs={24} md={18}>
                  <List size="small" header={t('scorecards.reasons')} dataSource={score.reasons} renderItem={(r) => <List.Item>{r.text}</List.Item>} />
                </Col>
              </Row>
            )}
          </Card>
          <Typography.Title level={5}>{t('scorecards.binTable')}</Typography.Title>
          {c.card.characteristics.map((ch) => (
            <Card key={ch.key} size="small" title={ch.zh} extra={<span className="num">{t('scorecards.iv', { iv: ch.iv.toFixed(3), coef: ch.coefficient.toFixed(3) })}</span>} style={{ marginBottom: 12 }}>
              <Table<ScorecardBin> rowKey="label" size="small" pagination={false} columns={binColumns} dataSource={ch.bins} />
            </Card>
          ))}
        </>
      )}
    </>
  )
}

import { useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd'
import { CheckOutlined, CloudUploadOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons'
import { ApiError, api, errorMessage } from '../../api/client'
import type { EvaluationOverview, EvaluationPublished, EvaluationRun, EvaluationSystem, EvaluationValidation, EvaluationVersions } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useApi } from '../../hooks'
import { formatDateTime } from '../../format'
import { t } from '../../i18n'

type Issue = EvaluationValidation['issues'][number]
type SystemIndicator = EvaluationSystem['indicators'][number]

const binText = (b: SystemIndicator['bins'][number]): string =>
  b.is ? b.is.map(String).join('/') : b.from === null && b.to === null ? t('evaluation.otherValues') : `${b.from ?? '−∞'} ≤ x < ${b.to ?? '+∞'}`

/**
 * 信用评价指标体系 (operator): the system in force (dimensions, formulas, bins with points, the grade scale), its
 * published versions, a draft checked line by line before it is published, the grade counts and a full run.
 * Supervisors see the overview and the system.
 */
export default function EvaluationSystemPage() {
  const system = useApi((signal) => api.get('/api/evaluation/system', { signal }), [])
  const versions = useApi((signal) => api.get('/api/evaluation/versions', { signal }), [])
  const overview = useApi((signal) => api.get('/api/evaluation/overview', { signal }), [])
  const [draft, setDraft] = useState<string | null>(null)
  const [check, setCheck] = useState<EvaluationValidation | null>(null)
  const [busy, setBusy] = useState<'check' | 'publish' | 'run' | null>(null)
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const source = draft ?? versions.data?.find((v) => v.current)?.source ?? ''
  const dims = Object.fromEntries((system.data?.dimensions ?? []).map((d) => [d.key, d.name]))

  async function validate() {
    setBusy('check')
    setMessage(null)
    try {
      setCheck(await api.post('/api/evaluation/validate', { source }))
    } catch (e) {
      setMessage({ type: 'error', text: errorMessage(e) })
    } finally {
      setBusy(null)
    }
  }
  async function publish() {
    setBusy('publish')
    setMessage(null)
    try {
      const v = await api.post('/api/evaluation/versions', { source })
      setMessage({ type: 'success', text: t('evaluation.published', { version: v.version }) })
      setDraft(null)
      setCheck(null)
      system.reload()
      versions.reload()
    } catch (e) {
      const issues = e instanceof ApiError ? (e.errors as { issues?: Issue[] } | undefined)?.issues : undefined
      if (issues) setCheck({ ok: false, issues })
      setMessage({ type: 'error', text: errorMessage(e) })
    } finally {
      setBusy(null)
    }
  }
  async function run() {
    setBusy('run')
    setMessage(null)
    try {
      const r = await api.post('/api/evaluation/runs')
      setMessage({ type: 'success', text: t('evaluation.runDone', { subjects: r.subjects, changed: r.changed }) })
      overview.reload()
    } catch (e) {
      setMessage({ type: 'error', text: errorMessage(e) })
    } finally {
      setBusy(null)
    }
  }

  const s = system.data
  return (
    <>
      <PageHeader
        title={t('evaluation.systemTitle')}
        description={t('evaluation.systemDescription')}
        extra={<Space>
          <Button icon={<ReloadOutlined />} onClick={() => { system.reload(); versions.reload(); overview.reload() }}>{t('common.refresh')}</Button>
          <Button type="primary" icon={<PlayCircleOutlined />} loading={busy === 'run'} onClick={run}>{t('evaluation.runAll')}</Button>
        </Space>}
      />
      <ErrorAlert error={system.error ?? overview.error} onRetry={system.reload} />
      {message && <Alert type={message.type} showIcon closable message={message.text} style={{ marginBottom: 16 }} onClose={() => setMessage(null)} />}
      <Row gutter={[16, 16]}>
        {(overview.data?.grades ?? []).map((g) => (
          <Col key={g.grade} xs={12} md={6}><Card><Statistic title={t('evaluation.gradeCount', { grade: g.grade })} value={g.n} /></Card></Col>
        ))}
      </Row>
      <Tabs
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'current', label: t('evaluation.current'),
            children: s && (
              <Card>
                <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                  <Descriptions.Item label={t('evaluation.system')}>{s.name}（{t('evaluation.versionN', { n: s.version })}）</Descriptions.Item>
                  <Descriptions.Item label={t('evaluation.base')}>{s.base}</Descriptions.Item>
                  <Descriptions.Item label={t('evaluation.range')}>{s.scoreRange.min} – {s.scoreRange.max}</Descriptions.Item>
                  <Descriptions.Item label={t('evaluation.gradeScale')} span={3}>
                    {s.grades.map((g) => <Tag key={g.grade}>{g.grade} {g.name}{g.min !== null ? ` ≥ ${g.min}` : ''}</Tag>)}
                  </Descriptions.Item>
                </Descriptions>
                <Table<SystemIndicator>
                  size="small" rowKey="key" pagination={false} dataSource={s.indicators}
                  columns={[
                    { title: t('evaluation.dimension'), dataIndex: 'dimension', width: 110, render: (d: string) => dims[d] ?? d },
                    { title: t('evaluation.indicator'), dataIndex: 'name', width: 220 },
                    { title: t('evaluation.formula'), dataIndex: 'formula', render: (f: string, r) => <><Typography.Text code>{f}</Typography.Text>{r.windowMonths ? <Tag style={{ marginLeft: 4 }}>{t('evaluation.windowN', { n: r.windowMonths })}</Tag> : null}</> },
                    {
                      title: t('evaluation.bins'), dataIndex: 'bins', width: 320,
                      render: (_: unknown, r) => (
                        <Space size={[4, 4]} wrap>
                          {r.bins.map((b, i) => <Tag key={i}>{b.label ?? binText(b)}：{b.points}</Tag>)}
                          <Tag color="default">{r.missing.label}：{r.missing.points}</Tag>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'draft', label: t('evaluation.draft'),
            children: (
              <Card>
                <Typography.Paragraph type="secondary">{t('evaluation.draftHelp')}</Typography.Paragraph>
                <Input.TextArea value={source} onChange={(e) => { setDraft(e.target.value); setCheck(null) }} autoSize={{ minRows: 16, maxRows: 32 }} style={{ fontFamily: 'monospace', fontSize: 12 }} spellCheck={false} />
                <Space style={{ marginTop: 12 }}>
                  <Button icon={<CheckOutlined />} loading={busy === 'check'} onClick={validate}>{t('evaluation.validate')}</Button>
                  <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={check !== null && !check.ok} onClick={publish}>{t('evaluation.publish')}</Button>
                </Space>
                {check?.ok && <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('evaluation.valid', { indicators: check.indicators ?? 0, min: check.scoreRange?.min ?? 0, max: check.scoreRange?.max ?? 0 })} />}
                {check && !check.ok && (
                  <Table<Issue>
                    style={{ marginTop: 12 }} size="small" pagination={false} rowKey={(r) => `${r.line}:${r.column}:${r.code}`} dataSource={check.issues}
                    columns={[
                      { title: t('evaluation.line'), dataIndex: 'line', width: 70 },
                      { title: t('evaluation.column'), dataIndex: 'column', width: 70 },
                      { title: t('evaluation.indicator'), dataIndex: 'indicator', width: 160, render: (v: string | null) => v ?? '—' },
                      { title: t('evaluation.problem'), dataIndex: 'zh' },
                      { title: t('evaluation.code'), dataIndex: 'code', width: 220, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
                    ]}
                  />
                )}
              </Card>
            ),
          },
          {
            key: 'versions', label: t('evaluation.versions'),
            children: (
              <Card>
                <Table
                  size="small" rowKey="version" pagination={false} dataSource={versions.data ?? []}
                  columns={[
                    { title: t('evaluation.version'), dataIndex: 'version', width: 80, render: (v: number, r: EvaluationVersions[number]) => <>{v}{r.current && <Tag color="blue" style={{ marginLeft: 4 }}>{t('evaluation.inForce')}</Tag>}</> },
                    { title: t('evaluation.system'), dataIndex: 'name' },
                    { title: t('evaluation.indicators'), dataIndex: 'indicators', width: 90 },
                    { title: t('evaluation.publishedBy'), dataIndex: 'publishedBy', width: 120 },
                    { title: t('evaluation.publishedAt'), dataIndex: 'publishedAt', width: 180, render: (v: string) => formatDateTime(v) },
                  ]}
                />
                <Typography.Title level={5} style={{ marginTop: 16 }}>{t('evaluation.runs')}</Typography.Title>
                <Table
                  size="small" rowKey="id" pagination={false} dataSource={overview.data?.runs ?? []}
                  columns={[
                    { title: t('evaluation.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v) },
                    { title: t('evaluation.version'), dataIndex: 'version', width: 80 },
                    { title: t('evaluation.subjects'), dataIndex: 'subjects', width: 100 },
                    { title: t('evaluation.changed'), dataIndex: 'changed', width: 100 },
                    { title: t('evaluation.startedBy'), dataIndex: 'startedBy', width: 120 },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
    </>
  )
}

import { useState } from 'react'
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd'
import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { api } from '../../api/client'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { formatCount, formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick, navigate } from '../../router'
import type { Scorecard, ScorecardCharacteristicOption, ScorecardSummary } from './scorecard-types'
import { metric } from './scorecard-format'

const MAX_CHARACTERISTICS = 12

interface TrainForm { name: string; characteristics: string[]; period?: [Dayjs | null, Dayjs | null] | null; baseScore?: number; baseOdds?: number; pdo?: number }

/** The institution's scorecards, newest first, and the form that trains a new one (or a new version) from its loans. */
export default function ScorecardsPage() {
  const notify = useNotify()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<TrainForm>()
  const list = useApi((signal) => api.get('/api/scorecards', { signal }), [])
  const chars = useApi((signal) => api.get('/api/scorecards/characteristics', { signal }), [])

  const train = async (v: TrainForm) => {
    setBusy(true)
    try {
      const scaling = { ...(v.baseScore !== undefined ? { baseScore: v.baseScore } : {}), ...(v.baseOdds !== undefined ? { baseOdds: v.baseOdds } : {}), ...(v.pdo !== undefined ? { pdo: v.pdo } : {}) }
      const card = await api.post('/api/scorecards', {
        name: v.name, characteristics: v.characteristics,
        ...(v.period?.[0] ? { from: v.period[0].format('YYYY-MM-DD') } : {}), ...(v.period?.[1] ? { to: v.period[1].format('YYYY-MM-DD') } : {}),
        ...(Object.keys(scaling).length ? { scaling } : {}),
      })
      notify.success(t('scorecards.trained', { name: card.name, version: card.version }))
      setOpen(false)
      navigate(`/scorecards/${card.id}`)
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<ScorecardSummary> = [
    { title: t('scorecards.colName'), dataIndex: 'name', render: (v: string, r) => <a href={`/scorecards/${r.id}`} onClick={linkClick(`/scorecards/${r.id}`)}>{v}</a> },
    { title: t('scorecards.colVersion'), dataIndex: 'version', width: 70, align: 'right', render: (v: number) => <span className="num">v{v}</span> },
    { title: t('scorecards.colLoans'), key: 'loans', width: 100, align: 'right', render: (_, r) => <span className="num">{formatCount(r.sample.loans)}</span> },
    { title: t('scorecards.colBads'), key: 'bads', width: 100, align: 'right', render: (_, r) => <span className="num">{formatCount(r.sample.bads)}</span> },
    { title: t('scorecards.colAuc'), key: 'auc', width: 80, align: 'right', render: (_, r) => <span className="num">{metric((r.report.validation ?? r.report.development).auc)}</span> },
    { title: t('scorecards.colKs'), key: 'ks', width: 80, align: 'right', render: (_, r) => <span className="num">{metric((r.report.validation ?? r.report.development).ks)}</span> },
    { title: t('scorecards.colPsi'), key: 'psi', width: 80, align: 'right', render: (_, r) => <span className="num">{metric(r.report.psi)}</span> },
    { title: t('scorecards.colCreated'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ]

  return (
    <>
      <PageHeader
        title={t('scorecards.title')} description={t('scorecards.description')}
        extra={(
          <Space>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>
            <Button type="primary" icon={<ExperimentOutlined />} onClick={() => setOpen(true)}>{t('scorecards.train')}</Button>
          </Space>
        )}
      />
      <ErrorAlert error={list.error ?? chars.error} onRetry={list.reload} />
      <Card>
        <Table<ScorecardSummary>
          rowKey="id" size="small" loading={list.loading} columns={columns} dataSource={list.data?.scorecards ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('scorecards.empty') }}
        />
      </Card>
      <Modal title={t('scorecards.trainTitle')} open={open} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={busy} width={640} destroyOnHidden>
        <Form<TrainForm> form={form} layout="vertical" name="scorecard-train" onFinish={train} initialValues={{ characteristics: ['years_in_business', 'tax_credit_grade', 'tax_normal_months'] }}>
          <Form.Item name="name" label={t('scorecards.name')} extra={t('scorecards.nameHelp')} rules={[{ required: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="characteristics" label={t('scorecards.characteristics')} extra={t('scorecards.characteristicsHelp', { max: MAX_CHARACTERISTICS })} rules={[{ required: true, type: 'array', min: 1, max: MAX_CHARACTERISTICS }]}>
            <Select
              mode="multiple" maxCount={MAX_CHARACTERISTICS} optionFilterProp="label"
              options={(chars.data?.characteristics ?? []).map((c) => ({ value: c.key, label: c.zh, desc: c.derived }))}
              optionRender={(o) => <Space>{o.label}<Tag>{o.data.desc ? t('scorecards.derived') : t('scorecards.raw')}</Tag></Space>}
            />
          </Form.Item>
          <Form.Item name="period" label={t('scorecards.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="baseScore" label={t('scorecards.baseScore')}><InputNumber min={0} max={10000} placeholder="600" /></Form.Item>
            <Form.Item name="baseOdds" label={t('scorecards.baseOdds')}><InputNumber min={0.01} max={10000} placeholder="50" /></Form.Item>
            <Form.Item name="pdo" label={t('scorecards.pdo')}><InputNumber min={1} max={1000} placeholder="20" /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  )
}

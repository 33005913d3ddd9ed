import { useEffect, useState } from 'react'
import { Alert as Notice, App, Badge, Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api, errorMessage } from '../../api/client'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import type { Delivery, MonitoringAlert, Rule, Watch, WebhookView } from './monitoring-types'


const SEVERITY_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' }
const kindName = (k: string) => tDynamic(`monitoring.kind.${k}`, k)
const severityName = (s: string) => tDynamic(`monitoring.severity.${s}`, s)

/** 预警动态: the latest alerts, new ones arriving live (EventSource on /api/monitoring/alerts/stream). */
function AlertsTab() {
  const { message } = App.useApp()
  const [unread, setUnread] = useState(false)
  const list = useApi((signal) => api.get('/api/monitoring/alerts', { query: { unacknowledged: unread, limit: 100 }, signal }), [unread])
  const [live, setLive] = useState<MonitoringAlert[]>([])
  const [connected, setConnected] = useState(false)
  useEffect(() => {
    const source = new EventSource('/api/monitoring/alerts/stream')
    source.onopen = () => setConnected(true)
    source.onerror = () => setConnected(false)
    source.addEventListener('alert', (e) => {
      const a = JSON.parse((e as MessageEvent<string>).data) as MonitoringAlert
      setLive((prev) => [a, ...prev.filter((p) => p.id !== a.id)].slice(0, 100))
    })
    return () => source.close()
  }, [])
  const shown = [...live, ...(list.data?.alerts ?? []).filter((a) => !live.some((l) => l.id === a.id))]
  const ack = async (ids: string[]) => {
    try {
      await api.post('/api/monitoring/alerts/acknowledge', { ids })
      setLive((prev) => prev.map((a) => (ids.includes(a.id) ? { ...a, acknowledgedAt: new Date().toISOString() } : a)))
      list.reload()
    } catch (err) {
      message.error(errorMessage(err))
    }
  }
  const columns: TableColumnsType<MonitoringAlert> = [
    { title: t('monitoring.alerts.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('monitoring.alerts.subject'), dataIndex: 'subjectKey', width: 190, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
    { title: t('monitoring.alerts.kind'), dataIndex: 'kind', width: 140, render: (k: string) => kindName(k) },
    { title: t('monitoring.alerts.severity'), dataIndex: 'severity', width: 90, render: (s: string) => <Tag color={SEVERITY_COLOR[s]}>{severityName(s)}</Tag> },
    { title: t('monitoring.alerts.title'), dataIndex: 'title' },
    {
      title: t('monitoring.alerts.state'), key: 'ack', width: 150,
      render: (_, a) => (a.acknowledgedAt ? <Typography.Text type="secondary">{t('monitoring.alerts.acknowledged')}</Typography.Text> : <Button size="small" onClick={() => void ack([a.id])}>{t('monitoring.alerts.acknowledge')}</Button>),
    },
  ]
  return (
    <Card
      title={<Space><Badge status={connected ? 'processing' : 'default'} text={connected ? t('monitoring.alerts.live') : t('monitoring.alerts.offline')} /></Space>}
      extra={<Space><Switch checked={unread} onChange={setUnread} /> {t('monitoring.alerts.unreadOnly')} <Button icon={<ReloadOutlined />} onClick={list.reload} /></Space>}
    >
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" size="small" loading={list.loading} dataSource={shown} columns={columns} pagination={{ pageSize: 20 }}
        rowClassName={(a) => (live.some((l) => l.id === a.id) && !a.acknowledgedAt ? 'row-new' : '')} />
    </Card>
  )
}

/** 监测名单: borrowers watched from 放款 to 结清, and subjects added by hand under a grant. */
function WatchesTab() {
  const { message } = App.useApp()
  const [live, setLive] = useState(true)
  const list = useApi((signal) => api.get('/api/monitoring/watches', { query: { live, limit: 200 }, signal }), [live])
  const [form] = Form.useForm<{ subjectKey: string; note?: string }>()
  const add = async (v: { subjectKey: string; note?: string }) => {
    try {
      await api.post('/api/monitoring/watches', { subjects: [{ subjectKey: v.subjectKey.trim(), ...(v.note ? { note: v.note } : {}) }] })
      form.resetFields()
      list.reload()
    } catch (err) {
      message.error(errorMessage(err))
    }
  }
  const end = async (id: string) => {
    try {
      await api.del('/api/monitoring/watches/{id}', { params: { id } })
      list.reload()
    } catch (err) {
      message.error(errorMessage(err))
    }
  }
  const columns: TableColumnsType<Watch> = [
    { title: t('monitoring.alerts.subject'), dataIndex: 'subjectKey', width: 200 },
    { title: t('monitoring.watches.source'), dataIndex: 'source', width: 120, render: (s: string) => <Tag color={s === 'loan' ? 'green' : 'blue'}>{tDynamic(`monitoring.watches.${s}`, s)}</Tag> },
    { title: t('monitoring.watches.note'), key: 'note', render: (_, w) => w.note ?? (w.loanId ? t('monitoring.watches.loanNote') : '') },
    { title: t('monitoring.watches.since'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('monitoring.watches.state'), key: 'state', width: 200,
      render: (_, w) => w.endedAt ? `${formatDateTime(w.endedAt)} ${w.endReason ?? ''}` : w.source === 'manual'
        ? <Popconfirm title={t('monitoring.watches.endConfirm')} onConfirm={() => void end(w.id)}><Button size="small">{t('monitoring.watches.end')}</Button></Popconfirm>
        : <Typography.Text type="secondary">{t('monitoring.watches.untilSettled')}</Typography.Text>,
    },
  ]
  return (
    <Card extra={<Space><Switch checked={live} onChange={setLive} /> {t('monitoring.watches.liveOnly')}</Space>}>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)} style={{ marginBottom: 16 }}>
        <Form.Item name="subjectKey" rules={[{ required: true, pattern: /^[0-9A-Z]{18}$/, message: t('monitoring.watches.usccInvalid') }]}>
          <Input placeholder={t('monitoring.watches.uscc')} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="note"><Input placeholder={t('monitoring.watches.note')} style={{ width: 200 }} maxLength={200} /></Form.Item>
        <Button type="primary" htmlType="submit">{t('monitoring.watches.add')}</Button>
      </Form>
      <Typography.Paragraph type="secondary">{t('monitoring.watches.hint')}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" size="small" loading={list.loading} dataSource={list.data?.watches ?? []} columns={columns} pagination={{ pageSize: 20 }} />
    </Card>
  )
}

/** 预警规则: per kind, on or off, how severe, which channels. */
function RulesTab() {
  const { message } = App.useApp()
  const rules = useApi((signal) => api.get('/api/monitoring/rules', { signal }), [])
  const [draft, setDraft] = useState<Rule[]>([])
  useEffect(() => setDraft(rules.data ?? []), [rules.data])
  const set = (kind: string, patch: Partial<Rule>) => setDraft((d) => d.map((r) => (r.kind === kind ? { ...r, ...patch } : r)))
  const save = async () => {
    try {
      await api.put('/api/monitoring/rules', { rules: draft.map(({ kind, enabled, severity, channels }) => ({ kind, enabled, severity, channels })) })
      message.success(t('monitoring.rules.saved'))
      rules.reload()
    } catch (err) {
      message.error(errorMessage(err))
    }
  }
  const columns: TableColumnsType<Rule> = [
    { title: t('monitoring.alerts.kind'), dataIndex: 'kind', render: (k: string) => kindName(k) },
    { title: t('monitoring.rules.enabled'), dataIndex: 'enabled', width: 100, render: (v: boolean, r) => <Switch checked={v} onChange={(enabled) => set(r.kind, { enabled })} /> },
    {
      title: t('monitoring.alerts.severity'), dataIndex: 'severity', width: 140,
      render: (v: string, r) => <Select value={v} style={{ width: 110 }} onChange={(severity) => set(r.kind, { severity })} options={['high', 'medium', 'low'].map((s) => ({ value: s, label: severityName(s) }))} />,
    },
    {
      title: t('monitoring.rules.channels'), dataIndex: 'channels', width: 260,
      render: (v: string[], r) => <Select mode="multiple" value={v} style={{ width: 230 }} onChange={(channels) => set(r.kind, { channels })} options={['web', 'webhook'].map((c) => ({ value: c, label: tDynamic(`monitoring.channel.${c}`, c) }))} />,
    },
  ]
  return (
    <Card extra={<Button type="primary" onClick={() => void save()}>{t('monitoring.rules.save')}</Button>}>
      <ErrorAlert error={rules.error} onRetry={rules.reload} />
      <Table rowKey="kind" size="small" loading={rules.loading} dataSource={draft} columns={columns} pagination={false} />
    </Card>
  )
}

/** 回调设置: the webhook (its secret shown once) and the delivery log. */
function WebhookTab() {
  const { message } = App.useApp()
  const hook = useApi((signal) => api.get('/api/monitoring/webhook', { signal }), [])
  const deliveries = useApi((signal) => api.get('/api/monitoring/deliveries', { query: { limit: 100 }, signal }), [])
  const [secret, setSecret] = useState<string>()
  const save = async (v: { url: string }) => {
    try {
      const r = await api.put('/api/monitoring/webhook', { url: v.url.trim() })
      setSecret(r.secret)
      hook.reload()
    } catch (err) {
      message.error(errorMessage(err))
    }
  }
  const columns: TableColumnsType<Delivery> = [
    { title: t('monitoring.alerts.time'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('monitoring.webhook.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag color={s === 'delivered' ? 'green' : s === 'failed' ? 'red' : 'gold'}>{tDynamic(`monitoring.webhook.${s}`, s)}</Tag> },
    { title: t('monitoring.webhook.attempts'), dataIndex: 'attempts', width: 80 },
    { title: t('monitoring.webhook.last'), key: 'last', render: (_, d) => d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '') },
    { title: t('monitoring.webhook.key'), dataIndex: 'id', width: 300, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
  ]
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('monitoring.webhook.title')}>
        <ErrorAlert error={hook.error} onRetry={hook.reload} />
        {hook.data?.webhook && <Typography.Paragraph>{t('monitoring.webhook.current')}<Typography.Text code>{hook.data.webhook.url}</Typography.Text></Typography.Paragraph>}
        <Form layout="inline" onFinish={(v: { url: string }) => void save(v)}>
          <Form.Item name="url" rules={[{ required: true, type: 'url', message: t('monitoring.webhook.urlInvalid') }]}><Input placeholder="https://" style={{ width: 420 }} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('monitoring.webhook.save')}</Button>
        </Form>
        {secret && <Notice style={{ marginTop: 16 }} type="warning" showIcon message={t('monitoring.webhook.secretOnce')} description={<Typography.Text code copyable>{secret}</Typography.Text>} />}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>{t('monitoring.webhook.hint')}</Typography.Paragraph>
      </Card>
      <Card title={t('monitoring.webhook.log')} extra={<Button icon={<ReloadOutlined />} onClick={deliveries.reload} />}>
        <ErrorAlert error={deliveries.error} onRetry={deliveries.reload} />
        <Table rowKey="id" size="small" loading={deliveries.loading} dataSource={deliveries.data?.deliveries ?? []} columns={columns} pagination={{ pageSize: 20 }}
          expandable={{ expandedRowRender: (d) => (
            <Table rowKey="n" size="small" pagination={false} dataSource={d.log} columns={[
              { title: '#', dataIndex: 'n', width: 50 },
              { title: t('monitoring.alerts.time'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
              { title: 'HTTP', dataIndex: 'httpStatus' },
              { title: t('monitoring.webhook.error'), dataIndex: 'error' },
              { title: 'ms', dataIndex: 'durationMs' },
            ]} />
          ) }} />
      </Card>
    </Space>
  )
}

/** 风险监测预警 (§十五): the institution's alerts (live), watch list, rules and webhook. */
export default function MonitoringPage() {
  return (
    <>
      <PageHeader title={t('menu.monitoring')} description={t('monitoring.description')} />
      <Tabs items={[
        { key: 'alerts', label: t('monitoring.tabs.alerts'), children: <AlertsTab /> },
        { key: 'watches', label: t('monitoring.tabs.watches'), children: <WatchesTab /> },
        { key: 'rules', label: t('monitoring.tabs.rules'), children: <RulesTab /> },
        { key: 'webhook', label: t('monitoring.tabs.webhook'), children: <WebhookTab /> },
      ]} />
    </>
  )
}

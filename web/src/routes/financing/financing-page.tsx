import { useState } from 'react'
import { Button, Collapse, Descriptions, Drawer, Form, Grid, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd'
import { CheckCircleTwoTone, CloseCircleTwoTone, PlusOutlined, QuestionCircleTwoTone } from '@ant-design/icons'
import { api } from '../../api/client'
import type { FinancingApplication, FinancingMatches, FinancingNeed, FinancingProduct, FinancingReference } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDate, formatDateTime } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { amountRange, beijingToday, rateRange, termRange, wan } from './financing-format'
import { EnterpriseSizeText } from './loan-steps'

type Match = FinancingMatches['matches'][number]
type Outcome = Match['outcome']

const OUTCOME_ICON: Record<Outcome, React.ReactNode> = {
  pass: <CheckCircleTwoTone twoToneColor="#52c41a" />,
  unknown: <QuestionCircleTwoTone twoToneColor="#faad14" />,
  fail: <CloseCircleTwoTone twoToneColor="#ff4d4f" />,
}
const OUTCOME_COLOR: Record<Outcome, string> = { pass: 'success', unknown: 'warning', fail: 'error' }

export const statusTag = (s: string) => <Tag>{tDynamic(`financingStatus.${s}`, s)}</Tag>

/**
 * 融资服务 (enterprise): the product shelf with filters; its needs, each with the products ranked for it and the
 * reasons rule by rule; applying (which grants the lender what it needs, in the same step); its applications with
 * the institution's current step and deadline in working days.
 */
export default function FinancingPage() {
  const { query } = useLocation()
  const tab = query.get('tab') ?? 'products'
  return (
    <>
      <PageHeader title={t('financing.title')} description={t('financing.description')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setQuery({ tab: k, page: null })}
        items={[
          { key: 'products', label: t('financing.tabProducts'), children: <ProductsTab /> },
          { key: 'needs', label: t('financing.tabNeeds'), children: <NeedsTab /> },
          { key: 'applications', label: t('financing.tabApplications'), children: <ApplicationsTab /> },
        ]}
      />
    </>
  )
}

/** Drawers take the whole width of a phone, the large size elsewhere. */
function useDrawerSize(): string {
  return Grid.useBreakpoint().md ?? true ? 'large' : '100%'
}

function useReference() {
  return useApi((signal) => api.get('/api/financing/reference', { signal }), [])
}

export function productColumns(ref: FinancingReference | undefined): TableColumnsType<FinancingProduct> {
  return [
    { title: t('financing.productName'), dataIndex: 'name' },
    { title: t('financing.institution'), dataIndex: 'institution' },
    { title: t('financing.type'), dataIndex: 'type', render: (v: string) => ref?.productTypes[v] ?? v },
    { title: t('financing.amountRange'), key: 'amount', render: (_, p) => amountRange(p) },
    { title: t('financing.termRange'), key: 'term', render: (_, p) => termRange(p) },
    { title: t('financing.rateRange'), key: 'rate', render: (_, p) => rateRange(p) },
    { title: t('financing.regions'), dataIndex: 'regions', render: (v: string[]) => v.join('、') },
  ]
}

function ProductsTab() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const type = query.get('type') ?? undefined
  const ref = useReference()
  const [shown, setShown] = useState<FinancingProduct>()
  const list = useApi((signal) => api.get('/api/financing/products', { signal, query: { type, limit: paging.limit, offset: paging.offset } }), [type, paging.limit, paging.offset])
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('financing.type')} style={{ width: 180 }} value={type} onChange={(v?: string) => setQuery({ type: v ?? null, page: null })}
          options={Object.entries(ref.data?.productTypes ?? {}).map(([value, label]) => ({ value, label }))} />
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey={(p) => `${p.id}:${p.version}`} loading={list.loading} dataSource={list.data?.products ?? []} pagination={serverPagination(paging, list.data?.total)} scroll={{ x: 960 }}
        columns={[...productColumns(ref.data), { title: t('common.actions'), key: 'a', render: (_, p) => <Button type="link" size="small" onClick={() => setShown(p)}>{t('common.details')}</Button> }]} />
      {shown && <ProductDrawer product={shown} reference={ref.data} onClose={() => setShown(undefined)} />}
    </>
  )
}

/** A product as an enterprise weighs it: figures, ways of repaying, guarantee, regions, and how many rules it has. */
function ProductDrawer({ product: p, reference, onClose }: { product: FinancingProduct; reference: FinancingReference | undefined; onClose(): void }) {
  return (
    <Drawer open title={`${t('financing.productDetail')} · ${p.name}`} onClose={onClose} size={useDrawerSize()} destroyOnHidden>
      <Descriptions size="small" bordered column={1} data-testid="product-detail">
        <Descriptions.Item label={t('financing.productName')}>{p.name}（v{p.version}）</Descriptions.Item>
        <Descriptions.Item label={t('financing.institution')}>{p.institution}</Descriptions.Item>
        <Descriptions.Item label={t('financing.type')}>{reference?.productTypes[p.type] ?? p.type}</Descriptions.Item>
        <Descriptions.Item label={t('financing.amountRange')}>{amountRange(p)}</Descriptions.Item>
        <Descriptions.Item label={t('financing.termRange')}>{termRange(p)}</Descriptions.Item>
        <Descriptions.Item label={t('financing.rateRange')}>{rateRange(p)}</Descriptions.Item>
        <Descriptions.Item label={t('financing.repaymentWays')}>{p.repaymentWays.map((w) => reference?.repaymentWays[w] ?? w).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('financing.guarantee')}>{p.guaranteeRequired ? t('financing.guaranteeYes') : t('financing.guaranteeNo')}</Descriptions.Item>
        <Descriptions.Item label={t('financing.regions')}>{p.regions.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('financing.description2')}><Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{p.description || '—'}</Typography.Paragraph></Descriptions.Item>
        <Descriptions.Item label={t('financing.rules')}>{p.rules.length ? t('financing.rulesCount', { n: p.rules.length }) : t('financing.noRules')}</Descriptions.Item>
        <Descriptions.Item label={t('financing.productUpdatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
      </Descriptions>
    </Drawer>
  )
}

function NeedsTab() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const [creating, setCreating] = useState(false)
  const [open, setOpen] = useState<FinancingNeed>()
  const [form] = Form.useForm<{ amount: number; termMonths: number; purpose: string; collateral?: string }>()
  const list = useApi((signal) => api.get('/api/financing/needs', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])

  const submit = async () => {
    const v = await form.validateFields()
    try {
      await api.post('/api/financing/needs', { amountFen: Math.round(v.amount * 1_000_000), termMonths: v.termMonths, purpose: v.purpose, ...(v.collateral ? { collateral: v.collateral } : {}) })
      notify.success(t('financing.needCreated'))
      setCreating(false)
      form.resetFields()
      list.reload()
    } catch (err) {
      notify.error(err)
    }
  }

  const columns: TableColumnsType<FinancingNeed> = [
    { title: t('financing.amount'), dataIndex: 'amountFen', render: (v: number) => wan(v) },
    { title: t('financing.termMonths'), dataIndex: 'termMonths' },
    { title: t('financing.purpose'), dataIndex: 'purpose' },
    { title: t('financing.collateral'), dataIndex: 'collateral', render: (v: string | null) => v ?? '—' },
    { title: t('financing.status'), dataIndex: 'status', render: (v: string) => (v === 'open' ? <Tag color="processing">{t('financing.needOpen')}</Tag> : <Tag>{t('financing.needClosed')}</Tag>) },
    { title: t('financing.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
    { title: t('common.actions'), key: 'a', render: (_, n) => <Button type="link" size="small" onClick={() => setOpen(n)}>{t('financing.match')}</Button> },
  ]
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('financing.newNeed')}</Button>
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.needs ?? []} columns={columns} pagination={serverPagination(paging, list.data?.total)} scroll={{ x: 900 }} />
      <Modal open={creating} title={t('financing.newNeed')} onOk={() => void submit()} onCancel={() => setCreating(false)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
        <Form form={form} layout="vertical">
          <Form.Item name="amount" label={t('financing.amount')} rules={[{ required: true }]}><InputNumber min={0.01} max={100000} precision={2} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="termMonths" label={t('financing.termMonths')} rules={[{ required: true }]}><InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="purpose" label={t('financing.purpose')} rules={[{ required: true, min: 2, max: 200 }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="collateral" label={t('financing.collateral')}><Input maxLength={200} /></Form.Item>
        </Form>
      </Modal>
      <MatchDrawer need={open} onClose={() => setOpen(undefined)} />
    </>
  )
}

function MatchDrawer({ need, onClose }: { need: FinancingNeed | undefined; onClose(): void }) {
  const notify = useNotify()
  const matches = useApi((signal) => (need ? api.get('/api/financing/needs/{id}/matches', { params: { id: need.id }, signal, query: { limit: 50 } }) : Promise.resolve(undefined)), [need?.id])
  const apply = (m: Match) => {
    if (!need) return
    Modal.confirm({
      title: t('financing.apply'),
      content: t('financing.applyConfirm', { name: m.product.name, institution: m.product.institution }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post('/api/financing/applications', { productId: m.product.id, productVersion: m.product.version, amountFen: need.amountFen, termMonths: need.termMonths, needId: need.id })
          notify.success(t('financing.applied'))
        } catch (err) {
          notify.error(err)
        }
      },
    })
  }
  return (
    <Drawer open={!!need} onClose={onClose} size={useDrawerSize()} title={t('financing.matches')}>
      <ErrorAlert error={matches.error} onRetry={matches.reload} />
      <Collapse
        items={(matches.data?.matches ?? []).map((m) => ({
          key: `${m.product.id}:${m.product.version}`,
          label: <Space>{OUTCOME_ICON[m.outcome]}<span>{m.product.name}</span><Typography.Text type="secondary">{m.product.institution} · {rateRange(m.product)}</Typography.Text></Space>,
          extra: <Space><Tag color={OUTCOME_COLOR[m.outcome]}>{tDynamic(`financing.outcome_${m.outcome}`, m.outcome)}</Tag>{m.outcome !== 'fail' && <Button size="small" type="primary" onClick={(e) => { e.stopPropagation(); apply(m) }}>{t('financing.apply')}</Button>}</Space>,
          children: (
            <>
              <Typography.Title level={5}>{t('financing.terms')}</Typography.Title>
              {m.terms.map((c) => <div key={c.check}>{c.ok ? OUTCOME_ICON.pass : OUTCOME_ICON.fail} {c.zh}</div>)}
              <Typography.Title level={5} style={{ marginTop: 12 }}>{t('financing.rules')}</Typography.Title>
              {m.rules.map((r) => <div key={r.path}>{OUTCOME_ICON[r.outcome]} {r.rule}：<Typography.Text type="secondary">{r.reason}</Typography.Text></div>)}
            </>
          ),
        }))}
      />
    </Drawer>
  )
}

function ApplicationsTab() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const list = useApi((signal) => api.get('/api/financing/applications', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const withdraw = async (a: FinancingApplication) => {
    try {
      await api.post('/api/financing/applications/{id}/withdraw', {}, { params: { id: a.id } })
      list.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.applications ?? []} pagination={serverPagination(paging, list.data?.total)} scroll={{ x: 1000 }} columns={[
        ...applicationColumns(),
        // The size the platform recorded when the loan was made: what funds and subsidies limited by size read.
        { title: t('financing.enterpriseSize'), key: 'size', width: 220, render: (_, a) => (a.loan ? <EnterpriseSizeText size={a.loan.enterpriseSize} /> : '—') },
        { title: t('common.actions'), key: 'a', render: (_, a) => (a.status === 'submitted' || a.status === 'accepted') && <Button type="link" size="small" danger onClick={() => void withdraw(a)}>{t('financing.withdraw')}</Button> },
      ]} />
    </>
  )
}

/** Columns every party's application list shares: product, amount, status, and the clock of the step owed now. */
export function applicationColumns(): TableColumnsType<FinancingApplication> {
  return [
    { title: t('financing.productName'), key: 'p', render: (_, a) => `${a.productName}（v${a.productVersion}）` },
    // Next to the name, so a phone shows it without scrolling the table sideways.
    { title: t('financing.status'), dataIndex: 'status', render: (v: string) => statusTag(v) },
    { title: t('financing.institution'), dataIndex: 'institution' },
    { title: t('financing.amount'), dataIndex: 'amountFen', render: (v: number) => wan(v) },
    { title: t('financing.termMonths'), dataIndex: 'termMonths' },
    {
      title: t('financing.dueDate'), key: 'due', render: (_, a) => (a.dueDate
        ? <Space>{formatDate(a.dueDate)}{a.dueDate < beijingToday() && <Tag color="error">{t('financing.overdue')}</Tag>}</Space>
        : '—'),
    },
    { title: t('financing.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
  ]
}

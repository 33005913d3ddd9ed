import { useState } from 'react'
import { Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, type TableColumnsType } from 'antd'
import dayjs from 'dayjs'
import { api } from '../../api/client'
import type { FinancingApplication, FinancingApplicationList, FinancingProduct, FinancingProductList, FinancingReference } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { applicationColumns, productColumns, statusTag } from './financing-page'
import { ProductForm } from './product-form'

type Step = 'accept' | 'approve' | 'refuse' | 'lend'

/** The step an institution takes next, per status (the server checks the order again and refuses one out of it). */
const NEXT: Record<string, Step[]> = { submitted: ['accept', 'refuse'], accepted: ['approve', 'refuse'], approved: ['lend'] }

/**
 * 融资业务: the institution's queue (accept, decide with a reason code, report the loan), the operator's review of
 * submitted products and list of applications past their deadline, the supervisor's read-only view of the same.
 */
export default function FinancingWorkPage() {
  const role = useAccount().role
  const { query } = useLocation()
  const tabs = role === 'institution'
    ? [
        { key: 'queue', label: t('financing.tabQueue'), children: <Queue /> },
        { key: 'products', label: t('financing.tabMyProducts'), children: <MyProducts /> },
        { key: 'late', label: t('financing.tabOverdue'), children: <Applications overdueOnly /> },
      ]
    : [
        ...(role === 'operator' ? [{ key: 'review', label: t('financing.tabReview'), children: <Review /> }] : []),
        { key: 'late', label: t('financing.tabOverdue'), children: <Applications overdueOnly /> },
        { key: 'all', label: t('financing.tabApplications'), children: <Applications /> },
      ]
  const description = role === 'institution' ? t('financing.workInstitution') : role === 'operator' ? t('financing.workOperator') : t('financing.workSupervisor')
  return (
    <>
      <PageHeader title={t('financing.workTitle')} description={description} />
      <Tabs activeKey={query.get('tab') ?? tabs[0]!.key} onChange={(k) => setQuery({ tab: k, page: null })} items={tabs} />
    </>
  )
}

function Applications({ overdueOnly = false }: { overdueOnly?: boolean }) {
  const { query } = useLocation()
  const paging = usePaging(query)
  const list = useApi((signal) => api.get<FinancingApplicationList>('/api/financing/applications', { signal, query: { overdueOnly, limit: paging.limit, offset: paging.offset } }), [overdueOnly, paging.limit, paging.offset])
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.applications ?? []} pagination={serverPagination(paging, list.data?.total)}
        columns={[{ title: t('financing.enterprise'), key: 'e', render: (_, a) => a.enterpriseName ?? a.subjectKey }, ...applicationColumns()]} />
    </>
  )
}

function Queue() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const ref = useApi((signal) => api.get<FinancingReference>('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get<FinancingApplicationList>('/api/financing/applications', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [acting, setActing] = useState<{ step: Step; a: FinancingApplication }>()
  const [form] = Form.useForm()

  const send = async (step: Step, a: FinancingApplication, body: object) => {
    try {
      await api.post(`/api/financing/applications/${a.id}/${step}`, body)
      notify.success(t('financing.done'))
      setActing(undefined)
      form.resetFields()
      list.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  const submit = async () => {
    if (!acting) return
    const v = await form.validateFields()
    if (acting.step === 'refuse') return send('refuse', acting.a, { reasonCode: v.reasonCode, ...(v.note ? { note: v.note } : {}) })
    return send('lend', acting.a, {
      contractNo: v.contractNo, principalFen: Math.round(v.principal * 1_000_000), annualRateBp: Math.round(v.rate * 100), repaymentWay: v.repaymentWay,
      startDate: (v.startDate as dayjs.Dayjs).format('YYYY-MM-DD'), maturityDate: (v.maturityDate as dayjs.Dayjs).format('YYYY-MM-DD'),
    })
  }

  const columns: TableColumnsType<FinancingApplication> = [
    { title: t('financing.enterprise'), key: 'e', render: (_, a) => a.enterpriseName ?? a.subjectKey },
    ...applicationColumns().filter((c) => c.key !== 'institution' && (c as { dataIndex?: string }).dataIndex !== 'institution'),
    {
      title: t('common.actions'), key: 'a', render: (_, a) => (
        <Space size={0} wrap>
          {(NEXT[a.status] ?? []).map((step) => (
            <Button key={step} type="link" size="small" danger={step === 'refuse'}
              onClick={() => (step === 'accept' || step === 'approve' ? void send(step, a, {}) : setActing({ step, a }))}>
              {tDynamic(`financing.${step}`, step)}
            </Button>
          ))}
        </Space>
      ),
    },
  ]
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.applications ?? []} columns={columns} pagination={serverPagination(paging, list.data?.total)} />
      <Modal open={!!acting} title={acting ? tDynamic(`financing.${acting.step}`, acting.step) : ''} onOk={() => void submit()} onCancel={() => setActing(undefined)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
        <Form form={form} layout="vertical">
          {acting?.step === 'refuse' && (
            <>
              <Form.Item name="reasonCode" label={t('financing.refuseReason')} rules={[{ required: true }]}>
                <Select options={Object.entries(ref.data?.refusalReasons ?? {}).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="note" label={t('financing.note')}><Input.TextArea maxLength={500} /></Form.Item>
            </>
          )}
          {acting?.step === 'lend' && (
            <>
              <Form.Item name="contractNo" label={t('financing.contractNo')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item>
              <Form.Item name="principal" label={t('financing.principal')} initialValue={acting.a.amountFen / 1_000_000} rules={[{ required: true }]}><InputNumber min={0.01} precision={2} style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="rate" label={t('financing.annualRate')} rules={[{ required: true }]}><InputNumber min={0} max={36} precision={2} style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="repaymentWay" label={t('financing.repaymentWay')} rules={[{ required: true }]}>
                <Select options={Object.entries(ref.data?.repaymentWays ?? {}).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="startDate" label={t('financing.startDate')} initialValue={dayjs()} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
              <Form.Item name="maturityDate" label={t('financing.maturityDate')} initialValue={dayjs().add(acting.a.termMonths, 'month')} rules={[{ required: true }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  )
}

function Review() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const ref = useApi((signal) => api.get<FinancingReference>('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get<FinancingProductList>('/api/financing/products', { signal, query: { status: 'submitted', limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [rejecting, setRejecting] = useState<FinancingProduct>()
  const [reason, setReason] = useState('')
  const review = async (p: FinancingProduct, approve: boolean, why?: string) => {
    try {
      await api.post(`/api/financing/products/${p.id}/versions/${p.version}/review`, { approve, ...(why ? { reason: why } : {}) })
      notify.success(t('financing.done'))
      setRejecting(undefined)
      setReason('')
      list.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey={(p) => `${p.id}:${p.version}`} loading={list.loading} dataSource={list.data?.products ?? []} pagination={serverPagination(paging, list.data?.total)}
        expandable={{ expandedRowRender: (p) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(p.rules, null, 2)}</pre> }}
        columns={[
          ...productColumns(ref.data),
          { title: t('financing.version'), dataIndex: 'version' },
          { title: t('financing.status'), dataIndex: 'status', render: (v: string) => statusTag(v) },
          {
            title: t('common.actions'), key: 'a', render: (_, p) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => void review(p, true)}>{t('financing.reviewApprove')}</Button>
                <Button type="link" size="small" danger onClick={() => setRejecting(p)}>{t('financing.reviewReject')}</Button>
              </Space>
            ),
          },
        ]} />
      <Modal open={!!rejecting} title={t('financing.reviewReject')} okButtonProps={{ disabled: reason.trim().length === 0 }} onOk={() => rejecting && void review(rejecting, false, reason.trim())} onCancel={() => setRejecting(undefined)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
        <Input.TextArea placeholder={t('financing.rejectReason')} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </>
  )
}

/** What an institution may do with a product version in each status (the server checks again). */
const PRODUCT_ACTIONS: Record<string, Array<'edit' | 'submit' | 'pause' | 'resume' | 'retire'>> = {
  draft: ['edit', 'submit'], rejected: ['edit', 'submit'], published: ['edit', 'pause', 'retire'], paused: ['edit', 'resume', 'retire'],
}

function MyProducts() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const ref = useApi((signal) => api.get<FinancingReference>('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get<FinancingProductList>('/api/financing/products', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [editing, setEditing] = useState<{ product?: FinancingProduct } | null>(null)
  const act = async (p: FinancingProduct, action: 'submit' | 'pause' | 'resume' | 'retire') => {
    try {
      await api.post(`/api/financing/products/${p.id}/${action}`, {})
      notify.success(t('financing.done'))
      list.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing({})}>{t('financing.newProduct')}</Button>
      </Space>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey={(p) => `${p.id}:${p.version}`} loading={list.loading} dataSource={list.data?.products ?? []} pagination={serverPagination(paging, list.data?.total)}
        columns={[
          ...productColumns(ref.data).filter((c) => (c as { dataIndex?: string }).dataIndex !== 'institution'),
          { title: t('financing.version'), dataIndex: 'version' },
          { title: t('financing.status'), dataIndex: 'status', render: (v: string) => statusTag(v) },
          { title: t('financing.reviewReason'), dataIndex: 'reviewReason', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'), key: 'a', render: (_, p) => (
              <Space size={0} wrap>
                {(PRODUCT_ACTIONS[p.status] ?? []).map((a) => (
                  <Button key={a} type="link" size="small" danger={a === 'retire'} onClick={() => (a === 'edit' ? setEditing({ product: p }) : void act(p, a))}>{tDynamic(`financing.${a}`, a)}</Button>
                ))}
              </Space>
            ),
          },
        ]} />
      <ProductForm open={editing !== null} product={editing?.product} reference={ref.data} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); list.reload() }} />
    </>
  )
}

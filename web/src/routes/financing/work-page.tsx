import { useState } from 'react'
import { Button, Input, Modal, Space, Table, Tabs, Tooltip, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { FinancingApplication, FinancingProduct } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { applicationColumns, productColumns, statusTag } from './financing-page'
import { ProductForm } from './product-form'
import { LoanDrawer, StepModal } from './loan-steps'
import { blockedBecause, NEXT, stepLabel, type Step } from './loan-deadlines'
import { formatFen } from '../compensation/money'

/**
 * 融资业务: the institution's queue (accept, decide with a reason code, report the loan, its repayments, overdue,
 * cure, settlement and default, each with its deadline), the operator's review of
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
  const list = useApi((signal) => api.get('/api/financing/applications', { signal, query: { overdueOnly, limit: paging.limit, offset: paging.offset } }), [overdueOnly, paging.limit, paging.offset])
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
  const ref = useApi((signal) => api.get('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get('/api/financing/applications', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [acting, setActing] = useState<{ step: Step; a: FinancingApplication }>()
  const openId = query.get('open')

  const columns: TableColumnsType<FinancingApplication> = [
    { title: t('financing.enterprise'), key: 'e', render: (_, a) => a.enterpriseName ?? a.subjectKey },
    ...applicationColumns().filter((c) => c.key !== 'institution' && (c as { dataIndex?: string }).dataIndex !== 'institution'),
    { title: t('financing.dueStepCol'), dataIndex: 'dueStep', render: (v: string | null) => (v ? ref.data?.serviceLevels[v]?.zh ?? v : '—') },
    { title: t('financing.outstanding'), key: 'outstanding', align: 'right', render: (_, a) => (a.loan ? <span className="num">{formatFen(a.loan.outstandingPrincipalFen)}</span> : '—') },
    {
      title: t('common.actions'), key: 'a', render: (_, a) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setQuery({ open: a.id }, { replace: false })}>{t('common.details')}</Button>
          {(NEXT[a.status] ?? []).map((step) => {
            const blocked = blockedBecause(step, a)
            const button = (
              <Button key={step} type="link" size="small" danger={step === 'refuse' || step === 'default'} disabled={!!blocked} onClick={() => setActing({ step, a })}>
                {stepLabel(step)}
              </Button>
            )
            return blocked ? <Tooltip key={step} title={blocked}>{button}</Tooltip> : button
          })}
        </Space>
      ),
    },
  ]
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" loading={list.loading} dataSource={list.data?.applications ?? []} columns={columns} pagination={serverPagination(paging, list.data?.total)} scroll={{ x: 1200 }} />
      {acting && (
        <StepModal step={acting.step} application={acting.a} reference={ref.data} onClose={() => setActing(undefined)}
          onDone={() => { notify.success(t('financing.done')); setActing(undefined); list.reload() }} />
      )}
      {openId && <LoanDrawer id={openId} onClose={() => setQuery({ open: null })} />}
    </>
  )
}

function Review() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const notify = useNotify()
  const ref = useApi((signal) => api.get('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get('/api/financing/products', { signal, query: { status: 'submitted', limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [rejecting, setRejecting] = useState<FinancingProduct>()
  const [reason, setReason] = useState('')
  const review = async (p: FinancingProduct, approve: boolean, why?: string) => {
    try {
      await api.post('/api/financing/products/{id}/versions/{version}/review', { approve, ...(why ? { reason: why } : {}) }, { params: { id: p.id, version: p.version } })
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
  const ref = useApi((signal) => api.get('/api/financing/reference', { signal }), [])
  const list = useApi((signal) => api.get('/api/financing/products', { signal, query: { limit: paging.limit, offset: paging.offset } }), [paging.limit, paging.offset])
  const [editing, setEditing] = useState<{ product?: FinancingProduct } | null>(null)
  const act = async (p: FinancingProduct, action: 'submit' | 'pause' | 'resume' | 'retire') => {
    try {
      await api.post(`/api/financing/products/{id}/${action}`, {}, { params: { id: p.id } })
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

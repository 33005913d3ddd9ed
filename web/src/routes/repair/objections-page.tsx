import { useState } from 'react'
import { Button, Card, Drawer, Empty, Flex, Form, Input, Modal, Radio, Segmented, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Objection, ObjectionDetail, ObjectionList } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { serverPagination, useApi, useItemDetails, usePaging } from '../../hooks'
import { t } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { CaseAttachments, CaseRecordView, CaseThread, ClockTag } from './case-parts'
import { OBJECTION_STATUS_COLORS, objectionStatusName, recordSummary } from './repair-format'

/**
 * 异议申诉 (§十七). The enterprise files objections from its profile's records and follows them; the providing unit
 * works its queue, open ones first by deadline, each with its clock in working days; the operator sees all and
 * those past due.
 */
export default function ObjectionsPage() {
  const account = useAccount()
  const { query } = useLocation()
  const paging = usePaging(query)
  const status = query.get('status') ?? ''
  const overdue = query.get('overdue') === '1'
  const list = useApi((signal) => api.get('/api/objections', { signal, query: { limit: paging.limit, offset: paging.offset, ...(status ? { status } : {}), ...(overdue ? { overdue: true } : {}) } }), [paging.limit, paging.offset, status, overdue])
  const [openId, setOpenId] = useState<string | null>(null)
  const fileItem = query.get('item')
  const fileRecord = query.get('record')

  const columns: TableColumnsType<Objection> = [
    { title: t('repair.item'), dataIndex: 'itemName', width: 160 },
    ...(account.role !== 'enterprise' ? [{ title: t('repair.subject'), dataIndex: 'subjectKey', width: 190, render: (v: string) => <span className="code-text">{v}</span> }] : []),
    ...(account.role !== 'provider' ? [{ title: t('repair.provider'), dataIndex: 'provider', width: 180 }] : []),
    { title: t('repair.reasons'), dataIndex: 'reasons', render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{v}</Typography.Paragraph> },
    { title: t('repair.status'), dataIndex: 'status', width: 100, render: (v: string) => <Tag color={OBJECTION_STATUS_COLORS[v]}>{objectionStatusName(v)}</Tag> },
    { title: t('repair.deadline'), key: 'clock', width: 200, render: (_: unknown, o: Objection) => <ClockTag o={o} /> },
    { title: t('repair.filedAt'), dataIndex: 'filedAt', width: 160, responsive: ['lg'], render: (v: string) => formatDateTime(v) },
  ]

  return (
    <>
      <PageHeader
        title={t(account.role === 'provider' ? 'repair.objections.queueTitle' : 'repair.objections.title')}
        description={t(account.role === 'provider' ? 'repair.objections.queueDescription' : account.role === 'operator' ? 'repair.objections.operatorDescription' : 'repair.objections.description')}
        extra={<Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Flex gap={16} wrap style={{ marginBottom: 12 }} align="center">
          <Segmented
            value={status} onChange={(v) => setQuery({ status: v ? String(v) : null, page: null })}
            options={[{ value: '', label: t('repair.all') }, ...['open', 'corrected', 'kept', 'removed'].map((s) => ({ value: s, label: objectionStatusName(s) }))]}
          />
          {account.role === 'operator' && (
            <Space><Switch checked={overdue} onChange={(v) => setQuery({ overdue: v ? 1 : null, page: null })} aria-label={t('repair.overdueOnly')} />{t('repair.overdueOnly')}</Space>
          )}
        </Flex>
        <Table<Objection>
          rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.objections ?? []} scroll={{ x: 900 }}
          pagination={serverPagination(paging, list.data?.total)}
          rowClassName={(o) => (o.clock.overdue ? 'row-overdue' : '')}
          onRow={(o) => ({ onClick: () => setOpenId(o.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty description={t('repair.objections.none')} /> }}
        />
      </Card>
      {openId && <ObjectionDrawer id={openId} onClose={() => { setOpenId(null); list.reload() }} />}
      {account.role === 'enterprise' && fileItem && fileRecord && (
        <FileObjectionModal itemKey={fileItem} recordKey={fileRecord} onDone={(id) => { setQuery({ item: null, record: null }); list.reload(); if (id) setOpenId(id) }} />
      )}
    </>
  )
}

/** The enterprise's objection to one record: its reasons; attachments follow in the case once it is filed. */
function FileObjectionModal({ itemKey, recordKey, onDone }: { itemKey: string; recordKey: string; onDone: (id?: string) => void }) {
  const [form] = Form.useForm<{ reasons: string }>()
  const [saving, setSaving] = useState(false)
  const notify = useNotify()
  const item = useItemDetails([itemKey]).get(itemKey)
  const submit = async (v: { reasons: string }) => {
    setSaving(true)
    try {
      const o = await api.post('/api/objections', { itemKey, recordKey, reasons: v.reasons.trim() })
      notify.success(t('repair.objections.filed', { date: o.clock.dueOn }))
      onDone(o.id)
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal open title={t('repair.objections.file')} onCancel={() => onDone()} onOk={() => form.submit()} okText={t('repair.objections.submit')} confirmLoading={saving} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('repair.objections.fileHint', { item: item?.name ?? itemKey })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reasons" label={t('repair.reasons')} rules={[{ required: true, whitespace: true, min: 2, message: t('repair.reasonsRequired') }]}>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 4, maxRows: 10 }} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** One objection: the record, the exchange, attachments, and the unit's answer while it is open. */
function ObjectionDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const account = useAccount()
  const detail = useApi((signal) => api.get('/api/objections/{id}', { params: { id }, signal }), [id])
  const o = detail.data
  const open = o?.status === 'open'
  const party = account.role === 'enterprise' || account.role === 'provider'
  return (
    <Drawer open width={720} onClose={onClose} title={o ? `${o.itemName} · ${objectionStatusName(o.status)}` : t('repair.objections.title')} extra={o && <ClockTag o={o} />}>
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {o && (
        <Flex vertical gap={16}>
          <Typography.Text type="secondary">{o.record ? recordSummary(o.record.values) : ''}</Typography.Text>
          <CaseRecordView record={o.record} />
          {o.decisionNote && <Card size="small" title={t('repair.decision')}>{objectionStatusName(o.status)}：{o.decisionNote}{o.correction && <div><Typography.Text type="secondary">{t('repair.correction')}：{Object.entries(o.correction).map(([k, v]) => `${k} = ${String(v)}`).join('；')}</Typography.Text></div>}</Card>}
          <Card size="small" title={t('repair.thread')}>
            <CaseThread messages={o.messages} {...(open && party ? { onSay: async (text: string) => { await api.post('/api/objections/{id}/messages', { text }, { params: { id } }); detail.reload() } } : {})} />
          </Card>
          <Card size="small" title={t('repair.attachments')}>
            <CaseAttachments kind="objections" id={id} attachments={o.attachments} canUpload={open && party} onUploaded={detail.reload} />
          </Card>
          {open && account.role === 'provider' && <AnswerForm o={o} onAnswered={detail.reload} />}
        </Flex>
      )}
    </Drawer>
  )
}

/** The unit's answer: correct (the new values of the fields it changes), keep, or remove; always with reasons. */
function AnswerForm({ o, onAnswered }: { o: ObjectionDetail; onAnswered: () => void }) {
  const [form] = Form.useForm<{ outcome: 'corrected' | 'kept' | 'removed'; note: string; values: Record<string, string> }>()
  const outcome = Form.useWatch('outcome', form)
  const [saving, setSaving] = useState(false)
  const notify = useNotify()
  const fields = useItemDetails([o.itemKey]).get(o.itemKey)?.fields.filter((f) => f.sensitivity !== 'sensitive' && f.type !== 'uscc' && f.type !== 'id_number') ?? []
  const submit = async (v: { outcome: 'corrected' | 'kept' | 'removed'; note: string; values?: Record<string, string> }) => {
    const values = Object.fromEntries(Object.entries(v.values ?? {}).filter(([k, x]) => x !== undefined && x !== '' && String(o.record?.values[k] ?? '') !== x))
    if (v.outcome === 'corrected' && Object.keys(values).length === 0) return notify.error(new Error(t('repair.correctionRequired')))
    setSaving(true)
    try {
      await api.post('/api/objections/{id}/answer', { outcome: v.outcome, note: v.note.trim(), ...(v.outcome === 'corrected' ? { values } : {}) }, { params: { id: o.id } })
      notify.success(t('repair.answered'))
      onAnswered()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card size="small" title={t('repair.answer')}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'kept', values: Object.fromEntries(Object.entries(o.record?.values ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])) }}>
        <Form.Item name="outcome" label={t('repair.outcome')}>
          <Radio.Group optionType="button" options={(['corrected', 'kept', 'removed'] as const).map((x) => ({ value: x, label: t(`repair.outcomes.${x}`) }))} />
        </Form.Item>
        {outcome === 'corrected' && fields.map((f) => (
          <Form.Item key={f.key} name={['values', f.key]} label={f.name}><Input maxLength={2000} /></Form.Item>
        ))}
        <Form.Item name="note" label={t('repair.note')} rules={[{ required: true, whitespace: true, min: 2, message: t('repair.noteRequired') }]}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} danger={outcome === 'removed'}>{t('repair.submitAnswer')}</Button>
      </Form>
    </Card>
  )
}

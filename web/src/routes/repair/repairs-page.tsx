import { useState } from 'react'
import { Alert, Button, Card, Checkbox, Drawer, Empty, Flex, Form, Input, Modal, Radio, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { RepairApplication, RepairApplicationDetail, RepairApplicationList, SubjectRecordState } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { CaseAttachments, CaseRecordView, CaseThread } from './case-parts'
import { CLASS_COLORS, className, recordSummary, REPAIR_STATUS_COLORS, repairStatusName } from './repair-format'

/**
 * 信用修复 (§十七). The enterprise sees its 失信 records with their class and publicity window (withdrawn ones too)
 * and applies once the minimum has passed; the providing unit decides; the operator follows every case, including
 * publicity ended by itself.
 */
export default function RepairsPage() {
  const account = useAccount()
  const { query } = useLocation()
  const paging = usePaging(query)
  const status = query.get('status') ?? ''
  const list = useApi((signal) => api.get('/api/repairs', { signal, query: { limit: paging.limit, offset: paging.offset, ...(status ? { status } : {}) } }), [paging.limit, paging.offset, status])
  const [openId, setOpenId] = useState<string | null>(null)
  const [applying, setApplying] = useState<SubjectRecordState | null>(null)

  const columns: TableColumnsType<RepairApplication> = [
    { title: t('repair.item'), dataIndex: 'itemName', width: 150 },
    ...(account.role !== 'enterprise' ? [{ title: t('repair.subject'), dataIndex: 'subjectKey', width: 190, render: (v: string) => <span className="code-text">{v}</span> }] : []),
    { title: t('repair.kind'), dataIndex: 'kind', width: 110, render: (v: string) => tDynamic(`repair.kinds.${v}`, v) },
    { title: t('repair.classTitle'), dataIndex: 'class', width: 80, render: (v: string) => <Tag color={CLASS_COLORS[v]}>{className(v)}</Tag> },
    { title: t('repair.window'), key: 'window', width: 220, render: (_: unknown, a: RepairApplication) => `${a.publicityStart} → ${a.minEnd} / ${a.maxEnd}` },
    ...(account.role !== 'provider' ? [{ title: t('repair.provider'), dataIndex: 'provider', width: 170 }] : []),
    { title: t('repair.status'), dataIndex: 'status', width: 90, render: (v: string) => <Tag color={REPAIR_STATUS_COLORS[v]}>{repairStatusName(v)}</Tag> },
    { title: t('repair.filedAt'), dataIndex: 'filedAt', width: 160, responsive: ['lg'], render: (v: string) => formatDateTime(v) },
  ]

  return (
    <>
      <PageHeader
        title={t(account.role === 'provider' ? 'repair.repairs.queueTitle' : 'repair.repairs.title')}
        description={t(account.role === 'enterprise' ? 'repair.repairs.description' : 'repair.repairs.otherDescription')}
        extra={<Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Flex vertical gap={16}>
        {account.role === 'enterprise' && account.organization && <EligibleRecords code={account.organization} onApply={setApplying} version={list.data?.total ?? 0} />}
        <Card title={t('repair.repairs.cases')}>
          <Segmented
            style={{ marginBottom: 12 }} value={status} onChange={(v) => setQuery({ status: v ? String(v) : null, page: null })}
            options={[{ value: '', label: t('repair.all') }, ...['open', 'repaired', 'refused'].map((s) => ({ value: s, label: repairStatusName(s) }))]}
          />
          <Table<RepairApplication>
            rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.applications ?? []} scroll={{ x: 900 }}
            pagination={serverPagination(paging, list.data?.total)} onRow={(a) => ({ onClick: () => setOpenId(a.id), style: { cursor: 'pointer' } })}
            locale={{ emptyText: <Empty description={t('repair.repairs.none')} /> }}
          />
        </Card>
      </Flex>
      {openId && <RepairDrawer id={openId} onClose={() => { setOpenId(null); list.reload() }} />}
      {applying && <ApplyModal target={applying} onDone={(id) => { setApplying(null); list.reload(); if (id) setOpenId(id) }} />}
    </>
  )
}

/** The enterprise's 失信 records, with class, window and whether it may apply today. */
function EligibleRecords({ code, onApply, version }: { code: string; onApply: (r: SubjectRecordState) => void; version: number }) {
  const records = useApi((signal) => api.get('/api/repairs/subjects/{code}/records', { params: { code }, signal }), [code, version])
  const rows = (records.data ?? []).filter((r) => r.eligibility.dishonesty)
  const columns: TableColumnsType<SubjectRecordState> = [
    { title: t('repair.item'), key: 'item', width: 150, render: (_: unknown, r) => r.record.itemName },
    { title: t('repair.record'), key: 'summary', render: (_: unknown, r) => recordSummary(r.record.values) },
    { title: t('repair.classTitle'), key: 'class', width: 80, render: (_: unknown, r) => <Tag color={CLASS_COLORS[r.eligibility.class ?? '']}>{className(r.eligibility.class)}</Tag> },
    { title: t('repair.minEnd'), key: 'min', width: 110, render: (_: unknown, r) => r.eligibility.minEnd ?? '—' },
    { title: t('repair.maxEnd'), key: 'max', width: 110, render: (_: unknown, r) => r.eligibility.maxEnd ?? '—' },
    { title: t('repair.state.title'), key: 'state', width: 100, render: (_: unknown, r) => <Tag color={r.record.state === 'withdrawn' ? 'default' : r.record.state === 'objected' ? 'orange' : 'red'}>{tDynamic(`repair.state.${r.record.state}`, r.record.state)}</Tag> },
    {
      title: '', key: 'act', width: 120, render: (_: unknown, r) => r.openApplication ? <Tag color="processing">{t('repair.repairStatus.open')}</Tag>
        : <Button size="small" type="primary" disabled={!r.eligibility.canApply} onClick={() => onApply(r)}>{t('repair.repairs.apply')}</Button>,
    },
  ]
  return (
    <Card title={t('repair.repairs.myRecords')}>
      <ErrorAlert error={records.error} onRetry={records.reload} />
      <Table<SubjectRecordState> rowKey={(r) => `${r.record.itemKey}/${r.record.recordKey}`} size="small" loading={records.loading} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 800 }}
        locale={{ emptyText: <Empty description={t('repair.repairs.noDishonesty')} /> }} />
    </Card>
  )
}

/** The application: how the obligations were fulfilled, and the 信用承诺 accepted; proof is uploaded in the case. */
function ApplyModal({ target, onDone }: { target: SubjectRecordState; onDone: (id?: string) => void }) {
  const commitment = useApi((signal) => api.get('/api/repairs/commitment', { signal }), [])
  const [form] = Form.useForm<{ fulfilment: string; accept: boolean }>()
  const [saving, setSaving] = useState(false)
  const notify = useNotify()
  const submit = async (v: { fulfilment: string }) => {
    setSaving(true)
    try {
      const a = await api.post('/api/repairs', { itemKey: target.record.itemKey, recordKey: target.record.recordKey, fulfilment: v.fulfilment.trim(), commitmentAccepted: true })
      notify.success(t('repair.repairs.applied'))
      onDone(a.id)
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal open width={640} title={t('repair.repairs.apply')} onCancel={() => onDone()} onOk={() => form.submit()} okText={t('repair.repairs.submit')} confirmLoading={saving} destroyOnHidden>
      <Typography.Paragraph type="secondary">{target.record.itemName} · {recordSummary(target.record.values)}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="fulfilment" label={t('repair.fulfilment')} rules={[{ required: true, whitespace: true, min: 2, message: t('repair.fulfilmentRequired') }]}>
          <Input.TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('repair.fulfilmentPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('repair.commitment')}>
          <Card size="small" style={{ background: '#fafafa' }}><Typography.Paragraph style={{ margin: 0, lineHeight: 1.9 }}>{commitment.data?.text ?? '…'}</Typography.Paragraph></Card>
        </Form.Item>
        <Form.Item name="accept" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('repair.commitmentRequired')))) }]}>
          <Checkbox>{t('repair.acceptCommitment')}</Checkbox>
        </Form.Item>
      </Form>
      <Alert type="info" showIcon title={t('repair.repairs.proofHint')} />
    </Modal>
  )
}

function RepairDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const account = useAccount()
  const detail = useApi((signal) => api.get('/api/repairs/{id}', { params: { id }, signal }), [id])
  const a = detail.data
  const open = a?.status === 'open'
  const party = account.role === 'enterprise' || account.role === 'provider'
  return (
    <Drawer open width={720} onClose={onClose} title={a ? `${a.itemName} · ${repairStatusName(a.status)}` : t('repair.repairs.title')}>
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {a && (
        <Flex vertical gap={16}>
          <Typography.Text>
            <Tag color={CLASS_COLORS[a.class]}>{className(a.class)}</Tag>{tDynamic(`repair.kinds.${a.kind}`, a.kind)} · {a.ruleSet} · {t('repair.windowText', { start: a.publicityStart, min: a.minEnd, max: a.maxEnd })}
          </Typography.Text>
          <CaseRecordView record={a.record} />
          {a.commitment && <Card size="small" title={t('repair.commitment')}><Typography.Paragraph style={{ margin: 0 }}>{a.commitment}</Typography.Paragraph></Card>}
          {a.decisionNote && <Card size="small" title={t('repair.decision')}>{repairStatusName(a.status)}：{a.decisionNote}</Card>}
          <Card size="small" title={t('repair.thread')}>
            <CaseThread messages={a.messages} {...(open && party ? { onSay: async (text: string) => { await api.post('/api/repairs/{id}/messages', { text }, { params: { id } }); detail.reload() } } : {})} />
          </Card>
          <Card size="small" title={t('repair.attachments')}>
            <CaseAttachments kind="repairs" id={id} attachments={a.attachments} canUpload={open && party} onUploaded={detail.reload} />
          </Card>
          {open && account.role === 'provider' && <DecideForm id={id} onDecided={detail.reload} />}
        </Flex>
      )}
    </Drawer>
  )
}

function DecideForm({ id, onDecided }: { id: string; onDecided: () => void }) {
  const [form] = Form.useForm<{ approve: boolean; note: string }>()
  const approve = Form.useWatch('approve', form)
  const [saving, setSaving] = useState(false)
  const notify = useNotify()
  const submit = async (v: { approve: boolean; note: string }) => {
    setSaving(true)
    try {
      await api.post('/api/repairs/{id}/decision', { approve: v.approve, note: v.note.trim() }, { params: { id } })
      notify.success(t('repair.answered'))
      onDecided()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card size="small" title={t('repair.decide')}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ approve: true }}>
        <Form.Item name="approve" label={t('repair.decision')}>
          <Radio.Group optionType="button" options={[{ value: true, label: t('repair.approve') }, { value: false, label: t('repair.refuse') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('repair.note')} rules={[{ required: true, whitespace: true, min: 2, message: t('repair.noteRequired') }]}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving} danger={approve === false}>{t('repair.submitAnswer')}</Button>
      </Form>
    </Card>
  )
}

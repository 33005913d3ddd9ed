import { useState } from 'react'
import { Alert, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Segmented, Select, Space, Steps, Table, Tag, Timeline, Typography, Upload, type TableColumnsType, type UploadFile } from 'antd'
import { CheckOutlined, CloseOutlined, FileAddOutlined, PaperClipOutlined, PayCircleOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { CompensationClaim } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime, shortId } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { formatFen, yuanToFen } from './money'
import { evidenceOf, MAX_EVIDENCE_FILE_BYTES, MAX_EVIDENCE_FILES } from './evidence'

const STATUSES = ['filed', 'approved', 'paid', 'rejected'] as const
const STATUS_COLOR: Record<string, string> = { filed: 'processing', approved: 'warning', paid: 'success', rejected: 'default' }

type Action = { kind: 'approve' | 'reject' | 'pay'; claim: CompensationClaim }

function StatusTag({ status }: { status: string }) {
  return <Tag color={STATUS_COLOR[status]}>{tDynamic(`compensation.status.${status}`, status)}</Tag>
}

/**
 * 补偿审核 (operator) · 我的补偿申请 (institution) · 风险补偿申请 (supervisor): claims by status, server-paged. The
 * operator approves (the amount is the rules', shown step by step), rejects with a reason, and pays out.
 */
export default function ClaimsPage() {
  const account = useAccount()
  const role = account.role
  const { query } = useLocation()
  const paging = usePaging(query)
  const status = query.get('status') ?? undefined
  const openId = query.get('open')
  const notify = useNotify()
  const [action, setAction] = useState<Action | null>(null)
  const [filing, setFiling] = useState(false)
  const list = useApi(
    (signal) => api.get('/api/compensation/claims', { signal, query: { status, limit: paging.limit, offset: paging.offset } }),
    [status, paging.limit, paging.offset],
  )

  const columns: TableColumnsType<CompensationClaim> = [
    { title: t('compensation.colFiledAt'), dataIndex: 'filedAt', width: 170, render: (v: string) => <span className="num">{formatDateTime(v)}</span> },
    { title: t('compensation.colFund'), dataIndex: 'fundName', width: 200 },
    ...(role !== 'institution' ? [{ title: t('compensation.colInstitution'), dataIndex: 'institution', width: 180 }] : []),
    { title: t('compensation.colLoan'), dataIndex: 'loanId', width: 120, render: (v: string) => <Typography.Text copyable={{ text: v }} className="num">{shortId(v)}</Typography.Text> },
    { title: t('compensation.colUnrecovered'), dataIndex: 'unrecoveredFen', align: 'right', width: 150, render: (v: number) => <span className="num">{formatFen(v)}</span> },
    { title: t('compensation.colComputed'), key: 'amount', align: 'right', width: 150, render: (_: unknown, c: CompensationClaim) => <strong className="num">{formatFen(c.approvedFen ?? c.computedFen)}</strong> },
    { title: t('compensation.colStatus'), dataIndex: 'status', width: 120, render: (v: string) => <StatusTag status={v} /> },
    {
      title: t('common.actions'), key: 'actions', width: 200, fixed: 'right',
      render: (_: unknown, c: CompensationClaim) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setQuery({ open: c.id }, { replace: false })}>{t('common.details')}</Button>
          {role === 'operator' && c.status === 'filed' && (
            <>
              <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setAction({ kind: 'approve', claim: c })}>{t('compensation.approve')}</Button>
              <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setAction({ kind: 'reject', claim: c })}>{t('compensation.reject')}</Button>
            </>
          )}
          {role === 'operator' && c.status === 'approved' && (
            <Button type="link" size="small" icon={<PayCircleOutlined />} onClick={() => setAction({ kind: 'pay', claim: c })}>{t('compensation.pay')}</Button>
          )}
        </Space>
      ),
    },
  ]

  const description = role === 'institution' ? t('compensation.claimsDescriptionInstitution') : role === 'operator' ? t('compensation.claimsDescriptionOperator') : t('compensation.claimsDescriptionSupervisor')
  const title = role === 'institution' ? t('menu.myClaims') : role === 'operator' ? t('menu.claimReview') : t('menu.compensationClaims')
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>
            {role === 'institution' && <Button type="primary" icon={<FileAddOutlined />} onClick={() => setFiling(true)}>{t('compensation.file')}</Button>}
          </>
        }
      />
      <Segmented
        style={{ marginBottom: 16 }}
        value={status ?? 'all'}
        options={[{ value: 'all', label: t('compensation.status.all') }, ...STATUSES.map((s) => ({ value: s, label: tDynamic(`compensation.status.${s}`, s) }))]}
        onChange={(v) => setQuery({ status: v === 'all' ? null : String(v), page: null })}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table rowKey="id" size="middle" loading={list.loading} dataSource={list.data?.claims ?? []} columns={columns} pagination={serverPagination(paging, list.data?.total)} scroll={{ x: 1200 }} />
      {openId && <ClaimDrawer id={openId} onClose={() => setQuery({ open: null })} />}
      {filing && (
        <FileClaimModal
          onClose={() => setFiling(false)}
          onDone={(c) => {
            setFiling(false)
            notify.success(t('compensation.filed', { amount: formatFen(c.computedFen) }))
            list.reload()
          }}
        />
      )}
      {action && (
        <ActionModal
          action={action}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null)
            notify.success(message)
            list.reload()
          }}
        />
      )}
    </>
  )
}

function ClaimDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const claim = useApi((signal) => api.get('/api/compensation/claims/{id}', { params: { id }, signal }), [id])
  const c = claim.data
  return (
    <Drawer open width={760} title={t('compensation.claimDetail')} onClose={onClose} destroyOnHidden>
      <ErrorAlert error={claim.error} onRetry={claim.reload} />
      {c && (
        <Flex vertical gap={16}>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('compensation.colFund')} span={2}>{c.fundName}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colInstitution')}>{c.institution}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colStatus')}><StatusTag status={c.status} /></Descriptions.Item>
            <Descriptions.Item label={t('compensation.colLoan')} span={2}><span className="num">{c.loanId}</span> · <span className="num">{c.uscc}</span></Descriptions.Item>
            <Descriptions.Item label={t('compensation.colUnrecovered')}>{formatFen(c.unrecoveredFen)}</Descriptions.Item>
            <Descriptions.Item label={t('compensation.colComputed')}><strong>{formatFen(c.approvedFen ?? c.computedFen)}</strong></Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('compensation.breakdown')}>
            <Steps orientation="vertical" size="small" current={c.breakdown.steps.length} items={c.breakdown.steps.map((s) => ({ title: s.zh }))} />
            <Typography.Text type="secondary">
              {t('compensation.lenderBears', { amount: formatFen(c.breakdown.lenderBearsFen) })}；{t('compensation.guarantorBears', { amount: formatFen(c.breakdown.guarantorBearsFen) })}
              {c.claimedFen !== null && <>；{t('compensation.claimed', { amount: formatFen(c.claimedFen) })}</>}
              {c.recoveredFen > 0 && <>；{t('compensation.recovered', { recovered: formatFen(c.recoveredFen), returned: formatFen(c.returnedFen) })}</>}
            </Typography.Text>
          </Card>
          <Card size="small" title={t('compensation.evidence')}>
            {c.evidence.map((e) => (
              <div key={e.sha256 + e.name}>
                {e.name} <Typography.Text type="secondary">（{e.mediaType}，{e.sizeBytes} B）</Typography.Text>
                <br />
                <Typography.Text code copyable style={{ fontSize: 12 }}>{e.sha256}</Typography.Text>
              </div>
            ))}
          </Card>
          <Card size="small" title={t('compensation.history')}>
            <Timeline
              items={c.history.map((h) => ({
                title: <span className="num">{formatDateTime(h.at)}</span>,
                content: (
                  <span>
                    {tDynamic(`compensation.action.${h.action}`, h.action)} · {h.actor}（{tDynamic(`roles.${h.actorRole}`, h.actorRole)}）
                    {h.amountFen !== null && <> · {formatFen(h.amountFen)}</>}
                    {h.note && <Typography.Text type="secondary">：{h.note}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
    </Drawer>
  )
}

function ActionModal({ action, onClose, onDone }: { action: Action; onClose(): void; onDone(message: string): void }) {
  const [form] = Form.useForm<{ text?: string }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const c = action.claim
  const submit = async (v: { text?: string }) => {
    setBusy(true)
    setError(undefined)
    const text = v.text?.trim()
    try {
      if (action.kind === 'approve') await api.post('/api/compensation/claims/{id}/approve', text ? { note: text } : {}, { params: { id: c.id } })
      if (action.kind === 'reject') await api.post('/api/compensation/claims/{id}/reject', { reason: text }, { params: { id: c.id } })
      if (action.kind === 'pay') await api.post('/api/compensation/claims/{id}/pay', { reference: text }, { params: { id: c.id } })
      onDone(t(`compensation.${action.kind === 'approve' ? 'approved' : action.kind === 'reject' ? 'rejected' : 'paid'}`))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const title = t(action.kind === 'approve' ? 'compensation.approveTitle' : action.kind === 'reject' ? 'compensation.rejectTitle' : 'compensation.payTitle')
  const label = t(action.kind === 'approve' ? 'compensation.note' : action.kind === 'reject' ? 'compensation.rejectReason' : 'compensation.payReference')
  return (
    <Modal open title={title} onCancel={onClose} cancelText={t('common.cancel')} okText={t('common.confirm')}
      okButtonProps={{ danger: action.kind === 'reject', loading: busy, htmlType: 'submit', form: 'claim-action' }} destroyOnHidden>
      {action.kind === 'approve' && <Typography.Paragraph>{t('compensation.approveHint', { amount: formatFen(c.computedFen) })}</Typography.Paragraph>}
      <ErrorAlert error={error} title={t('compensation.submitFailed')} />
      <Form id="claim-action" form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="text" label={label} rules={[{ required: action.kind !== 'approve', whitespace: true, min: action.kind === 'reject' ? 2 : 1, max: action.kind === 'approve' ? 500 : 200 }]}>
          <Input.TextArea rows={3} maxLength={action.kind === 'approve' ? 500 : 200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}

interface FileClaimForm {
  fundId: string
  loanId: string
  claimed?: string
  note?: string
}

/** The institution files a claim: the fund, its loan, the evidence (hashed here; the files stay with the bank). */
function FileClaimModal({ onClose, onDone }: { onClose(): void; onDone(c: CompensationClaim): void }) {
  const [form] = Form.useForm<FileClaimForm>()
  const funds = useApi((signal) => api.get('/api/compensation/funds', { signal }), [])
  const [files, setFiles] = useState<UploadFile[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const [problem, setProblem] = useState<string>()
  const submit = async (v: FileClaimForm) => {
    setError(undefined)
    setProblem(undefined)
    const raw = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f)
    if (!raw.length) return setProblem(t('compensation.evidenceRequired'))
    const big = raw.find((f) => f.size > MAX_EVIDENCE_FILE_BYTES)
    if (big) return setProblem(t('compensation.evidenceTooLarge', { name: big.name }))
    setBusy(true)
    try {
      const evidence = await Promise.all(raw.map((f) => evidenceOf(f)))
      const claimedFen = v.claimed ? yuanToFen(v.claimed) : null
      const body = { fundId: v.fundId, loanId: v.loanId.trim(), evidence, ...(claimedFen ? { claimedFen } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) }
      onDone(await api.post('/api/compensation/claims', body))
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open width={620} title={t('compensation.fileTitle')} onCancel={onClose} cancelText={t('common.cancel')} okText={t('common.confirm')}
      okButtonProps={{ loading: busy, htmlType: 'submit', form: 'file-claim' }} destroyOnHidden>
      <ErrorAlert error={error ?? funds.error} title={t('compensation.submitFailed')} />
      {problem && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={problem} />}
      <Form id="file-claim" form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="fundId" label={t('compensation.fund')} rules={[{ required: true }]}>
          <Select loading={funds.loading} options={(funds.data ?? []).map((f) => ({ value: f.id, label: `${f.name}（${f.owner}）` }))} />
        </Form.Item>
        <Form.Item name="loanId" label={t('compensation.loanId')} extra={t('compensation.loanIdHint')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="claimed" label={t('compensation.claimedYuan')} extra={t('compensation.claimedHint')}
          rules={[{ validator: async (_, v: string | undefined) => { if (v && yuanToFen(v) === null) throw new Error(t('compensation.amountInvalid')) } }]}>
          <Input inputMode="decimal" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('compensation.evidenceFiles')} extra={t('compensation.evidenceHint')} required>
          <Upload multiple maxCount={MAX_EVIDENCE_FILES} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_EVIDENCE_FILES))}>
            <Button icon={<PaperClipOutlined />}>{t('compensation.pickFiles')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="note" label={t('compensation.fileNote')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}

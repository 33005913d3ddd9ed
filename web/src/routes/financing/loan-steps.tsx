import { useState } from 'react'
import { Alert, DatePicker, Descriptions, Drawer, Flex, Form, Input, InputNumber, Modal, Select, Table, Timeline, Typography } from 'antd'
import dayjs from 'dayjs'
import { api } from '../../api/client'
import type { FinancingApplication, FinancingReference } from '../../api/types'
import { ErrorAlert } from '../../components/page'
import { formatDate, formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { formatFen } from '../compensation/money'
import { beijingToday, fenOfYuan, percent, wan } from './financing-format'
import { deadlinesOf, stepLabel, type Step } from './loan-deadlines'

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD')
const notFuture = async (_: unknown, v?: dayjs.Dayjs) => {
  if (v && day(v) > beijingToday()) throw new Error(t('financing.dateFuture'))
}
const notBeforeLoan = (a: FinancingApplication) => async (_: unknown, v?: dayjs.Dayjs) => {
  if (v && a.loan && day(v) < a.loan.startDate) throw new Error(t('financing.dateBeforeLoan', { date: formatDate(a.loan.startDate) }))
}
const yuanRule = { validator: async (_: unknown, v?: string) => { if (v && fenOfYuan(v) === null) throw new Error(t('financing.yuanInvalid')) } }
/** The server's own pattern for contract numbers (application.service.ts), so the form says it first. */
const CONTRACT_NO = /^[\w\-()（）〔〕[\]./]{1,60}$/u

/** The body the API takes for a step, from the form's values. */
function bodyOf(step: Step, v: Record<string, unknown>): object {
  const note = typeof v.note === 'string' && v.note.trim() ? { note: v.note.trim() } : {}
  switch (step) {
    case 'refuse': return { reasonCode: v.reasonCode, ...note }
    case 'lend': return {
      contractNo: String(v.contractNo).trim(), principalFen: Math.round(Number(v.principal) * 1_000_000), annualRateBp: Math.round(Number(v.rate) * 100),
      repaymentWay: v.repaymentWay, startDate: day(v.startDate as dayjs.Dayjs), maturityDate: day(v.maturityDate as dayjs.Dayjs),
      ...(typeof v.guarantor === 'string' && v.guarantor.trim() ? { guarantor: v.guarantor.trim() } : {}),
    }
    case 'repay': return { date: day(v.date as dayjs.Dayjs), principalFen: fenOfYuan(String(v.principal ?? '0')) ?? 0, interestFen: fenOfYuan(String(v.interest ?? '0')) ?? 0 }
    case 'overdue': return { since: day(v.since as dayjs.Dayjs) }
    default: return note
  }
}

/**
 * One step of the bank's work on an application: the form the API's body needs, checked here as the server will
 * check it, with the step's deadline in working days above it and the server's Chinese answer if it still refuses.
 */
export function StepModal({ step, application: a, reference, onClose, onDone }: {
  step: Step
  application: FinancingApplication
  reference: FinancingReference | undefined
  onClose(): void
  onDone(): void
}) {
  const [form] = Form.useForm()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const loan = a.loan
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true)
    setError(undefined)
    try {
      await api.post(`/api/financing/applications/{id}/${step}`, bodyOf(step, v), { params: { id: a.id } })
      onDone()
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  const options = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).map(([value, label]) => ({ value, label }))
  return (
    <Modal open title={`${stepLabel(step)} · ${a.enterpriseName ?? a.subjectKey}`} onCancel={onClose} cancelText={t('common.cancel')} okText={t('common.confirm')}
      okButtonProps={{ loading: busy, danger: step === 'refuse' || step === 'default', htmlType: 'submit', form: 'financing-step' }} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="step-deadline" title={<Flex vertical>{deadlinesOf(step, a, reference).map((s) => <span key={s}>{s}</span>)}</Flex>} />
      {step === 'default' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('financing.defaultWarning')} />}
      {step === 'cure' && <Typography.Paragraph>{t('financing.cureHint')}</Typography.Paragraph>}
      {step === 'settle' && <Typography.Paragraph>{t('financing.settleHint')}</Typography.Paragraph>}
      <ErrorAlert error={error} />
      <Form id="financing-step" form={form} layout="vertical" onFinish={submit} initialValues={initialValues(step, a)}>
        {step === 'refuse' && (
          <Form.Item name="reasonCode" label={t('financing.refuseReason')} rules={[{ required: true }]}>
            <Select options={options(reference?.refusalReasons)} />
          </Form.Item>
        )}
        {step === 'lend' && (
          <>
            <Form.Item name="contractNo" label={t('financing.contractNo')} rules={[{ required: true, whitespace: true }, { pattern: CONTRACT_NO, message: t('financing.contractNoInvalid') }]}><Input maxLength={60} /></Form.Item>
            <Form.Item name="principal" label={t('financing.principal')} rules={[{ required: true }]}><InputNumber min={0.01} max={100000} precision={2} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="rate" label={t('financing.annualRate')} rules={[{ required: true }]}><InputNumber min={0} max={36} precision={2} style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="repaymentWay" label={t('financing.repaymentWay')} rules={[{ required: true }]}><Select options={options(reference?.repaymentWays)} /></Form.Item>
            <Form.Item name="startDate" label={t('financing.startDate')} rules={[{ required: true }, { validator: notFuture }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="maturityDate" label={t('financing.maturityDate')} dependencies={['startDate']}
              rules={[{ required: true }, ({ getFieldValue }) => ({ validator: async (_, v?: dayjs.Dayjs) => { const s = getFieldValue('startDate') as dayjs.Dayjs | undefined; if (v && s && day(v) <= day(s)) throw new Error(t('financing.maturityAfterStart')) } })]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="guarantor" label={t('financing.guarantor')} rules={[{ max: 100 }]}><Input maxLength={100} /></Form.Item>
          </>
        )}
        {step === 'repay' && loan && (
          <>
            <Typography.Paragraph type="secondary">{t('financing.outstandingHint', { amount: formatFen(loan.outstandingPrincipalFen) })}</Typography.Paragraph>
            <Form.Item name="date" label={t('financing.repayDate')} rules={[{ required: true }, { validator: notFuture }, { validator: notBeforeLoan(a) }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="principal" label={t('financing.repayPrincipal')}
              rules={[yuanRule, { validator: async (_, v?: string) => { const f = v ? fenOfYuan(v) : 0; if (f !== null && f > loan.outstandingPrincipalFen) throw new Error(t('financing.repayExceeds', { amount: formatFen(loan.outstandingPrincipalFen) })) } }]}>
              <Input inputMode="decimal" maxLength={20} />
            </Form.Item>
            <Form.Item name="interest" label={t('financing.repayInterest')} dependencies={['principal']}
              rules={[yuanRule, ({ getFieldValue }) => ({ validator: async (_, v?: string) => { if (!fenOfYuan(String(v || '0')) && !fenOfYuan(String(getFieldValue('principal') || '0'))) throw new Error(t('financing.repayNothing')) } })]}>
              <Input inputMode="decimal" maxLength={20} />
            </Form.Item>
          </>
        )}
        {step === 'overdue' && (
          <Form.Item name="since" label={t('financing.overdueSince')} rules={[{ required: true }, { validator: notFuture }, { validator: notBeforeLoan(a) }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        )}
        {step !== 'lend' && step !== 'repay' && step !== 'overdue' && (
          <Form.Item name="note" label={t('financing.note')} rules={[{ max: 500 }]}><Input.TextArea rows={2} maxLength={500} showCount /></Form.Item>
        )}
      </Form>
    </Modal>
  )
}

function initialValues(step: Step, a: FinancingApplication): Record<string, unknown> {
  const today = dayjs(beijingToday())
  if (step === 'lend') return { principal: a.amountFen / 1_000_000, startDate: today, maturityDate: today.add(a.termMonths, 'month') }
  if (step === 'repay') return { date: today }
  if (step === 'overdue') return { since: today }
  return {}
}

/**
 * 企业划型 as recorded at 放款: the size, the day it was taken, and the thresholds that decided it (or what was
 * missing). The reason names thresholds only, never the firm's own figures.
 */
export function EnterpriseSizeText({ size }: { size: NonNullable<FinancingApplication['loan']>['enterpriseSize'] }) {
  if (!size) return <Typography.Text type="secondary">{t('financing.enterpriseSizeNotRecorded')}</Typography.Text>
  return (
    <Flex vertical gap={2} data-testid="enterprise-size">
      <span>
        <strong>{size.size ? tDynamic(`financing.enterpriseSizeNames.${size.size}`, size.size) : t('financing.enterpriseSizeUnknown')}</strong>
        <Typography.Text type="secondary">（{t('financing.enterpriseSizeAsOf', { date: formatDate(size.asOf) })}）</Typography.Text>
      </span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{size.reason}</Typography.Text>
    </Flex>
  )
}

/**
 * An application as the bank keeps it: the loan (its number is what a compensation claim names), the steps taken
 * with who took them, and the repayments reported.
 */
export function LoanDrawer({ id, onClose }: { id: string; onClose(): void }) {
  const detail = useApi((signal) => api.get('/api/financing/applications/{id}', { params: { id }, signal }), [id])
  const a = detail.data
  const loan = a?.loan
  return (
    <Drawer open size="large" title={t('financing.loanDetail')} onClose={onClose} destroyOnHidden>
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {a && (
        <Flex vertical gap={16} data-testid="loan-detail">
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('financing.loanId')}>
              <Typography.Text copyable className="code-text" data-testid="loan-id">{a.id}</Typography.Text>
              <br /><Typography.Text type="secondary">{t('financing.loanIdHint')}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('financing.enterprise')}>{a.enterpriseName ?? a.subjectKey}</Descriptions.Item>
            <Descriptions.Item label={t('financing.productName')}>{a.productName}（v{a.productVersion}）</Descriptions.Item>
            <Descriptions.Item label={t('financing.status')}>{tDynamic(`financingStatus.${a.status}`, a.status)}</Descriptions.Item>
            {loan ? (
              <>
                <Descriptions.Item label={t('financing.contractNo')}><span className="code-text">{loan.contractNo}</span></Descriptions.Item>
                <Descriptions.Item label={t('financing.principal')}>{wan(loan.principalFen)}</Descriptions.Item>
                <Descriptions.Item label={t('financing.outstanding')}><strong className="num">{formatFen(loan.outstandingPrincipalFen)}</strong></Descriptions.Item>
                <Descriptions.Item label={t('financing.annualRate')}>{percent(loan.annualRateBp)}</Descriptions.Item>
                <Descriptions.Item label={`${t('financing.startDate')} / ${t('financing.maturityDate')}`}>{formatDate(loan.startDate)} — {formatDate(loan.maturityDate)}</Descriptions.Item>
                {loan.overdueSince && <Descriptions.Item label={t('financing.overdueSince')}>{formatDate(loan.overdueSince)}</Descriptions.Item>}
                <Descriptions.Item label={t('financing.creditLoan')}>{loan.creditLoan ? t('financing.yes') : t('financing.no')}</Descriptions.Item>
                <Descriptions.Item label={t('financing.firstLoan')}>{loan.firstLoan ? t('financing.yes') : t('financing.no')}</Descriptions.Item>
                <Descriptions.Item label={t('financing.enterpriseSize')}><EnterpriseSizeText size={loan.enterpriseSize} /></Descriptions.Item>
              </>
            ) : <Descriptions.Item label={t('financing.principal')}>{t('financing.noLoan')}</Descriptions.Item>}
          </Descriptions>
          {a.repayments.length > 0 && (
            <>
              <Typography.Title level={5} style={{ margin: 0 }}>{t('financing.repayments')}</Typography.Title>
              <Table size="small" rowKey={(r) => `${r.date}:${r.principalFen}:${r.interestFen}`} pagination={false} dataSource={a.repayments} columns={[
                { title: t('financing.repayDate'), dataIndex: 'date', render: (v: string) => formatDate(v) },
                { title: t('financing.repayPrincipal'), dataIndex: 'principalFen', align: 'right', render: (v: number) => <span className="num">{formatFen(v)}</span> },
                { title: t('financing.repayInterest'), dataIndex: 'interestFen', align: 'right', render: (v: number) => <span className="num">{formatFen(v)}</span> },
              ]} />
            </>
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>{t('financing.history')}</Typography.Title>
          <Timeline items={a.history.map((h) => ({
            title: <span className="num">{formatDateTime(h.at)}</span>,
            content: <span>{tDynamic(`financing.actions.${h.action}`, h.action)} · {h.actor}（{tDynamic(`roles.${h.actorRole}`, h.actorRole)}）{h.note && <Typography.Text type="secondary">：{h.note}</Typography.Text>}</span>,
          }))} />
        </Flex>
      )}
    </Drawer>
  )
}

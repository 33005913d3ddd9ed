import { useState } from 'react'
import dayjs, { type Dayjs } from 'dayjs'
import { DatePicker, Form, Input, Modal, Typography } from 'antd'
import { api } from '../../api/client'
import type { Grant, Role } from '../../api/types'
import { ErrorAlert } from '../../components/page'
import { formatDate } from '../../format'
import { t, tDynamic } from '../../i18n'

/** What the person chose to do with a grant. */
export type GrantAction = { kind: 'revoke' | 'approve' | 'refuse'; grant: Grant }

/** Revoke (reason optional for the enterprise, required for the operator), approve (may shorten), refuse (reason). */
export function GrantActionModal({ action, role, scope, onClose, onDone }: { action: GrantAction; role: Role; scope: string; onClose(): void; onDone(message: string): void }) {
  const [form] = Form.useForm<{ reason?: string; validUntil?: Dayjs }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const g = action.grant
  const reasonRequired = action.kind === 'revoke' && role === 'operator'
  const until = dayjs(g.validUntil)

  const submit = async (v: { reason?: string; validUntil?: Dayjs }) => {
    setBusy(true)
    setError(undefined)
    try {
      if (action.kind === 'approve') {
        await api.post('/api/grants/{id}/approve', v.validUntil ? { validUntil: v.validUntil.format('YYYY-MM-DD') } : {}, { params: { id: g.id } })
        onDone(t('grants.approved'))
      } else {
        const reason = v.reason?.trim()
        await api.post(`/api/grants/{id}/${action.kind}`, reason ? { reason } : {}, { params: { id: g.id } })
        onDone(action.kind === 'revoke' ? t('grants.revoked') : t('grants.refused'))
      }
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const title = action.kind === 'revoke' ? t('grants.revokeTitle') : action.kind === 'approve' ? t('grants.approveTitle') : t('grants.refuseTitle')
  const ok = action.kind === 'revoke' ? t('grants.revokeOk') : action.kind === 'approve' ? t('grants.approve') : t('grants.refuse')
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={ok}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: action.kind !== 'approve', loading: busy, htmlType: 'submit', form: 'grant-action' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {action.kind === 'revoke'
          ? t('grants.revokeText', { institution: g.institution, scope, subject: g.subjectKey })
          : t('grants.decideText', { institution: g.institution, scope, mode: tDynamic(`grantMode.${g.mode}`, g.mode), date: formatDate(g.validUntil) })}
      </Typography.Paragraph>
      <ErrorAlert error={error} title={t('grants.actionFailed')} />
      <Form form={form} layout="vertical" name="grant-action" onFinish={submit} requiredMark={reasonRequired}>
        {action.kind === 'approve' ? (
          <Form.Item label={t('grants.approveUntil')} name="validUntil" extra={t('grants.approveUntilHelp', { date: formatDate(g.validUntil) })}>
            <DatePicker
              style={{ width: 220 }}
              disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day') || d.isAfter(until, 'day')}
              placeholder={formatDate(g.validUntil)}
            />
          </Form.Item>
        ) : (
          <Form.Item
            label={action.kind === 'revoke' ? t('grants.revokeReason') : t('grants.refuseReason')}
            name="reason"
            rules={reasonRequired ? [{ required: true, whitespace: true, message: t('grants.reasonRequired') }] : []}
            extra={reasonRequired ? t('grants.operatorReasonHelp') : undefined}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('grants.reasonPlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}

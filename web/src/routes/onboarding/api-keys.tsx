import { useState } from 'react'
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { api } from '../../api/client'
import type { ApiKey, Role } from '../../api/types'
import { useNotify } from '../../components/notify'
import { formatDate, formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'

const STATUS_COLOR: Record<string, string> = { active: 'green', expired: 'default', revoked: 'red' }

/** A secret shown once (a new key, an initial password): copyable, with the warning that it will not come back. */
export function SecretModal({ title, secret, onClose }: { title: string; secret: string | null; onClose(): void }) {
  return (
    <Modal open={!!secret} title={title} onOk={onClose} onCancel={onClose} okText={t('common.close')} cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('onboarding.accounts.secretTitle')} description={t('onboarding.accounts.secretHint')} />
      <Typography.Paragraph copyable={{ text: secret ?? '' }} className="code-text" style={{ wordBreak: 'break-all', fontSize: 15 }}>{secret}</Typography.Paragraph>
    </Modal>
  )
}

/**
 * An account's API keys, with issuing and revoking: the operator's view of `account`, or, without one, an
 * organisation's own keys (`/api/self/keys`).
 */
export function ApiKeys({ account, role }: { account?: string; role: Role }) {
  const keys = useApi(
    (signal) => (account ? api.get('/api/accounts/{id}/keys', { params: { id: account }, signal }) : api.get('/api/self/keys', { signal })),
    [account],
  )
  const scopes = useApi((signal) => api.get('/api/api-scopes', { signal }), [])
  const [open, setOpen] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [form] = Form.useForm<{ label: string; scopes: string[]; expiresAt: Dayjs }>()
  const notify = useNotify()
  const { modal } = App.useApp()
  const scopeName = new Map((scopes.data ?? []).map((s) => [s.scope, s.zh]))

  const create = async (v: { label: string; scopes: string[]; expiresAt: Dayjs }) => {
    setSaving(true)
    try {
      const body = { label: v.label.trim(), scopes: v.scopes, expiresAt: v.expiresAt.format('YYYY-MM-DD') }
      const r = account ? await api.post('/api/accounts/{id}/keys', body, { params: { id: account } }) : await api.post('/api/self/keys', body)
      setOpen(false)
      form.resetFields()
      setSecret(r.key)
      keys.reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  const revoke = (k: ApiKey) => modal.confirm({
    title: t('onboarding.keys.revoke'), content: t('onboarding.keys.revokeConfirm'), okType: 'danger', okText: t('onboarding.keys.revoke'), cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        await (account ? api.post('/api/keys/{keyId}/revoke', {}, { params: { keyId: k.id } }) : api.post('/api/self/keys/{keyId}/revoke', {}, { params: { keyId: k.id } }))
        keys.reload()
      } catch (err) {
        notify.error(err)
      }
    },
  })

  const columns: TableColumnsType<ApiKey> = [
    { title: 'ID', dataIndex: 'id', width: 130, render: (v: string) => <span className="code-text">{v}</span> },
    { title: t('onboarding.keys.label'), dataIndex: 'label' },
    { title: t('onboarding.keys.scopes'), dataIndex: 'scopes', render: (v: string[]) => v.map((s) => <Tag key={s} title={s}>{scopeName.get(s) ?? s}</Tag>) },
    { title: t('onboarding.keys.expiresAt'), dataIndex: 'expiresAt', width: 110, render: (v: string) => formatDate(v) },
    { title: t('onboarding.keys.lastUsed'), dataIndex: 'lastUsedAt', width: 150, responsive: ['lg'], render: (v: string | null) => (v ? formatDateTime(v) : '—') },
    { title: t('onboarding.keys.status'), dataIndex: 'status', width: 90, render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`onboarding.keys.${v as 'active'}`)}</Tag> },
    { title: t('common.actions'), key: 'a', width: 80, render: (_, k) => (k.status === 'active' ? <Button type="link" danger size="small" onClick={() => revoke(k)}>{t('onboarding.keys.revoke')}</Button> : null) },
  ]

  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('onboarding.keys.add')}</Button>
      </div>
      <Table<ApiKey> rowKey="id" size="middle" loading={keys.loading} columns={columns} dataSource={keys.data ?? []} pagination={false} scroll={{ x: 760 }} locale={{ emptyText: t('onboarding.keys.none') }} />
      <Modal open={open} title={t('onboarding.keys.add')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" name="create-key" onFinish={create} initialValues={{ expiresAt: dayjs().add(1, 'year') }}>
          <Form.Item label={t('onboarding.keys.label')} name="label" rules={[{ required: true, whitespace: true, message: t('onboarding.register.required', { field: t('onboarding.keys.label') }) }]}>
            <Input maxLength={100} placeholder={t('onboarding.keys.labelPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('onboarding.keys.scopes')} name="scopes" rules={[{ required: true, message: t('onboarding.register.required', { field: t('onboarding.keys.scopes') }) }]}>
            <Select mode="multiple" options={(scopes.data ?? []).filter((s) => s.roles.includes(role)).map((s) => ({ value: s.scope, label: `${s.zh}（${s.scope}）` }))} />
          </Form.Item>
          <Form.Item label={t('onboarding.keys.expiresAt')} name="expiresAt" extra={t('onboarding.keys.expiresHint')} rules={[{ required: true, message: t('onboarding.register.required', { field: t('onboarding.keys.expiresAt') }) }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(2, 'year'), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal title={t('onboarding.keys.keyTitle')} secret={secret} onClose={() => setSecret(null)} />
    </>
  )
}

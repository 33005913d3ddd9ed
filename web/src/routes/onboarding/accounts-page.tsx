import { useState } from 'react'
import { App, Button, Card, Drawer, Form, Input, Modal, Select, Table, Tag, type TableColumnsType } from 'antd'
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { AccountRow, Role } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatDate } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { ApiKeys, SecretModal } from './api-keys'

const ROLES: Role[] = ['institution', 'platform', 'provider', 'supervisor', 'enterprise', 'operator']
const STATUS_COLOR: Record<string, string> = { active: 'green', pending: 'gold', disabled: 'red' }
const statusLabel = (s: string) => t(s === 'pending' ? 'onboarding.accounts.statusPending' : s === 'disabled' ? 'onboarding.accounts.statusDisabled' : 'onboarding.accounts.statusActive')

/**
 * 账号与密钥: the operator opens accounts for each kind of unit, disables and enables them, resets passwords, and issues
 * and revokes API keys (in the drawer). Initial passwords and keys are shown once.
 */
export default function AccountsPage() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const q = query.get('q') ?? ''
  const role = query.get('role') ?? undefined
  const organization = query.get('organization') ?? undefined
  const keysOf = query.get('keys')
  const list = useApi(
    (signal) => api.get('/api/accounts', { signal, query: { q: q || undefined, role, organization, limit: paging.limit, offset: paging.offset } }),
    [q, role, organization, paging.limit, paging.offset],
  )
  const [creating, setCreating] = useState(false)
  const [saving, setSaving] = useState(false)
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null)
  const [form] = Form.useForm<{ username: string; displayName: string; role: Role; organization?: string; password?: string }>()
  const [filter] = Form.useForm()
  const notify = useNotify()
  const { modal } = App.useApp()
  const keysAccount = list.data?.rows.find((a) => a.id === keysOf)

  const create = async (v: { username: string; displayName: string; role: Role; organization?: string; password?: string }) => {
    setSaving(true)
    try {
      const r = await api.post('/api/accounts', {
        username: v.username.trim(), displayName: v.displayName.trim(), role: v.role, organization: v.organization?.trim() || null, ...(v.password ? { password: v.password } : {}),
      })
      setCreating(false)
      form.resetFields()
      if (r.initialPassword) setSecret({ title: `${t('onboarding.accounts.initialPassword')} · ${r.account.username}`, value: r.initialPassword })
      list.reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  const toggle = (a: AccountRow) => {
    const disabling = a.status !== 'disabled'
    modal.confirm({
      title: disabling ? t('onboarding.accounts.disable') : t('onboarding.accounts.enable'),
      content: disabling ? t('onboarding.accounts.disableConfirm', { username: a.username }) : undefined,
      okType: disabling ? 'danger' : 'primary', okText: t('common.confirm'), cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(disabling ? '/api/accounts/{id}/disable' : '/api/accounts/{id}/enable', {}, { params: { id: a.id } })
          list.reload()
        } catch (err) {
          notify.error(err)
        }
      },
    })
  }
  const reset = (a: AccountRow) => modal.confirm({
    title: t('onboarding.accounts.resetPassword'), content: t('onboarding.accounts.resetConfirm', { username: a.username }), okText: t('common.confirm'), cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        const r = await api.post('/api/accounts/{id}/password', {}, { params: { id: a.id } })
        if (r.password) setSecret({ title: `${t('onboarding.accounts.newPassword')} · ${a.username}`, value: r.password })
      } catch (err) {
        notify.error(err)
      }
    },
  })

  const columns: TableColumnsType<AccountRow> = [
    { title: t('onboarding.accounts.username'), dataIndex: 'username', width: 150, render: (v: string) => <span className="code-text">{v}</span> },
    { title: t('onboarding.accounts.displayName'), dataIndex: 'displayName' },
    { title: t('onboarding.accounts.role'), dataIndex: 'role', width: 120, render: (v: Role) => <Tag color="blue">{t(`roles.${v}`)}</Tag> },
    { title: t('onboarding.accounts.organization'), dataIndex: 'organization', render: (v: string | null) => v ?? '—' },
    { title: t('onboarding.accounts.status'), dataIndex: 'status', width: 110, render: (v: string) => <Tag color={STATUS_COLOR[v]}>{statusLabel(v)}</Tag> },
    { title: t('onboarding.accounts.keys'), dataIndex: 'activeKeys', width: 90, align: 'right' },
    { title: t('onboarding.accounts.created'), dataIndex: 'createdAt', width: 110, responsive: ['xl'], render: (v: string) => formatDate(v) },
    {
      title: t('common.actions'), key: 'a', width: 240,
      render: (_, a) => (
        <>
          <Button type="link" size="small" onClick={() => setQuery({ keys: a.id }, { replace: false })}>{t('onboarding.accounts.manageKeys')}</Button>
          <Button type="link" size="small" onClick={() => reset(a)}>{t('onboarding.accounts.resetPassword')}</Button>
          <Button type="link" size="small" danger={a.status !== 'disabled'} onClick={() => toggle(a)}>{a.status === 'disabled' ? t('onboarding.accounts.enable') : t('onboarding.accounts.disable')}</Button>
        </>
      ),
    },
  ]

  return (
    <>
      <PageHeader title={t('onboarding.accounts.title')} description={t('onboarding.accounts.description')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('onboarding.accounts.add')}</Button>} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form form={filter} layout="inline" className="filter-bar" name="account-search" initialValues={{ q, role, organization }}
          onFinish={(v: { q?: string; role?: string; organization?: string }) => setQuery({ q: v.q?.trim(), role: v.role, organization: v.organization?.trim(), page: null })}>
          <Form.Item label={t('onboarding.accounts.q')} name="q"><Input allowClear maxLength={100} style={{ width: 220 }} /></Form.Item>
          <Form.Item label={t('onboarding.accounts.role')} name="role">
            <Select allowClear style={{ width: 140 }} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item label={t('onboarding.accounts.organization')} name="organization"><Input allowClear maxLength={100} style={{ width: 220 }} /></Form.Item>
          <FilterActions searchIcon={<SearchOutlined />} onReset={() => { filter.resetFields(); setQuery({ q: null, role: null, organization: null, page: null }) }} />
        </Form>
        <Table<AccountRow> rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.rows ?? []} scroll={{ x: 1100 }} pagination={serverPagination(paging, list.data?.total)} />
      </Card>
      <Modal open={creating} title={t('onboarding.accounts.add')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" name="create-account" onFinish={create} initialValues={{ role: 'institution', organization: organization ?? '' }}>
          <Form.Item label={t('onboarding.accounts.role')} name="role" rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </Form.Item>
          <Form.Item label={t('onboarding.accounts.organization')} name="organization" extra={t('onboarding.accounts.organizationHint')}><Input maxLength={100} /></Form.Item>
          <Form.Item label={t('onboarding.accounts.username')} name="username" extra={t('onboarding.register.usernameHint')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('onboarding.register.usernameHint') }]}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('onboarding.accounts.displayName')} name="displayName" rules={[{ required: true, whitespace: true, message: t('onboarding.register.required', { field: t('onboarding.accounts.displayName') }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('onboarding.accounts.password')} name="password" extra={t('onboarding.accounts.passwordHint')} rules={[{ pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,128}$/, message: t('onboarding.register.passwordHint') }]}>
            <Input.Password maxLength={128} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={!!keysOf} onClose={() => setQuery({ keys: null })} size={880} destroyOnHidden title={t('onboarding.keys.drawerTitle', { username: keysAccount?.username ?? '' })}>
        {keysOf && keysAccount && <ApiKeys account={keysOf} role={keysAccount.role as Role} />}
      </Drawer>
      <SecretModal title={secret?.title ?? ''} secret={secret?.value ?? null} onClose={() => setSecret(null)} />
    </>
  )
}

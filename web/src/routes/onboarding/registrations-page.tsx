import { Button, Card, Form, Input, Select, Space, Table, Tag, type TableColumnsType, App } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Registration, RegistrationCheckMode } from '../../api/types'
import { Code } from '../../components/code'
import { useNotify } from '../../components/notify'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { t } from '../../i18n'
import { setQuery, useLocation } from '../../router'

const STATUS_COLOR: Record<string, string> = { pending: 'gold', approved: 'green', refused: 'red' }
const MODES: RegistrationCheckMode[] = ['manual', 'registration-match', 'both']

/** 注册审核: the queue of enterprise self-registrations, the decision with its reason, and the check mode. */
export default function RegistrationsPage() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const status = query.get('status') ?? 'pending'
  const q = query.get('q') ?? ''
  const list = useApi(
    (signal) => api.get('/api/registrations', { signal, query: { status: status === 'all' ? undefined : status, q: q || undefined, limit: paging.limit, offset: paging.offset } }),
    [status, q, paging.limit, paging.offset],
  )
  const mode = useApi((signal) => api.get('/api/settings/registration-check', { signal }), [])
  const [filter] = Form.useForm()
  const notify = useNotify()
  const { modal } = App.useApp()

  const setMode = async (m: RegistrationCheckMode) => {
    try {
      await api.put('/api/settings/registration-check', { mode: m })
      notify.success(t('onboarding.registrations.checkSaved'))
      mode.reload()
    } catch (err) {
      notify.error(err)
    }
  }
  const approve = (r: Registration) => modal.confirm({
    title: t('onboarding.registrations.approve'), content: t('onboarding.registrations.approveConfirm', { username: r.username, company: r.companyName }),
    okText: t('onboarding.registrations.approve'), cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        await api.post('/api/registrations/{id}/approve', {}, { params: { id: r.id } })
        list.reload()
      } catch (err) {
        notify.error(err)
      }
    },
  })
  const refuse = (r: Registration) => {
    let reason = ''
    modal.confirm({
      title: t('onboarding.registrations.refuseTitle'), okType: 'danger', okText: t('onboarding.registrations.refuse'), cancelText: t('common.cancel'),
      content: <Input.TextArea autoFocus maxLength={500} placeholder={t('onboarding.registrations.refuseReason')} onChange={(e) => { reason = e.target.value }} />,
      onOk: async () => {
        try {
          await api.post('/api/registrations/{id}/refuse', { reason: reason.trim() }, { params: { id: r.id } })
          list.reload()
        } catch (err) {
          notify.error(err)
          throw err
        }
      },
    })
  }

  const columns: TableColumnsType<Registration> = [
    { title: t('onboarding.registrations.colCompany'), dataIndex: 'companyName' },
    { title: t('onboarding.registrations.colUscc'), dataIndex: 'uscc', width: 200, render: (v: string) => <Code value={v} copyable /> },
    { title: t('onboarding.registrations.colLegal'), key: 'legal', width: 220, render: (_, r) => <>{r.legalRepresentative.name} <span className="code-text">{r.legalRepresentative.idNumber}</span></> },
    { title: t('onboarding.registrations.colContact'), key: 'contact', width: 170, responsive: ['lg'], render: (_, r) => `${r.contactName} ${r.mobile}` },
    { title: t('onboarding.registrations.colMatch'), key: 'match', width: 200, responsive: ['lg'], render: (_, r) => (r.match ? <Tag color={r.match.matched ? 'green' : 'orange'}>{r.match.zh}</Tag> : t(`onboarding.checkMode.${r.checkMode as 'manual'}`)) },
    { title: t('onboarding.registrations.colStatus'), dataIndex: 'status', width: 90, render: (v: string, r) => <Tag color={STATUS_COLOR[v]} title={r.reason ?? ''}>{t(`onboarding.status.${v as 'pending'}`)}</Tag> },
    { title: t('onboarding.registrations.colCreated'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'), key: 'a', width: 150,
      render: (_, r) => (r.status === 'pending' ? (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => approve(r)}>{t('onboarding.registrations.approve')}</Button>
          <Button type="link" size="small" danger onClick={() => refuse(r)}>{t('onboarding.registrations.refuse')}</Button>
        </Space>
      ) : (r.reason ?? '—')),
    },
  ]

  return (
    <>
      <PageHeader title={t('onboarding.registrations.title')} description={t('onboarding.registrations.description')}
        extra={(
          <Space>
            <span>{t('onboarding.registrations.checkSetting')}</span>
            <Select style={{ width: 200 }} value={mode.data?.mode} loading={mode.loading} onChange={setMode}
              options={MODES.map((m) => ({ value: m, label: t(`onboarding.checkMode.${m}`) }))} />
          </Space>
        )} />
      <ErrorAlert error={list.error ?? mode.error} onRetry={list.reload} />
      <Card>
        <Form form={filter} layout="inline" className="filter-bar" name="registration-search" initialValues={{ status, q }} onFinish={(v: { status?: string; q?: string }) => setQuery({ status: v.status, q: v.q?.trim(), page: null })}>
          <Form.Item label={t('onboarding.registrations.statusFilter')} name="status">
            <Select style={{ width: 130 }} options={[
              { value: 'pending', label: t('onboarding.status.pending') }, { value: 'approved', label: t('onboarding.status.approved') },
              { value: 'refused', label: t('onboarding.status.refused') }, { value: 'all', label: t('common.all') },
            ]} />
          </Form.Item>
          <Form.Item label={t('onboarding.registrations.q')} name="q"><Input allowClear maxLength={100} style={{ width: 220 }} /></Form.Item>
          <FilterActions searchIcon={<SearchOutlined />} onReset={() => { filter.resetFields(); setQuery({ status: null, q: null, page: null }) }} />
        </Form>
        <Table<Registration> rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.rows ?? []} scroll={{ x: 1200 }} pagination={serverPagination(paging, list.data?.total)} />
      </Card>
    </>
  )
}

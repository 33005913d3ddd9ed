import { useState } from 'react'
import { App, Button, Card, Form, Input, Modal, Radio, Select, Table, Tag, type TableColumnsType } from 'antd'
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Organization } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatDate } from '../../format'
import { serverPagination, useApi, usePaging } from '../../hooks'
import { messageGroup, t } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'

interface FormValues {
  name: string
  kind: 'institution' | 'platform'
  type: string
  regions: string[]
  contactName?: string
  contactPhone?: string
  contactEmail?: string
}

/** 机构名录: the operator onboards institutions and platforms, edits their type and regions, disables and enables them. */
export default function DirectoryPage() {
  const { query } = useLocation()
  const paging = usePaging(query)
  const q = query.get('q') ?? ''
  const kind = query.get('kind') ?? undefined
  const list = useApi(
    (signal) => api.get('/api/directory', { signal, query: { q: q || undefined, kind, limit: paging.limit, offset: paging.offset } }),
    [q, kind, paging.limit, paging.offset],
  )
  const types = useApi((signal) => api.get('/api/directory/types', { signal }), [])
  const divisions = messageGroup('divisions')
  const [editing, setEditing] = useState<Organization | 'new' | null>(null)
  const [saving, setSaving] = useState(false)
  const [form] = Form.useForm<FormValues>()
  const [filter] = Form.useForm()
  const formKind = Form.useWatch('kind', form)
  const notify = useNotify()
  const { modal } = App.useApp()

  const open = (o: Organization | 'new') => {
    setEditing(o)
    form.setFieldsValue(o === 'new' ? { kind: 'institution', regions: ['640000'], name: '', type: undefined as unknown as string } : {
      name: o.name, kind: o.kind as FormValues['kind'], type: o.type, regions: o.regions,
      contactName: o.contact.name ?? '', contactPhone: o.contact.phone ?? '', contactEmail: o.contact.email ?? '',
    })
  }
  const save = async (v: FormValues) => {
    setSaving(true)
    const contact = { name: v.contactName?.trim() || null, phone: v.contactPhone?.trim() || null, email: v.contactEmail?.trim() || null }
    try {
      if (editing === 'new') await api.post('/api/directory', { name: v.name.trim(), kind: v.kind, type: v.type, regions: v.regions, contact })
      else if (editing) await api.put('/api/directory/{name}', { type: v.type, regions: v.regions, contact }, { params: { name: editing.name } })
      notify.success(t('onboarding.directory.saved'))
      setEditing(null)
      list.reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  const toggle = (o: Organization) => {
    if (o.disabledAt) {
      void api.post('/api/directory/{name}/enable', {}, { params: { name: o.name } }).then(list.reload, notify.error)
      return
    }
    let reason = ''
    modal.confirm({
      title: t('onboarding.directory.disableTitle', { name: o.name }), okType: 'danger', okText: t('onboarding.directory.disable'), cancelText: t('common.cancel'),
      content: <Input.TextArea autoFocus maxLength={500} placeholder={t('onboarding.directory.disableReason')} onChange={(e) => { reason = e.target.value }} />,
      onOk: async () => {
        try {
          await api.post('/api/directory/{name}/disable', { reason: reason.trim() }, { params: { name: o.name } })
          list.reload()
        } catch (err) {
          notify.error(err)
          throw err
        }
      },
    })
  }

  const typeName = (o: Organization) => o.typeName
  const columns: TableColumnsType<Organization> = [
    { title: t('onboarding.directory.name'), dataIndex: 'name' },
    { title: t('onboarding.directory.kind'), dataIndex: 'kind', width: 110, render: (v: string) => (v === 'platform' ? <Tag color="purple">{t('onboarding.directory.kindPlatform')}</Tag> : <Tag color="blue">{t('onboarding.directory.kindInstitution')}</Tag>) },
    { title: t('onboarding.directory.type'), key: 'type', width: 140, render: (_, o) => typeName(o) },
    { title: t('onboarding.directory.regions'), dataIndex: 'regions', render: (v: string[]) => v.map((c) => <Tag key={c}>{divisions[c] ?? c}</Tag>) },
    { title: t('onboarding.directory.contact'), key: 'contact', width: 180, responsive: ['lg'], render: (_, o) => [o.contact.name, o.contact.phone].filter(Boolean).join(' ') || '—' },
    { title: t('onboarding.directory.status'), key: 'status', width: 90, render: (_, o) => (o.disabledAt ? <Tag color="red" title={o.disabledReason ?? ''}>{t('onboarding.directory.disabled')}</Tag> : <Tag color="green">{t('onboarding.directory.enabled')}</Tag>) },
    { title: t('onboarding.accounts.created'), dataIndex: 'createdAt', width: 110, responsive: ['xl'], render: (v: string) => formatDate(v) },
    {
      title: t('common.actions'), key: 'a', width: 200,
      render: (_, o) => (
        <>
          <Button type="link" size="small" onClick={() => open(o)}>{t('onboarding.directory.edit')}</Button>
          <Button type="link" size="small" href={`/admin/accounts?organization=${encodeURIComponent(o.name)}`} onClick={linkClick(`/admin/accounts?organization=${encodeURIComponent(o.name)}`)}>{t('onboarding.directory.accounts')}</Button>
          <Button type="link" size="small" danger={!o.disabledAt} onClick={() => toggle(o)}>{o.disabledAt ? t('onboarding.directory.enable') : t('onboarding.directory.disable')}</Button>
        </>
      ),
    },
  ]
  const typeOptions = Object.entries((formKind === 'platform' ? types.data?.platform : types.data?.institution) ?? {}).map(([value, label]) => ({ value, label }))

  return (
    <>
      <PageHeader title={t('onboarding.directory.title')} description={t('onboarding.directory.description')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>{t('onboarding.directory.add')}</Button>} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form form={filter} layout="inline" className="filter-bar" name="directory-search" initialValues={{ q, kind }} onFinish={(v: { q?: string; kind?: string }) => setQuery({ q: v.q?.trim(), kind: v.kind, page: null })}>
          <Form.Item label={t('onboarding.directory.q')} name="q"><Input allowClear maxLength={100} style={{ width: 240 }} /></Form.Item>
          <Form.Item label={t('onboarding.directory.kind')} name="kind">
            <Select allowClear style={{ width: 140 }} options={[{ value: 'institution', label: t('onboarding.directory.kindInstitution') }, { value: 'platform', label: t('onboarding.directory.kindPlatform') }]} />
          </Form.Item>
          <FilterActions searchIcon={<SearchOutlined />} onReset={() => { filter.resetFields(); setQuery({ q: null, kind: null, page: null }) }} />
        </Form>
        <Table<Organization> rowKey="id" size="middle" loading={list.loading} columns={columns} dataSource={list.data?.rows ?? []} scroll={{ x: 960 }} pagination={serverPagination(paging, list.data?.total)} />
      </Card>
      <Modal open={editing !== null} title={editing === 'new' ? t('onboarding.directory.add') : t('onboarding.directory.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()}
        confirmLoading={saving} okText={t('common.confirm')} cancelText={t('common.cancel')} width={640} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" name="organization" onFinish={save}>
          <Form.Item label={t('onboarding.directory.kind')} name="kind">
            <Radio.Group disabled={editing !== 'new'} onChange={() => form.setFieldValue('type', undefined)}>
              <Radio.Button value="institution">{t('onboarding.directory.kindInstitution')}</Radio.Button>
              <Radio.Button value="platform">{t('onboarding.directory.kindPlatform')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('onboarding.directory.name')} name="name" rules={[{ required: true, whitespace: true, min: 2, message: t('onboarding.register.required', { field: t('onboarding.directory.name') }) }]}>
            <Input maxLength={100} disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item label={t('onboarding.directory.type')} name="type" rules={[{ required: true, message: t('onboarding.register.required', { field: t('onboarding.directory.type') }) }]}>
            <Select options={typeOptions} />
          </Form.Item>
          <Form.Item label={t('onboarding.directory.regions')} name="regions" extra={t('onboarding.directory.regionsHint')}>
            <Select mode="multiple" options={Object.entries(divisions).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label={t('onboarding.directory.contactName')} name="contactName"><Input maxLength={50} /></Form.Item>
          <Form.Item label={t('onboarding.directory.contactPhone')} name="contactPhone"><Input maxLength={30} /></Form.Item>
          <Form.Item label={t('onboarding.directory.contactEmail')} name="contactEmail" rules={[{ type: 'email' }]}><Input maxLength={100} /></Form.Item>
        </Form>
      </Modal>
    </>
  )
}

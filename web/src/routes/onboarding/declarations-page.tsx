import { useState } from 'react'
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Select, Table, Tag, type TableColumnsType } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { SelfDeclaration } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'

/** Fields the server fills itself: the subject's code (always the caller's own) is not asked for. */
const FILLED_BY_SERVER = new Set(['uscc'])

/**
 * 自愿填报: the enterprise adds its own values to an item of the sharing list. The server checks them by the catalog's
 * field types; they are kept and shown apart from providers' records, marked 自愿填报.
 */
export default function DeclarationsPage() {
  const items = useApi((signal) => api.get('/api/self/declarable-items', { signal }), [])
  const mine = useApi((signal) => api.get('/api/self/declarations', { signal }), [])
  const [open, setOpen] = useState(false)
  const [itemKey, setItemKey] = useState<string>()
  const [saving, setSaving] = useState(false)
  const [form] = Form.useForm<Record<string, string>>()
  const notify = useNotify()
  const { modal } = App.useApp()
  const item = items.data?.find((i) => i.key === itemKey)
  const byKey = new Map((items.data ?? []).map((i) => [i.key, i]))

  const submit = async (values: Record<string, string>) => {
    if (!item) return
    setSaving(true)
    try {
      const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && String(v).trim() !== '').map(([k, v]) => [k, String(v).trim()]))
      await api.post('/api/self/declarations', { itemKey: item.key, values: clean })
      notify.success(t('onboarding.declarations.saved'))
      setOpen(false)
      form.resetFields()
      mine.reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }
  const withdraw = (d: SelfDeclaration) => modal.confirm({
    title: t('onboarding.declarations.withdraw'), content: t('onboarding.declarations.withdrawConfirm'), okText: t('onboarding.declarations.withdraw'), cancelText: t('common.cancel'),
    onOk: async () => {
      try {
        await api.post('/api/self/declarations/{id}/withdraw', {}, { params: { id: d.id } })
        mine.reload()
      } catch (err) {
        notify.error(err)
      }
    },
  })

  const columns: TableColumnsType<SelfDeclaration> = [
    { title: t('onboarding.declarations.item'), dataIndex: 'itemName', width: 200, render: (v: string) => <>{v} <Tag color="orange">{t('onboarding.selfDeclared.tag')}</Tag></> },
    {
      title: t('onboarding.declarations.values'), key: 'values',
      render: (_, d) => {
        const fields = byKey.get(d.itemKey)?.fields ?? []
        return (
          <Descriptions size="small" column={1} items={fields.filter((f) => f.key in d.values && !FILLED_BY_SERVER.has(f.key)).map((f) => ({ key: f.key, label: f.name, children: String(d.values[f.key] ?? '—') }))} />
        )
      },
    },
    { title: t('onboarding.declarations.declaredAt'), dataIndex: 'declaredAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'), key: 'a', width: 100,
      render: (_, d) => (d.withdrawnAt ? <Tag>{t('onboarding.declarations.withdrawn')}</Tag> : <Button type="link" size="small" onClick={() => withdraw(d)}>{t('onboarding.declarations.withdraw')}</Button>),
    },
  ]

  return (
    <>
      <PageHeader title={t('onboarding.declarations.title')} description={t('onboarding.declarations.description')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('onboarding.declarations.add')}</Button>} />
      <ErrorAlert error={items.error ?? mine.error} onRetry={() => { items.reload(); mine.reload() }} />
      <Card>
        <Table<SelfDeclaration> rowKey="id" size="middle" loading={mine.loading} columns={columns} dataSource={mine.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 760 }}
          locale={{ emptyText: <Empty description={t('onboarding.declarations.none')} /> }} />
      </Card>
      <Modal open={open} title={t('onboarding.declarations.add')} width={720} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={saving} okButtonProps={{ disabled: !item }}
        okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden>
        <Flex vertical gap={12}>
          <Select showSearch placeholder={t('onboarding.declarations.itemPlaceholder')} value={itemKey} onChange={(v) => { setItemKey(v); form.resetFields() }} optionFilterProp="label"
            options={(items.data ?? []).map((i) => ({ value: i.key, label: `${i.category} · ${i.name}` }))} style={{ width: '100%' }} />
          {item && (
            <Form form={form} layout="vertical" name="declaration" onFinish={submit}>
              <div style={{ color: '#888', marginBottom: 8 }}>{t('onboarding.declarations.fieldsHint')}</div>
              {item.fields.filter((f) => !FILLED_BY_SERVER.has(f.key)).map((f) => (
                <Form.Item key={f.key} label={f.name} name={f.key} rules={f.required ? [{ required: true, whitespace: true, message: t('onboarding.register.required', { field: f.name }) }] : []}>
                  {f.type === 'text' ? <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} /> : <Input maxLength={f.type === 'date' ? 10 : 500} placeholder={f.type === 'date' ? 'YYYY-MM-DD' : undefined} />}
                </Form.Item>
              ))}
            </Form>
          )}
        </Flex>
      </Modal>
    </>
  )
}

import { useState } from 'react'
import { Button, Card, Checkbox, Empty, Flex, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { api } from '../../api/client'
import type { CreditCommitment } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'

/** 信用承诺: the enterprise reads the 承诺书 filled with its name and code, signs it, and sees what it has signed. */
export default function CommitmentsPage() {
  const templates = useApi((signal) => api.get('/api/self/commitment-templates', { signal }), [])
  const signed = useApi((signal) => api.get('/api/self/commitments', { signal }), [])
  const [form] = Form.useForm<{ type: string; signer: string; agree: boolean }>()
  const type = Form.useWatch('type', form)
  const [saving, setSaving] = useState(false)
  const notify = useNotify()
  const text = templates.data?.find((x) => x.type === type)?.text

  const sign = async (v: { type: string; signer: string }) => {
    setSaving(true)
    try {
      await api.post('/api/self/commitments', { type: v.type, signer: v.signer.trim(), agree: true })
      notify.success(t('onboarding.commitments.signed'))
      form.resetFields()
      signed.reload()
    } catch (err) {
      notify.error(err)
    } finally {
      setSaving(false)
    }
  }

  const columns: TableColumnsType<CreditCommitment> = [
    { title: t('onboarding.commitments.type'), dataIndex: 'typeName', width: 200, render: (v: string) => <Tag color="blue">{v}</Tag> },
    { title: t('onboarding.commitments.signer'), dataIndex: 'signer', width: 120 },
    { title: t('onboarding.commitments.signedOn'), dataIndex: 'signedOn', width: 120 },
    { title: t('onboarding.commitments.text'), dataIndex: 'text', render: (v: string) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{v}</Typography.Paragraph> },
    { title: 'SM3', dataIndex: 'textSm3', width: 160, responsive: ['xl'], render: (v: string) => <span className="code-text" title={v}>{v.slice(0, 16)}…</span> },
    { title: t('onboarding.declarations.declaredAt'), dataIndex: 'createdAt', width: 160, responsive: ['lg'], render: (v: string) => formatDateTime(v) },
  ]

  return (
    <>
      <PageHeader title={t('onboarding.commitments.title')} description={t('onboarding.commitments.description')} />
      <ErrorAlert error={templates.error ?? signed.error} onRetry={() => { templates.reload(); signed.reload() }} />
      <Flex vertical gap={16}>
        <Card title={t('onboarding.commitments.sign')}>
          <Form form={form} layout="vertical" name="commitment" onFinish={sign} style={{ maxWidth: 760 }}>
            <Form.Item label={t('onboarding.commitments.type')} name="type" rules={[{ required: true, message: t('onboarding.register.required', { field: t('onboarding.commitments.type') }) }]}>
              <Select options={(templates.data ?? []).map((x) => ({ value: x.type, label: x.name }))} style={{ maxWidth: 320 }} />
            </Form.Item>
            {text && (
              <Form.Item label={t('onboarding.commitments.text')}>
                <Card size="small" style={{ background: '#fafafa' }}><Typography.Paragraph style={{ margin: 0, lineHeight: 1.9 }}>{text}</Typography.Paragraph></Card>
              </Form.Item>
            )}
            <Form.Item label={t('onboarding.commitments.signer')} name="signer" extra={t('onboarding.commitments.signerHint')} rules={[{ required: true, whitespace: true, min: 2, message: t('onboarding.register.required', { field: t('onboarding.commitments.signer') }) }]}>
              <Input maxLength={50} style={{ maxWidth: 320 }} />
            </Form.Item>
            <Form.Item name="agree" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('onboarding.register.agreeRequired')))) }]}>
              <Checkbox>{t('onboarding.commitments.agree')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>{t('onboarding.commitments.sign')}</Button>
          </Form>
        </Card>
        <Card title={t('onboarding.commitments.history')}>
          <Table<CreditCommitment> rowKey="id" size="middle" loading={signed.loading} columns={columns} dataSource={signed.data ?? []} pagination={false} scroll={{ x: 760 }}
            locale={{ emptyText: <Empty description={t('onboarding.commitments.none')} /> }} />
        </Card>
      </Flex>
    </>
  )
}

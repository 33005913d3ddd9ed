import { useState } from 'react'
import { Alert, Button, Card, Col, Form, Input, Row, Space } from 'antd'
import { api } from '../../api/client'
import type { RequestGrantInput } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useCatalog } from '../../hooks'
import { t } from '../../i18n'
import { navigate, useLocation } from '../../router'
import { ModeField, PurposeField, ScopeField, ValidUntilField, type GrantFields } from './grant-form'
import { scopeOf, valuesOf } from './grant-scope'
import { normalizeCode, USCC_SHAPE } from './lookup-page'

interface RequestForm extends GrantFields {
  subject: string
  purpose: string
  note?: string
}

/**
 * 申请授权: the institution asks an enterprise for a grant (POST /api/grants/requests); the enterprise is notified
 * and approves or refuses. Opened from a profile's 需企业授权 with the enterprise and the item filled in.
 */
export default function GrantRequestPage() {
  const { query } = useLocation()
  const notify = useNotify()
  const catalog = useCatalog()
  const [form] = Form.useForm<RequestForm>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()

  const submit = async (v: RequestForm) => {
    setBusy(true)
    setError(undefined)
    const note = v.note?.trim()
    const body: RequestGrantInput = {
      subject: normalizeCode(v.subject), ...scopeOf(v.scope), mode: v.mode, purpose: '融资', validUntil: v.validUntil.format('YYYY-MM-DD'), ...(note ? { note } : {}),
    }
    try {
      const g = await api.post('/api/grants/requests', body)
      notify.success(t('grantForm.requested'))
      navigate(`/access/grants?open=${g.id}`)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <PageHeader title={t('grantForm.requestTitle')} description={t('grantForm.requestDescription')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card>
            <ErrorAlert error={error} title={t('grantForm.failed')} />
            <Form<RequestForm>
              form={form}
              layout="vertical"
              name="grant-request"
              onFinish={submit}
              initialValues={{ subject: query.get('subject') ?? '', scope: valuesOf({ items: query.getAll('items') }), mode: 'view', purpose: '融资' }}
            >
              <Form.Item
                label={t('grantForm.subject')}
                name="subject"
                rules={[
                  { required: true, whitespace: true, message: t('lookup.codeRequired') },
                  { validator: (_, v: string) => (!v || USCC_SHAPE.test(normalizeCode(v)) ? Promise.resolve() : Promise.reject(new Error(t('lookup.codeShape')))) },
                ]}
              >
                <Input className="code-text" maxLength={40} style={{ maxWidth: 320 }} placeholder={t('lookup.codePlaceholder')} />
              </Form.Item>
              <ScopeField catalog={catalog.data} />
              <ModeField />
              <PurposeField />
              <ValidUntilField />
              <Form.Item label={t('grantForm.note')} name="note">
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('grantForm.notePlaceholder')} />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={busy}>{t('grantForm.submitRequest')}</Button>
                <Button onClick={() => window.history.back()}>{t('common.cancel')}</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Alert type="info" showIcon title={t('grantForm.requestHowTitle')} description={t('grantForm.requestHow')} />
        </Col>
      </Row>
    </>
  )
}

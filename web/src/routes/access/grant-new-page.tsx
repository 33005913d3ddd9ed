import { useState } from 'react'
import { Alert, Button, Card, Checkbox, Col, Form, Row, Select, Space, Typography } from 'antd'
import { api } from '../../api/client'
import type { CreateGrantInput } from '../../api/types'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDate } from '../../format'
import { refreshNotifications, useApi, useCatalog } from '../../hooks'
import { t } from '../../i18n'
import { navigate, useLocation } from '../../router'
import { useAccount } from '../../session'
import { ModeField, PurposeField, ScopeField, ValidUntilField, type GrantFields } from './grant-form'
import { scopeNames, scopeOf, valuesOf } from './grant-scope'

interface NewGrantForm extends GrantFields {
  institution: string
  purpose: string
  consent: boolean
}

/**
 * 新增授权: the enterprise authorises an institution — which data, in which mode, for financing, until when — and
 * confirms the consent it is giving. The grant is active at once and can be revoked at any time.
 */
export default function GrantNewPage() {
  const account = useAccount()
  const { query } = useLocation()
  const notify = useNotify()
  const catalog = useCatalog()
  const institutions = useApi((signal) => api.get('/api/institutions', { signal }), [])
  const [form] = Form.useForm<NewGrantForm>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const values = Form.useWatch([], form) as Partial<NewGrantForm> | undefined

  const submit = async (v: NewGrantForm) => {
    setBusy(true)
    setError(undefined)
    const body: CreateGrantInput = { institution: v.institution, ...scopeOf(v.scope), mode: v.mode, purpose: '融资', validUntil: v.validUntil.format('YYYY-MM-DD') }
    try {
      const g = await api.post('/api/grants', body)
      notify.success(t('grantForm.created', { institution: g.institution }))
      void refreshNotifications().catch(() => {})
      navigate(`/access/grants?open=${g.id}`)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const scope = values?.scope?.length ? scopeNames(catalog.data, scopeOf(values.scope), (n) => t('grants.wholeCategory', { name: n })).join('、') : '……'
  const statement = t('grantForm.statement', {
    subject: account.organization ?? '',
    institution: values?.institution ?? '……',
    mode: values?.mode ? t(`grantMode.${values.mode}`) : '……',
    scope,
    date: values?.validUntil ? formatDate(values.validUntil.toDate(), 'long') : '……',
  })

  return (
    <>
      <PageHeader
        title={t('grantForm.newTitle')}
        description={t('grantForm.newDescription')}
        crumbs={[{ title: t('menu.grants'), to: '/access/grants' }, { title: t('grantForm.newTitle') }]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card>
            <ErrorAlert error={error} title={t('grantForm.failed')} />
            <ErrorAlert error={institutions.error} onRetry={institutions.reload} />
            <Form<NewGrantForm>
              form={form}
              layout="vertical"
              name="grant-new"
              onFinish={submit}
              initialValues={{ institution: query.get('institution') ?? undefined, scope: valuesOf({ categories: query.getAll('category'), items: query.getAll('items') }), mode: 'view', purpose: '融资', consent: false }}
            >
              <Form.Item label={t('grantForm.institution')} name="institution" rules={[{ required: true, message: t('grantForm.institutionRequired') }]}>
                <Select<string>
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={institutions.loading}
                  placeholder={t('grantForm.institutionPlaceholder')}
                  options={(institutions.data ?? []).map((i) => ({ value: i, label: i }))}
                  style={{ maxWidth: 420 }}
                />
              </Form.Item>
              <ScopeField catalog={catalog.data} />
              <ModeField />
              <PurposeField />
              <ValidUntilField />
              <Form.Item
                name="consent"
                valuePropName="checked"
                rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('grantForm.consentRequired')))) }]}
              >
                <Checkbox>{t('grantForm.consent')}</Checkbox>
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={busy}>{t('grantForm.submitNew')}</Button>
                <Button onClick={() => navigate('/access/grants')}>{t('common.cancel')}</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('grantForm.statementTitle')} size="small">
            <Typography.Paragraph data-testid="consent-statement" style={{ marginBottom: 8 }}>{statement}</Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('grantForm.statementNote')}</Typography.Text>
          </Card>
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('grantForm.revocableTitle')} description={t('grantForm.revocable')} />
        </Col>
      </Row>
    </>
  )
}

import { useState } from 'react'
import { Alert, Button, Card, Checkbox, Col, Divider, Form, Input, Result, Row } from 'antd'
import { api } from '../../api/client'
import type { RegisterBody, Registration } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { t } from '../../i18n'
import { navigate } from '../../router'

type Values = Omit<RegisterBody, 'legalRepresentative'> & { legalName: string; legalId: string; passwordAgain: string; agree: boolean }

const need = (field: string) => ({ required: true, whitespace: true, message: t('onboarding.register.required', { field }) })

/** 企业自助注册: open to anyone; the account waits for the check the operator chose before it is tied to the firm. */
export default function RegisterPage() {
  const [form] = Form.useForm<Values>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<unknown>()
  const [done, setDone] = useState<Registration>()

  const submit = async (v: Values) => {
    setSaving(true)
    setError(undefined)
    try {
      const body: RegisterBody = {
        username: v.username.trim(), password: v.password, uscc: v.uscc.trim().toUpperCase(), companyName: v.companyName.trim(), contactName: v.contactName.trim(),
        mobile: v.mobile.trim(), ...(v.email?.trim() ? { email: v.email.trim() } : {}), legalRepresentative: { name: v.legalName.trim(), idNumber: v.legalId.trim().toUpperCase() },
      }
      setDone(await api.post('/api/registrations', body, { noAuthRedirect: true }))
    } catch (err) {
      setError(err)
    } finally {
      setSaving(false)
    }
  }

  if (done) {
    const text = done.status === 'approved' ? t('onboarding.register.doneApproved') : done.status === 'refused' ? t('onboarding.register.doneRefused', { reason: done.reason ?? '—' }) : t('onboarding.register.donePending')
    return (
      <Card>
        <Result
          status={done.status === 'refused' ? 'warning' : 'success'} title={t('onboarding.register.doneTitle')} subTitle={text}
          extra={<Button type="primary" onClick={() => navigate('/login')}>{t('onboarding.register.toLogin')}</Button>}
        />
      </Card>
    )
  }

  return (
    <>
      <PageHeader title={t('onboarding.register.title')} description={t('onboarding.register.description')} />
      <ErrorAlert error={error} title={t('onboarding.register.title')} />
      <Card>
        <Form form={form} layout="vertical" name="register" onFinish={submit} requiredMark style={{ maxWidth: 820 }}>
          <Divider titlePlacement="start">{t('onboarding.register.sectionCompany')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('onboarding.register.uscc')} name="uscc" rules={[need(t('onboarding.register.uscc')), { len: 18, message: t('onboarding.register.usccInvalid') }]}>
                <Input maxLength={18} placeholder={t('onboarding.register.usccPlaceholder')} className="code-text" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('onboarding.register.companyName')} name="companyName" rules={[need(t('onboarding.register.companyName'))]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start">{t('onboarding.register.sectionLegal')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('onboarding.register.legalName')} name="legalName" rules={[need(t('onboarding.register.legalName'))]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('onboarding.register.legalId')} name="legalId" extra={t('onboarding.register.legalIdHint')} rules={[need(t('onboarding.register.legalId')), { len: 18, message: t('onboarding.register.idInvalid') }]}>
                <Input.Password maxLength={18} visibilityToggle autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start">{t('onboarding.register.sectionContact')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('onboarding.register.contactName')} name="contactName" rules={[need(t('onboarding.register.contactName'))]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('onboarding.register.mobile')} name="mobile" rules={[need(t('onboarding.register.mobile')), { pattern: /^1[3-9]\d{9}$/, message: t('onboarding.register.mobileInvalid') }]}>
                <Input maxLength={11} inputMode="numeric" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('onboarding.register.email')} name="email" rules={[{ type: 'email' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start">{t('onboarding.register.sectionAccount')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('onboarding.register.username')} name="username" extra={t('onboarding.register.usernameHint')} rules={[need(t('onboarding.register.username')), { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('onboarding.register.usernameHint') }]}>
                <Input maxLength={64} autoComplete="username" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('onboarding.register.password')} name="password" extra={t('onboarding.register.passwordHint')} rules={[need(t('onboarding.register.password')), { pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,128}$/, message: t('onboarding.register.passwordHint') }]}>
                <Input.Password maxLength={128} autoComplete="new-password" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('onboarding.register.passwordAgain')} name="passwordAgain" dependencies={['password']}
                rules={[need(t('onboarding.register.passwordAgain')), ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('onboarding.register.passwordMismatch')))) })]}
              >
                <Input.Password maxLength={128} autoComplete="new-password" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="agree" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('onboarding.register.agreeRequired')))) }]}>
            <Checkbox>{t('onboarding.register.agree')}</Checkbox>
          </Form.Item>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('onboarding.status.description')} />
          <Button type="primary" htmlType="submit" size="large" loading={saving}>{t('onboarding.register.submit')}</Button>
        </Form>
      </Card>
    </>
  )
}

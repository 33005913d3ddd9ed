import { useState } from 'react'
import { Alert, Button, Card, Collapse, Form, Input, Typography } from 'antd'
import { CheckCircleFilled, FileSearchOutlined, LockOutlined, UserOutlined } from '@ant-design/icons'
import { errorMessage } from '../../api/client'
import { t } from '../../i18n'
import { Link, navigate, useLocation } from '../../router'
import { useSession } from '../../session'
import { landingFor } from '../registry'

interface LoginForm {
  username: string
  password: string
}

/** 用户登录: after it, back to where the user was (if the role may be there), else the role's first screen. */
export default function LoginPage() {
  const { login } = useSession()
  const loc = useLocation()
  const next = loc.query.get('next')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const submit = async (v: LoginForm) => {
    setBusy(true)
    setError(undefined)
    try {
      const account = await login(v.username.trim(), v.password)
      navigate(landingFor(account.role, next), { replace: true })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="login-page">
      <header className="login-top">
        <span className="brand-mark" aria-hidden>信</span>
        <span style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-sub" style={{ display: 'inline' }}>{t('app.operatorUnit')}</span>
        </span>
      </header>
      <main className="login-main">
        <section className="login-intro">
          <h1>{t('app.title')}</h1>
          <p>{t('login.subtitle')}</p>
          <ul>
            {(['login.intro1', 'login.intro2', 'login.intro3'] as const).map((k) => (
              <li key={k}>
                <CheckCircleFilled aria-hidden /> {t(k)}
              </li>
            ))}
          </ul>
        </section>
        <Card className="login-card" variant="borderless">
          <h2>{t('login.heading')}</h2>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>{t('app.fullTitle')}</Typography.Paragraph>
          {next && !error && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('login.sessionNeeded')} />}
          {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={error} />}
          <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} name="login">
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
              <Input size="large" prefix={<UserOutlined aria-hidden />} placeholder={t('login.usernamePlaceholder')} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password size="large" prefix={<LockOutlined aria-hidden />} placeholder={t('login.passwordPlaceholder')} autoComplete="current-password" />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" size="large" block loading={busy}>
                {t('login.submit')}
              </Button>
            </Form.Item>
          </Form>
          <Collapse
            ghost
            size="small"
            items={[{ key: 'demo', label: t('login.demoTitle'), children: <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('login.demoAccounts')}</Typography.Text> }]}
          />
          <div className="login-report-check" style={{ display: "flex", justifyContent: "space-between", flexWrap: "wrap", gap: 8 }}>
            <span>{t('onboarding.register.loginHint')} <Link to="/register">{t('onboarding.register.loginLink')}</Link></span>
            <Link to="/report-check" title={t('login.reportCheckHint')}>
              <FileSearchOutlined aria-hidden /> {t('login.reportCheckLink')}
            </Link>
          </div>
        </Card>
      </main>
      <footer className="login-footer">© {new Date().getFullYear()} {t('login.copyright')}</footer>
    </div>
  )
}

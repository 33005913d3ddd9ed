import { useEffect, useState } from 'react'
import { Alert, Button, Card, Descriptions, Form, Input, Result, Typography } from 'antd'
import { FileSearchOutlined } from '@ant-design/icons'
import { api, errorMessage, isUnauthorized } from '../../api/client'
import type { ReportCheck } from '../../api/types'
import { Code } from '../../components/code'
import { PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { t } from '../../i18n'
import { Link, setQuery, useLocation } from '../../router'
import { useSession } from '../../session'

/** The printed code as typed: spaces and line breaks dropped, letters lower-cased (the server accepts either). */
export const normalizeReportCode = (v: string) => v.replace(/\s+/g, '').toLowerCase()

/**
 * 报告核验 — public: anyone holding a credit report (a bank's reviewer, a tender committee) types its verification
 * code and learns whether the hub issued it and for whom (GET /verify/:code). No login; reachable from the login page.
 */
export default function ReportCheckPage() {
  const { account } = useSession()
  const { query } = useLocation()
  const code = query.get('code') ?? ''
  const [form] = Form.useForm<{ code: string }>()
  const [state, setState] = useState<{ code: string; result?: ReportCheck; error?: string } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    form.setFieldsValue({ code })
    if (!code) {
      setState(null)
      return
    }
    const ctl = new AbortController()
    setBusy(true)
    api
      .get('/verify/{code}', { params: { code: normalizeReportCode(code) }, signal: ctl.signal, noAuthRedirect: true })
      .then((result) => setState({ code, result }))
      .catch((err: unknown) => {
        if (!ctl.signal.aborted && !isUnauthorized(err)) setState({ code, error: errorMessage(err) })
      })
      .finally(() => !ctl.signal.aborted && setBusy(false))
    return () => ctl.abort()
  }, [code]) // eslint-disable-line react-hooks/exhaustive-deps

  const r = state?.result
  return (
    <div className={account ? undefined : 'public-page'}>
      <PageHeader title={t('reportCheck.title')} description={t('reportCheck.description')} />
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" name="report-check" initialValues={{ code }} onFinish={(v) => setQuery({ code: normalizeReportCode(v.code) }, { replace: false })}>
          <Form.Item label={t('reportCheck.code')} name="code" extra={t('reportCheck.codeHelp')} rules={[{ required: true, whitespace: true, message: t('reportCheck.codeRequired') }]}>
            <Input.TextArea className="code-text" autoSize={{ minRows: 2, maxRows: 4 }} maxLength={120} placeholder={t('reportCheck.codePlaceholder')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<FileSearchOutlined />} loading={busy}>{t('reportCheck.submit')}</Button>
        </Form>
      </Card>
      {state?.error && <Alert type="error" showIcon role="alert" title={t('reportCheck.notGenuine')} description={state.error} data-testid="report-check-result" />}
      {r && (
        <Card data-testid="report-check-result">
          {r.genuine ? (
            <Result
              status="success"
              title={t('reportCheck.genuine')}
              subTitle={t('reportCheck.genuineHelp')}
              extra={
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  style={{ maxWidth: 640, margin: '0 auto', textAlign: 'start' }}
                  items={[
                    { key: 'no', label: t('reports.reportNo'), children: <Code value={r.reportNo} /> },
                    { key: 'subject', label: t('reports.subject'), children: r.subjectName ?? '—' },
                    { key: 'at', label: t('reports.issuedAt'), children: <span className="num">{formatDateTime(r.issuedAt)}</span> },
                    { key: 'issuer', label: t('reports.issuer'), children: r.issuer ?? '—' },
                  ]}
                />
              }
            />
          ) : (
            <Result status="error" title={t('reportCheck.notGenuine')} subTitle={r.problem === 'altered' ? t('reportCheck.altered') : t('reportCheck.unknown')} />
          )}
        </Card>
      )}
      {!account && (
        <Typography.Paragraph style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/login">{t('reportCheck.toLogin')}</Link>
        </Typography.Paragraph>
      )}
    </div>
  )
}

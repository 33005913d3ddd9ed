import { useState } from 'react'
import { Alert, Button, Card, Checkbox, Col, Collapse, Descriptions, Flex, Form, Input, Row, Space, Table, Typography, type TableColumnsType } from 'antd'
import { CheckOutlined, DeleteOutlined, FileProtectOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { ApiError, api, errorMessage } from '../../api/client'
import type { Verification, VerificationAnswer } from '../../api/types'
import { AnswerTag, GrantModeTag } from '../../components/access'
import { Code } from '../../components/code'
import { useNotify } from '../../components/notify'
import { PageHeader } from '../../components/page'
import { formatDate, formatDateTime, shortId } from '../../format'
import { itemIndex, useCatalog } from '../../hooks'
import { t } from '../../i18n'
import { linkClick, useLocation } from '../../router'
import { normalizeCode, USCC_SHAPE } from './lookup-page'
import { PRESETS, buildQuestions, presetOf, type Question } from './verification-presets'

interface VerifyForm {
  code: string
  presets: string[]
  custom: string[]
}

/** The server's complaint about one expression, with the question it concerns (`errors.question`, from 1). */
function questionOf(err: unknown, questions: Question[]): Question | undefined {
  if (!(err instanceof ApiError) || !err.errors || typeof err.errors !== 'object') return undefined
  const n = (err.errors as { question?: unknown }).question
  return typeof n === 'number' ? questions[n - 1] : undefined
}

/**
 * 信用核验 (可用不可见): yes/no questions over an enterprise's data — presets and free expressions in the server's
 * language — answered only with 是/否 and the as-of date of each item read, never a value. Questions on restricted
 * data need the enterprise's live grant (view or verify); the server refuses otherwise and says why.
 */
export default function VerifyPage() {
  const { query } = useLocation()
  const notify = useNotify()
  const catalog = useCatalog()
  const items = itemIndex(catalog.data)
  const [form] = Form.useForm<VerifyForm>()
  const [busy, setBusy] = useState<'check' | 'run' | null>(null)
  const [failure, setFailure] = useState<{ message: string; question?: Question } | null>(null)
  const [checked, setChecked] = useState<string | null>(null)
  const [result, setResult] = useState<{ code: string; questions: Question[]; answer: Verification } | null>(null)

  const questionsOf = (v: Partial<VerifyForm>) => buildQuestions(v.presets ?? [], v.custom ?? [])
  const labelOf = (id: string, expression: string) => {
    const p = presetOf(id)
    return p ? t(p.label) : expression
  }

  const run = async (mode: 'check' | 'run') => {
    setFailure(null)
    setChecked(null)
    let v: VerifyForm
    try {
      v = mode === 'run' ? await form.validateFields() : { ...form.getFieldsValue(true) }
    } catch {
      return
    }
    const questions = questionsOf(v)
    if (!questions.length) {
      setFailure({ message: t('verify.noQuestions') })
      return
    }
    setBusy(mode)
    try {
      if (mode === 'check') {
        await api.post('/api/verifications/check', { questions: questions.map(({ expression }) => ({ expression })) })
        setChecked(t('verify.checkOk', { count: questions.length }))
      } else {
        const code = normalizeCode(v.code)
        const answer = await api.post('/api/subjects/{code}/verifications', { questions }, { params: { code } })
        setResult({ code, questions, answer })
        notify.success(t('verify.done'))
      }
    } catch (err) {
      const q = questionOf(err, questions)
      setFailure({ message: errorMessage(err), ...(q ? { question: q } : {}) })
      if (mode === 'run') setResult(null)
    } finally {
      setBusy(null)
    }
  }

  const columns: TableColumnsType<VerificationAnswer> = [
    {
      title: t('verify.colQuestion'), dataIndex: 'expression',
      render: (e: string, a) => (
        <Flex vertical gap={2}>
          <span>{labelOf(a.id, e)}</span>
          {presetOf(a.id) && <Typography.Text type="secondary" className="code-text" style={{ fontSize: 12 }}>{e}</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('verify.colAsOf')}：
            {Object.entries(a.asOf).map(([item, at], i) => (
              <span key={item}>
                {i > 0 && '；'}
                {items.get(item)?.name ?? item} <span className="num">{at ? formatDateTime(at) : t('verify.noData')}</span>
              </span>
            ))}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('verify.colAnswer'), key: 'answer', width: 130, render: (_, a) => <AnswerTag answer={a.answer} complete={a.complete} /> },
  ]

  return (
    <>
      <PageHeader title={t('verify.title')} description={t('verify.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <Card title={t('verify.formTitle')}>
            <Form<VerifyForm>
              form={form}
              layout="vertical"
              name="verify"
              initialValues={{ code: query.get('code') ?? '', presets: [], custom: [] }}
              onValuesChange={() => setChecked(null)}
              onFinish={() => run('run')}
            >
              <Form.Item
                label={t('verify.code')}
                name="code"
                rules={[
                  { required: true, whitespace: true, message: t('lookup.codeRequired') },
                  { validator: (_, v: string) => (!v || USCC_SHAPE.test(normalizeCode(v)) ? Promise.resolve() : Promise.reject(new Error(t('lookup.codeShape')))) },
                ]}
              >
                <Input className="code-text" maxLength={40} placeholder={t('lookup.codePlaceholder')} allowClear />
              </Form.Item>
              <Form.Item label={t('verify.presetsLabel')} name="presets" extra={t('verify.presetsHelp')}>
                <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                  {PRESETS.map((p) => (
                    <Checkbox key={p.id} value={p.id}>
                      {t(p.label)}
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </Form.Item>
              <Form.List name="custom">
                {(fields, { add, remove }) => (
                  <div role="group" aria-label={t('verify.customLabel')}>
                    <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>{t('verify.customLabel')}</Typography.Text>
                    {fields.map((f, i) => (
                      <Flex key={f.key} gap={8} align="flex-start">
                        <Form.Item
                          {...f}
                          label={t('verify.customN', { n: i + 1 })}
                          style={{ flex: 1, marginBottom: 12 }}
                          rules={[{ required: true, whitespace: true, message: t('verify.customRequired') }]}
                        >
                          <Input.TextArea className="code-text" autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} placeholder={t('verify.customPlaceholder')} />
                        </Form.Item>
                        <Button aria-label={t('verify.removeCustom', { n: i + 1 })} icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }} />
                      </Flex>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block style={{ marginBottom: 12 }}>{t('verify.addCustom')}</Button>
                  </div>
                )}
              </Form.List>
              <Collapse
                size="small"
                ghost
                style={{ marginBottom: 12 }}
                items={[{
                  key: 'help', label: t('verify.grammarTitle'),
                  children: (
                    <Typography.Paragraph style={{ fontSize: 13, marginBottom: 0 }}>
                      {t('verify.grammar')}
                      <pre className="code-block">{'tax_payment.vat_paid_last_12_months >= 100万\nnot exists(dishonest_judgment_debtor)\ncount(administrative_penalty, decision_date >= months_ago(24)) <= 1\nexists(tax_credit_rating, tax_credit_grade == "A")'}</pre>
                    </Typography.Paragraph>
                  ),
                }]}
              />
              {failure && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 12 }}
                  title={failure.question ? t('verify.failedQuestion', { question: labelOf(failure.question.id, failure.question.expression) }) : t('verify.failed')}
                  description={failure.message}
                  data-testid="verify-error"
                />
              )}
              {checked && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={checked} />}
              <Space wrap>
                <Button icon={<CheckOutlined />} onClick={() => run('check')} loading={busy === 'check'}>{t('verify.check')}</Button>
                <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy === 'run'}>{t('verify.run')}</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          <Card title={t('verify.resultTitle')} data-testid="verify-result">
            {!result ? (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{t('verify.resultEmpty')}</Typography.Paragraph>
            ) : (
              <Flex vertical gap={12}>
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { key: 'code', label: t('verify.subject'), children: <a href={`/access/enterprises/${result.code}`} onClick={linkClick(`/access/enterprises/${result.code}`)}><Code value={result.code} /></a> },
                    { key: 'at', label: t('verify.askedAt'), children: <span className="num">{formatDateTime(result.answer.askedAt)}</span> },
                    {
                      key: 'grants', label: t('verify.grantsUsed'),
                      children: result.answer.grants.length
                        ? <Space size={4} wrap>{result.answer.grants.map((g) => <span key={g.id}><GrantModeTag mode={g.mode} /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('profile.validUntil', { date: formatDate(g.validUntil) })} · {shortId(g.id)}</Typography.Text></span>)}</Space>
                        : t('verify.noGrantNeeded'),
                    },
                  ]}
                />
                <Table<VerificationAnswer> rowKey="id" size="middle" columns={columns} dataSource={result.answer.answers} pagination={false} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <FileProtectOutlined aria-hidden /> {t('verify.audited', { seq: result.answer.audit.seq })}
                </Typography.Text>
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
    </>
  )
}

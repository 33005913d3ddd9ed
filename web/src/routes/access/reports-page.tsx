import { useState } from 'react'
import { Button, Card, Descriptions, Empty, Flex, Form, Input, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined, FilePdfOutlined, FileSearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { IssuedReport } from '../../api/types'
import { Code } from '../../components/code'
import { useNotify } from '../../components/notify'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatCount, formatDate, formatDateTime, groupCode } from '../../format'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { normalizeCode, USCC_SHAPE } from './lookup-page'

type Section = IssuedReport['sections'][number]

/**
 * 信用报告 (公共信用信息报告): issue a report — the enterprise its own, free; an institution one of an enterprise, cut
 * by its grants — then download the PDF and read its verification code (SM3), which anyone can check at 报告核验.
 * The report number stays in the URL (`?no=`), so the page can be reloaded or shared within the organisation.
 */
export default function ReportsPage() {
  const account = useAccount()
  const isEnterprise = account.role === 'enterprise'
  const { query } = useLocation()
  const no = query.get('no')
  const notify = useNotify()
  const [issued, setIssued] = useState<IssuedReport>()
  const [busy, setBusy] = useState(false)
  const [issueError, setIssueError] = useState<unknown>()
  const [downloading, setDownloading] = useState(false)
  const [form] = Form.useForm<{ code: string }>()

  const stored = useApi(
    (signal) => (no && issued?.reportNo !== no ? api.get('/api/reports/{reportNo}', { params: { reportNo: no }, signal }) : Promise.resolve(undefined)),
    [no],
  )
  const report = issued && issued.reportNo === no ? issued : stored.data

  const issue = async (code: string) => {
    setBusy(true)
    setIssueError(undefined)
    try {
      const r = await api.post('/api/subjects/{code}/reports', {}, { params: { code } })
      setIssued(r)
      setQuery({ no: r.reportNo }, { replace: false })
      notify.success(t('reports.issued', { no: r.reportNo }))
    } catch (err) {
      setIssueError(err)
    } finally {
      setBusy(false)
    }
  }

  const download = async (r: IssuedReport) => {
    setDownloading(true)
    try {
      const name = await api.download('/api/reports/{reportNo}/pdf', { params: { reportNo: r.reportNo }, filename: `公共信用信息报告-${r.reportNo}.pdf` })
      notify.success(t('common.downloadStarted', { name }))
    } catch (err) {
      notify.error(err)
    } finally {
      setDownloading(false)
    }
  }

  return (
    <>
      <PageHeader title={t('reports.title')} description={isEnterprise ? t('reports.descriptionEnterprise') : t('reports.descriptionInstitution')} />
      <Card style={{ marginBottom: 16 }}>
        {isEnterprise ? (
          <Flex gap={12} align="center" wrap>
            <Button type="primary" size="large" icon={<FilePdfOutlined />} loading={busy} onClick={() => issue(account.organization ?? '')}>
              {t('reports.generateMine')}
            </Button>
            <Typography.Text type="secondary">{t('reports.generateHint')}</Typography.Text>
          </Flex>
        ) : (
          <Form form={form} layout="inline" name="report-issue" initialValues={{ code: query.get('code') ?? '' }} onFinish={(v) => issue(normalizeCode(v.code))}>
            <Form.Item
              label={t('lookup.code')}
              name="code"
              rules={[
                { required: true, whitespace: true, message: t('lookup.codeRequired') },
                { validator: (_, v: string) => (!v || USCC_SHAPE.test(normalizeCode(v)) ? Promise.resolve() : Promise.reject(new Error(t('lookup.codeShape')))) },
              ]}
            >
              <Input className="code-text" maxLength={40} style={{ width: 260 }} placeholder={t('lookup.codePlaceholder')} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<FilePdfOutlined />} loading={busy}>{t('reports.generate')}</Button>
            </Form.Item>
          </Form>
        )}
        <div style={{ marginTop: issueError ? 16 : 0 }}>
          <ErrorAlert error={issueError} title={t('reports.failed')} />
        </div>
      </Card>
      <ErrorAlert error={stored.error} onRetry={stored.reload} />
      {no && !report && stored.loading && <Card><Skeleton active /></Card>}
      {report ? (
        <ReportCard report={report} downloading={downloading} onDownload={() => download(report)} />
      ) : (
        !no && <Card><Empty description={t('reports.none')} /></Card>
      )}
    </>
  )
}

function ReportCard({ report, downloading, onDownload }: { report: IssuedReport; downloading: boolean; onDownload(): void }) {
  const code = report.verification.code
  const checkLink = `/report-check?code=${code}`
  const columns: TableColumnsType<Section> = [
    { title: t('reports.colSection'), dataIndex: 'title', render: (v: string, s) => `${tDynamic(`reports.no.${s.no}`, String(s.no))}、${v}` },
    { title: t('reports.colItems'), key: 'items', width: 90, align: 'right', render: (_, s) => <span className="num">{formatCount(s.items.length)}</span> },
    { title: t('reports.colRecords'), key: 'records', width: 90, align: 'right', render: (_, s) => <span className="num">{formatCount(s.items.reduce((n, i) => n + i.records.length, 0))}</span> },
    { title: t('reports.colAsOf'), dataIndex: 'asOf', width: 130, render: (v: string | null, s) => (v ? <span className="num">{formatDate(v)}</span> : <Typography.Text type="secondary">{s.empty ?? '—'}</Typography.Text>) },
  ]
  return (
    <Card
      title={report.title}
      data-testid="report-card"
      extra={<Button type="primary" icon={<DownloadOutlined />} loading={downloading} onClick={onDownload}>{t('reports.downloadPdf')}</Button>}
    >
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'no', label: t('reports.reportNo'), children: <Code value={report.reportNo} copyable /> },
          { key: 'issuer', label: t('reports.issuer'), children: report.issuer },
          { key: 'subject', label: t('reports.subject'), children: report.subject.name ?? '—' },
          { key: 'uscc', label: t('reports.uscc'), children: <Code value={report.subject.uscc ?? report.subject.subjectKey} /> },
          { key: 'at', label: t('reports.issuedAt'), children: <span className="num">{formatDateTime(report.issuedAt)}</span> },
          { key: 'asof', label: t('reports.asOf'), children: <span className="num">{formatDateTime(report.asOf)}</span> },
          { key: 'purpose', label: t('reports.purpose'), children: report.requester.purpose },
          { key: 'standard', label: t('reports.standard'), children: report.standard },
        ]}
      />
      <Card size="small" type="inner" style={{ marginTop: 16 }} title={t('reports.verificationTitle')}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('reports.verificationHelp', { algorithm: report.verification.algorithm })}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: code }} className="code-text verification-code" data-testid="verification-code">{groupCode(code)}</Typography.Paragraph>
        <Space wrap>
          <Button icon={<FileSearchOutlined />} href={checkLink} onClick={linkClick(checkLink)}>{t('reports.checkIt')}</Button>
        </Space>
      </Card>
      <Table<Section> style={{ marginTop: 16 }} rowKey="key" size="small" columns={columns} dataSource={report.sections} pagination={false} scroll={{ x: 520 }} />
      {report.selfDeclared && (
        <Typography.Paragraph style={{ marginTop: 12 }} data-testid="report-self-declared">
          <Tag color="orange">{t('onboarding.selfDeclared.tag')}</Tag>
          {t('onboarding.selfDeclared.reportAppendix', {
            items: report.selfDeclared.items.reduce((n, i) => n + i.declarations.length, 0), commitments: report.selfDeclared.commitments.length,
          })}
        </Typography.Paragraph>
      )}
      <ul className="issue-list report-notes">
        {report.notes.map((n) => <li key={n}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{n}</Typography.Text></li>)}
      </ul>
    </Card>
  )
}

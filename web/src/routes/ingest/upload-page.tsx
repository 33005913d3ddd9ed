import { useMemo, useRef, useState } from 'react'
import { Alert, Button, Card, Col, Descriptions, Flex, Form, Progress, Result, Row, Select, Statistic, Typography, Upload, type UploadFile } from 'antd'
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons'
import { api, errorMessage, isUnauthorized } from '../../api/client'
import type { BatchSummary } from '../../api/types'
import { Code } from '../../components/code'
import { PageHeader, ErrorAlert } from '../../components/page'
import { useNotify } from '../../components/notify'
import { useCatalog, itemIndex } from '../../hooks'
import { formatBytes, formatCount } from '../../format'
import { t } from '../../i18n'
import { linkClick } from '../../router'
import { useAccount } from '../../session'
import { downloadTemplate } from '../catalog/catalog-page'
import { itemsForProvider } from './provider-items'

type Encoding = 'auto' | 'utf8' | 'gb18030'
interface UploadForm {
  itemKey: string
  encoding: Encoding
}
type Phase = { kind: 'idle' } | { kind: 'uploading'; percent: number } | { kind: 'processing' } | { kind: 'done'; summary: BatchSummary } | { kind: 'failed'; message: string }

/**
 * 上传文件: item, encoding, file → upload with a progress bar → the batch's result: 接收 / 入库 / 重复 / 隔离, with a
 * link to the rejects. The server answers when the whole file is checked and stored.
 */
export default function UploadPage() {
  const account = useAccount()
  const notify = useNotify()
  const catalog = useCatalog()
  const [form] = Form.useForm<UploadForm>()
  const [file, setFile] = useState<File>()
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' })
  const abort = useRef<AbortController | null>(null)
  const items = useMemo(() => itemIndex(catalog.data), [catalog.data])
  const { own, shared } = useMemo(() => itemsForProvider(catalog.data, account.organization), [catalog.data, account.organization])

  const itemOptions = useMemo(() => {
    const opt = (key: string) => ({ value: key, label: items.get(key)?.name ?? key, search: `${items.get(key)?.name ?? ''} ${key}` })
    const groups = [
      { label: t('ingest.upload.groupOwn'), title: 'own', options: [...own].map(opt) },
      { label: t('ingest.upload.groupShared'), title: 'shared', options: [...shared].map(opt) },
    ]
    return groups.filter((g) => g.options.length > 0)
  }, [items, own, shared])

  const busy = phase.kind === 'uploading' || phase.kind === 'processing'
  const itemKey = Form.useWatch('itemKey', form)

  const start = async (v: UploadForm) => {
    if (!file) {
      notify.info(t('ingest.upload.fileRequired'))
      return
    }
    const ctl = new AbortController()
    abort.current = ctl
    setPhase({ kind: 'uploading', percent: 0 })
    try {
      const summary = await api.upload('/api/ingest/items/{itemKey}/files', file, {
        params: { itemKey: v.itemKey },
        query: { encoding: v.encoding === 'auto' ? undefined : v.encoding },
        signal: ctl.signal,
        onProgress: (percent) => setPhase(percent >= 100 ? { kind: 'processing' } : { kind: 'uploading', percent }),
      })
      setPhase({ kind: 'done', summary })
    } catch (err) {
      if (isUnauthorized(err)) return
      const message = errorMessage(err)
      setPhase(message ? { kind: 'failed', message } : { kind: 'idle' })
    } finally {
      abort.current = null
    }
  }

  const reset = () => {
    setFile(undefined)
    setPhase({ kind: 'idle' })
  }

  const fileList: UploadFile[] = file
    ? [{
        uid: 'file', name: `${file.name}（${formatBytes(file.size)}）`,
        status: phase.kind === 'uploading' || phase.kind === 'processing' ? 'uploading' : phase.kind === 'failed' ? 'error' : phase.kind === 'done' ? 'done' : undefined,
        percent: phase.kind === 'uploading' ? phase.percent : phase.kind === 'idle' ? undefined : 100,
      } as UploadFile]
    : []

  return (
    <>
      <PageHeader title={t('ingest.upload.title')} description={t('ingest.upload.description')} />
      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={<><CloudUploadOutlined /> {t('ingest.upload.title')}</>}>
            <Form<UploadForm> form={form} layout="vertical" name="upload" initialValues={{ encoding: 'auto' }} onFinish={start} disabled={busy}>
              <Form.Item label={t('ingest.upload.item')} name="itemKey" rules={[{ required: true, message: t('ingest.upload.itemRequired') }]}>
                <Select<string>
                  showSearch={{ optionFilterProp: 'search' }}
                  placeholder={t('ingest.upload.itemPlaceholder')}
                  loading={catalog.loading}
                  options={itemOptions}
                />
              </Form.Item>
              <Form.Item label={t('ingest.upload.encoding')} name="encoding" extra={t('ingest.upload.encodingHelp')}>
                <Select<Encoding>
                  options={[
                    { value: 'auto', label: t('ingest.upload.encodingAuto') },
                    { value: 'utf8', label: t('ingest.upload.encodingUtf8') },
                    { value: 'gb18030', label: t('ingest.upload.encodingGb18030') },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('ingest.upload.file')} required>
                <Upload.Dragger
                  accept=".csv,.xlsx,.jsonl,.json,.txt"
                  multiple={false}
                  maxCount={1}
                  fileList={fileList}
                  beforeUpload={(f) => {
                    setFile(f)
                    setPhase({ kind: 'idle' })
                    return false
                  }}
                  onRemove={() => {
                    abort.current?.abort()
                    reset()
                  }}
                >
                  <p className="ant-upload-drag-icon"><InboxOutlined /></p>
                  <p className="ant-upload-text">{t('ingest.upload.dragText')}</p>
                  <p className="ant-upload-hint">{t('ingest.upload.dragHint')}</p>
                </Upload.Dragger>
              </Form.Item>
              {phase.kind === 'uploading' && <Progress percent={phase.percent} status="active" aria-label={t('ingest.upload.uploading', { percent: phase.percent })} />}
              {phase.kind === 'processing' && (
                <>
                  <Progress percent={100} status="active" showInfo={false} />
                  <Typography.Text type="secondary">{t('ingest.upload.processing')}</Typography.Text>
                </>
              )}
              {phase.kind === 'failed' && <Alert type="error" showIcon role="alert" title={t('ingest.upload.resultFailed')} description={phase.message} style={{ marginBottom: 16 }} />}
              <Flex gap={8} wrap style={{ marginTop: 16 }}>
                <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={busy} disabled={!file || busy}>
                  {phase.kind === 'uploading' ? t('ingest.upload.uploading', { percent: phase.percent }) : t('ingest.upload.submit')}
                </Button>
                {itemKey && (
                  <Button icon={<DownloadOutlined />} disabled={false} onClick={() => void downloadTemplate(itemKey, items.get(itemKey)?.name ?? itemKey, notify)}>
                    {t('ingest.upload.downloadTemplate')}
                  </Button>
                )}
              </Flex>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>{phase.kind === 'done' && <ResultCard summary={phase.summary} itemName={items.get(phase.summary.itemKey)?.name} onAgain={reset} />}</Col>
      </Row>
    </>
  )
}

function ResultCard({ summary, itemName, onAgain }: { summary: BatchSummary; itemName: string | undefined; onAgain: () => void }) {
  const s = summary
  const ok = s.status === 'completed'
  return (
    <Card title={t('ingest.upload.resultTitle')} data-testid="upload-result">
      <Result
        status={ok ? (s.quarantined > 0 ? 'warning' : 'success') : 'error'}
        title={ok ? t('ingest.upload.resultOk') : t('ingest.upload.resultFailed')}
        subTitle={itemName}
        style={{ padding: '8px 0 16px' }}
      />
      <Row gutter={[12, 12]}>
        {([['received', undefined], ['stored', '#389e0d'], ['duplicates', '#d48806'], ['quarantined', s.quarantined > 0 ? '#cf1322' : undefined]] as const).map(([k, color]) => (
          <Col xs={12} sm={6} key={k}>
            <Card size="small" className="stat-card">
              <Statistic title={t(`ingest.upload.${k}`)} value={s[k]} formatter={(v) => formatCount(Number(v))} suffix={t('ingest.upload.unitRecords')} styles={{ content: color ? { color } : {} }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 16 }}
        items={[
          { key: 'batch', label: t('ingest.upload.batchId'), children: <Code value={s.batchId} copyable /> },
          ...(s.format ? [{ key: 'format', label: t('ingest.upload.format'), children: s.format.toUpperCase() }] : []),
          ...(s.encoding ? [{ key: 'enc', label: t('ingest.upload.detectedEncoding'), children: s.encoding === 'gb18030' ? 'GB18030' : s.encoding === 'utf8' ? 'UTF-8' : s.encoding }] : []),
        ]}
      />
      {s.resumed && <Alert type="info" showIcon title={t('ingest.upload.resumed')} style={{ marginTop: 12 }} />}
      {s.warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('ingest.upload.warnings')} description={<ul className="issue-list">{s.warnings.map((w) => <li key={w}>{w}</li>)}</ul>} />
      )}
      <Flex gap={12} wrap style={{ marginTop: 16 }}>
        {s.quarantined > 0 ? (
          <Button type="primary" href={`/ingest/quarantine?batchId=${s.batchId}`} onClick={linkClick(`/ingest/quarantine?batchId=${s.batchId}`)}>
            {t('ingest.upload.viewRejects', { count: formatCount(s.quarantined) })}
          </Button>
        ) : (
          <Typography.Text type="success">{t('ingest.upload.noRejects')}</Typography.Text>
        )}
        <Button href={`/ingest/batches?batchId=${s.batchId}`} onClick={linkClick(`/ingest/batches?batchId=${s.batchId}`)}>{t('ingest.upload.viewBatch')}</Button>
        <Button onClick={onAgain}>{t('ingest.upload.again')}</Button>
      </Flex>
    </Card>
  )
}

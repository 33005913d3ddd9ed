import { useState } from 'react'
import { Button, Descriptions, Empty, Flex, Input, List, Tag, Timeline, Typography, Upload } from 'antd'
import { DownloadOutlined, PaperClipOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { ObjectionDetail, RepairAttachment } from '../../api/types'
import { useNotify } from '../../components/notify'
import { formatBytes, formatDateTime } from '../../format'
import { useItemDetails } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { clockView } from './repair-format'

type CaseDetail = Pick<ObjectionDetail, 'record' | 'messages' | 'attachments'>

/** The record a case is about: every value the server gave (identifiers stay hidden), with its state. */
export function CaseRecordView({ record }: { record: CaseDetail['record'] }) {
  const fields = useItemDetails(record ? [record.itemKey] : []).get(record?.itemKey ?? '')?.fields
  if (!record) return <Empty description={t('repair.recordGone')} />
  return (
    <Descriptions
      bordered size="small" column={1}
      title={<span>{record.itemName} <Tag color={record.state === 'withdrawn' ? 'default' : record.state === 'objected' ? 'orange' : 'green'}>{tDynamic(`repair.state.${record.state}`, record.state)}</Tag></span>}
      extra={<Typography.Text type="secondary">{t('repair.version', { version: record.version })}</Typography.Text>}
      items={Object.entries(record.values).map(([k, v]) => ({ key: k, label: fields?.find((f) => f.key === k)?.name ?? k, children: v === null || v === undefined || v === '' ? '—' : String(v) }))}
    />
  )
}

export function ClockTag({ o }: { o: Parameters<typeof clockView>[0] }) {
  const c = clockView(o)
  return <Tag color={c.color} data-testid="objection-clock">{c.text}</Tag>
}

/** The whole exchange of a case: filing, messages and decision, oldest first; a message box while it is open. */
export function CaseThread({ messages, onSay }: { messages: CaseDetail['messages']; onSay?: (text: string) => Promise<void> }) {
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const notify = useNotify()
  const send = async () => {
    if (!onSay || text.trim().length < 2) return
    setSending(true)
    try {
      await onSay(text.trim())
      setText('')
    } catch (err) {
      notify.error(err)
    } finally {
      setSending(false)
    }
  }
  return (
    <Flex vertical gap={12}>
      <Timeline
        items={messages.map((m) => ({
          color: m.kind === 'decision' ? 'green' : m.kind === 'filed' ? 'blue' : 'gray',
          children: (
            <div>
              <Typography.Text strong>{tDynamic(`repair.messageKind.${m.kind}`, m.kind)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{m.author}（{tDynamic(`roles.${m.authorRole}`, m.authorRole)}）· {formatDateTime(m.at)}</Typography.Text>
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{m.text}</Typography.Paragraph>
            </div>
          ),
        }))}
      />
      {onSay && (
        <Flex gap={8} align="flex-end">
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('repair.messagePlaceholder')} aria-label={t('repair.message')} />
          <Button icon={<SendOutlined />} onClick={send} loading={sending} disabled={text.trim().length < 2}>{t('repair.send')}</Button>
        </Flex>
      )}
    </Flex>
  )
}

/** A case's attachments: download each; upload more (PDF, PNG, JPEG, at most 5 MB, 10 per case) while it is open. */
/** Attachments of an objection or a repair application: `kind` and `id` name the case, so each call is a path of the route map. */
export function CaseAttachments({ kind, id, attachments, canUpload, onUploaded }: { kind: 'objections' | 'repairs'; id: string; attachments: RepairAttachment[]; canUpload: boolean; onUploaded: () => void }) {
  const download = (a: RepairAttachment) => {
    const opts = { params: { id, attachmentId: a.id }, filename: a.name }
    return kind === 'objections' ? api.download('/api/objections/{id}/attachments/{attachmentId}', opts) : api.download('/api/repairs/{id}/attachments/{attachmentId}', opts)
  }
  const upload = (file: File) =>
    kind === 'objections' ? api.upload('/api/objections/{id}/attachments', file, { params: { id } }) : api.upload('/api/repairs/{id}/attachments', file, { params: { id } })
  const notify = useNotify()
  const [busy, setBusy] = useState(false)
  return (
    <Flex vertical gap={8}>
      <List
        size="small" bordered dataSource={attachments} locale={{ emptyText: t('repair.noAttachments') }}
        renderItem={(a) => (
          <List.Item actions={[<Button key="d" type="link" size="small" icon={<DownloadOutlined />} onClick={() => download(a).catch(notify.error)}>{t('repair.download')}</Button>]}>
            <PaperClipOutlined /> {a.name} <Typography.Text type="secondary">（{formatBytes(a.size)} · {a.uploadedBy} · {formatDateTime(a.uploadedAt)}）</Typography.Text>
          </List.Item>
        )}
      />
      {canUpload && (
        <Upload
          accept=".pdf,.png,.jpg,.jpeg" showUploadList={false} multiple={false}
          customRequest={async ({ file }) => {
            setBusy(true)
            try {
              await upload(file as File)
              notify.success(t('repair.uploaded'))
              onUploaded()
            } catch (err) {
              notify.error(err)
            } finally {
              setBusy(false)
            }
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy}>{t('repair.upload')}</Button>
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{t('repair.uploadHint')}</Typography.Text>
        </Upload>
      )}
    </Flex>
  )
}

import { useEffect, useMemo, useState } from 'react'
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Flex, Form, Input, Skeleton, Tag, Typography } from 'antd'
import { DeleteOutlined, SendOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { CatalogItemDetail, Issue, QuarantineRow } from '../../api/types'
import { Code } from '../../components/code'
import { ErrorAlert } from '../../components/page'
import { useNotify } from '../../components/notify'
import { QuarantineStatusTag, SensitivityTag } from '../../components/tags'
import { useApi } from '../../hooks'
import { formatDateTime, isMasked, shortId } from '../../format'
import { t } from '../../i18n'
import { cellText, initialValues, issueHint, issuesByField, rawEntries, rawHeaders, resubmitValues } from './quarantine-values'

interface Props {
  batchId: string | undefined
  position: number | undefined
  canDiscard: boolean
  itemName: (key: string) => string
  onClose(): void
  onChanged(): void
}

/**
 * One quarantined record: where it came from, why it failed (the server's Chinese reasons), the row as sent, and a
 * form of the item's fields to correct it. Resubmitting runs the same validation as an upload: still wrong → the
 * new reasons show on the fields; right → it is stored as a one-record batch.
 */
export function QuarantineDrawer({ batchId, position, canDiscard, itemName, onClose, onChanged }: Props) {
  const open = !!batchId && position !== undefined && Number.isInteger(position)
  const record = useApi(
    (signal) => (open ? api.get('/api/ingest/quarantine/{batchId}/{position}', { params: { batchId, position }, signal }) : Promise.resolve(undefined)),
    [open, batchId, position],
  )
  const itemKey = record.data?.item_key
  const item = useApi((signal) => (itemKey ? api.get('/api/catalog/items/{itemKey}', { params: { itemKey }, signal }) : Promise.resolve(undefined)), [itemKey])
  const q = record.data
  const title = position !== undefined ? t('ingest.quarantine.drawerTitle', { position }) : ''

  return (
    <Drawer open={open} onClose={onClose} title={title} size={720} destroyOnHidden>
      <ErrorAlert error={record.error ?? item.error} onRetry={() => (record.error ? record.reload() : item.reload())} />
      {(!q || (!item.data && item.loading)) && !record.error && <Skeleton active paragraph={{ rows: 10 }} />}
      {q && item.data && (
        <RecordView key={`${q.batch_id}:${q.position}:${q.status}`} q={q} item={item.data} canDiscard={canDiscard} itemName={itemName} onChanged={() => { record.reload(); onChanged() }} />
      )}
    </Drawer>
  )
}

function RecordView({ q, item, canDiscard, itemName, onChanged }: { q: QuarantineRow; item: CatalogItemDetail; canDiscard: boolean; itemName: (k: string) => string; onChanged(): void }) {
  const notify = useNotify()
  const { modal } = App.useApp()
  const [form] = Form.useForm<Record<string, string>>()
  const [issues, setIssues] = useState<Issue[]>(q.issues)
  const [failed, setFailed] = useState(false)
  const [busy, setBusy] = useState(false)
  const byField = useMemo(() => issuesByField(issues), [issues])
  const initial = useMemo(() => initialValues(item.fields, q.raw), [item.fields, q.raw])
  const headers = useMemo(() => rawHeaders(item.fields, q.raw), [item.fields, q.raw])
  const editable = q.status === 'open'
  // Fields with a reason first, so the person fixing the row starts where the problem is.
  const fields = [...item.fields].sort((a, b) => Number(byField.has(b.key)) - Number(byField.has(a.key)))

  useEffect(() => {
    form.setFields(item.fields.map((f) => ({ name: f.key, errors: (byField.get(f.key) ?? []).map(issueHint) })))
  }, [byField, form, item.fields])

  const resubmit = async (values: Record<string, string>) => {
    setBusy(true)
    try {
      const r = await api.post('/api/ingest/quarantine/{batchId}/{position}/resubmit', { values: resubmitValues(values, headers) }, { params: { batchId: q.batch_id, position: q.position }, accept: [422] })
      if (r.ok) {
        notify.success(t('ingest.quarantine.resubmitOk', { batch: shortId(r.batch.batchId) }))
        onChanged()
      } else {
        setIssues(r.issues)
        setFailed(true)
        const first = r.issues.find((i) => i.field !== '*')
        // Straight to the field still wrong, its reason under it.
        if (first) setTimeout(() => form.scrollToField(first.field, { block: 'center', behavior: 'smooth' }), 50)
      }
    } catch (err) {
      notify.error(err)
    } finally {
      setBusy(false)
    }
  }

  const discard = () => {
    let reason = ''
    modal.confirm({
      title: t('ingest.quarantine.discardTitle'),
      icon: <DeleteOutlined style={{ color: '#cf1322' }} />,
      okText: t('ingest.quarantine.discard'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      content: (
        <Form layout="vertical" style={{ marginTop: 12 }}>
          <Form.Item label={t('ingest.quarantine.discardReason')} htmlFor="discard-reason" required>
            <Input.TextArea id="discard-reason" rows={3} maxLength={500} showCount placeholder={t('ingest.quarantine.discardReasonPlaceholder')} onChange={(e) => (reason = e.target.value)} />
          </Form.Item>
        </Form>
      ),
      onOk: async () => {
        if (reason.trim().length < 2) {
          notify.info(t('ingest.quarantine.discardReasonRequired'))
          throw new Error('reason')
        }
        try {
          await api.post('/api/ingest/quarantine/{batchId}/{position}/discard', { reason: reason.trim() }, { params: { batchId: q.batch_id, position: q.position } })
          notify.success(t('ingest.quarantine.discardOk'))
          onChanged()
        } catch (err) {
          notify.error(err)
          throw err
        }
      },
    })
  }

  const recordIssues = byField.get('*') ?? []
  return (
    <Flex vertical gap={16}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'item', label: t('ingest.quarantine.colItem'), children: itemName(q.item_key) },
          { key: 'provider', label: t('ingest.quarantine.colProvider'), children: q.provider },
          { key: 'batch', label: t('ingest.quarantine.batchId'), span: 2, children: <Code value={q.batch_id} copyable /> },
          { key: 'pos', label: t('ingest.quarantine.position'), children: t('ingest.quarantine.positionValue', { position: q.position }) },
          { key: 'status', label: t('ingest.quarantine.colStatus'), children: <QuarantineStatusTag status={q.status} /> },
          { key: 'created', label: t('ingest.quarantine.colCreated'), children: formatDateTime(q.created_at) },
          ...(q.resolved_by ? [
            { key: 'by', label: t('ingest.quarantine.resolvedBy'), children: q.resolved_by },
            { key: 'at', label: t('ingest.quarantine.resolvedAt'), children: formatDateTime(q.resolved_at) },
          ] : []),
          ...(q.resolved_batch_id ? [{ key: 'rb', label: t('ingest.quarantine.resolvedBatch'), span: 2, children: <Code value={q.resolved_batch_id} copyable /> }] : []),
        ]}
      />

      <Alert
        type={failed ? 'error' : q.status === 'open' ? 'warning' : 'info'}
        showIcon
        role={failed ? 'alert' : undefined}
        title={failed ? t('ingest.quarantine.resubmitFailed') : t('ingest.quarantine.reasons')}
        description={<ul className="issue-list" data-testid="issue-list">{issues.map((i, n) => <li key={n}>{i.zh}{i.code ? <Tag style={{ marginInlineStart: 6 }} className="code-text">{i.code}</Tag> : null}</li>)}</ul>}
      />

      {!editable && <Alert type={q.status === 'resubmitted' ? 'success' : 'info'} showIcon title={t('ingest.quarantine.closed', { status: t(`quarantineStatus.${q.status}`) })} />}

      <Card size="small" title={t('ingest.quarantine.raw')}>
        {Object.keys(q.raw ?? {}).length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ingest.quarantine.rawEmpty')} />
        ) : (
          <Descriptions
            size="small"
            column={1}
            items={rawEntries(q.raw, item).map(({ header, value, field }) => ({
              key: header,
              // The Chinese name for a header that is the name or the key; a variant spelling is shown too.
              label: field ? (field.name === header || field.key === header ? field.name : `${field.name}（${header}）`) : <Typography.Text type="secondary">{header}</Typography.Text>,
              children: field?.sensitivity === 'sensitive' ? <Code value={cellText(value)} mask /> : <span className="code-text" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{cellText(value)}</span>,
            }))}
          />
        )}
      </Card>

      {editable ? (
        <Card size="small" title={t('ingest.quarantine.fix')}>
          <Typography.Paragraph type="secondary">{t('ingest.quarantine.fixHint')}</Typography.Paragraph>
          {recordIssues.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('ingest.quarantine.recordLevel')} description={recordIssues.map((i) => i.zh).join('；')} />}
          <Form form={form} layout="vertical" name="resubmit" initialValues={initial} onFinish={resubmit} disabled={busy}>
            {fields.map((f) => (
              <Form.Item
                key={f.key}
                name={f.key}
                label={
                  <span>
                    {f.name}
                    {f.sensitivity !== 'public' && <span style={{ marginInlineStart: 6 }}><SensitivityTag value={f.sensitivity} /></span>}
                  </span>
                }
                style={{ marginBottom: 12 }}
                extra={isMasked(initial[f.key] ?? '') ? t('ingest.quarantine.maskedKept') : undefined}
              >
                {f.type === 'text' ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} /> : <Input className={f.type === 'uscc' || f.type === 'id_number' ? 'code-text' : undefined} />}
              </Form.Item>
            ))}
            <Flex gap={8} wrap style={{ position: 'sticky', bottom: 0, background: '#fff', padding: '12px 0 4px' }}>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy}>{t('ingest.quarantine.resubmit')}</Button>
              {canDiscard && <Button danger icon={<DeleteOutlined />} onClick={discard} disabled={busy}>{t('ingest.quarantine.discard')}</Button>}
            </Flex>
          </Form>
        </Card>
      ) : null}
    </Flex>
  )
}

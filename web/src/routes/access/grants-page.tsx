import { useState } from 'react'
import dayjs, { type Dayjs } from 'dayjs'
import {
  Alert, Button, Card, DatePicker, Descriptions, Drawer, Flex, Form, Grid, Input, Modal, Segmented, Skeleton, Space, Table, Timeline, Typography,
  type TableColumnsType,
} from 'antd'
import { CheckOutlined, CloseOutlined, EyeOutlined, FormOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Grant, GrantStatus, Role } from '../../api/types'
import { GrantModeTag, GrantStatusTag, SubjectCell } from '../../components/access'
import { Code } from '../../components/code'
import { NotificationKindTag } from '../../components/notifications'
import { useNotify } from '../../components/notify'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatDate, formatDateTime, localizeTimes, shortId } from '../../format'
import { refreshNotifications, useApi, useCatalog, serverPagination, usePaging, useUnreadNotifications } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { scopeNames } from './grant-scope'

const STATUSES: readonly GrantStatus[] = ['requested', 'active', 'revoked', 'refused', 'expired']

type Action = { kind: 'revoke' | 'approve' | 'refuse'; grant: Grant }

/**
 * 授权管理 (enterprise) · 我的授权 (institution) · 授权总览 (operator): grants by status, server-paged. The enterprise
 * approves or refuses requests and revokes at any time; the operator may revoke with a reason; the institution
 * follows its grants — a revoked one shows when — and its notifications.
 */
export default function GrantsPage() {
  const account = useAccount()
  const role = account.role
  const { query } = useLocation()
  const paging = usePaging(query)
  const status = (query.get('status') as GrantStatus | null) ?? undefined
  const subject = query.get('subject') ?? undefined
  const institution = query.get('institution') ?? undefined
  const openId = query.get('open')
  const catalog = useCatalog()
  const notify = useNotify()
  const scope = (g: Grant) => scopeNames(catalog.data, g, (n) => t('grants.wholeCategory', { name: n })).join('、')

  const list = useApi(
    (signal) => api.get('/api/grants', { signal, query: { status, subject, institution, limit: paging.limit, offset: paging.offset } }),
    [status, subject, institution, paging.limit, paging.offset],
  )
  const pending = useApi(
    (signal) => (role === 'enterprise' ? api.get('/api/grants', { signal, query: { status: 'requested', limit: 50 } }) : Promise.resolve(undefined)),
    [role],
  )
  const [action, setAction] = useState<Action | null>(null)
  const reload = () => {
    list.reload()
    pending.reload()
    void refreshNotifications().catch(() => {})
  }

  const when = (g: Grant) => {
    if (g.status === 'revoked' && g.revokedAt) return t('grants.revokedAt', { at: formatDateTime(g.revokedAt), by: g.revokedBy ?? '—' })
    if (g.status === 'refused') return t('grants.refusedAt', { at: formatDateTime(g.decidedAt) })
    if (g.status === 'requested') return t('grants.requestedAt', { at: formatDateTime(g.requestedAt ?? g.createdAt) })
    return t('grants.grantedAt', { at: formatDateTime(g.decidedAt ?? g.createdAt) })
  }

  const profileLink = (g: Grant) => `/access/enterprises/${encodeURIComponent(g.subjectKey)}?grant=${g.id}`
  const verifyLink = (g: Grant) => `/access/verify?code=${encodeURIComponent(g.subjectKey)}`

  const actions = (g: Grant) => (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={() => setQuery({ open: g.id }, { replace: false })}>{t('common.details')}</Button>
      {role === 'enterprise' && g.status === 'requested' && (
        <>
          <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setAction({ kind: 'approve', grant: g })}>{t('grants.approve')}</Button>
          <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setAction({ kind: 'refuse', grant: g })}>{t('grants.refuse')}</Button>
        </>
      )}
      {(role === 'enterprise' || role === 'operator') && (g.status === 'active' || (role === 'operator' && g.status === 'requested')) && (
        <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setAction({ kind: 'revoke', grant: g })}>{t('grants.revoke')}</Button>
      )}
      {role === 'institution' && g.status === 'active' && (
        <>
          {g.mode === 'view' && <Button type="link" size="small" icon={<EyeOutlined />} href={profileLink(g)} onClick={linkClick(profileLink(g))}>{t('grants.viewProfile')}</Button>}
          <Button type="link" size="small" icon={<SafetyCertificateOutlined />} href={verifyLink(g)} onClick={linkClick(verifyLink(g))}>{t('menu.verify')}</Button>
        </>
      )}
    </Space>
  )
  const statusCell = (g: Grant) => (
    <Flex vertical gap={2}>
      <span><GrantStatusTag status={g.status} /></span>
      <Typography.Text type={g.status === 'revoked' ? 'danger' : 'secondary'} style={{ fontSize: 12 }} className="num">{when(g)}</Typography.Text>
    </Flex>
  )
  // A phone gets one stacked cell per grant instead of a table wider than the screen.
  const phone = !(Grid.useBreakpoint().md ?? true)
  const phoneColumns: TableColumnsType<Grant> = [{
    key: 'grant',
    render: (_: unknown, g: Grant) => (
      <Flex vertical gap={4}>
        <Flex justify="space-between" gap={8} align="flex-start">
          <strong>{role === 'institution' ? <SubjectCell name={g.subjectName} code={g.subjectKey} /> : g.institution}</strong>
          <GrantModeTag mode={g.mode} />
        </Flex>
        {role === 'operator' && <SubjectCell name={g.subjectName} code={g.subjectKey} />}
        <span>{scope(g)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('profile.validUntil', { date: formatDate(g.validUntil) })}</Typography.Text>
        {statusCell(g)}
        {actions(g)}
      </Flex>
    ),
  }]

  const columns: TableColumnsType<Grant> = [
    ...(role !== 'enterprise'
      ? [{
          title: t('grants.colSubject'), dataIndex: 'subjectKey', width: 220,
          render: (v: string, g: Grant) => <SubjectCell name={g.subjectName} code={v} />,
        }]
      : []),
    ...(role !== 'institution' ? [{ title: t('grants.colInstitution'), dataIndex: 'institution', width: 180 }] : []),
    { title: t('grants.colScope'), key: 'scope', width: 180, render: (_: unknown, g: Grant) => scope(g) },
    { title: t('grants.colMode'), dataIndex: 'mode', width: 110, render: (m: string) => <GrantModeTag mode={m} /> },
    { title: t('grants.colValidUntil'), dataIndex: 'validUntil', width: 110, render: (v: string) => <span className="num">{formatDate(v)}</span> },
    { title: t('grants.colStatus'), dataIndex: 'status', width: 220, render: (_: GrantStatus, g: Grant) => statusCell(g) },
    { title: t('common.actions'), key: 'actions', width: role === 'institution' ? 230 : 190, fixed: 'right', render: (_: unknown, g: Grant) => actions(g) },
  ]

  const title = role === 'institution' ? t('menu.myGrants') : role === 'operator' ? t('menu.grantsOverview') : t('grants.title')
  const description = role === 'institution' ? t('grants.descriptionInstitution') : role === 'operator' ? t('grants.descriptionOperator') : t('grants.descriptionEnterprise')
  const [filter] = Form.useForm()

  return (
    <>
      <PageHeader
        title={title}
        description={description}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload}>{t('common.refresh')}</Button>
            {role === 'enterprise' && <Button type="primary" icon={<PlusOutlined />} href="/access/grants/new" onClick={linkClick('/access/grants/new')}>{t('grants.new')}</Button>}
            {role === 'institution' && <Button type="primary" icon={<FormOutlined />} href="/access/grants/request" onClick={linkClick('/access/grants/request')}>{t('menu.grantRequest')}</Button>}
          </>
        }
      />
      {role === 'institution' && <UnreadNotices />}
      {role === 'enterprise' && (pending.data?.grants.length ?? 0) > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="pending-requests"
          title={t('grants.pendingTitle', { count: pending.data!.total })}
          description={
            <Flex vertical gap={8} style={{ marginTop: 4 }}>
              {pending.data!.grants.map((g) => (
                <Flex key={g.id} gap={8} wrap align="center" justify="space-between">
                  <span>
                    {t('grants.pendingLine', { institution: g.institution, scope: scope(g), mode: tDynamic(`grantMode.${g.mode}`, g.mode), date: formatDate(g.validUntil) })}
                    {g.requestNote && <Typography.Text type="secondary">（{g.requestNote}）</Typography.Text>}
                  </span>
                  <Space>
                    <Button size="small" type="primary" onClick={() => setAction({ kind: 'approve', grant: g })}>{t('grants.approve')}</Button>
                    <Button size="small" danger onClick={() => setAction({ kind: 'refuse', grant: g })}>{t('grants.refuse')}</Button>
                  </Space>
                </Flex>
              ))}
            </Flex>
          }
        />
      )}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Flex vertical gap={12} style={{ marginBottom: 12 }}>
          <Segmented<string>
            aria-label={t('grants.colStatus')}
            value={status ?? ''}
            options={[{ value: '', label: t('common.all') }, ...STATUSES.map((s) => ({ value: s, label: tDynamic(`grantStatus.${s}`, s) }))]}
            onChange={(v) => setQuery({ status: v || null, page: null })}
            style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
          />
          {role === 'operator' && (
            <Form form={filter} layout="inline" className="filter-bar" name="grant-filter" initialValues={{ subject, institution }} onFinish={(v: { subject?: string; institution?: string }) => setQuery({ subject: v.subject?.trim(), institution: v.institution?.trim(), page: null })}>
              <Form.Item label={t('grants.colSubject')} name="subject"><Input allowClear className="code-text" maxLength={40} style={{ width: 220 }} placeholder={t('lookup.codePlaceholder')} /></Form.Item>
              <Form.Item label={t('grants.colInstitution')} name="institution"><Input allowClear maxLength={100} style={{ width: 220 }} /></Form.Item>
              <FilterActions onReset={() => { filter.resetFields(); setQuery({ subject: null, institution: null, page: null }) }} />
            </Form>
          )}
        </Flex>
        <Table<Grant>
          rowKey="id"
          size="middle"
          loading={list.loading}
          columns={phone ? phoneColumns : columns}
          showHeader={!phone}
          dataSource={list.data?.grants ?? []}
          scroll={phone ? undefined : { x: columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 0), 0) }}
          rowClassName={(g) => (g.status === 'revoked' ? 'row-revoked' : '')}
          locale={{ emptyText: t('grants.empty') }}
          pagination={serverPagination(paging, list.data?.total)}
        />
      </Card>
      <GrantDrawer id={openId} role={role} scope={scope} onClose={() => setQuery({ open: null })} />
      {action && (
        <ActionModal
          action={action}
          role={role}
          scope={scope(action.grant)}
          onClose={() => setAction(null)}
          onDone={(msg) => {
            setAction(null)
            notify.success(msg)
            reload()
          }}
        />
      )}
    </>
  )
}

/** The institution's unread notifications, above its grants: a revocation is news it must not miss. */
function UnreadNotices() {
  const unread = useUnreadNotifications(true)
  const notify = useNotify()
  if (!unread.length) return null
  const markAll = async () => {
    try {
      await Promise.all(unread.map((n) => api.post('/api/notifications/{id}/read', {}, { params: { id: n.id } })))
      await refreshNotifications()
    } catch (err) {
      notify.error(err)
    }
  }
  const revoked = unread.some((n) => n.kind === 'grant.revoked')
  return (
    <Alert
      type={revoked ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="unread-notices"
      title={t('notifications.unreadTitle', { count: unread.length })}
      description={
        <ul className="issue-list">
          {unread.slice(0, 5).map((n) => (
            <li key={n.id}><NotificationKindTag kind={n.kind} /> {localizeTimes(n.zh)} <Typography.Text type="secondary" className="num" style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</Typography.Text></li>
          ))}
        </ul>
      }
      action={<Button size="small" onClick={markAll}>{t('notifications.readAll')}</Button>}
    />
  )
}

function GrantDrawer({ id, role, scope, onClose }: { id: string | null; role: Role; scope: (g: Grant) => string; onClose(): void }) {
  const g = useApi((signal) => (id ? api.get('/api/grants/{id}', { params: { id }, signal }) : Promise.resolve(undefined)), [id])
  const d = g.data
  const ev = d?.evidence
  return (
    <Drawer open={!!id} onClose={onClose} title={t('grants.drawerTitle')} size={560} destroyOnHidden>
      <ErrorAlert error={g.error} onRetry={g.reload} />
      {!d && g.loading && <Skeleton active />}
      {d && (
        <Flex vertical gap={16}>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'id', label: t('grants.id'), children: <Code value={d.id} copyable /> },
              { key: 'subject', label: t('grants.colSubject'), children: role === 'institution' && d.status === 'active' && d.mode === 'view' ? <a href={`/access/enterprises/${d.subjectKey}?grant=${d.id}`} onClick={linkClick(`/access/enterprises/${d.subjectKey}?grant=${d.id}`)}><SubjectCell name={d.subjectName} code={d.subjectKey} /></a> : <SubjectCell name={d.subjectName} code={d.subjectKey} /> },
              { key: 'inst', label: t('grants.colInstitution'), children: d.institution },
              { key: 'scope', label: t('grants.colScope'), children: scope(d) },
              { key: 'mode', label: t('grants.colMode'), children: <><GrantModeTag mode={d.mode} /> <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tDynamic(`grantMode.${d.mode}Help`, '')}</Typography.Text></> },
              { key: 'purpose', label: t('grants.colPurpose'), children: d.purpose },
              { key: 'until', label: t('grants.colValidUntil'), children: <span className="num">{formatDateTime(d.validUntil)}</span> },
              { key: 'status', label: t('grants.colStatus'), children: <GrantStatusTag status={d.status} /> },
              ...(d.requestedBy ? [{ key: 'req', label: t('grants.requestedBy'), children: `${d.requestedBy} · ${formatDateTime(d.requestedAt)}` }] : []),
              ...(d.requestNote ? [{ key: 'note', label: t('grants.requestNote'), children: d.requestNote }] : []),
              ...(d.revokedAt ? [{ key: 'revoked', label: t('grants.revokedAtLabel'), children: <Typography.Text type="danger" className="num">{formatDateTime(d.revokedAt)}（{d.revokedBy ?? '—'}）</Typography.Text> }] : []),
              ...(d.revokeReason ? [{ key: 'rr', label: t('grants.revokeReason'), children: d.revokeReason }] : []),
              ...(d.refuseReason ? [{ key: 'fr', label: t('grants.refuseReason'), children: d.refuseReason }] : []),
            ]}
          />
          {ev && (
            <Card size="small" title={t('grants.evidence')}>
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'by', label: t('grants.evidenceBy'), children: `${ev.by} · ${formatDateTime(ev.at)}` },
                  { key: 'how', label: t('grants.evidenceHow'), children: tDynamic(`grants.how.${ev.how}`, ev.how) },
                  // Verbatim: the SM3 below is of this exact text.
                  { key: 'statement', label: t('grants.evidenceStatement'), children: ev.statement },
                  { key: 'hash', label: t('grants.evidenceHash'), children: <Code value={ev.statementHash} copyable /> },
                  ...(ev.ip ? [{ key: 'ip', label: 'IP', children: <span className="code-text">{ev.ip}</span> }] : []),
                ]}
              />
            </Card>
          )}
          <Card size="small" title={t('grants.history')}>
            <Timeline
              items={d.history.map((h) => ({
                title: <span className="num">{formatDateTime(h.at)}</span>,
                content: (
                  <span>
                    {tDynamic(`grants.action.${h.action}`, h.action)} · {h.actor}（{tDynamic(`roles.${h.actorRole}`, h.actorRole)}）
                    {h.note && <Typography.Text type="secondary">：{h.note}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          </Card>
        </Flex>
      )}
    </Drawer>
  )
}

/** Revoke (reason optional for the enterprise, required for the operator), approve (may shorten), refuse (reason). */
function ActionModal({ action, role, scope, onClose, onDone }: { action: Action; role: Role; scope: string; onClose(): void; onDone(message: string): void }) {
  const [form] = Form.useForm<{ reason?: string; validUntil?: Dayjs }>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>()
  const g = action.grant
  const reasonRequired = action.kind === 'revoke' && role === 'operator'
  const until = dayjs(g.validUntil)

  const submit = async (v: { reason?: string; validUntil?: Dayjs }) => {
    setBusy(true)
    setError(undefined)
    try {
      if (action.kind === 'approve') {
        await api.post('/api/grants/{id}/approve', v.validUntil ? { validUntil: v.validUntil.format('YYYY-MM-DD') } : {}, { params: { id: g.id } })
        onDone(t('grants.approved'))
      } else {
        const reason = v.reason?.trim()
        await api.post(`/api/grants/{id}/${action.kind}`, reason ? { reason } : {}, { params: { id: g.id } })
        onDone(action.kind === 'revoke' ? t('grants.revoked') : t('grants.refused'))
      }
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const title = action.kind === 'revoke' ? t('grants.revokeTitle') : action.kind === 'approve' ? t('grants.approveTitle') : t('grants.refuseTitle')
  const ok = action.kind === 'revoke' ? t('grants.revokeOk') : action.kind === 'approve' ? t('grants.approve') : t('grants.refuse')
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={ok}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: action.kind !== 'approve', loading: busy, htmlType: 'submit', form: 'grant-action' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {action.kind === 'revoke'
          ? t('grants.revokeText', { institution: g.institution, scope, subject: g.subjectKey })
          : t('grants.decideText', { institution: g.institution, scope, mode: tDynamic(`grantMode.${g.mode}`, g.mode), date: formatDate(g.validUntil) })}
      </Typography.Paragraph>
      <ErrorAlert error={error} title={t('grants.actionFailed')} />
      <Form form={form} layout="vertical" name="grant-action" onFinish={submit} requiredMark={reasonRequired}>
        {action.kind === 'approve' ? (
          <Form.Item label={t('grants.approveUntil')} name="validUntil" extra={t('grants.approveUntilHelp', { date: formatDate(g.validUntil) })}>
            <DatePicker
              style={{ width: 220 }}
              disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day') || d.isAfter(until, 'day')}
              placeholder={formatDate(g.validUntil)}
            />
          </Form.Item>
        ) : (
          <Form.Item
            label={action.kind === 'revoke' ? t('grants.revokeReason') : t('grants.refuseReason')}
            name="reason"
            rules={reasonRequired ? [{ required: true, whitespace: true, message: t('grants.reasonRequired') }] : []}
            extra={reasonRequired ? t('grants.operatorReasonHelp') : undefined}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('grants.reasonPlaceholder')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  )
}


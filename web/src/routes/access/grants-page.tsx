import { useState } from 'react'
import { Alert, Button, Card, Flex, Form, Grid, Input, Segmented, Space, Table, Typography, type TableColumnsType } from 'antd'
import { CheckOutlined, CloseOutlined, EyeOutlined, FormOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Grant, GrantStatus } from '../../api/types'
import { GrantModeTag, GrantStatusTag, SubjectCell } from '../../components/access'
import { useNotify } from '../../components/notify'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatDate, formatDateTime } from '../../format'
import { refreshNotifications, useApi, useCatalog, serverPagination, usePaging } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { GrantActionModal, type GrantAction } from './grant-action-modal'
import { GrantDrawer } from './grant-drawer'
import { scopeNames } from './grant-scope'
import { UnreadNotices } from './unread-notices'

const STATUSES: readonly GrantStatus[] = ['requested', 'active', 'revoked', 'refused', 'expired']

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
  const [action, setAction] = useState<GrantAction | null>(null)
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
        <GrantActionModal
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

import { useEffect, useState, type ReactNode } from 'react'
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Form, Grid, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { LeftOutlined, ReloadOutlined, RightOutlined, SafetyCertificateOutlined, VerticalRightOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { AuditEntry, Catalog } from '../../api/types'
import { AnswerTag } from '../../components/access'
import { Code } from '../../components/code'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { formatCount, formatDateTime, localizeTimes, shortId } from '../../format'
import { itemIndex, useApi, useCatalog, useItemDetails } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'

/** The actions people search by (src/audit/audit.types.ts). */
export const AUDIT_ACTIONS = [
  'profile.read', 'profile.reveal', 'verification.run', 'report.issue', 'report.fetch',
  'grant.create', 'grant.request', 'grant.approve', 'grant.refuse', 'grant.revoke', 'operator.request', 'verification.cut_points',
] as const

const ACTION_COLOR: Record<string, string> = {
  'profile.read': 'blue', 'profile.reveal': 'magenta', 'verification.run': 'cyan', 'report.issue': 'geekblue', 'report.fetch': 'geekblue',
  'grant.create': 'green', 'grant.approve': 'green', 'grant.request': 'gold', 'grant.refuse': 'default', 'grant.revoke': 'red', 'operator.request': 'purple',
}

const actionName = (a: string) => tDynamic(`audit.action.${a.replace('.', '_')}`, a)

interface Filters {
  action?: string
  subject?: string
  organization?: string
  grant?: string
  /** Enterprise: leave out its own reads ('true'). */
  others?: string
}

/**
 * 查询记录 (enterprise: every access to its data — who, when, which fields, under which grant, for what) ·
 * 使用记录 (institution: its own usage) · 审计日志 (operator: everything, and whether the SM3 chain is intact).
 * Server-paged by sequence number (newest first; `before` = the last entry shown).
 */
export default function AuditPage() {
  const account = useAccount()
  const role = account.role
  const { query } = useLocation()
  const filters: Filters = {
    action: query.get('action') ?? undefined,
    subject: query.get('subject') ?? undefined,
    organization: query.get('organization') ?? undefined,
    grant: query.get('grant') ?? undefined,
    others: query.get('others') ?? undefined,
  }
  const before = Number(query.get('before')) || undefined
  const size = [20, 50, 100].includes(Number(query.get('size'))) ? Number(query.get('size')) : 20
  // Where each earlier page started, to go back one page (the API pages by sequence number, not by offset).
  const [trail, setTrail] = useState<Array<number | undefined>>([])
  const sig = JSON.stringify(filters) + size
  useEffect(() => setTrail([]), [sig])

  const list = useApi(
    (signal) => api.get('/api/audit/entries', { signal, query: { ...filters, before, limit: size } }),
    [sig, before],
  )
  const catalog = useCatalog()
  const items = itemIndex(catalog.data)
  const entries = list.data?.entries ?? []
  const details = useItemDetails(entries.flatMap((e) => e.fields.map((f) => f.split('.')[0]!)))
  const [form] = Form.useForm<Filters>()
  useEffect(() => form.setFieldsValue({ action: undefined, subject: undefined, organization: undefined, grant: undefined, others: undefined, ...filters }), [sig]) // eslint-disable-line react-hooks/exhaustive-deps

  const next = list.data?.next ?? null
  const goNext = () => {
    if (next === null) return
    setTrail((tr) => [...tr, before])
    setQuery({ before: next })
  }
  const goPrev = () => {
    const tr = [...trail]
    const prev = tr.pop()
    setTrail(tr)
    setQuery({ before: prev ?? null })
  }

  const who = (e: AuditEntry): ReactNode => {
    const self = role === 'enterprise' && e.actor.organization === account.organization
    return (
      <Flex vertical>
        <span>{self ? t('audit.self') : e.actor.organization ?? t('audit.noOrganization')}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {e.actor.username} · {tDynamic(`roles.${e.actor.role}`, e.actor.role)}
        </Typography.Text>
      </Flex>
    )
  }

  /** The fields an entry disclosed, by item: 纳税信息：近一年增值税实际缴税金额、…; an item read whole (exists) alone. */
  const what = (e: AuditEntry): ReactNode => {
    const byItem = new Map<string, string[]>()
    for (const f of e.fields) {
      const [item = '', field = ''] = f.split('.')
      const list = byItem.get(item) ?? []
      if (field && field !== '*') list.push(details.get(item)?.fields.find((x) => x.key === field)?.name ?? field)
      byItem.set(item, list)
    }
    for (const i of e.items) if (!byItem.has(i)) byItem.set(i, [])
    if (!byItem.size) return <Typography.Text type="secondary">—</Typography.Text>
    return (
      <Flex vertical gap={2} className="audit-fields">
        {[...byItem].map(([item, fields]) => (
          <span key={item}>
            <Typography.Text strong style={{ fontSize: 13 }}>{details.get(item)?.name ?? items.get(item)?.name ?? item}</Typography.Text>
            {fields.length > 0 && <span style={{ fontSize: 13 }}>：{[...new Set(fields)].join('、')}</span>}
          </span>
        ))}
      </Flex>
    )
  }

  const grantLink = (id: string) => (<a href={`/access/grants?open=${id}`} onClick={linkClick(`/access/grants?open=${id}`)} className="code-text" title={id}>{shortId(id)}</a>)

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.colAt'), dataIndex: 'at', width: 160, render: (v: string) => <span className="num">{formatDateTime(v)}</span> },
    { title: role === 'enterprise' ? t('audit.colWho') : t('audit.colActor'), key: 'who', width: 180, render: (_, e) => who(e) },
    { title: t('audit.colAction'), dataIndex: 'action', width: 110, render: (a: string) => <Tag color={ACTION_COLOR[a] ?? 'default'}>{actionName(a)}</Tag> },
    ...(role !== 'enterprise' ? [{ title: t('audit.colSubject'), dataIndex: 'subjectKey', width: 170, render: (v: string | null) => (v ? <Code value={v} /> : '—') }] : []),
    { title: t('audit.colFields'), key: 'fields', render: (_, e) => what(e) },
    {
      title: t('audit.colGrantPurpose'), key: 'grant', width: 130,
      render: (_, e) => (
        <Flex vertical>
          {e.grantId ? grantLink(e.grantId) : <Typography.Text type="secondary">{t('audit.noGrant')}</Typography.Text>}
          <span style={{ fontSize: 12 }}>{e.purpose ?? '—'}</span>
          {e.reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('audit.reason', { reason: e.reason })}</Typography.Text>}
        </Flex>
      ),
    },
  ]

  // A phone gets one stacked cell per entry: when, who, what, which grant.
  const phone = !(Grid.useBreakpoint().md ?? true)
  const phoneColumns: TableColumnsType<AuditEntry> = [{
    key: 'entry',
    render: (_, e) => (
      <Flex vertical gap={4}>
        <Flex justify="space-between" gap={8} align="center">
          <span className="num" style={{ fontSize: 12 }}>{formatDateTime(e.at)}</span>
          <Tag color={ACTION_COLOR[e.action] ?? 'default'} style={{ marginInlineEnd: 0 }}>{actionName(e.action)}</Tag>
        </Flex>
        {who(e)}
        {role !== 'enterprise' && e.subjectKey && <Code value={e.subjectKey} />}
        {what(e)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('audit.colGrantPurpose')}：{e.grantId ? grantLink(e.grantId) : t('audit.noGrant')} · {e.purpose ?? '—'}
        </Typography.Text>
      </Flex>
    ),
  }]

  const title = role === 'enterprise' ? t('audit.titleEnterprise') : role === 'institution' ? t('audit.titleInstitution') : t('audit.titleOperator')
  const description = role === 'enterprise' ? t('audit.descriptionEnterprise') : role === 'institution' ? t('audit.descriptionInstitution') : t('audit.descriptionOperator')
  const pageNo = trail.length + 1

  return (
    <>
      <PageHeader title={title} description={description} extra={<Button icon={<ReloadOutlined />} onClick={list.reload}>{t('common.refresh')}</Button>} />
      {role === 'operator' && <ChainStatus />}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form<Filters>
          form={form}
          layout="inline"
          className="filter-bar"
          name="audit-filter"
          initialValues={filters}
          onFinish={(v) => setQuery({ action: v.action, subject: v.subject?.trim(), organization: v.organization?.trim(), grant: v.grant?.trim(), others: v.others ? 'true' : null, before: null })}
        >
          <Form.Item label={t('audit.actionFilter')} name="action">
            <Select allowClear placeholder={t('audit.actionPlaceholder')} style={{ width: 170 }} options={AUDIT_ACTIONS.filter((a) => role === 'operator' || a !== 'operator.request').map((a) => ({ value: a, label: actionName(a) }))} />
          </Form.Item>
          {role !== 'enterprise' && (
            <Form.Item label={t('audit.subject')} name="subject">
              <Input allowClear className="code-text" maxLength={60} style={{ width: 210 }} placeholder={t('lookup.codePlaceholder')} />
            </Form.Item>
          )}
          {role === 'operator' && (
            <Form.Item label={t('audit.organization')} name="organization">
              <Input allowClear maxLength={100} style={{ width: 200 }} placeholder={t('audit.organizationPlaceholder')} />
            </Form.Item>
          )}
          <Form.Item label={t('audit.grant')} name="grant">
            <Input allowClear className="code-text" maxLength={40} style={{ width: 200 }} placeholder={t('audit.grantPlaceholder')} />
          </Form.Item>
          {role === 'enterprise' && (
            <Form.Item name="others" valuePropName="checked" getValueProps={(v) => ({ checked: Boolean(v) })}>
              <Checkbox>{t('audit.othersOnly')}</Checkbox>
            </Form.Item>
          )}
          <FilterActions onReset={() => setQuery({ action: null, subject: null, organization: null, grant: null, others: null, before: null })} />
        </Form>
        <Table<AuditEntry>
          rowKey="seq"
          size="middle"
          loading={list.loading}
          columns={phone ? phoneColumns : columns}
          showHeader={!phone}
          dataSource={entries}
          scroll={phone ? undefined : { x: role === 'enterprise' ? 860 : 1040 }}
          pagination={false}
          locale={{ emptyText: t('audit.empty') }}
          expandable={{ expandedRowRender: (e) => <EntryDetails entry={e} catalog={catalog.data} />, rowExpandable: () => true }}
        />
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('audit.pageInfo', { page: pageNo, count: formatCount(entries.length) })}</Typography.Text>
          <Space wrap>
            <Button icon={<VerticalRightOutlined />} disabled={!before} onClick={() => { setTrail([]); setQuery({ before: null }) }}>{t('audit.newest')}</Button>
            <Button icon={<LeftOutlined />} disabled={!before} onClick={goPrev}>{t('audit.prev')}</Button>
            <Button icon={<RightOutlined />} iconPlacement="end" disabled={next === null} onClick={goNext}>{t('audit.next')}</Button>
            <Select
              aria-label={t('audit.pageSize')}
              value={size}
              style={{ width: 110 }}
              options={[20, 50, 100].map((n) => ({ value: n, label: t('audit.perPage', { n }) }))}
              onChange={(n) => setQuery({ size: n === 20 ? null : n, before: null })}
            />
          </Space>
        </Flex>
      </Card>
    </>
  )
}

/** The operator's view of the SM3 hash chain: intact, or the first entry that does not verify. */
function ChainStatus() {
  const chain = useApi((signal) => api.get('/api/audit/chain', { signal }), [])
  const c = chain.data
  return (
    <>
      <ErrorAlert error={chain.error} onRetry={chain.reload} />
      {c && (
        <Alert
          type={c.ok ? 'success' : 'error'}
          showIcon
          icon={<SafetyCertificateOutlined />}
          role="status"
          data-testid="chain-status"
          style={{ marginBottom: 16 }}
          title={c.ok ? t('audit.chainOk', { checked: formatCount(c.checked) }) : t('audit.chainBroken', { seq: c.broken?.seq ?? '—' })}
          description={
            c.ok ? (
              c.head ? <span>{t('audit.chainHead', { seq: c.head.seq })} <Code value={c.head.hash} copyable /></span> : t('audit.chainEmpty')
            ) : (
              <span>{c.broken ? `${localizeTimes(c.broken.zh)}（${tDynamic(`audit.problem.${c.broken.problem}`, c.broken.problem)}）` : ''}</span>
            )
          }
          action={<Button size="small" onClick={chain.reload} loading={chain.loading}>{t('audit.chainRecheck')}</Button>}
        />
      )}
    </>
  )
}

/** One entry in full: the questions and answers of a verification, the rest of its details, its place in the chain. */
function EntryDetails({ entry, catalog }: { entry: AuditEntry; catalog: Catalog | undefined }) {
  const d = entry.details ?? {}
  const questions = Array.isArray(d.questions) ? (d.questions as Array<{ id?: unknown; expression?: unknown; answer?: unknown; complete?: unknown }>) : []
  const rest = Object.entries(d).filter(([k]) => k !== 'questions')
  return (
    <Flex vertical gap={12} style={{ padding: '4px 8px' }}>
      {questions.length > 0 && (
        <div>
          <Typography.Text strong>{t('audit.questions')}</Typography.Text>
          <ul className="issue-list">
            {questions.map((q, i) => (
              <li key={i}>
                <span className="code-text">{String(q.expression ?? '')}</span>{' '}
                <AnswerTag answer={q.answer === true} complete={q.complete !== false} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        bordered
        items={[
          { key: 'seq', label: t('audit.seq'), children: <span className="num">{entry.seq}</span> },
          { key: 'action', label: t('audit.colAction'), children: <span className="code-text">{entry.action}</span> },
          ...rest.map(([k, v]) => ({ key: `d-${k}`, label: tDynamic(`audit.detail.${k}`, k), children: <DetailValue name={k} value={v} catalog={catalog} /> })),
          { key: 'hash', label: t('audit.hash'), span: 'filled' as const, children: <Code value={entry.hash} /> },
          { key: 'prev', label: t('audit.prevHash'), span: 'filled' as const, children: <Code value={entry.prevHash} /> },
        ]}
      />
    </Flex>
  )
}

function DetailValue({ name, value, catalog }: { name: string; value: unknown; catalog: Catalog | undefined }): ReactNode {
  if (value === null || value === undefined || value === '') return '—'
  if (name === 'categories' && Array.isArray(value)) return value.map((k) => catalog?.categories.find((c) => c.key === k)?.name ?? String(k)).join('、') || '—'
  if (name === 'mode' && typeof value === 'string') return tDynamic(`grantMode.${value}`, value)
  if (name === 'basis' && typeof value === 'string') return tDynamic(`profile.basis.${value}`, value)
  if (name === 'how' && typeof value === 'string') return tDynamic(`grants.how.${value}`, value)
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('、') : '—'
  if (typeof value === 'object') return <span className="code-text" style={{ wordBreak: 'break-all' }}>{JSON.stringify(value)}</span>
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no')
  return <span style={{ wordBreak: 'break-all' }}>{localizeTimes(String(value))}</span>
}


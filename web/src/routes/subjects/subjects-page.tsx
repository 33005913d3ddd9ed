import { Button, Card, Form, Input, Select, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { SubjectRow } from '../../api/types'
import { Code } from '../../components/code'
import { DetailDrawer } from '../../components/detail-drawer'
import { ErrorAlert, FilterActions, PageHeader } from '../../components/page'
import { useApi, serverPagination, usePaging } from '../../hooks'
import { formatDate, formatDateTime } from '../../format'
import { messageGroup, t } from '../../i18n'
import { linkClick, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'

const KIND_COLOR: Record<SubjectRow['kind'], string> = { organization: 'blue', person: 'purple', unidentified: 'default' }

/** 信用主体: search by name or code, server-paged; the operator opens one for its name history. */
export default function SubjectsPage() {
  const account = useAccount()
  const { query } = useLocation()
  const paging = usePaging(query)
  const q = query.get('q') ?? ''
  const division = query.get('division') ?? undefined
  const openCode = query.get('code')
  const divisions = messageGroup('divisions')
  const list = useApi(
    (signal) => api.get('/api/subjects', { signal, query: { q: q || undefined, division: division?.replace(/0+$/, '') || undefined, limit: paging.limit, offset: paging.offset } }),
    [q, division, paging.limit, paging.offset],
  )
  const canOpen = account.role === 'operator'
  const [form] = Form.useForm()

  const columns: TableColumnsType<SubjectRow> = [
    {
      title: t('subjects.colName'), dataIndex: 'name',
      render: (v: string | null, r) => {
        if (canOpen && r.uscc) return <a onClick={(e) => { e.preventDefault(); setQuery({ code: r.uscc }, { replace: false }) }} href={`?code=${r.uscc}`}>{v ?? '—'}</a>
        // A supervisor reads the enterprise's public profile (docs/access.md: public fields only).
        if (r.uscc) return <a href={`/access/enterprises/${r.uscc}`} onClick={linkClick(`/access/enterprises/${r.uscc}`)}>{v ?? '—'}</a>
        return v ?? '—'
      },
    },
    {
      title: t('subjects.colCode'), key: 'code', width: 230,
      render: (_, r) => (r.uscc ? <Code value={r.uscc} copyable /> : r.kind === 'person' ? <Typography.Text type="secondary">{t('subjects.personKey')}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('subjects.colKind'), dataIndex: 'kind', width: 150, render: (k: SubjectRow['kind']) => <Tag color={KIND_COLOR[k]}>{t(`subjects.kind.${k}`)}</Tag> },
    { title: t('subjects.colDivision'), dataIndex: 'division_code', width: 110, responsive: ['md'], render: (v: string | null) => (v ? <span className="code-text">{v}</span> : '—') },
    { title: t('subjects.colFirstSeen'), dataIndex: 'first_seen_at', width: 120, responsive: ['lg'], render: (v: string) => formatDate(v) },
    { title: t('subjects.colUpdated'), dataIndex: 'updated_at', width: 120, responsive: ['lg'], render: (v: string) => formatDate(v) },
  ]

  return (
    <>
      <PageHeader title={t('subjects.title')} description={t('subjects.description')} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Card>
        <Form form={form} layout="inline" className="filter-bar" name="subject-search" initialValues={{ q, division }} onFinish={(v: { q?: string; division?: string }) => setQuery({ q: v.q?.trim(), division: v.division, page: null })}>
          <Form.Item label={t('subjects.q')} name="q">
            <Input allowClear placeholder={t('subjects.qPlaceholder')} style={{ width: 300 }} maxLength={100} />
          </Form.Item>
          <Form.Item label={t('subjects.division')} name="division">
            <Select allowClear placeholder={t('subjects.divisionPlaceholder')} style={{ width: 200 }} options={Object.entries(divisions).map(([code, name]) => ({ value: code, label: name }))} />
          </Form.Item>
          <FilterActions searchIcon={<SearchOutlined />} onReset={() => { form.resetFields(); setQuery({ q: null, division: null, page: null }) }} />
        </Form>
        <Table<SubjectRow>
          rowKey="subject_key"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.rows ?? []}
          scroll={{ x: 760 }}
          pagination={serverPagination(paging, list.data?.total)}
        />
      </Card>
      {canOpen && <SubjectDrawer code={openCode} onClose={() => setQuery({ code: null })} />}
    </>
  )
}

function SubjectDrawer({ code, onClose }: { code: string | null; onClose(): void }) {
  const s = useApi((signal) => (code ? api.get('/api/subjects/{code}', { params: { code }, signal }) : Promise.resolve(undefined)), [code])
  return (
    <DetailDrawer
      open={!!code}
      onClose={onClose}
      title={t('subjects.drawerTitle')}
      size={520}
      state={s}
      facts={(d) => {
        const div = d.division
        return [
          { key: 'name', label: t('subjects.colName'), children: d.name ?? '—' },
          { key: 'code', label: t('subjects.colCode'), children: <Code value={d.uscc} copyable /> },
          { key: 'kind', label: t('subjects.colKind'), children: t(`subjects.kind.${d.kind}`) },
          { key: 'type', label: t('subjects.entityTypeName'), children: d.entityTypeName ?? '—' },
          {
            key: 'div', label: t('subjects.divisionName'),
            children: div ? <>{[div.province, div.city, div.county].filter(Boolean).join(' ')} {!div.inNingxia && <Tag>{t('subjects.outsideNingxia')}</Tag>} <span className="code-text">{div.code}</span></> : '—',
          },
          { key: 'first', label: t('subjects.colFirstSeen'), children: formatDateTime(d.first_seen_at) },
          { key: 'updated', label: t('subjects.colUpdated'), children: formatDateTime(d.updated_at) },
        ]
      }}
    >
      {(d) => (
        <>
          {d.uscc && (
            <Button type="primary" ghost href={`/access/enterprises/${d.uscc}`} onClick={linkClick(`/access/enterprises/${d.uscc}`)} style={{ alignSelf: 'flex-start' }}>
              {t('subjects.viewProfile')}
            </Button>
          )}
          <Card size="small" title={t('subjects.names')}>
            <Timeline items={d.names.map((n) => ({ title: formatDate(n.first_seen_at, 'long'), content: n.name }))} />
          </Card>
        </>
      )}
    </DetailDrawer>
  )
}

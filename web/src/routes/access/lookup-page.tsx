import { Alert, Button, Card, Flex, Form, Input, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { SearchOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Grant, SubjectRow } from '../../api/types'
import { GrantModeTag } from '../../components/access'
import { Code } from '../../components/code'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDate } from '../../format'
import { useApi, useCatalog, serverPagination, usePaging } from '../../hooks'
import { t } from '../../i18n'
import { linkClick, navigate, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import { scopeNames } from './grant-scope'

/** A USCC as typed: spaces dropped, letters upper-cased (the server accepts the same, this only tidies the URL). */
export const normalizeCode = (v: string) => v.replace(/\s+/g, '').toUpperCase()

/** 18 characters of the GB 32100 alphabet; the server checks the rest (check digit, division) and answers in Chinese. */
export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/

/** Roles that may search GET /api/subjects by name (institutions and platforms find enterprises only). */
const SEARCHERS = new Set(['operator', 'supervisor', 'institution', 'platform'])

/**
 * 企业查询: by name or by the exact code; a code goes straight to the enterprise's page. An institution also sees
 * the enterprises that have granted it access.
 */
export default function LookupPage() {
  const account = useAccount()
  const canSearch = SEARCHERS.has(account.role)
  const { query } = useLocation()
  const q = query.get('q') ?? ''
  const [form] = Form.useForm<{ code: string }>()

  const submit = ({ code }: { code: string }) => {
    const c = normalizeCode(code ?? '')
    if (canSearch && !USCC_SHAPE.test(c)) setQuery({ q: code.trim(), page: null })
    else navigate(`/access/enterprises/${encodeURIComponent(c)}`)
  }

  return (
    <>
      <PageHeader title={t('lookup.title')} description={canSearch ? t('lookup.descriptionSearch') : t('lookup.descriptionExact')} />
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" className="filter-bar" name="lookup" initialValues={{ code: q }} onFinish={submit}>
          <Form.Item
            label={canSearch ? t('lookup.nameOrCode') : t('lookup.code')}
            name="code"
            rules={[
              { required: true, whitespace: true, message: canSearch ? t('lookup.nameOrCodeRequired') : t('lookup.codeRequired') },
              ...(canSearch ? [] : [{ validator: (_: unknown, v: string) => (!v || USCC_SHAPE.test(normalizeCode(v)) ? Promise.resolve() : Promise.reject(new Error(t('lookup.codeShape')))) }]),
            ]}
          >
            <Input allowClear maxLength={100} style={{ width: 320 }} placeholder={canSearch ? t('lookup.nameOrCodePlaceholder') : t('lookup.codePlaceholder')} className={canSearch ? undefined : 'code-text'} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>{t('common.search')}</Button>
          </Form.Item>
        </Form>
        {!canSearch && <Alert type="info" showIcon title={t('lookup.exactOnly')} />}
      </Card>
      {canSearch && q && <SearchResults q={q} />}
      {account.role === 'institution' && <GrantedEnterprises />}
    </>
  )
}

function SearchResults({ q }: { q: string }) {
  const { query } = useLocation()
  const paging = usePaging(query, 10)
  const list = useApi((signal) => api.get('/api/subjects', { signal, query: { q, limit: paging.limit, offset: paging.offset } }), [q, paging.limit, paging.offset])
  const columns: TableColumnsType<SubjectRow> = [
    {
      title: t('subjects.colName'), dataIndex: 'name',
      render: (v: string | null, r) => (r.uscc ? <a href={`/access/enterprises/${r.uscc}`} onClick={linkClick(`/access/enterprises/${r.uscc}`)}>{v ?? r.uscc}</a> : v ?? '—'),
    },
    { title: t('subjects.colCode'), key: 'code', width: 230, render: (_, r) => <Code value={r.uscc} /> },
    { title: t('subjects.colKind'), dataIndex: 'kind', width: 150, responsive: ['md'], render: (k: SubjectRow['kind']) => <Tag>{t(`subjects.kind.${k}`)}</Tag> },
  ]
  return (
    <Card title={t('lookup.results', { q })}>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<SubjectRow>
        rowKey="subject_key"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.rows ?? []}
        scroll={{ x: 560 }}
        pagination={serverPagination(paging, list.data?.total, { sizeChanger: false })}
      />
    </Card>
  )
}

/** The enterprises whose live grants this institution holds: the usual way into a profile. */
function GrantedEnterprises() {
  const catalog = useCatalog()
  const list = useApi((signal) => api.get('/api/grants', { signal, query: { status: 'active', limit: 200 } }), [])
  const columns: TableColumnsType<Grant> = [
    {
      title: t('grants.colSubject'), dataIndex: 'subjectKey',
      render: (code: string, g) => (
        <a href={`/access/enterprises/${code}?grant=${g.id}`} onClick={linkClick(`/access/enterprises/${code}?grant=${g.id}`)}>
          {g.subjectName ? <>{g.subjectName} <span className="code-text">{code}</span></> : <span className="code-text">{code}</span>}
        </a>
      ),
    },
    { title: t('grants.colScope'), key: 'scope', render: (_, g) => scopeNames(catalog.data, g, (n) => t('grants.wholeCategory', { name: n })).join('、') },
    { title: t('grants.colMode'), dataIndex: 'mode', width: 130, render: (m: string) => <GrantModeTag mode={m} /> },
    { title: t('grants.colValidUntil'), dataIndex: 'validUntil', width: 120, responsive: ['md'], render: (v: string) => <span className="num">{formatDate(v)}</span> },
  ]
  return (
    <Card title={t('lookup.granted')} extra={<Typography.Link href="/access/grants" onClick={linkClick('/access/grants')}>{t('menu.myGrants')}</Typography.Link>}>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<Grant>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.grants ?? []}
        scroll={{ x: 600 }}
        pagination={false}
        locale={{ emptyText: t('lookup.noGranted') }}
      />
      {(list.data?.total ?? 0) > (list.data?.grants.length ?? 0) && (
        <Flex justify="end" style={{ marginTop: 8 }}>
          <Typography.Link href="/access/grants?status=active" onClick={linkClick('/access/grants?status=active')}>{t('lookup.moreGranted', { total: list.data?.total ?? 0 })}</Typography.Link>
        </Flex>
      )}
    </Card>
  )
}

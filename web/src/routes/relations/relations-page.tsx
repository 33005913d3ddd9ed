import { useState } from 'react'
import { Alert, Button, Card, Empty, Segmented, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { RelationGraph } from '../../api/types'
import { RelationGraphChart } from '../../components/charts/relation-graph-chart'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import type { PageProps } from '../pages'

type Flag = RelationGraph['flags'][number]

/**
 * 关联分析: the enterprise's relationship graph (shareholders, legal representatives, branches, investments) drawn
 * as a force layout, the propagation flags below it with their paths; choosing a flag draws its path red. The
 * enterprise opens its own at /self/relations; an institution (under a grant) or the operator from an enterprise's
 * portrait or evaluation. Natural persons' names are masked unless they are on the enterprise's own records.
 */
export default function RelationsPage({ params }: PageProps) {
  const account = useAccount()
  const own = !params.code
  const code = params.code ?? account.organization ?? ''
  const { query } = useLocation()
  const depth = Math.max(1, Math.min(3, Number(query.get('depth') ?? '1') || 1))
  const grant = query.get('grant') ?? undefined
  const graph = useApi((signal) => (own
    ? api.get('/api/self/relations', { signal, query: { depth } })
    : api.get('/api/subjects/{code}/relations', { params: { code }, signal, query: { depth, grant } })), [code, depth, grant, own])
  const g = graph.data
  const [chosen, setChosen] = useState<number>(0)
  const highlight = g?.flags[chosen] ?? g?.flags[0] ?? null
  const enc = encodeURIComponent(code)
  const shownIds = new Set(g?.nodes.map((n) => n.id) ?? [])

  const columns: TableColumnsType<Flag> = [
    { title: t('relations.colFlag'), dataIndex: 'zh', width: 160, render: (v: string, f) => <Tag color="red">{v}{f.gradeSteps > 0 ? ` ${t('relations.steps', { n: f.gradeSteps })}` : ''}</Tag> },
    // A party past the graph's cut is flagged all the same (flags are computed on the whole): say it is not drawn.
    { title: t('relations.colParty'), dataIndex: 'partyLabel', width: 220, render: (v: string, f) => <>{v}{g && !shownIds.has(f.party) && <Tag style={{ marginLeft: 6 }}>{t('relations.partyBeyond')}</Tag>}</> },
    { title: t('relations.colStatus'), dataIndex: 'status', width: 260 },
    { title: t('relations.colPath'), dataIndex: 'pathText', render: (v: string) => <Typography.Text>{v}</Typography.Text> },
  ]

  return (
    <>
      <PageHeader
        title={own ? t('relations.selfTitle') : `${g?.subject.name ?? code} · ${t('relations.title')}`}
        description={t('relations.description')}
        {...(own
          ? { crumbs: [{ title: t('menu.portrait'), to: '/self/portrait' }, { title: t('relations.title') }] }
          : { crumbs: [{ title: t('menu.lookup'), to: '/access/enterprises' }, { title: code, to: `/access/enterprises/${enc}` }, { title: t('portrait.open'), to: `/access/enterprises/${enc}/portrait` }, { title: t('relations.title') }] })}
        extra={(
          <Space wrap>
            <Typography.Text type="secondary">{t('relations.depth')}</Typography.Text>
            <Segmented value={depth} options={[1, 2, 3].map((d) => ({ label: t('relations.depthN', { n: d }), value: d }))} onChange={(v) => { setChosen(0); setQuery({ depth: String(v) }) }} />
            {g?.grant && <Tag color="blue">{t('portrait.grant', { mode: g.grant.mode })}</Tag>}
            <Button icon={<ReloadOutlined />} onClick={graph.reload}>{t('common.refresh')}</Button>
          </Space>
        )}
      />
      <ErrorAlert error={graph.error} onRetry={graph.reload} />
      {!g ? (!graph.error && <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>) : (
        <>
          {g.truncated && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('relations.truncated', { max: g.limits.maxNodes })} />}
          <Card size="small" title={t('relations.graphTitle', { nodes: g.nodes.length, edges: g.edges.length })} style={{ marginBottom: 16 }}>
            {g.edges.length === 0 ? <Empty description={t('relations.empty')} /> : <RelationGraphChart graph={g} highlight={highlight} />}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('relations.legendNote')}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('relations.flagsTitle')} extra={<Typography.Text type="secondary">{t('relations.flagsNote')}</Typography.Text>}>
            {g.flagsOnWhole && g.truncated && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('relations.flagsOnWhole')} />}
            <Table<Flag>
              size="small" pagination={false} columns={columns} dataSource={g.flags}
              rowKey={(f) => `${f.rule}|${f.party}`}
              locale={{ emptyText: t('relations.noFlags') }}
              rowClassName={(_, i) => (i === chosen ? 'ant-table-row-selected' : '')}
              onRow={(_, i) => ({ onClick: () => setChosen(i ?? 0), style: { cursor: 'pointer' } })}
            />
          </Card>
        </>
      )}
    </>
  )
}

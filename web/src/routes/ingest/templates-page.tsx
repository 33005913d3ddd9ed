import { useMemo, useState } from 'react'
import { Button, Card, Flex, Switch, Table, Tag, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import type { CatalogItemSummary } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { useCatalog } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { Link } from '../../router'
import { useAccount } from '../../session'
import { downloadTemplate } from '../catalog/catalog-page'
import { itemsForProvider } from './provider-items'

type Row = CatalogItemSummary & { categoryName: string; mine: 'own' | 'shared' }

/** 模板下载: one Excel template per item the unit may deliver; its own items first. */
export default function TemplatesPage() {
  const account = useAccount()
  const notify = useNotify()
  const catalog = useCatalog()
  const [onlyOwn, setOnlyOwn] = useState(true)
  const { own, shared } = useMemo(() => itemsForProvider(catalog.data, account.organization), [catalog.data, account.organization])

  const rows = useMemo<Row[]>(() => {
    const all = (catalog.data?.categories ?? []).flatMap((c) =>
      c.items.flatMap((i): Row[] => (own.has(i.key) ? [{ ...i, categoryName: c.name, mine: 'own' }] : shared.has(i.key) ? [{ ...i, categoryName: c.name, mine: 'shared' }] : [])),
    )
    const list = onlyOwn && own.size > 0 ? all.filter((r) => r.mine === 'own') : all
    return list.sort((a, b) => (a.mine === b.mine ? 0 : a.mine === 'own' ? -1 : 1))
  }, [catalog.data, own, shared, onlyOwn])

  const columns: TableColumnsType<Row> = [
    { title: t('catalog.colItem'), dataIndex: 'name', render: (v: string, r) => <Link to={`/catalog/${r.key}`}>{v}</Link> },
    { title: t('catalog.colCategory'), dataIndex: 'categoryName', responsive: ['md'] },
    { title: t('catalog.colShareMethod'), dataIndex: 'shareMethodZh', width: 130, responsive: ['md'] },
    { title: t('catalog.colFieldCount'), dataIndex: 'fieldCount', width: 80, align: 'right' },
    { title: t('catalog.colFrequency'), dataIndex: 'frequency', width: 100, responsive: ['lg'], render: (f: string | null) => (f ? tDynamic(`frequency.${f}`, f) : t('catalog.frequencyUnset')) },
    { title: '', dataIndex: 'mine', width: 110, render: (m: Row['mine']) => (m === 'own' ? <Tag color="blue">{t('ingest.templates.own')}</Tag> : <Tag>{t('ingest.templates.shared')}</Tag>) },
    {
      title: t('common.actions'), key: 'dl', width: 130,
      render: (_, r) => (
        <Button type="link" icon={<DownloadOutlined />} onClick={() => void downloadTemplate(r.key, r.name, notify)} aria-label={`${t('ingest.templates.download')}：${r.name}`}>
          {t('ingest.templates.download')}
        </Button>
      ),
    },
  ]

  return (
    <>
      <PageHeader title={t('ingest.templates.title')} description={t('ingest.templates.description')} />
      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      <Card>
        <Flex className="filter-bar" align="center" gap={8}>
          <Switch id="only-own" checked={onlyOwn} onChange={setOnlyOwn} disabled={own.size === 0} />
          <label htmlFor="only-own">{t('ingest.templates.onlyOwn')}</label>
        </Flex>
        <Table<Row> rowKey="key" size="middle" loading={catalog.loading} columns={columns} dataSource={rows} pagination={{ defaultPageSize: 20, showTotal: (total) => t('common.total', { total }) }} scroll={{ x: 640 }} />
      </Card>
    </>
  )
}

import { useMemo, useState } from 'react'
import { Button, Card, Flex, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { CatalogItemSummary, Sensitivity } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { SensitivityTag } from '../../components/tags'
import { useCatalog } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { Link } from '../../router'
import { useAccount } from '../../session'

type Row = CatalogItemSummary & { categoryNo: number | undefined; categoryName: string }

const SENSITIVITY_ORDER: Sensitivity[] = ['public', 'restricted', 'sensitive']

export async function downloadTemplate(itemKey: string, itemName: string, notify: ReturnType<typeof useNotify>): Promise<void> {
  try {
    const name = await api.download('/api/catalog/items/{itemKey}/template.xlsx', { params: { itemKey }, filename: `${itemName}-报送模板.xlsx` })
    notify.success(t('common.downloadStarted', { name }))
  } catch (err) {
    notify.error(err)
  }
}

/** 共享清单: 信息种类 → 信息项, with share method, responsible units, 分级 and a template per item. */
export default function CatalogPage() {
  const account = useAccount()
  const notify = useNotify()
  const catalog = useCatalog()
  const [q, setQ] = useState('')
  const [category, setCategory] = useState<number>()
  const canDownload = account.role === 'operator' || account.role === 'provider'

  const rows = useMemo<Row[]>(() => {
    const text = q.trim()
    return (catalog.data?.categories ?? [])
      .filter((c) => category === undefined || c.no === category)
      .flatMap((c) => c.items.map((i) => ({ ...i, categoryNo: c.no, categoryName: c.name })))
      .filter((i) => !text || i.name.includes(text) || i.key.includes(text) || i.categoryName.includes(text) || i.responsibleUnits.some((u) => u.includes(text)))
  }, [catalog.data, q, category])

  const spans = useMemo(() => rows.map((r, i) => {
    if (i > 0 && rows[i - 1]!.categoryNo === r.categoryNo) return 0
    let n = 1
    while (rows[i + n]?.categoryNo === r.categoryNo) n++
    return n
  }), [rows])

  const columns: TableColumnsType<Row> = [
    // Merged cells per 信息种类, the way the list itself is printed.
    { title: t('catalog.colCategory'), dataIndex: 'categoryName', width: 140, render: (_, r) => `${r.categoryNo}. ${r.categoryName}`, onCell: (_, i) => ({ rowSpan: spans[i ?? 0] ?? 1 }) },
    { title: t('catalog.colItem'), dataIndex: 'name', render: (_, r) => <Link to={`/catalog/${r.key}`}>{r.name}</Link> },
    { title: t('catalog.colShareMethod'), dataIndex: 'shareMethodZh', width: 96, render: (v: string) => <Tag>{v}</Tag> },
    { title: t('catalog.colUnits'), dataIndex: 'responsibleUnits', width: 170, render: (u: string[]) => u.join('、'), responsive: ['md'] },
    { title: t('catalog.colFieldCount'), dataIndex: 'fieldCount', width: 64, align: 'right' },
    {
      title: t('catalog.colSensitivity'), dataIndex: 'sensitivities', width: 150, responsive: ['lg'],
      render: (s: Sensitivity[]) => <Space size={[0, 4]} wrap>{SENSITIVITY_ORDER.filter((x) => s.includes(x)).map((x) => <SensitivityTag key={x} value={x} />)}</Space>,
    },
    {
      title: t('catalog.colFrequency'), dataIndex: 'frequency', width: 100, responsive: ['xxl'],
      render: (f: string | null) => (f ? tDynamic(`frequency.${f}`, f) : <Typography.Text type="secondary">{t('catalog.frequencyUnset')}</Typography.Text>),
    },
    {
      title: t('common.actions'), key: 'actions', width: canDownload ? 192 : 90,
      render: (_, r) => (
        <Space size={4}>
          <Link to={`/catalog/${r.key}`}>{t('catalog.viewFields')}</Link>
          {canDownload && (
            <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void downloadTemplate(r.key, r.name, notify)}>
              {t('catalog.template')}
            </Button>
          )}
        </Space>
      ),
    },
  ]

  const data = catalog.data
  return (
    <>
      <PageHeader
        title={t('catalog.title')}
        description={t('catalog.description')}
        extra={data && <Tag color="blue" style={{ fontSize: 13, padding: '2px 10px' }}>{t('catalog.versionValue', { version: data.version, label: data.label })}</Tag>}
      />
      <ErrorAlert error={catalog.error} onRetry={catalog.reload} />
      <Card>
        <Flex gap={12} wrap className="filter-bar" align="center">
          <Select<number>
            aria-label={t('catalog.categoryFilter')}
            allowClear
            placeholder={t('catalog.allCategories')}
            style={{ width: 220 }}
            value={category}
            onChange={setCategory}
            options={(data?.categories ?? []).map((c) => ({ value: c.no, label: `${c.no}. ${c.name}（${c.items.length}）` }))}
          />
          <Input.Search aria-label={t('catalog.searchPlaceholder')} allowClear placeholder={t('catalog.searchPlaceholder')} style={{ width: 280 }} onSearch={setQ} onChange={(e) => setQ(e.target.value)} />
          {data && (
            <Typography.Text type="secondary">
              {t('catalog.summary', { categories: data.categories.length, items: data.categories.reduce((n, c) => n + c.items.length, 0) })}
            </Typography.Text>
          )}
        </Flex>
        <Table<Row>
          rowKey="key"
          size="middle"
          loading={catalog.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 940 }}
          bordered
          // 37 items: one page, so merged category cells stay whole.
          pagination={false}
        />
      </Card>
    </>
  )
}

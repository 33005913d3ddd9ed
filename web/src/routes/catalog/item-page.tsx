import { Button, Card, Descriptions, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { CatalogField } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useNotify } from '../../components/notify'
import { SensitivityTag } from '../../components/tags'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { useAccount } from '../../session'
import type { PageProps } from '../pages'
import { downloadTemplate } from './catalog-page'

/** One item of the list: its fields with type and 分级, how it is shared, who delivers it, its template. */
export default function ItemPage({ params }: PageProps) {
  const itemKey = params.itemKey ?? ''
  const account = useAccount()
  const notify = useNotify()
  const item = useApi((signal) => api.get('/api/catalog/items/{itemKey}', { params: { itemKey }, signal }), [itemKey])
  const d = item.data
  const canDownload = account.role === 'operator' || account.role === 'provider'
  const identity = new Set(d?.identity ?? [])

  const columns: TableColumnsType<CatalogField & { no: number }> = [
    { title: t('catalog.colNo'), dataIndex: 'no', width: 64, align: 'right' },
    {
      title: t('catalog.colFieldName'), dataIndex: 'name',
      render: (v: string, f) => (
        <Flex vertical>
          <span>
            {v}
            {identity.has(f.key) && <Tag color="geekblue" style={{ marginInlineStart: 6 }}>{t('catalog.identity')}</Tag>}
          </span>
          {f.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{f.note}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('catalog.colFieldKey'), dataIndex: 'key', width: 300, render: (v: string) => <span className="code-text">{v}</span>, responsive: ['md'] },
    { title: t('catalog.colType'), dataIndex: 'type', width: 150, render: (v: string) => tDynamic(`fieldType.${v}`, v) },
    { title: t('catalog.colSensitivity'), dataIndex: 'sensitivity', width: 120, render: (v: CatalogField['sensitivity']) => <SensitivityTag value={v} /> },
    { title: t('catalog.colRequired'), dataIndex: 'required', width: 64, render: (v: boolean | undefined, f) => (v || identity.has(f.key) ? t('common.yes') : ''), responsive: ['lg'] },
  ]

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('catalog.title'), to: '/catalog' }, ...(d ? [{ title: `${d.category.no}. ${d.category.name}` }, { title: d.name }] : [])]}
        title={d?.name ?? t('catalog.itemTitle')}
        extra={canDownload && d && (
          <Button type="primary" icon={<DownloadOutlined />} onClick={() => void downloadTemplate(d.key, d.name, notify)}>
            {t('catalog.template')}
          </Button>
        )}
      />
      <ErrorAlert error={item.error} onRetry={item.reload} />
      <Card loading={item.loading && !d} style={{ marginBottom: 16 }}>
        {d && (
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            size="small"
            items={[
              { key: 'category', label: t('catalog.category'), children: `${d.category.no}. ${d.category.name}` },
              { key: 'key', label: t('catalog.itemKey'), children: <span className="code-text">{d.key}</span> },
              { key: 'share', label: t('catalog.colShareMethod'), children: d.shareMethodZh },
              { key: 'units', label: t('catalog.colUnits'), span: 2, children: d.responsibleUnitsZh ?? d.responsibleUnits.join('、') },
              { key: 'freq', label: t('catalog.colFrequency'), children: d.frequency ? tDynamic(`frequency.${d.frequency}`, d.frequency) : t('catalog.frequencyUnset') },
              {
                key: 'identity', label: t('catalog.identity'), span: 2,
                children: d.identity.length ? d.identity.map((k) => d.fields.find((f) => f.key === k)?.name ?? k).join('、') : t('catalog.identityNone'),
              },
              { key: 'version', label: t('catalog.version'), children: d.version },
            ]}
          />
        )}
      </Card>
      <Card title={t('catalog.fields')} extra={canDownload ? <Typography.Text type="secondary">{t('catalog.templateHint')}</Typography.Text> : null}>
        <Table
          rowKey="key"
          size="small"
          loading={item.loading}
          columns={columns}
          dataSource={(d?.fields ?? []).map((f, i) => ({ ...f, no: i + 1 }))}
          pagination={false}
          scroll={{ x: 640 }}
        />
      </Card>
    </>
  )
}

import { Button, Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { RepairStats } from '../../api/types'
import { ObjectionUnitChart, RepairClassChart } from '../../components/charts/repair-chart'
import { ErrorAlert, PageHeader } from '../../components/page'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { objectionStatusName, repairStatusName } from './repair-format'

/** 异议与信用修复统计: counts by outcome, class and unit, overdue objections, median days to a decision. */
export default function RepairStatsPage() {
  const stats = useApi((signal) => api.get('/api/repairs/stats', { signal }), [])
  const s = stats.data
  const days = (v: number | null) => (v === null ? '—' : t('repairStats.days', { days: v }))
  return (
    <>
      <PageHeader title={t('repairStats.title')} description={t('repairStats.description')} extra={<Button icon={<ReloadOutlined />} onClick={stats.reload}>{t('common.refresh')}</Button>} />
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.objections')} value={s.objections.total} /></Card></Col>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.open')} value={s.objections.open} /></Card></Col>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.overdue')} value={s.objections.overdue} valueStyle={s.objections.overdue ? { color: '#cf1322' } : undefined} /></Card></Col>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.objectionMedian')} value={days(s.objections.medianDays)} /></Card></Col>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.repairs')} value={s.repairs.total} /></Card></Col>
          <Col xs={12} lg={4}><Card><Statistic title={t('repairStats.repairMedian')} value={days(s.repairs.medianDays)} /></Card></Col>
          <Col xs={24} lg={12}>
            <Card title={t('repairStats.byOutcome')}>
              {Object.entries(s.objections.byOutcome).map(([k, n]) => <Tag key={k}>{objectionStatusName(k)} {n}</Tag>)}
              {Object.entries(s.repairs.byStatus).map(([k, n]) => <Tag key={`r-${k}`} color="blue">{t('repairStats.repairPrefix')}{repairStatusName(k)} {n}</Tag>)}
              {Object.keys(s.objections.byOutcome).length + Object.keys(s.repairs.byStatus).length === 0 && <Empty />}
            </Card>
          </Col>
          <Col xs={24} lg={12}><Card title={t('repairStats.byClass')}><RepairClassChart byClass={s.repairs.byClass} /><div>{Object.entries(s.repairs.byKind).map(([k, n]) => <Tag key={k}>{t(k === 'automatic' ? 'repair.kinds.automatic' : 'repair.kinds.early')} {n}</Tag>)}</div></Card></Col>
          <Col xs={24}>
            <Card title={t('repairStats.byUnit')}>
              {s.objections.byProvider.length ? <ObjectionUnitChart rows={s.objections.byProvider} /> : <Empty />}
              <Table
                rowKey="provider" size="small" pagination={false} style={{ marginTop: 12 }} dataSource={s.repairs.byProvider}
                columns={[
                  { title: t('repair.provider'), dataIndex: 'provider' },
                  { title: t('repairStats.repairs'), dataIndex: 'total', width: 120 },
                  { title: t('repairStats.repaired'), dataIndex: 'repaired', width: 120 },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  )
}

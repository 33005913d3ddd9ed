import { Button, Card, Skeleton } from 'antd'
import { ApartmentOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Evaluation, EvaluationTrend } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { EvaluationView } from '../../components/evaluation-view'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick } from '../../router'

/** 我的信用评价 (§十二, free): the enterprise's own score, grade, reasons and indicators (GET /api/self/evaluation). */
export default function SelfEvaluationPage() {
  const evaluation = useApi((signal) => api.get('/api/self/evaluation', { signal }), [])
  const code = evaluation.data?.subject.subjectKey
  const trend = useApi((signal) => (code ? api.get('/api/subjects/{code}/evaluation/trend', { params: { code }, signal }) : Promise.resolve(undefined)), [code])
  return (
    <>
      <PageHeader
        title={t('evaluation.selfTitle')}
        description={t('evaluation.selfDescription')}
        extra={(
          <>
            <Button icon={<ApartmentOutlined />} href="/self/relations" onClick={linkClick('/self/relations')} style={{ marginRight: 8 }}>{t('relations.open')}</Button>
            <Button icon={<ReloadOutlined />} onClick={evaluation.reload} loading={evaluation.loading && !!evaluation.data}>{t('common.refresh')}</Button>
          </>
        )}
      />
      <ErrorAlert error={evaluation.error} onRetry={evaluation.reload} />
      {!evaluation.data && evaluation.loading && <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>}
      {evaluation.data && <EvaluationView evaluation={evaluation.data} trend={trend.data} />}
    </>
  )
}

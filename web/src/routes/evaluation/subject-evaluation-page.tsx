import { Button, Card, Skeleton } from 'antd'
import { ApartmentOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Evaluation, EvaluationTrend } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { EvaluationView } from '../../components/evaluation-view'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick } from '../../router'
import type { PageProps } from '../pages'

/**
 * An enterprise's evaluation for an institution (under the enterprise's live grant: a 仅模型 grant is enough; the
 * read is audited) or the operator (GET /api/subjects/{code}/evaluation).
 */
export default function SubjectEvaluationPage({ params }: PageProps) {
  const code = params.code ?? ''
  const evaluation = useApi((signal) => api.get('/api/subjects/{code}/evaluation', { params: { code }, signal }), [code])
  const trend = useApi((signal) => (evaluation.data ? api.get('/api/subjects/{code}/evaluation/trend', { params: { code }, signal }) : Promise.resolve(undefined)), [code, evaluation.data])
  return (
    <>
      <PageHeader
        title={t('evaluation.subjectTitle', { name: evaluation.data?.subject.name ?? code })}
        description={t('evaluation.subjectDescription')}
        crumbs={[{ title: t('menu.lookup'), to: '/access/enterprises' }, { title: code, to: `/access/enterprises/${encodeURIComponent(code)}` }, { title: t('menu.evaluation') }]}
        extra={(
          <>
            <Button icon={<ApartmentOutlined />} href={`/access/enterprises/${encodeURIComponent(code)}/relations`} onClick={linkClick(`/access/enterprises/${encodeURIComponent(code)}/relations`)} style={{ marginRight: 8 }}>{t('relations.open')}</Button>
            <Button icon={<ReloadOutlined />} onClick={evaluation.reload}>{t('common.refresh')}</Button>
          </>
        )}
      />
      <ErrorAlert error={evaluation.error} onRetry={evaluation.reload} />
      {!evaluation.data && evaluation.loading && <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>}
      {evaluation.data && <EvaluationView evaluation={evaluation.data} trend={trend.data} />}
    </>
  )
}

import { Button, Card, Descriptions, Result, Skeleton, Tag } from 'antd'
import { ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import { Code } from '../../components/code'
import { ErrorAlert, PageHeader } from '../../components/page'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t } from '../../i18n'

const STATUS: Record<string, { color: string; result: 'info' | 'success' | 'warning' }> = {
  pending: { color: 'gold', result: 'info' }, approved: { color: 'green', result: 'success' }, refused: { color: 'red', result: 'warning' },
}

/** The registrant's one window while its registration is checked: status, what was submitted (ID masked), the outcome. */
export default function RegistrationStatusPage() {
  const reg = useApi((signal) => api.get('/api/registration', { signal }), [])
  const r = reg.data
  const st = r ? STATUS[r.status] ?? STATUS.pending! : undefined
  return (
    <>
      <PageHeader title={t('onboarding.status.title')} description={t('onboarding.status.description')}
        extra={r?.status === 'approved' ? <Button type="primary" onClick={() => window.location.assign('/')}>{t('common.goHome')}</Button> : <Button icon={<ReloadOutlined />} onClick={() => window.location.reload()}>{t('onboarding.status.reload')}</Button>} />
      <ErrorAlert error={reg.error} onRetry={reg.reload} />
      {!r && reg.loading && <Skeleton active />}
      {r && st && (
        <Card>
          <Result status={st.result} title={t(`onboarding.status.${r.status as 'pending'}`)} subTitle={t(`onboarding.status.${r.status as 'pending'}Hint`)} />
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={[
            { key: 'company', label: t('onboarding.register.companyName'), children: r.companyName },
            { key: 'uscc', label: t('onboarding.register.uscc'), children: <Code value={r.uscc} /> },
            { key: 'legal', label: t('onboarding.register.legalName'), children: r.legalRepresentative.name },
            { key: 'id', label: t('onboarding.register.legalId'), children: <span className="code-text">{r.legalRepresentative.idNumber}</span> },
            { key: 'contact', label: t('onboarding.register.contactName'), children: `${r.contactName}　${r.mobile}` },
            { key: 'mode', label: t('onboarding.status.checkMode'), children: t(`onboarding.checkMode.${r.checkMode as 'manual'}`) },
            { key: 'status', label: t('onboarding.registrations.colStatus'), children: <Tag color={st.color}>{t(`onboarding.status.${r.status as 'pending'}`)}</Tag> },
            { key: 'at', label: t('onboarding.status.submittedAt'), children: formatDateTime(r.createdAt) },
            ...(r.match ? [{ key: 'match', label: t('onboarding.status.match'), children: r.match.zh }] : []),
            ...(r.decidedAt ? [{ key: 'decided', label: t('onboarding.status.decidedAt'), children: formatDateTime(r.decidedAt) }] : []),
            ...(r.reason ? [{ key: 'reason', label: t('onboarding.status.reason'), children: r.reason }] : []),
          ]} />
        </Card>
      )}
    </>
  )
}

import { Button, Card, Skeleton } from 'antd'
import { AuditOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import { ErrorAlert, PageHeader } from '../../components/page'
import { ProfileView } from '../../components/profile-view'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick } from '../../router'

/**
 * 我的信用档案 (§十七 free self-query): everything the hub holds on the enterprise, by category and item, with each
 * record's source and date; identifiers whole, since it is the enterprise's own data (GET /api/self/profile).
 */
export default function SelfProfilePage() {
  const profile = useApi((signal) => api.get('/api/self/profile', { signal }), [])
  return (
    <>
      <PageHeader
        title={t('profile.selfTitle')}
        description={t('profile.selfDescription')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={profile.reload} loading={profile.loading && !!profile.data}>{t('common.refresh')}</Button>
            <Button icon={<AuditOutlined />} href="/access/grants" onClick={linkClick('/access/grants')}>{t('menu.grants')}</Button>
            <Button type="primary" icon={<FilePdfOutlined />} href="/access/reports" onClick={linkClick('/access/reports')}>{t('reports.generate')}</Button>
          </>
        }
      />
      <ErrorAlert error={profile.error} onRetry={profile.reload} />
      {!profile.data && profile.loading && <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>}
      {profile.data && <ProfileView profile={profile.data} />}
    </>
  )
}

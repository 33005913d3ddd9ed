import { Button, Card, Skeleton } from 'antd'
import { AuditOutlined, FilePdfOutlined, ReloadOutlined } from '@ant-design/icons'
import { api } from '../../api/client'
import type { Profile, SubjectRecordState } from '../../api/types'
import { ErrorAlert, PageHeader } from '../../components/page'
import { ProfileView } from '../../components/profile-view'
import { useApi } from '../../hooks'
import { t } from '../../i18n'
import { linkClick } from '../../router'
import { useAccount } from '../../session'

/**
 * 我的信用档案 (§十七 free self-query): everything the hub holds on the enterprise, by category and item, with each
 * record's source and date; identifiers whole, since it is the enterprise's own data (GET /api/self/profile).
 */
export default function SelfProfilePage() {
  const profile = useApi((signal) => api.get('/api/self/profile', { signal }), [])
  const code = useAccount().organization
  // Which records are 失信 information (credit repair applies) and which already have an open case.
  const states = useApi((signal) => (code ? api.get('/api/repairs/subjects/{code}/records', { params: { code }, signal }) : Promise.resolve([])), [code])
  const stateOf = new Map((states.data ?? []).map((r) => [`${r.record.itemKey}/${r.record.recordKey}`, r]))
  const actions = (itemKey: string, recordKey: string) => {
    const st = stateOf.get(`${itemKey}/${recordKey}`)
    const q = `item=${encodeURIComponent(itemKey)}&record=${encodeURIComponent(recordKey)}`
    return (
      <>
        {st?.openObjection ? null : <Button size="small" href={`/repair/objections?${q}`} onClick={linkClick(`/repair/objections?${q}`)}>{t('repair.object')}</Button>}
        {st?.eligibility.dishonesty && <Button size="small" href="/repair/repairs" onClick={linkClick('/repair/repairs')}>{t('repair.applyRepair')}</Button>}
      </>
    )
  }
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
      {profile.data && <ProfileView profile={profile.data} recordActions={(itemKey, r) => actions(itemKey, r.recordKey)} />}
    </>
  )
}

import { Button, Card, Form, Select, Skeleton } from 'antd'
import { DashboardOutlined, FilePdfOutlined, FormOutlined, ReloadOutlined, SafetyCertificateOutlined, ProfileOutlined } from '@ant-design/icons'
import { ApiError, api } from '../../api/client'
import { ErrorAlert, PageHeader } from '../../components/page'
import { ProfileView } from '../../components/profile-view'
import { formatDate, shortId } from '../../format'
import { useApi, useCatalog } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick, navigate, setQuery, useLocation } from '../../router'
import { useAccount } from '../../session'
import type { PageProps } from '../pages'
import { scopeNames } from './grant-scope'

/**
 * One enterprise's profile for an institution (public fields; restricted ones as its live `view` grants allow, the
 * rest shown as 需企业授权 with a way to ask), a supervisor or platform (public fields), or the operator. With
 * `?grant=` the institution queries under that one grant, and is refused at once if it was revoked or expired.
 */
export default function EnterprisePage({ params }: PageProps) {
  const code = params.code ?? ''
  const account = useAccount()
  const isInstitution = account.role === 'institution'
  const { query } = useLocation()
  const grant = query.get('grant') ?? undefined
  const profile = useApi(
    (signal) => api.get('/api/subjects/{code}/profile', { params: { code }, signal, query: { grant } }),
    [code, grant],
  )
  const refused = profile.error instanceof ApiError && profile.error.status === 403
  const name = profile.data?.subject.name ?? code
  const enc = encodeURIComponent(code)

  return (
    <>
      <PageHeader
        title={profile.data ? name : t('lookup.profileTitle')}
        description={isInstitution ? t('lookup.profileDescriptionInstitution') : account.role === 'operator' ? t('lookup.profileDescriptionOperator') : t('lookup.profileDescriptionPublic')}
        crumbs={[{ title: t('menu.lookup'), to: '/access/enterprises' }, { title: code }]}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={profile.reload}>{t('common.refresh')}</Button>
            {(isInstitution || account.role === 'operator') && (
              <>
              <Button icon={<DashboardOutlined />} href={`/access/enterprises/${enc}/evaluation`} onClick={linkClick(`/access/enterprises/${enc}/evaluation`)}>{t('menu.evaluation')}</Button>
              <Button icon={<ProfileOutlined />} href={`/access/enterprises/${enc}/portrait`} onClick={linkClick(`/access/enterprises/${enc}/portrait`)}>{t('portrait.open')}</Button>
              </>
            )}
            {isInstitution && (
              <>
                <Button icon={<SafetyCertificateOutlined />} href={`/access/verify?code=${enc}`} onClick={linkClick(`/access/verify?code=${enc}`)}>{t('menu.verify')}</Button>
                <Button icon={<FilePdfOutlined />} href={`/access/reports?code=${enc}`} onClick={linkClick(`/access/reports?code=${enc}`)}>{t('reports.generate')}</Button>
                <Button type="primary" icon={<FormOutlined />} href={`/access/grants/request?subject=${enc}`} onClick={linkClick(`/access/grants/request?subject=${enc}`)}>{t('menu.grantRequest')}</Button>
              </>
            )}
          </>
        }
      />
      {isInstitution && <GrantPicker code={code} grant={grant} />}
      <ErrorAlert error={profile.error} onRetry={profile.reload} title={refused ? t('lookup.refused') : undefined} />
      {!profile.data && profile.loading && <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>}
      {profile.data && !profile.error && (
        <ProfileView
          profile={profile.data}
          {...(isInstitution ? { onRequestGrant: ({ itemKey, categoryKey }: { itemKey: string; categoryKey: string }) => navigate(`/access/grants/request?subject=${enc}&items=${itemKey}&category=${categoryKey}`) } : {})}
        />
      )}
    </>
  )
}

/** Query under all live grants (default) or under one grant: the one the institution's loan file names. */
function GrantPicker({ code, grant }: { code: string; grant: string | undefined }) {
  const catalog = useCatalog()
  const grants = useApi((signal) => api.get('/api/grants', { signal, query: { subject: code, limit: 50 } }), [code])
  const options = [
    { value: '', label: t('lookup.allGrants') },
    ...(grants.data?.grants ?? [])
      .filter((g) => g.status !== 'requested' && g.status !== 'refused')
      .map((g) => ({
        value: g.id,
        label: `${tDynamic(`grantMode.${g.mode}`, g.mode)} · ${scopeNames(catalog.data, g, (n) => t('grants.wholeCategory', { name: n })).join('、')} · ${tDynamic(`grantStatus.${g.status}`, g.status)} · ${t('profile.validUntil', { date: formatDate(g.validUntil) })}（${shortId(g.id)}）`,
      })),
  ]
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Form layout="inline" name="grant-picker">
        <Form.Item label={t('lookup.underGrant')} htmlFor="grant-picker-select" style={{ marginBottom: 0, maxWidth: '100%' }}>
          <Select<string>
            id="grant-picker-select"
            value={grant ?? ''}
            loading={grants.loading}
            options={options}
            style={{ minWidth: 280, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            onChange={(v) => setQuery({ grant: v || null }, { replace: false })}
          />
        </Form.Item>
      </Form>
    </Card>
  )
}

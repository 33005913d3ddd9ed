import { useState, type ReactNode } from 'react'
import { Alert, Button, Card, Collapse, Descriptions, Empty, Flex, Space, Tag, Tooltip, Typography } from 'antd'
import { FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import type { CatalogItemDetail, Profile, ProfileField, ProfileGrantRef, ProfileItem, ProfileRecord } from '../api/types'
import { formatCount, formatDate, formatDateTime, formatMoney, formatYuan, shortId } from '../format'
import { useItemDetails } from '../hooks'
import { t, tDynamic } from '../i18n'
import { BasisTag, GrantModeTag, NeedsGrantTag } from './access'
import { Code } from './code'

/** How many records of one item show before “展开其余”. */
const FIRST_RECORDS = 3

export interface ProfileViewProps {
  profile: Profile
  /** An institution may ask for the withheld fields of an item: the button's action. */
  onRequestGrant?: (item: { itemKey: string; categoryKey: string }) => void
  /** The subject's own view: actions on each record (提出异议 / 申请修复). */
  recordActions?: (itemKey: string, record: ProfileRecord) => ReactNode
}

/**
 * A credit profile as the API cut it for the caller: 信息种类 → 信息项 → records, each record with its source
 * (provider, method, when received, catalog version) and each item and category with its 数据截止 time. Fields the
 * caller may not see are listed as 需企业授权; identifiers are shown in monospace, masked where the server masked them.
 */
export function ProfileView({ profile, onRequestGrant, recordActions }: ProfileViewProps) {
  const withheldItems = profile.categories.flatMap((c) => c.items.filter((i) => i.withheld.length > 0).map((i) => i.key))
  const details = useItemDetails(withheldItems)
  const totalItems = profile.categories.reduce((n, c) => n + c.items.length, 0)
  const totalRecords = profile.categories.reduce((n, c) => n + c.items.reduce((m, i) => m + i.records.length, 0), 0)

  return (
    <Flex vertical gap={16}>
      <SubjectCard profile={profile} totalItems={totalItems} totalRecords={totalRecords} withheldItems={withheldItems.length} />
      {profile.categories.length === 0 ? (
        <Card><Empty description={t('profile.empty')} /></Card>
      ) : (
        <Collapse
          className="profile-categories"
          defaultActiveKey={profile.categories.map((c) => c.key)}
          items={profile.categories.map((c) => ({
            key: c.key,
            label: <span className="profile-category-title">{`${c.no}. ${c.name}`}</span>,
            extra: (
              <Typography.Text type="secondary" className="profile-category-extra">
                {t('profile.categoryExtra', { items: c.items.length, date: formatDate(c.asOf) })}
              </Typography.Text>
            ),
            children: (
              <Flex vertical gap={12}>
                {c.items.map((item) => (
                  <ItemCard
                    key={item.key}
                    item={item}
                    detail={details.get(item.key)}
                    {...(onRequestGrant ? { onRequestGrant: () => onRequestGrant({ itemKey: item.key, categoryKey: c.key }) } : {})}
                    {...(recordActions ? { actions: (r: ProfileRecord) => recordActions(item.key, r) } : {})}
                  />
                ))}
              </Flex>
            ),
          }))}
        />
      )}
      {profile.selfDeclared && (profile.selfDeclared.items.length > 0 || profile.selfDeclared.commitments.length > 0) && <SelfDeclaredCard section={profile.selfDeclared} />}
    </Flex>
  )
}

/**
 * What the subject said of itself, never mixed into the categories above (providers' records): its own card, every
 * entry tagged 自愿填报 or 信用承诺, with the notice that no provider has verified it.
 */
function SelfDeclaredCard({ section }: { section: NonNullable<Profile['selfDeclared']> }) {
  return (
    <Card title={t('onboarding.selfDeclared.title')} extra={<Tag color="orange">{t('onboarding.selfDeclared.unverified')}</Tag>} data-testid="profile-self-declared">
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={section.notice} />
      <Flex vertical gap={12}>
        {section.commitments.map((c) => (
          <div key={c.id}>
            <Tag color="blue">{t('onboarding.selfDeclared.commitmentTag')}</Tag> {c.typeName}　{t('onboarding.commitments.signer')}：{c.signer}　{t('onboarding.commitments.signedOn')}：{c.signedOn}
          </div>
        ))}
        {section.items.map((item) => item.declarations.map((d) => (
          <Card key={d.id} size="small" title={<><Tag color="orange">{t('onboarding.selfDeclared.tag')}</Tag>{item.name}</>} extra={formatDateTime(d.declaredAt)}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} items={item.fields.filter((f) => f.key in d.values).map((f) => ({
              key: f.key, label: f.name, children: <span className={d.masked?.includes(f.key) ? 'code-text' : undefined}>{String(d.values[f.key] ?? '—')}</span>,
            }))} />
          </Card>
        )))}
      </Flex>
    </Card>
  )
}

function SubjectCard({ profile, totalItems, totalRecords, withheldItems }: { profile: Profile; totalItems: number; totalRecords: number; withheldItems: number }) {
  const s = profile.subject
  const v = profile.viewer
  const formerNames = s.names.filter((n) => n !== s.name)
  return (
    <Card className="profile-subject" data-testid="profile-subject">
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>{s.name ?? s.subjectKey}</Typography.Title>
          <Space size={8} wrap style={{ marginTop: 6 }}>
            <Code value={s.uscc ?? s.subjectKey} copyable />
            <BasisTag basis={v.basis} />
          </Space>
        </div>
        <Flex gap={24} wrap className="profile-counts">
          <Count label={t('profile.countItems')} value={totalItems} />
          <Count label={t('profile.countRecords')} value={totalRecords} />
          <div>
            <div className="profile-count-label">{t('profile.asOf')}</div>
            <div className="profile-count-value num" style={{ fontSize: 15 }}>{formatDateTime(profile.asOf)}</div>
          </div>
        </Flex>
      </Flex>
      <Descriptions
        size="small"
        style={{ marginTop: 12 }}
        column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
        items={[
          { key: 'kind', label: t('profile.kind'), children: tDynamic(`subjects.kind.${s.kind}`, s.kind) },
          { key: 'division', label: t('profile.division'), children: s.divisionCode ? <span className="code-text">{s.divisionCode}</span> : '—' },
          { key: 'former', label: t('profile.formerNames'), children: formerNames.length ? formerNames.join('、') : t('profile.noFormerNames') },
          { key: 'generated', label: t('profile.generatedAt'), children: <span className="num">{formatDateTime(profile.generatedAt)}</span> },
          { key: 'purpose', label: t('profile.purpose'), children: v.purpose },
          ...(v.basis === 'institution'
            ? [{ key: 'grants', label: t('profile.grantsUsed'), children: v.grants.length ? <GrantRefs grants={v.grants} /> : t('profile.noGrants') }]
            : []),
        ]}
      />
      {v.endedGrants.length > 0 && (
        <Alert
          type="warning"
          showIcon
          role="status"
          data-testid="ended-grants"
          style={{ marginTop: 12 }}
          title={t('profile.endedGrantsTitle')}
          description={
            <ul className="issue-list">
              {v.endedGrants.map((g) => (
                <li key={g.id}>
                  {g.status === 'revoked' && g.revokedAt
                    ? t('profile.endedRevoked', { mode: tDynamic(`grantMode.${g.mode}`, g.mode), at: formatDateTime(g.revokedAt) })
                    : t('profile.endedExpired', { mode: tDynamic(`grantMode.${g.mode}`, g.mode), at: formatDateTime(g.validUntil) })}
                  <span className="code-text" style={{ marginInlineStart: 6, color: '#8c8c8c' }}>{shortId(g.id)}</span>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {v.basis !== 'self' && withheldItems > 0 && (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('profile.withheldSummary', { count: withheldItems })} />
      )}
      {profile.audit && (
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
          <FileProtectOutlined aria-hidden /> {t('profile.audited', { seq: profile.audit.seq })}
        </Typography.Paragraph>
      )}
    </Card>
  )
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <div className="profile-count-label">{label}</div>
      <div className="profile-count-value num">{formatCount(value)}</div>
    </div>
  )
}

function GrantRefs({ grants }: { grants: ProfileGrantRef[] }) {
  return (
    <Space size={4} wrap>
      {grants.map((g) => (
        <span key={g.id}>
          <GrantModeTag mode={g.mode} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('profile.validUntil', { date: formatDate(g.validUntil) })}</Typography.Text>
        </span>
      ))}
    </Space>
  )
}

function ItemCard({ item, detail, onRequestGrant, actions }: { item: ProfileItem; detail: CatalogItemDetail | undefined; onRequestGrant?: () => void; actions?: (r: ProfileRecord) => ReactNode }) {
  const [all, setAll] = useState(false)
  const withheld = item.withheld.map((k) => ({ key: k, name: detail?.fields.find((f) => f.key === k)?.name ?? k }))
  const records = all ? item.records : item.records.slice(0, FIRST_RECORDS)
  return (
    <Card
      size="small"
      className="profile-item"
      data-testid={`profile-item-${item.key}`}
      title={<span>{item.name}{item.records.length > 1 && <Tag style={{ marginInlineStart: 8 }}>{t('profile.recordCount', { count: item.records.length })}</Tag>}</span>}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('profile.itemAsOf', { date: formatDateTime(item.asOf) })}</Typography.Text>}
    >
      {withheld.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<SafetyCertificateOutlined />}
          style={{ marginBottom: 12 }}
          title={t('profile.withheldTitle', { count: withheld.length })}
          description={withheld.map((f) => f.name).join('、')}
          action={onRequestGrant && <Button size="small" type="primary" onClick={onRequestGrant}>{t('profile.requestGrant')}</Button>}
        />
      )}
      <Flex vertical gap={12}>
        {records.map((r, i) => (
          <RecordView key={`${r.recordKey}-${i}`} record={r} fields={item.fields} withheld={withheld} index={item.records.length > 1 ? i + 1 : undefined} actions={actions?.(r)} />
        ))}
      </Flex>
      {item.records.length > FIRST_RECORDS && (
        <Button type="link" style={{ paddingInline: 0, marginTop: 8 }} onClick={() => setAll((a) => !a)} aria-expanded={all}>
          {all ? t('profile.showFewer') : t('profile.showAll', { count: item.records.length - FIRST_RECORDS })}
        </Button>
      )}
    </Card>
  )
}

function RecordView({ record, fields, withheld, index, actions }: { record: ProfileRecord; fields: ProfileField[]; withheld: Array<{ key: string; name: string }>; index: number | undefined; actions?: ReactNode }) {
  const masked = new Set(record.masked ?? [])
  const p = record.provenance
  return (
    <div className="profile-record">
      {(index !== undefined || record.state === 'objected' || actions) && (
        <Flex justify="space-between" align="center" gap={8} wrap>
          <span>
            {index !== undefined && <span className="profile-record-no">{t('profile.recordNo', { no: index })}</span>}
            {record.state === 'objected' && <Tooltip title={t('repair.objectedHint')}><Tag color="orange" data-testid="record-objected">{t('repair.objectedTag')}</Tag></Tooltip>}
          </span>
          {actions && <Space size={4}>{actions}</Space>}
        </Flex>
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 1, lg: 2, xl: 2, xxl: 3 }}
        items={[
          ...fields.map((f) => ({ key: f.key, label: f.name, children: <FieldValue field={f} value={record.values[f.key]} masked={masked.has(f.key)} /> })),
          ...withheld.map((f) => ({ key: `w-${f.key}`, label: f.name, children: <NeedsGrantTag /> })),
        ]}
      />
      <Typography.Text type="secondary" className="provenance">
        {t('profile.provenance', {
          provider: p.provider,
          method: tDynamic(`method.${p.method}`, p.method),
          at: formatDateTime(p.receivedAt),
          version: p.catalogVersion,
          batch: shortId(p.batchId),
        })}
        {record.earlierVersions > 0 && ` · ${t('profile.earlierVersions', { count: record.earlierVersions })}`}
      </Typography.Text>
    </div>
  )
}

/** One value, written the Chinese way for its type; never an object's [object Object]. */
export function FieldValue({ field, value, masked }: { field: Pick<ProfileField, 'key' | 'type' | 'sensitivity'>; value: unknown; masked?: boolean }): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>
  if (field.type === 'id_number' || field.type === 'uscc' || field.sensitivity === 'sensitive') {
    return (
      <Space size={4} wrap>
        <Code value={String(value)} />
        {masked && <Tag>{t('format.masked')}</Tag>}
      </Space>
    )
  }
  switch (field.type) {
    case 'money':
      return <Tooltip title={formatYuan(value as string | number)}><span className="num">{formatMoney(value as string | number)}</span></Tooltip>
    case 'date':
      return <span className="num">{formatDate(value as string)}</span>
    case 'datetime':
      return <span className="num">{formatDateTime(value as string)}</span>
    case 'integer':
      // A year (报告年度, 评价年度) is read without a thousands separator.
      return <span className="num">{/(^|_)year$/.test(field.key) ? String(value) : formatCount(value as string | number)}</span>
    case 'boolean':
      return value === true || value === 'true' ? t('common.yes') : value === false || value === 'false' ? t('common.no') : String(value)
    default:
      return typeof value === 'object' ? <span className="code-text">{JSON.stringify(value)}</span> : <span className="field-text">{String(value)}</span>
  }
}

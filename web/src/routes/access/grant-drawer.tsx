import { Card, Descriptions, Timeline, Typography } from 'antd'
import { api } from '../../api/client'
import type { Grant, Role } from '../../api/types'
import { GrantModeTag, GrantStatusTag, SubjectCell } from '../../components/access'
import { Code } from '../../components/code'
import { DetailDrawer } from '../../components/detail-drawer'
import { formatDateTime } from '../../format'
import { useApi } from '../../hooks'
import { t, tDynamic } from '../../i18n'
import { linkClick } from '../../router'

/** One grant in full: its terms, the enterprise's signed evidence and its history. */
export function GrantDrawer({ id, role, scope, onClose }: { id: string | null; role: Role; scope: (g: Grant) => string; onClose(): void }) {
  const g = useApi((signal) => (id ? api.get('/api/grants/{id}', { params: { id }, signal }) : Promise.resolve(undefined)), [id])
  return (
    <DetailDrawer
      open={!!id}
      onClose={onClose}
      title={t('grants.drawerTitle')}
      size={560}
      state={g}
      facts={(d) => [
        { key: 'id', label: t('grants.id'), children: <Code value={d.id} copyable /> },
        { key: 'subject', label: t('grants.colSubject'), children: role === 'institution' && d.status === 'active' && d.mode === 'view' ? <a href={`/access/enterprises/${d.subjectKey}?grant=${d.id}`} onClick={linkClick(`/access/enterprises/${d.subjectKey}?grant=${d.id}`)}><SubjectCell name={d.subjectName} code={d.subjectKey} /></a> : <SubjectCell name={d.subjectName} code={d.subjectKey} /> },
        { key: 'inst', label: t('grants.colInstitution'), children: d.institution },
        { key: 'scope', label: t('grants.colScope'), children: scope(d) },
        { key: 'mode', label: t('grants.colMode'), children: <><GrantModeTag mode={d.mode} /> <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tDynamic(`grantMode.${d.mode}Help`, '')}</Typography.Text></> },
        { key: 'purpose', label: t('grants.colPurpose'), children: d.purpose },
        { key: 'until', label: t('grants.colValidUntil'), children: <span className="num">{formatDateTime(d.validUntil)}</span> },
        { key: 'status', label: t('grants.colStatus'), children: <GrantStatusTag status={d.status} /> },
        ...(d.requestedBy ? [{ key: 'req', label: t('grants.requestedBy'), children: `${d.requestedBy} · ${formatDateTime(d.requestedAt)}` }] : []),
        ...(d.requestNote ? [{ key: 'note', label: t('grants.requestNote'), children: d.requestNote }] : []),
        ...(d.revokedAt ? [{ key: 'revoked', label: t('grants.revokedAtLabel'), children: <Typography.Text type="danger" className="num">{formatDateTime(d.revokedAt)}（{d.revokedBy ?? '—'}）</Typography.Text> }] : []),
        ...(d.revokeReason ? [{ key: 'rr', label: t('grants.revokeReason'), children: d.revokeReason }] : []),
        ...(d.refuseReason ? [{ key: 'fr', label: t('grants.refuseReason'), children: d.refuseReason }] : []),
      ]}
    >
      {(d) => {
        const ev = d.evidence
        return (
          <>
            {ev && (
              <Card size="small" title={t('grants.evidence')}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    { key: 'by', label: t('grants.evidenceBy'), children: `${ev.by} · ${formatDateTime(ev.at)}` },
                    { key: 'how', label: t('grants.evidenceHow'), children: tDynamic(`grants.how.${ev.how}`, ev.how) },
                    // Verbatim: the SM3 below is of this exact text.
                    { key: 'statement', label: t('grants.evidenceStatement'), children: ev.statement },
                    { key: 'hash', label: t('grants.evidenceHash'), children: <Code value={ev.statementHash} copyable /> },
                    ...(ev.ip ? [{ key: 'ip', label: 'IP', children: <span className="code-text">{ev.ip}</span> }] : []),
                  ]}
                />
              </Card>
            )}
            <Card size="small" title={t('grants.history')}>
              <Timeline
                items={d.history.map((h) => ({
                  title: <span className="num">{formatDateTime(h.at)}</span>,
                  content: (
                    <span>
                      {tDynamic(`grants.action.${h.action}`, h.action)} · {h.actor}（{tDynamic(`roles.${h.actorRole}`, h.actorRole)}）
                      {h.note && <Typography.Text type="secondary">：{h.note}</Typography.Text>}
                    </span>
                  ),
                }))}
              />
            </Card>
          </>
        )
      }}
    </DetailDrawer>
  )
}

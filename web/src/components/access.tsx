import type { ReactNode } from 'react'
import { Flex, Tag, Tooltip } from 'antd'
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, ExclamationCircleOutlined, LockOutlined, MinusCircleOutlined, StopOutlined } from '@ant-design/icons'
import type { GrantMode, GrantStatus } from '../api/types'
import { t, tDynamic } from '../i18n'
import { Code } from './code'

const STATUS_COLOR: Record<GrantStatus, string> = { requested: 'processing', active: 'success', refused: 'default', revoked: 'error', expired: 'warning' }
const STATUS_ICON: Record<GrantStatus, ReactNode> = {
  requested: <ClockCircleOutlined />, active: <CheckCircleFilled />, refused: <MinusCircleOutlined />, revoked: <StopOutlined />, expired: <ExclamationCircleOutlined />,
}

/** 待确认 · 有效 · 已拒绝 · 已撤销 · 已到期 */
export function GrantStatusTag({ status }: { status: GrantStatus }) {
  return <Tag color={STATUS_COLOR[status] ?? 'default'} icon={STATUS_ICON[status]}>{tDynamic(`grantStatus.${status}`, status)}</Tag>
}

const MODE_COLOR: Record<GrantMode, string> = { view: 'blue', verify: 'cyan', model: 'purple' }

/** 查看数据 · 仅核验 · 仅模型, with what it allows on hover. */
export function GrantModeTag({ mode }: { mode: GrantMode | string }) {
  return (
    <Tooltip title={tDynamic(`grantMode.${mode}Help`, '')}>
      <Tag color={MODE_COLOR[mode as GrantMode] ?? 'default'}>{tDynamic(`grantMode.${mode}`, mode)}</Tag>
    </Tooltip>
  )
}

/** On what footing the profile is shown: 本企业自查 / 按授权 / 仅公开信息 / 信用服务中心. */
export function BasisTag({ basis }: { basis: string }) {
  const color = basis === 'self' ? 'green' : basis === 'institution' ? 'blue' : basis === 'operator' ? 'geekblue' : 'default'
  return <Tag color={color}>{tDynamic(`profile.basis.${basis}`, basis)}</Tag>
}

/** 是 / 否 of a verification, never a value. */
export function AnswerTag({ answer, complete }: { answer: boolean; complete: boolean }) {
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
      {answer ? (
        <Tag color="success" icon={<CheckCircleFilled />} className="answer-tag">{t('verify.yes')}</Tag>
      ) : (
        <Tag color="error" icon={<CloseCircleFilled />} className="answer-tag">{t('verify.no')}</Tag>
      )}
      {!complete && <Tooltip title={t('verify.incompleteHelp')}><Tag color="warning">{t('verify.incomplete')}</Tag></Tooltip>}
    </span>
  )
}

/** A field the caller may not see without the enterprise's grant. */
export function NeedsGrantTag() {
  return <Tag icon={<LockOutlined />} color="orange" className="needs-grant">{t('profile.needsGrant')}</Tag>
}

/** A subject as lists show it: its registered name over its code, or the code alone when no name is known. */
export function SubjectCell({ name, code }: { name: string | null | undefined; code: string }) {
  if (!name) return <Code value={code} />
  return (
    <Flex vertical gap={0}>
      <span>{name}</span>
      <Code value={code} />
    </Flex>
  )
}

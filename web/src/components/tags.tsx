import { Tag } from 'antd'
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons'
import type { BatchStatus, QuarantineStatus, Sensitivity } from '../api/types'
import { t } from '../i18n'

export function BatchStatusTag({ status }: { status: BatchStatus }) {
  if (status === 'running') return <Tag icon={<SyncOutlined spin />} color="processing">{t('batchStatus.running')}</Tag>
  if (status === 'completed') return <Tag icon={<CheckCircleOutlined />} color="success">{t('batchStatus.completed')}</Tag>
  return <Tag icon={<CloseCircleOutlined />} color="error">{t('batchStatus.failed')}</Tag>
}

export function QuarantineStatusTag({ status }: { status: QuarantineStatus }) {
  if (status === 'open') return <Tag icon={<ExclamationCircleOutlined />} color="warning">{t('quarantineStatus.open')}</Tag>
  if (status === 'resubmitted') return <Tag icon={<CheckCircleOutlined />} color="success">{t('quarantineStatus.resubmitted')}</Tag>
  return <Tag icon={<StopOutlined />} color="default">{t('quarantineStatus.discarded')}</Tag>
}

const SENSITIVITY_COLOR: Record<Sensitivity, string> = { public: 'green', restricted: 'orange', sensitive: 'red' }

/** 分级: 公开 / 有条件共享 / 敏感. */
export function SensitivityTag({ value }: { value: Sensitivity }) {
  return <Tag color={SENSITIVITY_COLOR[value] ?? 'default'}>{t(`sensitivity.${value}`)}</Tag>
}

export function TimelinessTag({ overdue, never }: { overdue: boolean; never: boolean }) {
  if (never) return <Tag icon={<ClockCircleOutlined />} color="error">{t('quality.never')}</Tag>
  return overdue ? <Tag icon={<ClockCircleOutlined />} color="error">{t('quality.overdue')}</Tag> : <Tag color="success">{t('quality.onTime')}</Tag>
}

/** Kinds of negative information an institution is alerted to (§十五). `grade_drop` comes from the evaluation context. */
export const ALERT_KINDS = {
  penalty: { zh: '行政处罚', en: 'administrative penalty' },
  dishonest: { zh: '列入失信名单', en: 'listed as dishonest' },
  enforcement: { zh: '法院强制执行', en: 'court enforcement' },
  abnormal: { zh: '经营异常', en: 'abnormal operation' },
  tax_arrears: { zh: '欠税', en: 'tax arrears' },
  utility_arrears: { zh: '水电气欠费', en: 'utility arrears' },
  grade_drop: { zh: '信用评价等级下降', en: 'credit grade dropped' },
} as const
export type AlertKind = keyof typeof ALERT_KINDS
export const ALERT_KIND_NAMES = Object.keys(ALERT_KINDS) as AlertKind[]

export const SEVERITIES = ['high', 'medium', 'low'] as const
export type Severity = (typeof SEVERITIES)[number]

export const CHANNELS = ['web', 'webhook'] as const
export type Channel = (typeof CHANNELS)[number]

export interface AlertRule {
  kind: AlertKind
  enabled: boolean
  severity: Severity
  channels: Channel[]
  /** false: the default, no row of the institution's own */
  custom: boolean
}

/** What an institution gets when it has set no rule of its own for a kind. */
export const DEFAULT_RULES: Record<AlertKind, Omit<AlertRule, 'kind' | 'custom'>> = {
  penalty: { enabled: true, severity: 'medium', channels: ['web', 'webhook'] },
  dishonest: { enabled: true, severity: 'high', channels: ['web', 'webhook'] },
  enforcement: { enabled: true, severity: 'high', channels: ['web', 'webhook'] },
  abnormal: { enabled: true, severity: 'medium', channels: ['web', 'webhook'] },
  tax_arrears: { enabled: true, severity: 'medium', channels: ['web', 'webhook'] },
  utility_arrears: { enabled: true, severity: 'low', channels: ['web', 'webhook'] },
  grade_drop: { enabled: true, severity: 'medium', channels: ['web', 'webhook'] },
}

export type WatchSource = 'loan' | 'manual'

export interface Watch {
  id: string
  subjectKey: string
  institution: string
  source: WatchSource
  loanId: string | null
  grantId: string | null
  note: string | null
  createdBy: string
  createdAt: Date
  endedAt: Date | null
  endReason: string | null
}

export interface Alert {
  id: string
  subjectKey: string
  institution: string
  kind: AlertKind
  severity: Severity
  itemKey: string | null
  recordKey: string | null
  version: number | null
  title: string
  details: Record<string, unknown> | null
  createdAt: Date
  acknowledgedAt: Date | null
  acknowledgedBy: string | null
}

export interface WebhookConfig {
  url: string
  enabled: boolean
  updatedBy: string
  updatedAt: Date
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'

export interface Delivery {
  id: string
  alertId: string
  subjectKey: string
  url: string
  status: DeliveryStatus
  attempts: number
  nextAt: Date
  lastStatus: number | null
  lastError: string | null
  createdAt: Date
  deliveredAt: Date | null
  log: Array<{ n: number; at: Date; httpStatus: number | null; error: string | null; durationMs: number }>
}

/** A negative-record rule (monitoring.negative_rule): an item's records raise `kind` when `condition` holds. */
export interface NegativeRule {
  itemKey: string
  kind: AlertKind
  condition: NegativeCondition
}

export interface NegativeCondition {
  all?: Array<{ field: string; equals?: string | number | boolean; absent?: boolean }>
  /** The condition must have held on every version for at least this many months (utility arrears). */
  sustainedMonths?: number
}

/** A grade drop, as the evaluation context reports it. */
export interface GradeDrop {
  subjectKey: string
  from: string
  to: string
  /** What the grade is of (model or scheme), shown in the alert. */
  scheme: string
  /** Unique per drop: a retried report raises one alert. */
  key: string
  /** Why the grade shown is below the indicators' grade (关联方…, with the path), when a rule adjusted it. */
  reasons?: readonly string[]
}

import type { EligibilityRule, Outcome, RuleResult } from './eligibility-rules.js'
import type { EnterpriseSize, ProductType } from './loan-facts.js'

export const PRODUCT_STATUSES = ['draft', 'submitted', 'rejected', 'published', 'paused', 'retired', 'superseded'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

export const PRODUCT_STATUS_ZH: Record<ProductStatus, string> = {
  draft: '草稿', submitted: '待审核', rejected: '已驳回', published: '已发布', paused: '已暂停', retired: '已下架', superseded: '已被新版本替代',
}

/** 还款方式. */
export const REPAYMENT_WAYS = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  interest_first: '先息后本',
  bullet: '到期一次还本付息',
  flexible: '随借随还',
} as const
export type RepaymentWay = keyof typeof REPAYMENT_WAYS

/** What an institution writes about a product; each edit of a published product becomes a new version. */
export interface ProductInput {
  type: ProductType
  name: string
  description?: string | undefined
  amountMinFen: number
  amountMaxFen: number
  termMinMonths: number
  termMaxMonths: number
  rateMinBp: number
  rateMaxBp: number
  repaymentWays: RepaymentWay[]
  /** GB/T 2260 codes: 640000 all Ningxia, 640100 one city, 640106 one county. */
  regions: string[]
  guaranteeRequired: boolean
  rules: EligibilityRule[]
}

export interface ProductVersion extends ProductInput {
  id: string
  version: number
  institution: string
  status: ProductStatus
  description: string
  reviewReason: string | null
  reviewedBy: string | null
  reviewedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface Need {
  id: string
  subjectKey: string
  amountFen: number
  termMonths: number
  purpose: string
  collateral: string | null
  divisionCode: string | null
  status: 'open' | 'closed'
  createdAt: string
}

/** A need as an institution sees it: who asks is shown only to institutions it applied to or granted. */
export interface NeedForInstitution extends Omit<Need, 'subjectKey'> {
  subjectKey: string | null
  enterpriseName: string | null
  masked: boolean
}

export interface ProductMatch {
  product: ProductVersion
  outcome: Outcome
  /** Why the need's amount, term and region fit the product or not, before the eligibility rules. */
  terms: Array<{ check: string; ok: boolean; zh: string }>
  rules: RuleResult[]
  score: number
}

export const APPLICATION_STATUSES = ['submitted', 'accepted', 'approved', 'refused', 'withdrawn', 'lent', 'overdue', 'settled', 'defaulted'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export const APPLICATION_STATUS_ZH: Record<ApplicationStatus, string> = {
  submitted: '已提交', accepted: '已受理', approved: '审批通过', refused: '审批未通过', withdrawn: '已撤回',
  lent: '已放款', overdue: '逾期', settled: '已结清', defaulted: '违约（代偿）',
}

/** Refusal reasons an institution picks from (as data: statistics count by code). */
export const REFUSAL_REASONS = {
  credit_record: '信用记录不符合要求',
  repayment_capacity: '还款能力不足',
  collateral_insufficient: '担保或抵质押不足',
  documents_incomplete: '申请资料不全',
  eligibility: '不符合产品准入条件',
  operation_abnormal: '经营状况异常',
  enterprise_unreachable: '无法联系企业',
  other: '其他原因',
} as const
export type RefusalReason = keyof typeof REFUSAL_REASONS

export interface Application {
  id: string
  subjectKey: string
  enterpriseName: string | null
  needId: string | null
  productId: string
  productVersion: number
  productName: string
  productType: ProductType
  institution: string
  grantId: string | null
  amountFen: number
  termMonths: number
  status: ApplicationStatus
  dueStep: string | null
  dueDate: string | null
  reasonCode: string | null
  reasonNote: string | null
  loan: null | {
    contractNo: string
    principalFen: number
    annualRateBp: number
    repaymentWay: string
    startDate: string
    maturityDate: string
    guarantor: string | null
    creditLoan: boolean
    firstLoan: boolean
    outstandingPrincipalFen: number
    overdueSince: string | null
    /** 企业划型 as of the day the loan was reported (null for loans reported before the platform recorded it). */
    enterpriseSize: { size: EnterpriseSize | null; reason: string; asOf: string } | null
  }
  createdAt: string
  updatedAt: string
}

export interface ApplicationEvent {
  seq: number
  at: string
  businessDate: string
  action: string
  fromStatus: string | null
  toStatus: string
  actor: string
  actorRole: string
  note: string | null
}

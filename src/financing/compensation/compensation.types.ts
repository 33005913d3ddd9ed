import type { BreakdownStep, FundRules } from './compensation-rules.js'

export type RuleBasis = 'loan_start' | 'claim_date'

export interface Fund {
  id: string
  name: string
  owner: string
  regions: string[]
  year: number
  ruleBasis: RuleBasis
  createdBy: string
  createdAt: Date
}

export interface RuleVersion {
  version: number
  effectiveFrom: string
  rules: FundRules
  createdBy: string
  createdAt: Date
}

/** A fund as people read it: its rule versions and its accounts' balances. */
export interface FundDetail extends Fund {
  versions: RuleVersion[]
  balances: { poolFen: number; commitmentFen: number; contributedFen: number; compensationPaidFen: number; recoveryReturnedFen: number; subsidyPaidFen: number }
}

/** Attachment metadata: the files themselves stay with the institution; the hash binds the claim to them. */
export interface Evidence {
  name: string
  mediaType: string
  sizeBytes: number
  sha256: string
}

export type ClaimStatus = 'filed' | 'approved' | 'rejected' | 'paid'

export const CLAIM_STATUS_ZH: Record<ClaimStatus, string> = { filed: '待审核', approved: '已批准待拨付', rejected: '已驳回', paid: '已拨付' }

export interface Claim {
  id: string
  fundId: string
  fundName: string
  loanId: string
  institution: string
  uscc: string
  year: number
  status: ClaimStatus
  ruleVersion: number
  unrecoveredFen: number
  claimedFen: number | null
  computedFen: number
  approvedFen: number | null
  breakdown: { steps: BreakdownStep[]; lenderBearsFen: number; guarantorBearsFen: number }
  evidence: Evidence[]
  note: string | null
  filedBy: string
  filedAt: Date
  reviewedBy: string | null
  reviewedAt: Date | null
  reviewNote: string | null
  rejectReason: string | null
  paidBy: string | null
  paidAt: Date | null
  paymentRef: string | null
  recoveredFen: number
  returnedFen: number
}

export interface ClaimEvent {
  seq: number
  at: Date
  action: 'file' | 'approve' | 'reject' | 'pay' | 'recover'
  actor: string
  actorRole: string
  amountFen: number | null
  note: string | null
  entryId: string | null
}

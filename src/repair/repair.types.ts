import type { DishonestyClass } from './repair-rules.js'

export type ObjectionStatus = 'open' | 'corrected' | 'kept' | 'removed'
export type ObjectionOutcome = Exclude<ObjectionStatus, 'open'>
export type ApplicationStatus = 'open' | 'repaired' | 'refused'

/** One message of a case's exchange: the filing, what either side wrote, the decision. */
export interface CaseMessage {
  id: string
  author: string
  authorRole: string
  kind: 'filed' | 'message' | 'decision'
  text: string
  at: string
}

export interface AttachmentInfo {
  id: string
  name: string
  mediaType: string
  size: number
  sm3: string
  uploadedBy: string
  uploadedAt: string
}

/** The record a case is about, as the subject and the unit see it (withdrawn ones too). */
export interface CaseRecord {
  itemKey: string
  itemName: string
  recordKey: string
  version: number
  state: 'normal' | 'objected' | 'withdrawn'
  values: Record<string, unknown>
}

/** The deadline clock of an open objection, in working days (holidays and 调休 counted). */
export interface Clock {
  dueOn: string
  /** Working days left after today, up to and including the due date; 0 on the due date itself. */
  remainingWorkingDays: number
  overdue: boolean
}

export interface Objection {
  id: string
  subjectKey: string
  itemKey: string
  itemName: string
  recordKey: string
  recordVersion: number
  provider: string
  reasons: string
  status: ObjectionStatus
  filedBy: string
  filedAt: string
  clock: Clock
  decidedBy: string | null
  decidedAt: string | null
  decisionNote: string | null
  correction: Record<string, unknown> | null
}

export interface ObjectionDetail extends Objection {
  record: CaseRecord | null
  messages: CaseMessage[]
  attachments: AttachmentInfo[]
}

export interface RepairApplication {
  id: string
  subjectKey: string
  itemKey: string
  itemName: string
  recordKey: string
  provider: string
  kind: 'early' | 'automatic'
  class: DishonestyClass
  ruleSet: string
  publicityStart: string
  minEnd: string
  maxEnd: string
  status: ApplicationStatus
  fulfilment: string | null
  commitment: string | null
  filedBy: string
  filedAt: string
  decidedBy: string | null
  decidedAt: string | null
  decisionNote: string | null
}

export interface RepairApplicationDetail extends RepairApplication {
  record: CaseRecord | null
  messages: CaseMessage[]
  attachments: AttachmentInfo[]
}

/** Where a subject's record stands for repair: its class and window under the rules, and any open case. */
export interface RepairEligibility {
  itemKey: string
  recordKey: string
  dishonesty: boolean
  class: DishonestyClass | null
  ruleSet: string | null
  publicityStart: string | null
  minEnd: string | null
  maxEnd: string | null
  /** The subject may apply today. */
  canApply: boolean
}

/** A notice to an institution or platform that a record it received is no longer shared. */
export interface RepairNotice {
  id: string
  subjectKey: string
  itemKey: string
  recordKey: string
  reason: 'repaired' | 'removed' | 'publicity_ended'
  caseId: string
  createdAt: string
  readAt: string | null
}

export interface RepairStats {
  objections: { total: number; open: number; overdue: number; byOutcome: Record<string, number>; byProvider: Array<{ provider: string; total: number; open: number; overdue: number }>; medianDays: number | null }
  repairs: { total: number; byClass: Record<string, number>; byStatus: Record<string, number>; byKind: Record<string, number>; byProvider: Array<{ provider: string; total: number; repaired: number }>; medianDays: number | null }
}

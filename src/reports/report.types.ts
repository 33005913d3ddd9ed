// The type file itself, not records/index.ts: report types reach the web build, which must not see server routes.
import type { SelfDeclaredSection } from '../records/index.js'
/** A credit report (公共信用信息报告) as issued: everything here is covered by the verification code. */
export interface CreditReport {
  format: 'xinshu.credit-report/1'
  reportNo: string
  title: string
  standard: string
  issuer: string
  issuedAt: string
  requester: { role: string; organization: string | null; basis: string; purpose: string; grants: string[] }
  subject: { name: string | null; uscc: string | null; subjectKey: string; formerNames: string[]; entityType: string | null; divisionCode: string | null }
  /** The newest data in the report reached the hub at this time. */
  asOf: string | null
  sections: ReportSection[]
  notes: string[]
  /** The subject's own statements (自愿填报, 信用承诺), as an appendix apart from the sections, marked unverified. */
  selfDeclared?: SelfDeclaredSection
}

export interface ReportSection {
  no: number
  key: string
  title: string
  /** 数据截止日期 of the section: when its newest record reached the hub; null when empty. */
  asOf: string | null
  items: ReportItem[]
  /** Shown when the section has no items. */
  empty: string | null
}

export interface ReportItem {
  key: string
  name: string
  asOf: string
  fields: Array<{ key: string; name: string; type: string }>
  /** Fields not shown to this requester. */
  withheld: Array<{ key: string; name: string }>
  records: Array<{ values: Record<string, unknown>; provider: string; receivedAt: string; /** 'objected': 异议中 (the subject's objection awaits the provider's answer). */ state?: 'objected' }>
}

/** What a report carries beside its content: the code that proves the content. */
export interface IssuedReport extends CreditReport {
  verification: { algorithm: 'SM3'; code: string; url: string }
}

export interface ReportCheck {
  genuine: boolean
  /** `altered`: the code exists but the content differs from what was issued; `unknown`: no such report. */
  problem?: 'altered' | 'unknown'
  reportNo?: string
  issuedAt?: string
  subjectName?: string | null
  issuer?: string
}

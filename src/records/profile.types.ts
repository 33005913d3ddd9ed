import type { SelfDeclaredSection } from './self-declared.types.js'
import type { ViewerBasis } from '../access/index.js'

export interface ProfileFieldMeta {
  key: string
  name: string
  type: string
  sensitivity: string
}

export interface ProfileRecord {
  recordKey: string
  version: number
  /** Superseded versions the hub keeps of this record (its correction history). */
  earlierVersions: number
  provenance: { provider: string; method: string; batchId: string; receivedAt: string; catalogVersion: number }
  values: Record<string, unknown>
  /** Fields shown masked in this record. */
  masked?: string[]
  /** 'objected' (异议中) while the subject's objection to it awaits the provider's answer. */
  state?: 'objected'
}

export interface ProfileItem {
  key: string
  name: string
  /** When the newest of these records reached the hub. */
  asOf: string
  /** The fields shown, in catalog order. */
  fields: ProfileFieldMeta[]
  /** Fields left out for this caller (restricted without a covering grant). */
  withheld: string[]
  /** The grant under which the restricted fields are shown, for an institution. */
  grantId: string | null
  records: ProfileRecord[]
}

export interface ProfileCategory {
  no: number
  key: string
  name: string
  asOf: string
  items: ProfileItem[]
}

export interface ProfileGrantRef {
  id: string
  mode: string
  status: string
  validUntil: string
  revokedAt: string | null
}

export interface Profile {
  subject: {
    subjectKey: string
    uscc: string | null
    kind: string
    name: string | null
    names: string[]
    entityType: string | null
    divisionCode: string | null
  }
  generatedAt: string
  /** When the newest record shown reached the hub; null when nothing is shown. */
  asOf: string | null
  viewer: {
    role: string
    organization: string | null
    basis: ViewerBasis
    purpose: string
    revealed: boolean
    /** Live grants used. */
    grants: ProfileGrantRef[]
    /** Grants of this institution for this subject that were revoked or expired: the institution is told. */
    endedGrants: ProfileGrantRef[]
  }
  categories: ProfileCategory[]
  /** What the subject said of itself (自愿填报, 信用承诺): never mixed into `categories`, which hold providers' records only. */
  selfDeclared?: SelfDeclaredSection
  /** The audit entry this read left, when it disclosed non-public data. */
  audit: { seq: number; hash: string } | null
}

/** What a read disclosed beyond public fields: the audit entry's content. */
export interface Disclosed {
  items: string[]
  fields: string[]
  grantIds: string[]
}

/** The API's shapes as the web app uses them (see /openapi.json and src/**\/*.routes.ts). */

export type Role = 'operator' | 'provider' | 'platform' | 'institution' | 'enterprise' | 'supervisor'

export interface Account {
  accountId: string
  username: string
  displayName: string
  role: Role
  organization: string | null
  via: 'session' | 'api_key'
  scopes: readonly string[]
}

export interface LoginResult {
  token: string
  expiresAt: string
  account: Account
}

export type Sensitivity = 'public' | 'restricted' | 'sensitive'
export type ShareMethod = 'table' | 'api' | 'file' | 'national' | 'api_or_table'
export type CollectionMethod = 'table' | 'api' | 'file' | 'national'
export type Frequency = 'weekly' | 'monthly' | 'quarterly' | 'yearly'

export interface CatalogItemSummary {
  key: string
  name: string
  nameEn?: string
  shareMethod: ShareMethod
  shareMethodZh: string
  responsibleUnits: string[]
  fieldCount: number
  frequency: Frequency | null
  sensitivities: Sensitivity[]
}

export interface CatalogCategory {
  no: number
  key: string
  name: string
  nameEn?: string
  items: CatalogItemSummary[]
}

export interface Catalog {
  version: number
  label: string
  title: string
  categories: CatalogCategory[]
}

export interface CatalogField {
  key: string
  name: string
  type: string
  sensitivity: Sensitivity
  note?: string
  required?: boolean
}

export interface CatalogItemDetail {
  version: number
  category: { no: number; key: string; name: string }
  key: string
  name: string
  nameEn?: string
  fields: CatalogField[]
  shareMethod: ShareMethod
  shareMethodZh: string
  responsibleUnits: string[]
  responsibleUnitsZh?: string
  identity: string[]
  frequency?: Frequency
}

export interface CatalogVersion {
  version: number
  label?: string
  published_at?: string
  [k: string]: unknown
}

export type BatchStatus = 'running' | 'completed' | 'failed'

export interface BatchSummary {
  batchId: string
  itemKey: string
  provider: string
  method: CollectionMethod
  catalogVersion: number
  status: BatchStatus
  received: number
  stored: number
  quarantined: number
  duplicates: number
  resumed: boolean
  warnings: string[]
  format?: string
  encoding?: string
}

export interface BatchRow {
  id: string
  item_key: string
  provider: string
  method: CollectionMethod
  catalog_version: number
  source: string | null
  status: BatchStatus
  received: number
  stored: number
  duplicates: number
  quarantined: number
  position: number
  options: Record<string, unknown> | null
  error: string | null
  created_by: string | null
  started_at: string
  updated_at: string
  finished_at: string | null
}

export interface Page<T> {
  total: number
  rows: T[]
}

export interface Issue {
  field: string
  code: string
  zh: string
  en: string
}

export type QuarantineStatus = 'open' | 'resubmitted' | 'discarded'

export interface QuarantineRow {
  batch_id: string
  position: number
  item_key: string
  provider: string
  raw: Record<string, unknown>
  issues: Issue[]
  status: QuarantineStatus
  created_at: string
  resolved_by?: string | null
  resolved_at?: string | null
  resolved_batch_id?: string | null
}

export type ResubmitResult = { ok: true; batch: BatchSummary } | { ok: false; issues: Issue[] }

export interface QualityRow {
  provider: string
  itemKey: string
  itemName: string
  batches: number
  received: number
  stored: number
  duplicates: number
  quarantined: number
  validity: number | null
  completeness: number | null
  duplicateRate: number | null
  lastDelivery: string | null
  frequency: string
  dueBy: string | null
  overdue: boolean
}

export interface SubjectRow {
  subject_key: string
  uscc: string | null
  kind: 'organization' | 'person' | 'unidentified'
  name: string | null
  entity_type: string | null
  division_code: string | null
  first_seen_at: string
  updated_at: string
}

export interface SubjectDetail extends SubjectRow {
  entityTypeName: string | null
  division: { code: string; province: string; city?: string; county?: string; inNingxia: boolean } | null
  names: Array<{ name: string; first_seen_at: string }>
}

/** RFC 9457 problem details, as every API error is answered. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  detail_en?: string
  code: string
  errors?: unknown
}

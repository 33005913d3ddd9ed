/**
 * The shape of the sharing list (附件2 自治区公共信用信息共享清单) as the product loads it.
 * It mirrors `data/catalog/credit-catalog.json`; the JSON is the contract with the data providers.
 */

export type FieldType =
  | 'string'
  | 'uscc'
  | 'id_number'
  | 'date'
  | 'datetime'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'boolean'
  | 'enum'
  | 'text'

export type Sensitivity = 'public' | 'restricted' | 'sensitive'

export type ShareMethod = 'table' | 'api' | 'file' | 'national' | 'api_or_table'

/** How a batch actually reached the hub (an item's preferred share method may allow two). */
export type CollectionMethod = 'table' | 'api' | 'file' | 'national'

export interface CatalogField {
  key: string
  name: string
  type: FieldType
  sensitivity: Sensitivity
  note?: string
  /** Set by a published catalog version: a required field quarantines a record when empty. */
  required?: boolean
}

export interface CatalogItem {
  key: string
  name: string
  nameEn?: string
  seq?: number
  fields: CatalogField[]
  shareMethod: ShareMethod
  shareMethodZh: string
  responsibleUnits: string[]
  responsibleUnitsZh: string
  /** Fields that identify a record within the item; empty means one current record per subject. */
  identity?: string[]
  /** Where the item has no `uscc` field: which field carries the subject's code (USCC or ID number) and name. */
  subject?: { code?: string; name?: string }
  /** How often the provider is expected to deliver, for the timeliness check of data quality. */
  frequency?: 'weekly' | 'monthly' | 'quarterly' | 'yearly'
}

export interface CatalogCategory {
  no: number
  key: string
  name: string
  nameEn?: string
  items: CatalogItem[]
}

export interface CatalogDocument {
  source: string
  version: string
  title: string
  categories: CatalogCategory[]
  [extra: string]: unknown
}

/**
 * Kinds of organisation in the directory, as data: the operator picks one when onboarding. Institutions are the X of
 * "1+N+X" (接入机构), platforms the N (融资信用服务平台). Codes are stable; names are what staff read.
 */
export const INSTITUTION_TYPES = {
  bank: '银行',
  insurance: '保险',
  guarantee: '融资担保',
  microcredit: '小额贷款公司',
  credit_service: '信用服务机构',
  financial_leasing: '融资租赁',
  factoring: '商业保理',
  trust: '信托',
  securities: '证券',
} as const

export const PLATFORM_TYPES = {
  xinyidai: '信易贷站点',
  financing_service: '企业融资服务平台',
  city_platform: '地市融资信用服务平台',
  industry_platform: '行业服务平台',
} as const

export type OrganizationKind = 'institution' | 'platform'

/** The type codes of a kind. */
export const typesOf = (kind: OrganizationKind): Record<string, string> => (kind === 'institution' ? INSTITUTION_TYPES : PLATFORM_TYPES)

/** An institution or platform in the directory. `name` is the key other contexts know it by. */
export interface Organization {
  id: string
  name: string
  kind: OrganizationKind
  type: string
  typeName: string
  /** GB/T 2260 division codes it serves. */
  regions: string[]
  contact: { name: string | null; phone: string | null; email: string | null }
  disabledAt: string | null
  disabledReason: string | null
  createdAt: string
}

/** What other contexts (financing) read of an institution: enough to match products to regions and types. */
export interface InstitutionRef {
  name: string
  kind: OrganizationKind
  type: string
  typeName: string
  regions: string[]
  enabled: boolean
}

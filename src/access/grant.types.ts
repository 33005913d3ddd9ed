/** What a grant lets an institution do with the data it covers (§十一 "可用不可见"). */
export type GrantMode = 'view' | 'verify' | 'model'
export const GRANT_MODES: readonly GrantMode[] = ['view', 'verify', 'model']

export const GRANT_MODE_NAMES_ZH: Record<GrantMode, string> = {
  view: '查看数据',
  verify: '仅核验（是/否）',
  model: '仅模型（衍生指标和评分）',
}

/** The purposes a grant may name. 68号文 §十一: authorised use for financing. */
export const GRANT_PURPOSES = ['融资'] as const
export type GrantPurpose = (typeof GRANT_PURPOSES)[number]

/** `expired` is computed from `validUntil`, never stored. */
export type GrantStatus = 'requested' | 'active' | 'refused' | 'revoked' | 'expired'

/** How consent was given, kept with the grant as evidence. */
export type ConsentMethod = 'web-consent' | 'api' | 'paper'

export interface GrantEvidence {
  by: string
  accountId: string | null
  at: string
  how: ConsentMethod
  /** The consent text the enterprise agreed to, and its SM3, so the wording cannot be changed afterwards. */
  statement: string
  statementHash: string
  ip?: string
  userAgent?: string
}

export interface Grant {
  id: string
  subjectKey: string
  /** The subject's registered name, in lists and single grants; null where not looked up or not known. */
  subjectName: string | null
  institution: string
  categories: string[]
  items: string[]
  mode: GrantMode
  purpose: string
  validUntil: Date
  status: GrantStatus
  evidence: GrantEvidence | null
  requestedBy: string | null
  requestedAt: Date | null
  requestNote: string | null
  decidedAt: Date | null
  revokedAt: Date | null
  revokedBy: string | null
  revokeReason: string | null
  refuseReason: string | null
  createdAt: Date
  updatedAt: Date
}

export interface GrantEvent {
  seq: number
  at: Date
  action: 'request' | 'create' | 'approve' | 'refuse' | 'revoke'
  actor: string
  actorRole: string
  how: string | null
  note: string | null
}

export interface Notification {
  id: string
  kind: 'grant.revoked' | 'grant.approved' | 'grant.refused' | 'grant.requested' | 'grant.created'
  grantId: string | null
  subjectKey: string | null
  zh: string
  en: string
  createdAt: Date
  readAt: Date | null
}

/** Whether a grant's scope names an item, directly or through its category. */
export function grantCovers(g: Pick<Grant, 'items' | 'categories'>, itemKey: string, categoryKey: string): boolean {
  return g.items.includes(itemKey) || g.categories.includes(categoryKey)
}

/** Modes that allow an action: seeing values needs `view`; a yes/no verification is allowed by `verify` or `view`. */
export const MODES_FOR = {
  view: ['view'] as readonly GrantMode[],
  verify: ['verify', 'view'] as readonly GrantMode[],
  model: ['model', 'verify', 'view'] as readonly GrantMode[],
}

export type Role = 'operator' | 'provider' | 'platform' | 'institution' | 'enterprise' | 'supervisor'

export const ROLES: readonly Role[] = ['operator', 'provider', 'platform', 'institution', 'enterprise', 'supervisor']

export const ROLE_NAMES_ZH: Record<Role, string> = {
  operator: '信用服务中心',
  provider: '数据提供单位',
  platform: '融资服务平台',
  institution: '接入机构',
  enterprise: '信用主体',
  supervisor: '监管部门',
}

/** Who is asking: resolved once per request from a session token or an API key. */
export interface Principal {
  accountId: string
  username: string
  displayName: string
  role: Role
  /** The organisation the account acts for: a provider's unit name, an institution's name, an enterprise's USCC. */
  organization: string | null
  via: 'session' | 'api_key'
  scopes: readonly string[]
  /** A self-registered enterprise whose registration is not yet approved: it sees only its registration. */
  pending?: boolean
}

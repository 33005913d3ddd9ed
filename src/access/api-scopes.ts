import type { Role } from './access.types.js'

/**
 * What an API key may do. A key carries some of these; a route that systems may call declares the one it needs
 * next to its policy (`{ roles, scope }`). A key is refused on a route that names no scope: deny by default, so a new
 * route is closed to keys until its author decides which scope opens it. People (sessions) are not scoped: their
 * role decides.
 */
export const API_SCOPES = {
  'ingest:write': { zh: '报送数据（归集）', en: 'deliver data (collection)' },
  'ingest:read': { zh: '查看本单位的批次与隔离数据', en: 'read own batches and quarantine' },
  'catalog:read': { zh: '读取共享清单', en: 'read the sharing list' },
  'subject:read': { zh: '查找信用主体', en: 'find subjects' },
  'profile:read': { zh: '读取信用画像（按授权）', en: 'read credit profiles (under grants)' },
  verify: { zh: '核验（是/否）', en: 'run verifications (yes/no)' },
  'report:issue': { zh: '出具信用报告', en: 'issue credit reports' },
  'grant:read': { zh: '查看授权与通知', en: 'read grants and notifications' },
  'grant:write': { zh: '申请授权', en: 'request grants' },
  'audit:read': { zh: '查看本单位的使用记录', en: 'read own audit entries' },
  'financing:read': { zh: '读取融资产品、需求与申请', en: 'read financing products, demands and applications' },
  'financing:write': { zh: '发布产品、处理申请、报送放款', en: 'publish products, handle applications, report loans' },
  'compensation:read': { zh: '查看风险补偿资金池、补偿申请与贴息', en: 'read compensation funds, claims and subsidy payments' },
  'compensation:write': { zh: '申请风险补偿、报送追偿款', en: 'file compensation claims and report recoveries' },
  'stats:read': { zh: '读取融资统计', en: 'read financing statistics' },
  'evaluation:read': { zh: '读取信用评价（按授权）', en: 'read credit evaluations (under grants)' },
  'monitoring:read': { zh: '读取监测名单、预警与回调记录（监管部门：仅统计与负面信息规则）', en: 'read watch lists, alerts and webhook deliveries (supervisors: statistics and negative-record rules only)' },
  'monitoring:write': { zh: '管理监测名单、预警规则与回调地址', en: 'manage watch lists, alert rules and the webhook' },
  'repair:read': { zh: '查看异议、信用修复及其通知', en: 'read objections, repairs and their notices' },
  'repair:write': { zh: '提出或处理异议与信用修复', en: 'file or answer objections and repair applications' },
  'feed:read': { zh: '拉取共享数据增量（服务平台）', en: 'pull the incremental data feed (service platforms)' },
  'feed:feedback': { zh: '报送数据使用情况反馈（服务平台）', en: 'report how shared data was used (service platforms)' },
} as const satisfies Record<string, { zh: string; en: string }>

export type ApiScope = keyof typeof API_SCOPES

export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[]

/** Whether `s` names a known scope. */
export const isApiScope = (s: string): s is ApiScope => Object.hasOwn(API_SCOPES, s)

/**
 * The scopes a key of each role may hold: a key never opens more than its account's role could use, and a role's
 * systems get only what such systems do (a provider's system delivers; an institution's queries and lends).
 */
export const ROLE_SCOPES: Record<Role, readonly ApiScope[]> = {
  operator: API_SCOPE_NAMES,
  provider: ['ingest:write', 'ingest:read', 'catalog:read', 'repair:read', 'repair:write'],
  institution: ['catalog:read', 'subject:read', 'profile:read', 'verify', 'report:issue', 'grant:read', 'grant:write', 'audit:read', 'financing:read', 'financing:write', 'compensation:read', 'compensation:write', 'evaluation:read', 'monitoring:read', 'monitoring:write', 'repair:read'],
  platform: ['catalog:read', 'subject:read', 'profile:read', 'financing:read', 'repair:read', 'feed:read', 'feed:feedback'],
  supervisor: ['catalog:read', 'subject:read', 'ingest:read', 'financing:read', 'compensation:read', 'stats:read', 'repair:read', 'monitoring:read'],
  enterprise: ['profile:read', 'verify', 'report:issue', 'grant:read', 'grant:write', 'audit:read', 'financing:read', 'financing:write', 'evaluation:read', 'repair:read', 'repair:write'],
}

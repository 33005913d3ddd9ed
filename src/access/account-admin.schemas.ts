import { Type } from '@sinclair/typebox'
import { ROLES } from './access.types.js'
import { API_SCOPE_NAMES } from './api-scopes.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)))
const Scope = Type.Union(API_SCOPE_NAMES.map((s) => Type.Literal(s)))

export const AccountIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
export const KeyIdParams = Type.Object({ keyId: Type.String({ pattern: '^[0-9a-f]{12}$' }) })

export const CreateAccountBody = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{3,64}$', description: '登录名 / login name' }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: Role,
  organization: Type.Optional(Nullable(Type.String({ maxLength: 100, description: '所属单位：机构名称或企业统一社会信用代码' }))),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 128, description: '不填则生成初始密码，仅返回一次' })),
}, { additionalProperties: false })

export const AccountResponse = Type.Object({
  id: Type.String(), username: Type.String(), displayName: Type.String(), role: Type.String(), organization: Nullable(Type.String()),
  status: Type.String({ description: 'active 正常 · pending 注册待审核 · disabled 已停用' }), createdAt: Type.String(), activeKeys: Type.Integer(),
})

export const CreateAccountResponse = Type.Object({ account: AccountResponse, initialPassword: Type.Optional(Type.String({ description: '仅此一次显示' })) })

export const ListAccountsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Optional(Role),
  organization: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('pending'), Type.Literal('disabled')])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
}, { additionalProperties: false })

export const ListAccountsResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(AccountResponse) })

export const OptionalReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })

export const ResetPasswordBody = Type.Object({
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 128, description: '不填则生成新密码，仅返回一次' })),
}, { additionalProperties: false })

export const ResetPasswordResponse = Type.Object({ account: AccountResponse, password: Type.Optional(Type.String()) })

export const CreateKeyBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 100, description: '用途，如“征管系统”/ what system uses it' }),
  scopes: Type.Array(Scope, { minItems: 1, maxItems: 20, description: '权限 / scopes' }),
  expiresAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', maxLength: 40, description: '到期日或时间（两年内）/ expiry date or time, within two years' }),
}, { additionalProperties: false })

export const ApiKeyResponse = Type.Object({
  id: Type.String(), accountId: Type.String(), label: Type.String(), scopes: Type.Array(Type.String()), expiresAt: Type.String(),
  revokedAt: Nullable(Type.String()), createdAt: Type.String(), lastUsedAt: Nullable(Type.String()), status: Type.String(),
})

export const CreateKeyResponse = Type.Object({ key: Type.String({ description: 'API 密钥全文，仅此一次显示 / shown this once only' }), apiKey: ApiKeyResponse })

export const ScopesResponse = Type.Array(Type.Object({ scope: Type.String(), zh: Type.String(), en: Type.String(), roles: Type.Array(Type.String()) }))

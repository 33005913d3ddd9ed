import { Type } from '@sinclair/typebox'
import { ROLES, type Principal, type Role } from './access.types.js'

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false })

/** Who is asking (GET /api/auth/me), as the login resolved it. */
export const PrincipalResponse = Type.Object({
  accountId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] }),
  organization: Type.Union([Type.String(), Type.Null()], { description: '所属单位：数据提供单位名称、机构名称，或企业的统一社会信用代码' }),
  via: Type.Unsafe<Principal['via']>({ type: 'string', enum: ['session', 'api_key'], description: 'session 登录会话 · api_key API 密钥' }),
  // Readonly as the principal holds it: a plain array on the wire.
  scopes: Type.Unsafe<readonly string[]>({ type: 'array', items: { type: 'string' }, description: 'API 密钥的权限范围；登录会话为空' }),
  pending: Type.Optional(Type.Boolean({ description: '自助注册、尚未审核通过的企业：只能查看其注册申请' })),
})

/** POST /api/auth/login: the token (also set as an HttpOnly cookie) and who it is for. */
export const LoginResponse = Type.Object({
  token: Type.String({ description: '登录令牌，脚本以 Bearer 方式使用' }),
  expiresAt: Type.String({ format: 'date-time' }),
  account: PrincipalResponse,
})

export const LogoutResponse = Type.Object({ ok: Type.Boolean() })

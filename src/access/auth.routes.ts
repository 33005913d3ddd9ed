import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AccessService } from './access.service.js'
import type { LoginThrottle } from './login-throttle.service.js'
import { type Config, AppError, DEFAULT_LIMITS } from '../core/index.js'
import { principal, SESSION_COOKIE } from './request-principal.js'
import { ROLES } from './access.types.js'
import { LoginBody, LoginResponse, LogoutResponse, PrincipalResponse } from './auth.schemas.js'

/** What these routes use of the product (`createXinshu()` provides it). */
export interface AuthRoutesServices { access: AccessService; logins: LoginThrottle; config: Partial<Pick<Config, 'secureCookies' | 'limits'>> }

/** Log in and out. Browsers get an HttpOnly cookie; scripts use the token in the body as a bearer token. */
export const authRoutes: FastifyPluginAsyncTypebox<{ x: AuthRoutesServices }> = async (app, { x }) => {
  // Over HTTPS the cookie is never sent in clear; over plain HTTP (a local demo) a Secure cookie would not be kept.
  const secure = x.config.secureCookies ? '; Secure' : ''
  // A login is a few dozen bytes: anything larger is refused before it is read.
  const bodyLimit = (x.config.limits ?? DEFAULT_LIMITS).authBodyBytes

  app.post('/api/auth/login', {
    config: { policy: { public: true } },
    bodyLimit,
    schema: {
      tags: ['auth'], summary: '登录',
      body: LoginBody, response: { 200: LoginResponse },
    },
  }, async (req, reply) => {
    const { username, password } = req.body
    await x.logins.check(username, req.ip)
    let s: Awaited<ReturnType<typeof x.access.login>>
    try {
      s = await x.access.login(username, password)
    } catch (err) {
      if (err instanceof AppError && err.code === 'ACCESS_BAD_CREDENTIALS') await x.logins.failed(username, req.ip)
      throw err
    }
    await x.logins.succeeded(username)
    reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(s.token)}; Path=/; HttpOnly; SameSite=Strict${secure}; Expires=${s.expiresAt.toUTCString()}`)
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), account: s.principal }
  })

  app.post('/api/auth/logout', {
    config: { policy: { roles: ROLES, pending: true } },
    bodyLimit,
    schema: { tags: ['auth'], summary: '退出登录', response: { 200: LogoutResponse } },
  }, async (req, reply) => {
    const h = req.headers.authorization
    if (h?.startsWith('Bearer ')) await x.access.logout(h.slice(7))
    const c = /(?:^|;\s*)xinshu_session=([^;]+)/.exec(req.headers.cookie ?? '')
    if (c) await x.access.logout(decodeURIComponent(c[1]!))
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict${secure}; Max-Age=0`)
    return { ok: true }
  })

  app.get('/api/auth/me', {
    config: { policy: { roles: ROLES, pending: true } },
    schema: { tags: ['auth'], summary: '当前登录身份', response: { 200: PrincipalResponse } },
  }, async (req) => principal(req))
}

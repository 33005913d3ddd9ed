import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Xinshu } from '../app/xinshu.js'
import { principal, SESSION_COOKIE } from '../http/plugins/auth.js'
import { ROLES } from './access.types.js'

/** Log in and out. Browsers get an HttpOnly cookie; scripts use the token in the body as a bearer token. */
export const authRoutes: FastifyPluginAsyncTypebox<{ x: Xinshu }> = async (app, { x }) => {
  app.post('/api/auth/login', {
    config: { policy: { public: true } },
    schema: {
      tags: ['auth'], summary: '登录',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
    },
  }, async (req, reply) => {
    const s = await x.access.login(req.body.username, req.body.password)
    reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(s.token)}; Path=/; HttpOnly; SameSite=Strict; Expires=${s.expiresAt.toUTCString()}`)
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), account: s.principal }
  })

  app.post('/api/auth/logout', {
    config: { policy: { roles: ROLES, pending: true } },
    schema: { tags: ['auth'], summary: '退出登录' },
  }, async (req, reply) => {
    const h = req.headers.authorization
    if (h?.startsWith('Bearer ')) await x.access.logout(h.slice(7))
    const c = /(?:^|;\s*)xinshu_session=([^;]+)/.exec(req.headers.cookie ?? '')
    if (c) await x.access.logout(decodeURIComponent(c[1]!))
    reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
    return { ok: true }
  })

  app.get('/api/auth/me', {
    config: { policy: { roles: ROLES, pending: true } },
    schema: { tags: ['auth'], summary: '当前登录身份' },
  }, async (req) => principal(req))
}

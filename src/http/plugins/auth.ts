import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type AccessService, AccessErrors, ROLE_NAMES_ZH, SESSION_COOKIE } from '../../access/index.js'

function credentialOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization
  if (h?.startsWith('Bearer ')) return h.slice(7).trim()
  const key = request.headers['x-api-key']
  if (typeof key === 'string') return key
  const cookie = request.headers.cookie
  if (cookie) {
    const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie)
    if (m) return decodeURIComponent(m[1]!)
  }
  return undefined
}


/**
 * Deny by default. Authentication runs in `onRequest`, before the body is even read, so an anonymous caller of a
 * protected route gets 401 without the server parsing what it sent. OpenAPI marks public routes with an empty
 * `security` list.
 */
export function registerAuth(app: FastifyInstance, access: AccessService): void {
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy
    if (!policy || !route.schema) return
    route.schema = { ...route.schema, security: 'public' in policy ? [] : [{ bearer: [] }] }
    if (!('public' in policy)) {
      const roles = policy.roles.map((r) => `${r}（${ROLE_NAMES_ZH[r]}）`).join('、')
      const scope = policy.scope ? `\n\nAPI 密钥权限 / key scope: \`${policy.scope}\`` : '\n\nAPI 密钥不可调用 / not callable with an API key'
      route.schema.description = `${route.schema.description ?? ''}\n\n允许角色 / roles: ${roles}${scope}`.trim()
    }
  })
  app.addHook('onRequest', async (request) => {
    const policy = request.routeOptions.config?.policy
    if (!request.routeOptions.url) return // not found: the 404 handler answers
    if (!policy) throw AccessErrors.FORBIDDEN('—')
    if ('public' in policy) return
    const credential = credentialOf(request)
    if (!credential) throw AccessErrors.UNAUTHENTICATED()
    const p = await access.authenticate(credential)
    if (!policy.roles.includes(p.role)) throw AccessErrors.FORBIDDEN(`${p.role}（${ROLE_NAMES_ZH[p.role]}）`)
    if (p.pending && !policy.pending) throw AccessErrors.REGISTRATION_PENDING()
    if (p.via === 'api_key' && (!policy.scope || !p.scopes.includes(policy.scope))) throw AccessErrors.SCOPE_MISSING(policy.scope ?? '—')
    request.principal = p
    request.reauthenticate = () => access.authenticate(credential)
  })
}

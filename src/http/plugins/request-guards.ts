import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type Limits, RequestErrors } from '../../core/index.js'
import { SESSION_COOKIE } from '../../access/index.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** PostgreSQL `int4`: every integer the API takes (page sizes, offsets, positions) fits, and nothing larger reaches SQL. */
const INT_MAX = 2_147_483_647

/**
 * The page's Content Security Policy. The built web app loads only its own scripts (Vite emits no inline script);
 * its inline <style> and Ant Design's CSS-in-JS need inline styles; charts and icons use data: and blob: images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * How deep a JSON text nests, counted without parsing it, and whether it goes past `max`: a body nested thousands
 * deep is refused before `JSON.parse` and the schema validator (both recursive) ever see it.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true
    } else if (c === 125 || c === 93) depth--
  }
  return false
}

/** The path of the first string (value or key) holding U+0000, which no text column can store, or undefined. */
export function findNul(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path || '/' : undefined
  if (value === null || typeof value !== 'object' || depth > 200) return undefined
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\0')) return `${path}/${k.replace(/\0/g, '\\u0000')}`
    const found = findNul(v, `${path}/${k}`, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Gives every integer of a request schema (querystring, params, body) that has no upper bound the bound of the
 * database's integer, so `offset=1e20` is a 400 from the validator instead of an overflow in SQL.
 */
function boundIntegers(schema: unknown, seen = new Set<object>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return
  seen.add(schema)
  const s = schema as Record<string, unknown>
  if (s.type === 'integer') {
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = INT_MAX
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = -INT_MAX
  }
  for (const v of Object.values(s)) {
    if (Array.isArray(v)) v.forEach((e) => boundIntegers(e, seen))
    else boundIntegers(v, seen)
  }
}

/** The origins a browser may send a cookie-authenticated change from: this server's own, plus the configured ones. */
function originAllowed(request: FastifyRequest, origin: string, allowed: readonly string[]): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (allowed.includes(url.origin)) return true
  return url.host === request.headers.host
}

/** Whether this request would be authenticated by the browser's session cookie (no bearer token, no API key). */
function usesSessionCookie(request: FastifyRequest): boolean {
  if (request.headers.authorization?.startsWith('Bearer ') || typeof request.headers['x-api-key'] === 'string') return false
  return new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`).test(request.headers.cookie ?? '')
}

/**
 * Request hygiene for every route, in one place rather than in twenty schemas:
 * - JSON bodies nested deeper than `limits.jsonDepth` are refused before parsing;
 * - U+0000 in any parameter, query value or body string (PostgreSQL text cannot hold it) is a 400;
 * - integers without an upper bound get the database's;
 * - security headers on every answer (CSP, nosniff, frame-ancestors, Referrer-Policy);
 * - a state-changing request authenticated by the session cookie must come from this site (Origin, else
 *   Referer): a cross-site form or script cannot act with a logged-in user's cookie. Bearer tokens and API keys
 *   are not sent by browsers on their own, so they need no such check.
 */
export function registerRequestGuards(app: FastifyInstance, opts: { limits: Limits; allowedOrigins: readonly string[] }): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined
    if (!schema) return
    for (const part of ['querystring', 'params', 'body'] as const) boundIntegers(schema[part])
  })

  // Fastify's own parser (it refuses __proto__ and constructor poisoning), behind a depth check it does not make.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, opts.limits.jsonDepth)) {
      return done(RequestErrors.INVALID(`JSON 嵌套超过 ${opts.limits.jsonDepth} 层 / JSON nested deeper than ${opts.limits.jsonDepth}`), undefined)
    }
    parseJson(request, body as string, (err, value) => {
      if (err) done(RequestErrors.INVALID(`请求体不是合法的 JSON / the body is not valid JSON: ${err.message}`), undefined)
      else done(null, value)
    })
  })

  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const at = findNul(value)
      if (at) throw RequestErrors.INVALID(`${where}${at === '/' ? '' : at} 含有空字符 U+0000 / contains a NUL character`)
    }
  })

  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return
    const isLogin = request.routeOptions.url === '/api/auth/login'
    if (!usesSessionCookie(request) && !isLogin) return
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer)
    // A login without Origin comes from a script, not from a page: nothing to forge there.
    if (!origin && isLogin && !usesSessionCookie(request)) return
    if (!origin || !originAllowed(request, origin, opts.allowedOrigins)) throw RequestErrors.CROSS_ORIGIN(origin ?? '无 Origin / no Origin')
  })

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY)
    reply.header('x-content-type-options', 'nosniff')
    reply.header('x-frame-options', 'DENY')
    reply.header('referrer-policy', 'same-origin')
    return payload
  })
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined
  try {
    return new URL(referer).origin
  } catch {
    return undefined
  }
}

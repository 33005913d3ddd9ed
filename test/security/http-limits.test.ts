import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import { createXinshu, type Xinshu } from '../../src/app/xinshu.js'
import { DEFAULT_LIMITS, loadConfig, type Limits } from '../../src/core/config.js'
import { seedCallers, seedFirm, type Caller } from '../fixtures/access.fixtures.js'
import type { Role } from '../../src/access/access.types.js'
import { createLoginThrottle } from '../../src/access/login-throttle.service.js'
import { openTestDatabase, TEST_DATA_KEY, TEST_DIALECTS } from '../databases.js'

const LIMITS: Limits = { ...DEFAULT_LIMITS, bodyBytes: 64 * 1024, authBodyBytes: 2048, login: { maxFailures: 3, maxAddressFailures: 6, windowSeconds: 600, lockSeconds: 600 } }

/** Sends raw bytes to a listening server and returns what it answers before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let out = ''
    socket.on('data', (d) => { out += d.toString('utf8') })
    socket.on('end', () => resolve(out))
    socket.on('close', () => resolve(out))
    socket.on('error', reject)
  })
}

/**
 * The HTTP edge replayed against the real app: oversized and malformed requests, NUL characters, deep JSON, huge
 * numbers, an empty multipart boundary, unknown fields, password guessing, and cross-site requests with the cookie.
 * Each answers a documented problem+json, never a 500.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: HTTP limits and request hygiene`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let as: Record<Role, Caller>
    let port: number

    beforeAll(async () => {
      x = await createXinshu({ dataKey: TEST_DATA_KEY, limits: LIMITS }, await openTestDatabase(dialect))
      app = await buildApp(x)
      const firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      await x.access.createAccount({ username: 'guessme', displayName: '被猜密码的人', role: 'provider', organization: '宁夏税务局', password: 'correct horse battery' })
      await x.access.createAccount({ username: 'other', displayName: '另一个人', role: 'provider', organization: '宁夏税务局', password: 'another good password' })
      await app.listen({ port: 0, host: '127.0.0.1' })
      port = (app.server.address() as { port: number }).port
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) => {
      expect(String(res.headers['content-type'])).toContain('application/problem+json')
      return res.json() as { code: string; status: number; detail: string }
    }

    it('refuses a 50 MB body to the login route from its Content-Length, before reading it', async () => {
      const answer = await rawRequest(port, 'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 52428800\r\nConnection: close\r\n\r\n{"username":')
      expect(answer).toMatch(/^HTTP\/1\.1 413/)
      expect(answer).toContain('"code":"REQUEST_TOO_LARGE"')
    })

    it('refuses a body just over the auth limit with 413 REQUEST_TOO_LARGE', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'p'.repeat(LIMITS.authBodyBytes) }) })
      expect(res.statusCode).toBe(413)
      expect(problem(res).code).toBe('REQUEST_TOO_LARGE')
    })

    it('refuses a body just over the ordinary limit on any other route', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/verifications/check', headers: { ...as.institution.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(LIMITS.bodyBytes) }) })
      expect(res.statusCode).toBe(413)
      expect(problem(res).code).toBe('REQUEST_TOO_LARGE')
    })

    it('refuses JSON nested 10,000 deep with 400 before parsing it', async () => {
      const deep = '['.repeat(10_000) + ']'.repeat(10_000)
      const res = await app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: { ...as.provider.headers, 'content-type': 'application/json' }, payload: `{"records":${deep}}` })
      expect(res.statusCode).toBe(400)
      expect(problem(res).code).toBe('REQUEST_INVALID')
    })

    it('refuses U+0000 in a body field, a query value and a path parameter with 400', async () => {
      const inBody = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a\u0000b', password: 'x' }) })
      expect(inBody.statusCode).toBe(400)
      expect(problem(inBody).code).toBe('REQUEST_INVALID')
      const inQuery = await app.inject({ method: 'GET', url: '/api/subjects?q=%00', headers: as.operator.headers })
      expect(inQuery.statusCode).toBe(400)
      expect(problem(inQuery).code).toBe('REQUEST_INVALID')
      const inPath = await app.inject({ method: 'GET', url: '/api/subjects/91640000%00', headers: as.operator.headers })
      expect(inPath.statusCode).toBe(400)
      expect(problem(inPath).code).toBe('REQUEST_INVALID')
      const inRecordKey = await app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/records', headers: { ...as.provider.headers, 'content-type': 'application/json' }, payload: JSON.stringify({ records: [{ 'uscc\u0000': '1' }] }) })
      expect(inRecordKey.statusCode).toBe(400)
    })

    it('refuses offset=1e20 with 400 instead of overflowing in SQL', async () => {
      for (const url of ['/api/ingest/batches?offset=1e20', '/api/ingest/quarantine?offset=100000000000000000000', '/api/subjects?offset=1e20']) {
        const res = await app.inject({ method: 'GET', url, headers: as.operator.headers })
        expect(res.statusCode, url).toBe(400)
        expect(problem(res).code, url).toBe('REQUEST_INVALID')
      }
    })

    it('refuses a multipart upload with an empty boundary with 400 REQUEST_MULTIPART_INVALID', async () => {
      const upload = (contentType: string, payload: string) => app.inject({ method: 'POST', url: '/api/ingest/items/tax_payment/files', headers: { ...as.provider.headers, 'content-type': contentType }, payload })
      for (const [contentType, payload] of [
        ['multipart/form-data; boundary=', 'hello'],
        ['multipart/form-data', 'hello'],
        // A part that never ends: the client stopped mid-upload.
        ['multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nuscc\r\n1\r\n'],
      ] as const) {
        const res = await upload(contentType, payload)
        expect(res.statusCode, contentType).toBe(400)
        expect(problem(res).code, contentType).toBe('REQUEST_MULTIPART_INVALID')
      }
    })

    it('refuses a body that tries prototype poisoning with REQUEST_INVALID', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"a","password":"b","__proto__":{"role":"operator"}}' })
      expect(res.statusCode).toBe(400)
      expect(problem(res).code).toBe('REQUEST_INVALID')
    })

    it('refuses unknown body fields with REQUEST_INVALID instead of dropping them', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'other', password: 'another good password', admin: true }) })
      expect(res.statusCode).toBe(400)
      expect(problem(res).code).toBe('REQUEST_INVALID')
    })

    it('answers framework errors with documented codes: bad URL, wrong content type, headers too large', async () => {
      const badUrl = await app.inject({ method: 'GET', url: '/api/subjects/%E0%A4%A', headers: as.operator.headers })
      expect(badUrl.statusCode).toBe(400)
      expect(problem(badUrl).code).toBe('REQUEST_URL_INVALID')
      const media = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' })
      expect(media.statusCode).toBe(415)
      expect(problem(media).code).toBe('REQUEST_MEDIA_TYPE')
      const answer = await rawRequest(port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${'a'.repeat(20 * 1024)}\r\n\r\n`)
      expect(answer).toMatch(/^HTTP\/1\.1 431/)
      expect(answer).toContain('application/problem+json')
      expect(answer).toContain('"code":"REQUEST_HEADERS_TOO_LARGE"')
      const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n')
      expect(garbage).toMatch(/^HTTP\/1\.1 400/)
      expect(garbage).toContain('"code":"REQUEST_INVALID"')
    })

    it('finds names with % and _ literally in the subject search', async () => {
      const all = (await app.inject({ method: 'GET', url: '/api/subjects', headers: as.operator.headers })).json() as { total: number }
      expect(all.total).toBeGreaterThan(0)
      for (const name of ['%', '_', '%25']) {
        const res = await app.inject({ method: 'GET', url: `/api/subjects?q=${encodeURIComponent(name)}`, headers: as.operator.headers })
        expect(res.statusCode).toBe(200)
        expect((res.json() as { total: number }).total, name).toBe(0)
      }
    })

    it('locks an account after repeated failed logins, even for the right password, and audits the lockout', async () => {
      const login = (username: string, password: string, ip = '10.0.0.1') => app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password }) })
      for (let i = 0; i < LIMITS.login.maxFailures; i++) expect((await login('guessme', `wrong${i}`)).statusCode).toBe(401)
      const locked = await login('guessme', 'correct horse battery', '10.0.0.2')
      expect(locked.statusCode).toBe(429)
      expect(problem(locked).code).toBe('ACCESS_LOGIN_LOCKED')
      // Another account from a fresh address is not affected.
      expect((await login('other', 'another good password', '10.0.0.3')).statusCode).toBe(200)
      await x.audit.flush()
      const entries = await x.db.query<{ action: string }>("select action from audit.entry where action like 'access.login.%'")
      expect(entries.filter((e) => e.action === 'access.login.failed')).toHaveLength(LIMITS.login.maxFailures)
      expect(entries.filter((e) => e.action === 'access.login.locked').length).toBeGreaterThanOrEqual(1)
    })

    it('locks an address that guesses across many account names', async () => {
      const login = (username: string) => app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username, password: 'nope' }) })
      for (let i = 0; i < LIMITS.login.maxAddressFailures; i++) expect((await login(`nobody${i}`)).statusCode).toBe(401)
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'other', password: 'another good password' }) })
      expect(res.statusCode).toBe(429)
    })

    it('counts the client behind a trusted proxy, not the proxy, when XINSHU_TRUST_PROXY is set', async () => {
      const proxied = await buildApp({ ...x, config: { ...x.config, trustProxy: '10.7.7.7' } } as Xinshu)
      try {
        let n = 0
        const login = (client: string) => proxied.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.7.7.7', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, payload: JSON.stringify({ username: `ghost-${n++}`, password: 'nope' }) })
        for (let i = 0; i < LIMITS.login.maxAddressFailures; i++) expect((await login('203.0.113.9')).statusCode).toBe(401)
        expect((await login('203.0.113.9')).statusCode).toBe(429)
        // Another client behind the same proxy is not locked out by the first one's guessing.
        expect((await login('198.51.100.4')).statusCode).toBe(401)
      } finally {
        await proxied.close()
      }
    })

    it('lifts a lockout once its time has passed', async () => {
      let clock = new Date('2026-06-01T00:00:00Z')
      const t = createLoginThrottle({ db: x.db, audit: x.audit, limits: LIMITS.login, now: () => clock })
      for (let i = 0; i < LIMITS.login.maxFailures; i++) await t.failed('clocked', '10.1.1.1')
      await expect(t.check('clocked', '10.1.1.2')).rejects.toMatchObject({ code: 'ACCESS_LOGIN_LOCKED' })
      clock = new Date(clock.getTime() + LIMITS.login.lockSeconds * 1000 + 1000)
      await expect(t.check('clocked', '10.1.1.2')).resolves.toBeUndefined()
      // The count starts again: one more failure does not lock at once.
      await t.failed('clocked', '10.1.1.2')
      await expect(t.check('clocked', '10.1.1.3')).resolves.toBeUndefined()
    })

    it('sends the security headers on API answers and on unknown paths', async () => {
      for (const url of ['/api/health', '/api/nothing-here']) {
        const res = await app.inject({ method: 'GET', url })
        expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'")
        expect(res.headers['content-security-policy'], url).toContain("script-src 'self'")
        expect(res.headers['x-content-type-options'], url).toBe('nosniff')
        expect(res.headers['referrer-policy'], url).toBe('same-origin')
      }
    })

    it('refuses a cookie-authenticated change from another origin, or without any origin, and allows it from this one', async () => {
      const cookie = `xinshu_session=${encodeURIComponent(as.operator.token)}`
      const discard = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, host: 'xinshu.example', ...headers } })
      const evil = await discard({ origin: 'https://evil.example' })
      expect(evil.statusCode).toBe(403)
      expect(problem(evil).code).toBe('REQUEST_CROSS_ORIGIN')
      const none = await discard({})
      expect(none.statusCode).toBe(403)
      // A bearer token is never sent by a browser on its own: no origin needed.
      const bearer = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...(await seedCallers(x, 'x', '-b')).operator.headers, origin: 'https://evil.example' } })
      expect(bearer.statusCode).toBe(200)
      const same = await discard({ origin: 'http://xinshu.example' })
      expect(same.statusCode).toBe(200)
    })

    it('reads the public address and extra origins from the environment, and refuses one that is not http(s)', () => {
      const env = { XINSHU_DATA_KEY: '0'.repeat(32), XINSHU_PUBLIC_URL: 'https://xinshu.example.gov.cn/app/', XINSHU_ALLOWED_ORIGINS: 'http://10.0.0.5:8080, https://proxy.example' }
      const c = loadConfig(env)
      expect(c.secureCookies).toBe(true)
      expect(c.allowedOrigins).toEqual(['https://xinshu.example.gov.cn', 'http://10.0.0.5:8080', 'https://proxy.example'])
      expect(() => loadConfig({ ...env, XINSHU_ALLOWED_ORIGINS: 'javascript:alert(1)' })).toThrow(/配置错误/)
      expect(loadConfig({ ...env, XINSHU_LOGIN_MAX_FAILURES: '3' }).limits.login.maxFailures).toBe(3)
      expect(c.trustProxy).toBe(false)
      expect(loadConfig({ ...env, XINSHU_TRUST_PROXY: '1' }).trustProxy).toBe(true)
      expect(loadConfig({ ...env, XINSHU_TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8')
      expect(() => loadConfig({ ...env, XINSHU_BODY_LIMIT_BYTES: '0' })).toThrow(/配置错误/)
    })

    it('accepts a cookie-authenticated change from a configured public origin behind a proxy', async () => {
      const proxied = await buildApp({ ...x, config: { ...x.config, allowedOrigins: ['https://xinshu.example.gov.cn'] } } as Xinshu)
      try {
        const cookie = `xinshu_session=${encodeURIComponent((await seedCallers(x, 'y', '-p')).operator.token)}`
        const res = await proxied.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, host: '127.0.0.1:3000', origin: 'https://xinshu.example.gov.cn' } })
        expect(res.statusCode).toBe(200)
      } finally {
        await proxied.close()
      }
    })

    it('marks the session cookie Secure when served over HTTPS', async () => {
      const secureX = { ...x, config: { ...x.config, secureCookies: true } } as Xinshu
      const secureApp = await buildApp(secureX)
      try {
        const res = await secureApp.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.4.4.4', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'other', password: 'another good password' }) })
        expect(res.statusCode).toBe(200)
        expect(String(res.headers['set-cookie'])).toMatch(/; Secure/)
        const plain = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.4.4.5', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'other', password: 'another good password' }) })
        expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/)
      } finally {
        await secureApp.close()
      }
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import { openTestXinshu } from '../xinshu.js'

/**
 * Deny by default: every operation in /openapi.json answers 401 to a caller without credentials before its body is
 * read, except the few public on purpose, which the document marks with an empty `security` list.
 */
describe('route policy', () => {
  let x: Xinshu
  let app: FastifyInstance
  let spec: { paths: Record<string, Record<string, { security?: unknown[] }>> }

  beforeAll(async () => {
    x = await openTestXinshu('pglite')
    app = await buildApp(x)
    spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
  })
  afterAll(async () => {
    await app.close()
    await x.close()
  })

  const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/login', 'GET /verify/{code}', 'POST /verify', 'POST /api/registrations'])

  it('marks exactly the intended operations public', () => {
    const marked = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => Array.isArray(op.security) && op.security.length === 0).map(([m]) => `${m.toUpperCase()} ${path}`),
    )
    expect(new Set(marked)).toEqual(PUBLIC)
  })

  it('answers 401 without credentials on every protected operation, even with a body it cannot parse', async () => {
    const ops = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
    expect(ops.length).toBeGreaterThan(15)
    for (const { method, path } of ops) {
      if (PUBLIC.has(`${method} ${path}`)) continue
      const url = path.replace(/\{[^}]+\}/g, (p) => (p.includes('batchId') ? '00000000-0000-4000-8000-000000000000' : p.includes('position') ? '1' : 'x'))
      const res = await app.inject({ method: method as 'GET', url, headers: { 'content-type': 'application/json' }, payload: method === 'GET' || method === 'DELETE' ? undefined : '{not json' })
      expect(res.statusCode, `${method} ${path}`).toBe(401)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().code).toBe('ACCESS_UNAUTHENTICATED')
    }
  })

  it('refuses a role the route does not list with 403 and a Chinese message', async () => {
    await x.access.createAccount({ username: 'firm', displayName: '企业', role: 'enterprise', organization: '91640100MA76XQ0A8A', password: 'pw-12345678' })
    const { token } = await x.access.login('firm', 'pw-12345678')
    const res = await app.inject({ method: 'GET', url: '/api/ingest/batches', headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ code: 'ACCESS_FORBIDDEN', status: 403 })
    expect(res.json().detail).toMatch(/无权/)
  })

  it('documents what a provider\'s delivery answers, for the systems that reconcile against it', () => {
    const schemaOf = (path: string, method: string, status: string) => (spec.paths[path]![method] as { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> }).responses[status]!.content['application/json']!.schema
    for (const [path, status] of [['/api/ingest/items/{itemKey}/records', '200'], ['/api/ingest/items/{itemKey}/files', '201']] as const) {
      expect(Object.keys(schemaOf(path, 'post', status).properties)).toEqual(expect.arrayContaining(['batchId', 'received', 'stored', 'quarantined', 'duplicates', 'warnings']))
    }
    expect(Object.keys(schemaOf('/api/ingest/items/{itemKey}/files', 'post', '201').properties)).toEqual(expect.arrayContaining(['format', 'encoding']))
  })

  it('answers an unknown path with a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('NOT_FOUND')
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Principal } from '../../src/access/index.js'
import { factory } from '../factory.js'
import { openTestXinshu } from '../xinshu.js'

/** What JSON makes of a value: what an answer without a response schema was. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

/**
 * The catalog, registry, quality and auth routes answer through response schemas, which document them in
 * /openapi.json and serialize them: a property the schema does not know must still reach the client, and nothing
 * may be reshaped on the way.
 */
describe('response schemas of the catalog, registry, quality and auth routes', () => {
  let x: Xinshu
  let app: FastifyInstance
  let operator: { principal: Principal; headers: { authorization: string } }
  const get = (url: string) => app.inject({ method: 'GET', url, headers: operator.headers })

  beforeAll(async () => {
    x = await openTestXinshu('pglite')
    app = await buildApp(x)
    const id = await x.access.createAccount({ username: 'op', displayName: '信用服务中心', role: 'operator', organization: '自治区社会信用服务中心' })
    const s = await x.access.openSession(id)
    operator = { principal: s.principal, headers: { authorization: `Bearer ${s.token}` } }
    await x.ingest.ingestRecords({ itemKey: 'business_license', provider: '自治区市场监管厅', records: [factory.licenseRow(), factory.licenseRow()] })
    await x.ingest.ingestRecords({ itemKey: 'registration_change', provider: '自治区市场监管厅', records: [factory.changeRow()] })
  })
  afterAll(async () => {
    await app.close()
    await x.close()
  })

  it('documents every JSON answer of these routes in /openapi.json', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> }
    const ops = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      .filter(({ path, op }) => op.tags?.some((t) => ['catalog', 'registry', 'quality', 'auth'].includes(t)) && !path.endsWith('.xlsx'))
    expect(ops.length).toBeGreaterThanOrEqual(14)
    const undocumented = ops.filter(({ op }) => !Object.values(op.responses).some((r) => r.content?.['application/json']?.schema)).map(({ method, path }) => `${method} ${path}`)
    expect(undocumented).toEqual([])
  })

  it('answers each catalog item whole, with what the published list holds beyond the documented fields', async () => {
    const c = x.catalog.current()
    for (const { item } of c.items.values()) {
      const r = c.get(item.key)!
      const res = await get(`/api/catalog/items/${item.key}`)
      expect(res.statusCode).toBe(200)
      expect(res.json(), item.key).toEqual(asJson({ version: c.version, category: { no: r.category.no, key: r.category.key, name: r.category.name }, ...r.item, identity: r.identity }))
    }
    expect((await get('/api/catalog/versions')).json()).toEqual(asJson(await x.catalog.list()))
    const catalog = (await get('/api/catalog')).json()
    expect(catalog.categories.flatMap((cat: { items: unknown[] }) => cat.items)).toHaveLength(c.items.size)
  })

  it('answers subjects as the registry holds them, every column and every name', async () => {
    const list = (await get('/api/subjects?limit=200')).json()
    expect(list).toEqual(asJson(await x.registry.search({ limit: 200, offset: 0 })))
    expect(list.rows.length).toBeGreaterThanOrEqual(2)
    expect(Object.keys(list.rows[0])).toContain('first_batch_id')
    for (const s of list.rows as Array<{ subject_key: string }>) {
      expect((await get(`/api/subjects/${encodeURIComponent(s.subject_key)}`)).json()).toEqual(asJson(await x.registry.get(s.subject_key)))
    }
    expect((await get(`/api/subjects/${encodeURIComponent(list.rows[0].subject_key)}`)).json().names.length).toBeGreaterThanOrEqual(1)
  })

  it('answers the allowlist, the data quality table and the caller as the services give them', async () => {
    const added = await app.inject({ method: 'POST', url: '/api/registry/allowlist', headers: operator.headers, payload: { uscc: factory.withWrongCheckChar(factory.uscc(90_001)), reason: '登记机关确认的真实代码' } })
    expect(added.statusCode).toBe(201)
    expect(Object.keys(added.json()).sort()).toEqual(['failure', 'uscc'])
    expect((await get('/api/registry/allowlist')).json()).toEqual(asJson(await x.registry.allowlist()))
    expect((await get('/api/quality')).json()).toEqual(asJson(await x.quality.report()))
    expect((await get('/api/auth/me')).json()).toEqual(asJson(operator.principal))
  })
})

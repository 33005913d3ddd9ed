import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import { openTestXinshu } from '../xinshu.js'

/** The web app's route map (web/src/api/routes.ts), by method: path template → a value that only carries a type. */
type WebRoutes = Record<'GET' | 'POST' | 'PUT' | 'DELETE' | 'DOWNLOAD' | 'UPLOAD', Record<string, unknown>>

/** How each list of the map is sent: downloads are GETs, uploads POSTs. */
const HTTP_METHOD = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete', DOWNLOAD: 'get', UPLOAD: 'post' } as const

/**
 * Every path the web app may call is an operation of the server, with that method: a route renamed or removed on the
 * server fails here, not in a user's browser. (That each answer type is the server's own is checked by the compiler,
 * through src/http/api-types.ts.)
 */
describe('web route map', () => {
  let x: Xinshu
  let app: FastifyInstance
  let spec: { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }
  let web: WebRoutes

  beforeAll(async () => {
    x = await openTestXinshu('pglite')
    app = await buildApp(x)
    spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    // A web module (bundler resolution): loaded at run time only, so the server's compiler never checks it as its own.
    const path: string = '../../web/src/api/routes.ts'
    web = (await import(/* @vite-ignore */ path)) as WebRoutes
  })
  afterAll(async () => {
    await app.close()
    await x.close()
  })

  it('lists only operations the server has, with their method', () => {
    const listed = Object.entries(HTTP_METHOD).flatMap(([list, method]) => Object.keys(web[list as keyof WebRoutes]).map((path) => ({ list, method, path })))
    expect(listed.length).toBeGreaterThan(90)
    const missing = listed.filter(({ method, path }) => !spec.paths[path]?.[method]).map(({ list, path }) => `${list} ${path}`)
    expect(missing).toEqual([])
  })

  it('lists JSON calls only where the server documents a JSON answer', () => {
    const undocumented = (['GET', 'POST', 'PUT', 'DELETE', 'UPLOAD'] as const).flatMap((list) =>
      Object.keys(web[list]).filter((path) => {
        const responses = spec.paths[path]?.[HTTP_METHOD[list]]?.responses ?? {}
        return !Object.values(responses).some((r) => (r as { content?: Record<string, { schema?: unknown }> }).content?.['application/json']?.schema)
      }).map((path) => `${list} ${path}`),
    )
    expect(undocumented).toEqual([])
  })
})

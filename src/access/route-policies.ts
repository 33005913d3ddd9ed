import type { FastifyInstance } from 'fastify'
import type { RoutePolicy } from './request-principal.js'

export interface RoutePolicyEntry {
  method: string
  /** Fastify's path, `:param` style. */
  url: string
  policy: RoutePolicy | undefined
}

const TABLES = new WeakMap<FastifyInstance, RoutePolicyEntry[]>()

/**
 * Keeps the declared policy of every route registered after this call, so a test can walk every route × every role
 * against what each route says, rather than against a second list that could drift from it.
 *
 * @example
 * collectRoutePolicies(app) // in buildApp, before the routes
 * routePoliciesOf(app).find((r) => r.url === '/api/grants' && r.method === 'GET')?.policy
 */
export function collectRoutePolicies(app: FastifyInstance): void {
  const table: RoutePolicyEntry[] = []
  TABLES.set(app, table)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const m of methods) table.push({ method: m.toUpperCase(), url: route.url, policy: route.config?.policy })
  })
}

/** The routes of an app built with {@link collectRoutePolicies}, with their declared policies. */
export function routePoliciesOf(app: FastifyInstance): readonly RoutePolicyEntry[] {
  return TABLES.get(app) ?? []
}

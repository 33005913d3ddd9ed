import type { FastifyInstance } from 'fastify'
import type { AuditService } from './audit.service.js'
import { actorOf } from './audit.types.js'

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Every operator action through the API is logged: any request by an operator that may change something (any method
 * but GET/HEAD/OPTIONS), whatever context it belongs to, with its route, parameters and outcome. Request bodies are
 * not logged: they may hold passwords or whole files. Operators' reads of non-public data are logged by the services
 * that disclose it, with the fields they disclosed.
 */
export function registerOperatorAudit(app: FastifyInstance, audit: AuditService): void {
  app.addHook('onResponse', async (request, reply) => {
    const p = request.principal
    if (!p || p.role !== 'operator' || READS.has(request.method)) return
    try {
      await audit.append({
        actor: actorOf(p),
        action: 'operator.request',
        details: { method: request.method, route: request.routeOptions.url ?? request.url.split('?')[0], params: request.params ?? {}, status: reply.statusCode, via: p.via },
      })
    } catch (err) {
      request.log.error({ err }, 'audit: could not log an operator action')
    }
  })
}

import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import multipart from '@fastify/multipart'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Xinshu } from '../app/index.js'
import { clientErrorHandler, problemOf, registerProblemHandler, sendProblem } from './plugins/problem.js'
import { registerRequestGuards } from './plugins/request-guards.js'
import { DEFAULT_LIMITS, RequestErrors } from '../core/index.js'
import { registerAuth } from './plugins/auth.js'
import { authRoutes } from '../access/auth.routes.js'
import { catalogRoutes } from '../catalog/catalog.routes.js'
import { ingestRoutes } from '../ingest/ingest.routes.js'
import { registryRoutes } from '../registry/registry.routes.js'
import { systemRoutes } from './system.routes.js'
import { registerWebApp } from './web-static.js'
import { registerOperatorAudit } from '../audit/index.js'
import { auditRoutes } from '../audit/audit.routes.js'
import { collectRoutePolicies } from '../access/index.js'
import { grantRoutes } from '../access/grant.routes.js'
import { profileRoutes } from '../records/profile.routes.js'
import { verificationRoutes } from '../verification/verification.routes.js'
import { reportRoutes } from '../reports/report.routes.js'
import { financingRoutes } from '../financing/financing.routes.js'
import { compensationRoutes } from '../financing/compensation/compensation.routes.js'
import { statsRoutes } from '../stats/stats.routes.js'
import { institutionRoutes } from '../access/institution.routes.js'
import { accountAdminRoutes } from '../access/account-admin.routes.js'
import { registrationRoutes } from '../access/enterprise-registration.routes.js'
import { selfDeclaredRoutes } from '../records/self-declared.routes.js'
import { evaluationRoutes } from '../evaluation/evaluation.routes.js'
import { scorecardRoutes } from '../evaluation/scorecard/scorecard.routes.js'
import { relationsRoutes } from '../evaluation/relations/relations.routes.js'
import { monitoringRoutes } from '../monitoring/monitoring.routes.js'
import { repairRoutes } from '../repair/repair.routes.js'
import { platformsRoutes } from '../platforms/platforms.routes.js'


/**
 * The HTTP API: plugins first (errors, auth, OpenAPI), then each context's routes. Nothing else lives here.
 */
export async function buildApp(x: Xinshu, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const limits = x.config.limits ?? DEFAULT_LIMITS
  const app = Fastify({
    logger: opts.logger ?? false,
    // Routes that take more say so themselves (record deliveries, report checks); uploads are bounded by multipart.
    bodyLimit: limits.bodyBytes,
    // The client's address (for the login throttle) from X-Forwarded-For, only when the proxy is trusted.
    trustProxy: x.config.trustProxy ?? false,
    // A strict body refuses unknown fields with REQUEST_INVALID, as docs/errors.md says, instead of dropping them.
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors: (err, _request, reply) => {
      sendProblem(reply, problemOf(RequestErrors.URL_INVALID(err.message)))
    },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>()
  registerProblemHandler(app)
  registerRequestGuards(app, { limits, allowedOrigins: x.config.allowedOrigins ?? [] })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '信枢 Xinshu API', description: '宁夏信用信息共享应用体系：数据中心归集、共享与查询接口', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '登录令牌或 API 密钥（xs_…）' } } },
      security: [{ bearer: [] }],
    },
  })
  registerAuth(app, x.access)
  collectRoutePolicies(app)
  registerOperatorAudit(app, x.audit)
  // Largest upload the API takes in one request; bigger deliveries go through the CLI, which streams from disk.
  await app.register(multipart, { limits: { fileSize: limits.uploadBytes, files: 1, fields: 10, parts: 20, headerPairs: 100 } })
  await app.register(systemRoutes, { x })
  await app.register(authRoutes, { x })
  await app.register(catalogRoutes, { x })
  await app.register(ingestRoutes, { x })
  await app.register(registryRoutes, { x })
  await app.register(auditRoutes, { x })
  await app.register(grantRoutes, { x })
  await app.register(profileRoutes, { x })
  await app.register(verificationRoutes, { x })
  await app.register(reportRoutes, { x })
  await app.register(compensationRoutes, { x })
  await app.register(financingRoutes, { x })
  await app.register(statsRoutes, { x })
  await app.register(institutionRoutes, { x })
  await app.register(accountAdminRoutes, { x })
  await app.register(registrationRoutes, { x })
  await app.register(selfDeclaredRoutes, { x })
  await app.register(evaluationRoutes, { x })
  await app.register(scorecardRoutes, { x })
  await app.register(relationsRoutes, { x })
  await app.register(monitoringRoutes, { x })
  await app.register(repairRoutes, { x })
  await app.register(platformsRoutes, { x })
  // The browsable API page is public on purpose, like /openapi.json: its routes come from the plugin, so they are
  // declared public here, in the plugin's own scope.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, policy: { public: true } }
    })
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } })
  })
  await registerWebApp(app)
  return app
}

import type { FastifyRequest } from 'fastify'
import { AccessErrors } from './access.errors.js'
import type { Principal, Role } from './access.types.js'
import type { ApiScope } from './api-scopes.js'

/**
 * What every route must declare in its `config`: who may call it. Routes that declare nothing are refused. `scope`
 * is what an API key needs to call it (a key is refused where none is named); `pending` admits accounts whose
 * registration is not yet approved, which are refused everywhere else.
 *
 * It lives in access, not in the HTTP layer, because every context's routes name their policy and read the caller:
 * they import this through `access/index.ts` and never reach up into `src/http`.
 */
export type RoutePolicy = { public: true } | { roles: readonly Role[]; scope?: ApiScope; pending?: true }

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy
  }
  interface FastifyRequest {
    principal?: Principal
    /**
     * Checks the request's credential again (the HTTP auth plugin sets it): for a response that outlives the
     * moment it was authorised, a live stream, whose session may be logged out or key revoked meanwhile.
     */
    reauthenticate?: () => Promise<Principal>
  }
}

/** The cookie holding a browser session's token. */
export const SESSION_COOKIE = 'xinshu_session'

/**
 * The principal of an authenticated route; only for handlers behind a role policy (the HTTP auth plugin sets it).
 *
 * @example
 * app.get('/api/grants', { config: { policy: { roles: ['enterprise'] } } }, async (req) => grants.list(principal(req)))
 */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw AccessErrors.UNAUTHENTICATED()
  return request.principal
}

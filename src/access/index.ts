export { createGrantService, type GrantService, type GrantScopeInput, type ConsentContext } from './grant.service.js'
export type { Principal, Role } from './access.types.js'
export { AccessErrors } from './access.errors.js'

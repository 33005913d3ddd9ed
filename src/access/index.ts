export { createGrantService, type GrantService, type GrantScopeInput, type ConsentContext } from './grant.service.js'
export type { Principal, Role } from './access.types.js'
export { AccessErrors } from './access.errors.js'
export { createInstitutionService, type InstitutionService } from './institution.service.js'
export { INSTITUTION_TYPES, PLATFORM_TYPES, type InstitutionRef, type Organization, type OrganizationKind } from './institution.types.js'
export { API_SCOPES, API_SCOPE_NAMES, ROLE_SCOPES, isApiScope, type ApiScope } from './api-scopes.js'
export type InstitutionDirectory = Pick<import('./institution.service.js').InstitutionService, 'get'>

export { createGrantService, type GrantService, type GrantScopeInput, type ConsentContext } from './grant.service.js'
export { type Principal, type Role, ROLES, ROLE_NAMES_ZH } from './access.types.js'
export { AccessErrors } from './access.errors.js'
export { createInstitutionService, type InstitutionService } from './institution.service.js'
export { INSTITUTION_TYPES, PLATFORM_TYPES, type InstitutionRef, type Organization, type OrganizationKind } from './institution.types.js'
export { API_SCOPES, API_SCOPE_NAMES, ROLE_SCOPES, isApiScope, type ApiScope } from './api-scopes.js'
export type InstitutionDirectory = Pick<import('./institution.service.js').InstitutionService, 'get'>
export { createAccessService, type AccessService } from './access.service.js'
export { createAccountAdminService, type AccountAdminService } from './account-admin.service.js'
export { basisOf, disclose, type Disclosure, type ViewerBasis } from './disclosure.js'
export { createRegistrationService, type RegistrationService } from './enterprise-registration.service.js'
export { grantOf, type GrantRow } from './grant.repository.js'
export { MODES_FOR, type Grant, type GrantMode } from './grant.types.js'
export { createLoginThrottle, type LoginThrottle } from './login-throttle.service.js'
export { DEFAULT_MASKING, looksLikePersonalId, maskIdentifier, maskPersonName, type MaskingPolicy } from './masking.js'
export { SESSION_COOKIE, principal } from './request-principal.js'
export { collectRoutePolicies } from './route-policies.js'
export {
  createAuthorizer, allowedOrThrow, liveCoverage, PURPOSE_OF,
  type Authorize, type AccessRequest, type AuditScope, type Coverage, type Decision, type IssuedReportAccess, type Refused, type RefusalReason, type SubjectAccess,
} from './authorize.js'

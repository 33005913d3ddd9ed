export { legalRepresentativeOnFile } from './legal-representative.js'
export { createSelfDeclaredService, type SelfDeclaredService } from './self-declared.service.js'
export { selfDeclaredRoutes } from './self-declared.routes.js'
export type { SelfDeclaredSection, SelfDeclaration, CreditCommitment } from './self-declared.types.js'

export { createVerificationService, type VerificationService } from './verification.service.js'

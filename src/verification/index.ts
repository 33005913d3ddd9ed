/** 核验: yes/no answers over catalog fields, with published cut points and a per-subject question budget. */
export { createVerificationService, type VerificationService } from './verification.service.js'

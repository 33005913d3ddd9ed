/**
 * Public API of the registry code validators: 统一社会信用代码 (GB 32100), 公民身份号码
 * (GB 11643) and the administrative divisions (GB/T 2260) both codes embed.
 *
 * Import from here rather than from the individual files so the files can be reorganised
 * without touching callers. Everything exported is pure: no I/O, no global state.
 */

export {
  NATIONAL_REGISTRATION_DIVISION,
  USCC_AUTHORITIES,
  USCC_CHARSET,
  buildUscc,
  computeOrgCodeCheckChar,
  computeUsccCheckChar,
  validateUscc,
} from './uscc.js'
export type { UsccCodeName, UsccError, UsccErrorCode, UsccResult } from './uscc.js'

export {
  TAIWAN_RESIDENCE_PERMIT_DIVISION,
  buildIdNumber,
  computeIdCheckChar,
  validateIdNumber,
} from './id-number.js'
export type { IdNumberError, IdNumberErrorCode, IdNumberResult, ValidateIdNumberOptions } from './id-number.js'

export { NINGXIA_DIVISIONS, PROVINCES, findDivisionByName, isKnownProvincePrefix, lookupDivision, type DivisionInfo, type DivisionLevel, type NingxiaDivision } from './divisions.js'

export { normalizeCodeInput } from './normalize.js'

export { type NameMismatch, type RegistryService, createRegistryService, type SubjectRow } from './registry.service.js'
export { RegistryErrors } from './registry.errors.js'
export { createSubjectRepository } from './subject.repository.js'

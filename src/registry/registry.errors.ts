import { defineErrors } from '../core/index.js'

export const RegistryErrors = defineErrors('REGISTRY', {
  SUBJECT_NOT_FOUND: { type: 'not_found', zh: '信用主体不存在：%s', en: 'no such credit subject: %s' },
  USCC_INVALID: { type: 'invalid_data', zh: '统一社会信用代码有误：%s', en: 'invalid USCC: %s' },
  ALLOWLIST_VALID_CODE: { type: 'invalid_data', zh: '代码 %s 本身校验通过，无需加入例外名单', en: 'code %s passes the check; it needs no allowlist entry' },
  ALLOWLIST_REASON: { type: 'invalid_data', zh: '加入例外名单必须说明理由', en: 'an allowlist entry needs a reason' },
})

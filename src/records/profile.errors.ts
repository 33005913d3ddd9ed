import { defineErrors } from '../core/index.js'

export const ProfileErrors = defineErrors('PROFILE', {
  REVEAL_OPERATOR_ONLY: { type: 'not_allowed', zh: '只有信用服务中心可以查看完整证件号码', en: 'only the operator may see whole identifiers' },
  REVEAL_REASON: { type: 'invalid_data', zh: '查看完整证件号码须说明理由（至少 4 个字），并记入审计日志', en: 'seeing whole identifiers needs a reason of at least 4 characters; it is audited' },
})

import { defineErrors } from '../core/errors.js'

/** Errors of the credit evaluation (信用评价): the indicator system, scores and who may see them. */
export const EvaluationErrors = defineErrors('EVALUATION', {
  SYSTEM_INVALID: { type: 'invalid_data', zh: '指标体系有误（%s 处），未发布：%s', en: 'the indicator system has errors (%s), not published: %s' },
  SYSTEM_TOO_LARGE: { type: 'too_large', zh: '指标体系文本过大（最多 %s 字节）', en: 'the indicator system text is too large (at most %s bytes)' },
  NO_SYSTEM: { type: 'unexpected_state', zh: '尚未发布指标体系', en: 'no indicator system has been published' },
  VERSION_NOT_FOUND: { type: 'not_found', zh: '指标体系版本 %s 不存在', en: 'indicator system version %s does not exist' },
  GRANT_REQUIRED: { type: 'not_allowed', zh: '查看该企业的信用评价需要企业的有效授权（评价结果、衍生指标或查看授权均可）', en: 'a live grant from the enterprise is needed to see its evaluation (model, verify or view)' },
  GRANT_NOT_LIVE: { type: 'not_allowed', zh: '授权 %s 不是本机构对该企业的有效授权', en: 'grant %s is not a live grant of this institution for this subject' },
  NOT_ALLOWED: { type: 'not_allowed', zh: '当前角色（%s）不能查看企业的信用评价', en: 'role %s may not see evaluations' },
  RUN_IN_PROGRESS: { type: 'conflict', zh: '已有一次全量评价在运行', en: 'a full evaluation is already running' },
})

import { defineErrors } from '../../core/index.js'

/** Errors of the relationship graph (关联分析): its rules file and who may read a subject's graph. */
export const RelationsErrors = defineErrors('RELATIONS', {
  RULES_INVALID: { type: 'invalid_data', zh: '关联传导规则有误：规则 %s 的字段 %s：%s', en: 'propagation rules are invalid: rule %s, field %s: %s' },
  NOT_ALLOWED: { type: 'not_allowed', zh: '无权查看该企业的关联关系图', en: 'you may not see this enterprise\'s relationship graph' },
  GRANT_REQUIRED: { type: 'not_allowed', zh: '查看该企业的关联关系图须有企业的有效授权（查看、核验或模型方式均可）', en: 'a live grant from the enterprise (view, verify or model) is needed to see its relationship graph' },
  SUBJECT_NOT_FOUND: { type: 'not_found', zh: '信用主体不存在：%s', en: 'no such subject: %s' },
})

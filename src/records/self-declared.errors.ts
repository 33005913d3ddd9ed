import { defineErrors } from '../core/index.js'

export const SelfDeclaredErrors = defineErrors('SELF_DECLARED', {
  ITEM_NOT_DECLARABLE: { type: 'invalid_data', zh: '该信息项不能由企业自愿填报：%s', en: 'this item cannot be self-declared: %s' },
  VALUES_INVALID: { type: 'invalid_data', zh: '填报内容不符合共享清单的字段要求', en: 'the values do not meet the catalog\'s field rules' },
  NOT_FOUND: { type: 'not_found', zh: '自愿填报记录不存在：%s', en: 'no such self-declaration: %s' },
  COMMITMENT_TYPE_UNKNOWN: { type: 'invalid_data', zh: '未知的信用承诺类型：%s', en: 'unknown commitment type: %s' },
})

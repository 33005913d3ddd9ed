import { defineErrors } from '../core/index.js'

export const StatsErrors = defineErrors('STATS', {
  NOT_ALLOWED: { type: 'not_allowed', zh: '仅信用服务中心和监管部门可查看融资统计', en: 'only the credit service centre and supervisors may read financing statistics' },
  FILTER_INVALID: { type: 'invalid_data', zh: '统计条件有误：%s', en: 'the statistics filter is invalid: %s' },
})

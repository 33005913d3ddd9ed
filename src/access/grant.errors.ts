import { defineErrors } from '../core/index.js'

export const GrantErrors = defineErrors('GRANT', {
  NOT_FOUND: { type: 'not_found', zh: '授权不存在：%s', en: 'no such grant: %s' },
  NOT_YOURS: { type: 'not_allowed', zh: '该授权不属于本单位', en: 'this grant belongs to another organisation' },
  NO_ORGANIZATION: { type: 'not_allowed', zh: '当前账号未关联单位或企业，不能办理授权', en: 'this account acts for no organisation, so it cannot take part in grants' },
  SCOPE_UNKNOWN: { type: 'invalid_data', zh: '授权范围中有目录里没有的信息种类或信息项：%s', en: 'the scope names categories or items the catalog does not have: %s' },
  SCOPE_EMPTY: { type: 'invalid_data', zh: '授权范围不能为空：请至少选择一个信息种类或信息项', en: 'the scope is empty: name at least one category or item' },
  VALID_UNTIL_PAST: { type: 'invalid_data', zh: '授权截止时间必须晚于当前时间', en: 'the grant must end in the future' },
  VALID_UNTIL_TOO_FAR: { type: 'invalid_data', zh: '授权期限不得超过 %s 天', en: 'a grant may last at most %s days' },
  INSTITUTION_UNKNOWN: { type: 'invalid_data', zh: '接入机构不存在：%s', en: 'no such institution: %s' },
  STATUS_CONFLICT: { type: 'conflict', zh: '该授权当前状态为“%s”，不能%s', en: 'the grant is %s, so it cannot be %s' },
  REVOKED: { type: 'not_allowed', zh: '授权已于 %s 被企业撤销，查询被拒绝', en: 'the grant was revoked by the enterprise at %s; the query is refused' },
  EXPIRED: { type: 'not_allowed', zh: '授权已于 %s 到期，查询被拒绝', en: 'the grant expired at %s; the query is refused' },
  NOT_LIVE: { type: 'not_allowed', zh: '授权尚未生效（状态：%s），查询被拒绝', en: 'the grant is not in force (status: %s); the query is refused' },
  REQUIRED: { type: 'not_allowed', zh: '没有覆盖 %s 的有效授权（需要%s模式），请先向企业申请授权', en: 'no live grant covers %s (mode %s needed); ask the enterprise for a grant first' },
  MODE_INSUFFICIENT: { type: 'not_allowed', zh: '该授权为“%s”模式，不允许%s', en: 'the grant\'s mode is %s, which does not allow %s' },
  WRONG_SUBJECT: { type: 'not_allowed', zh: '该授权不是针对此信用主体的', en: 'the grant is for another subject' },
})

import { AppError, defineErrors } from '../core/index.js'

export const FinancingErrors = defineErrors('FINANCING', {
  PRODUCT_NOT_FOUND: { type: 'not_found', zh: '金融产品不存在：%s', en: 'no such financial product: %s' },
  PRODUCT_INVALID: { type: 'invalid_data', zh: '产品信息有误（%s）：%s', en: 'the product is invalid (%s): %s' },
  RULE_INVALID: { type: 'invalid_data', zh: '准入规则有误（%s）：%s', en: 'an eligibility rule is invalid (%s): %s' },
  PRODUCT_STATUS: { type: 'conflict', zh: '产品当前状态为“%s”，不能%s', en: 'the product is %s, so it cannot be %s' },
  PRODUCT_NOT_PUBLISHED: { type: 'conflict', zh: '该产品版本未在发布中，不能申请', en: 'this product version is not published; it cannot be applied for' },
  REVIEW_REASON_REQUIRED: { type: 'invalid_data', zh: '驳回产品须说明理由', en: 'rejecting a product needs a reason' },
  NO_ORGANIZATION: { type: 'not_allowed', zh: '当前账号未关联机构或企业，不能办理融资业务', en: 'this account acts for no institution or enterprise, so it cannot take part in financing' },
  NEED_NOT_FOUND: { type: 'not_found', zh: '融资需求不存在：%s', en: 'no such financing need: %s' },
  NEED_INVALID: { type: 'invalid_data', zh: '融资需求有误（%s）：%s', en: 'the financing need is invalid (%s): %s' },
  NEED_CLOSED: { type: 'conflict', zh: '该融资需求已关闭', en: 'this financing need is closed' },
  APPLICATION_NOT_FOUND: { type: 'not_found', zh: '融资申请不存在：%s', en: 'no such financing application: %s' },
  APPLICATION_OUT_OF_ORDER: { type: 'conflict', zh: '申请当前状态为“%s”，不能%s', en: 'the application is %s, so it cannot be %s' },
  APPLICATION_DUPLICATE: { type: 'conflict', zh: '已有一笔办理中的该产品申请：%s', en: 'an application for this product is already in progress: %s' },
  APPLICATION_INVALID: { type: 'invalid_data', zh: '申请信息有误（%s）：%s', en: 'the application is invalid (%s): %s' },
  LOAN_OUT_OF_RANGE: { type: 'invalid_data', zh: '%s超出产品允许的范围（%s）', en: '%s is outside the product\'s range (%s)' },
  REASON_CODE_UNKNOWN: { type: 'invalid_data', zh: '未知的原因代码：%s', en: 'unknown reason code: %s' },
  DATE_INVALID: { type: 'invalid_data', zh: '%s 须为有效日期（YYYY-MM-DD），且在允许范围内（放款、还款、逾期日期不晚于今天，不早于放款日；到期日晚于放款日）', en: '%s must be a valid date (YYYY-MM-DD) in range (loan, repayment and overdue dates not after today nor before the loan; maturity after the loan)' },
  REPAYMENT_EXCEEDS: { type: 'invalid_data', zh: '还款本金 %s 分超过剩余本金 %s 分', en: 'the principal repaid (%s fen) exceeds the outstanding principal (%s fen)' },
  REPAYMENT_REFERENCE_REUSED: { type: 'conflict', zh: '还款编号 %s 已用于另一笔日期或金额不同的还款', en: 'repayment reference %s was already used for a repayment with another date or amount' },
})

/** The same error, naming the request field it concerns (answers carry it in `errors`). */
export function onField(err: AppError, field: string): AppError {
  return new AppError(err.code, err.type, err.zh, err.en, [{ field }])
}

/** The same error with its list of problems (each naming its field), as answers carry them in `errors`. */
export function withDetails(err: AppError, details: unknown[]): AppError {
  return new AppError(err.code, err.type, err.zh, err.en, details)
}

import { defineErrors } from '../core/index.js'

/** Errors of verification expressions: each names what is wrong and where, before anything runs. */
export const VerificationErrors = defineErrors('VERIFICATION', {
  EXPRESSION_EMPTY: { type: 'invalid_data', zh: '核验表达式为空', en: 'the expression is empty' },
  EXPRESSION_TOO_LONG: { type: 'invalid_data', zh: '核验表达式过长（最多 %s 个字符）', en: 'the expression is too long (at most %s characters)' },
  UNEXPECTED_CHARACTER: { type: 'invalid_data', zh: '第 %s 个字符“%s”无法识别', en: 'at character %s: unexpected character "%s"' },
  UNEXPECTED_TOKEN: { type: 'invalid_data', zh: '第 %s 个字符处不应出现“%s”', en: 'at character %s: "%s" was not expected here' },
  UNEXPECTED_END: { type: 'invalid_data', zh: '表达式不完整：在末尾缺少内容', en: 'the expression ends too early' },
  UNCLOSED_STRING: { type: 'invalid_data', zh: '第 %s 个字符开始的字符串没有结束引号', en: 'the string starting at character %s has no closing quote' },
  UNKNOWN_ITEM: { type: 'invalid_data', zh: '目录中没有信息项“%s”', en: 'the catalog has no item "%s"' },
  UNKNOWN_FIELD: { type: 'invalid_data', zh: '信息项 %s 没有字段“%s”', en: 'item %s has no field "%s"' },
  ITEM_NOT_VALUE: { type: 'invalid_data', zh: '“%s”是信息项：请写 exists(%s) 或 %s.字段', en: '"%s" is an item: write exists(%s) or %s.field' },
  FIELD_NEEDS_ITEM: { type: 'invalid_data', zh: '字段“%s”须写成 信息项.字段 的形式', en: 'field "%s" must be written as item.field' },
  SENSITIVE_FIELD: { type: 'invalid_data', zh: '字段 %s 是个人证件号码，不能用于核验', en: 'field %s is a personal identifier and cannot be verified' },
  MULTI_RECORD_ITEM: { type: 'invalid_data', zh: '信息项 %s 可能有多条记录，请用 exists(%s, 条件) 或 count(%s, 条件)', en: 'item %s may hold several records: use exists(%s, condition) or count(%s, condition)' },
  FOREIGN_FIELD: { type: 'invalid_data', zh: 'exists/count(%s, …) 的条件只能引用 %s 自己的字段，不能引用 %s', en: 'the condition of exists/count(%s, …) may only use fields of %s, not %s' },
  TYPE_MISMATCH: { type: 'invalid_data', zh: '“%s”两边的类型不一致：%s 与 %s', en: 'the two sides of "%s" differ in type: %s and %s' },
  NOT_ORDERED: { type: 'invalid_data', zh: '“%s”只能比较数值或日期，不能比较 %s', en: '"%s" compares numbers or dates only, not %s' },
  NOT_BOOLEAN: { type: 'invalid_data', zh: '%s 需要一个是/否条件，这里得到的是 %s', en: '%s needs a yes/no condition, got %s' },
  UNKNOWN_FUNCTION: { type: 'invalid_data', zh: '未知函数 %s()；可用：exists、count、months_ago、days_ago、today、date', en: 'unknown function %s(); available: exists, count, months_ago, days_ago, today, date' },
  FUNCTION_ARGUMENTS: { type: 'invalid_data', zh: '函数 %s() 的参数有误：%s', en: 'wrong arguments to %s(): %s' },
  BAD_DATE: { type: 'invalid_data', zh: '“%s”不是有效日期（应为 YYYY-MM-DD）', en: '"%s" is not a valid date (YYYY-MM-DD)' },
  THRESHOLD_NOT_ALLOWED: { type: 'invalid_data', zh: '字段 %s 只能与公布的分档值比较，不能用 %s；可用的分档值：%s', en: 'field %s may only be compared with its published cut points, not %s; allowed: %s' },
  RATE_LIMITED: { type: 'throttled', zh: '对同一信用主体的核验过于频繁：每分钟最多 %s 个问题，请稍后再试', en: 'too many verification questions about this subject: at most %s per minute, try again later' },
  DAILY_BUDGET_SPENT: { type: 'throttled', zh: '今日对该信用主体的核验问题已达上限（每日 %s 个，本次 %s 个，已用 %s 个），请明日再试', en: 'today\'s verification budget for this subject is spent (%s a day; %s asked now, %s used)' },
  CUT_POINTS_INVALID: { type: 'invalid_data', zh: '分档值设置有误：%s', en: 'invalid cut points: %s' },
  TOO_MANY_QUESTIONS: { type: 'invalid_data', zh: '一次最多核验 %s 个问题', en: 'at most %s questions per request' },
})

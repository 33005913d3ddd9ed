import { AppError, defineErrors } from '../../core/index.js'

/**
 * Errors of the pulled sources (库表 table sources and 通过国家平台调用 national sources). Messages name the source,
 * the table or the URL, never a password or token: they end up in `ingest.batch.error`, logs and API answers.
 */
export const SourceErrors = defineErrors('SOURCE', {
  NO_CATALOG: { type: 'unexpected_state', zh: '共享清单尚未发布，无法核对数据源的字段映射', en: 'no sharing list has been published yet, so the field mapping cannot be checked' },
  NOT_FOUND: { type: 'not_found', zh: '数据源不存在：%s', en: 'no such source: %s' },
  WRONG_METHOD: { type: 'conflict', zh: '数据源 %s 的共享方式是 %s，不能按 %s 拉取或改配', en: 'source %s is a %s source; it cannot be pulled or reconfigured as %s' },
  BUSY: { type: 'conflict', zh: '数据源 %s 正在拉取中，请等待本次拉取结束', en: 'source %s is being pulled already; wait for that pull to end' },
  UNKNOWN_ITEM: { type: 'invalid_data', zh: '共享清单中没有信息项 %s', en: 'no item %s in the sharing list' },
  UNKNOWN_FIELD: { type: 'invalid_data', zh: '字段映射中的“%s”不是信息项 %s 的共享内容（可用字段：%s）', en: 'mapping key "%s" is not a field of item %s (its fields: %s)' },
  EMPTY_MAPPING: { type: 'invalid_data', zh: '数据源 %s 没有配置字段映射', en: 'source %s has no field mapping' },
  BAD_IDENTIFIER: {
    type: 'invalid_data',
    zh: '%s “%s” 不是合法的标识符：只允许字母、数字、下划线和 $（不能以数字开头，最长 63 个字符），表名最多写成“模式.表”两段',
    en: '%s "%s" is not a valid identifier: letters, digits, _ and $ only (not starting with a digit, at most 63 characters); a table may be written schema.table',
  },
  BAD_VALUE: { type: 'invalid_data', zh: '配置项 %s 不合规：%s', en: 'invalid setting %s: %s' },
  SECRET_UNREADABLE: { type: 'unexpected_state', zh: '数据源 %s 保存的密码或令牌无法解密：数据密钥可能已更换，请重新登记该数据源', en: 'the stored password or token of source %s cannot be unsealed: the data key may have changed; register the source again' },
  REMOTE_CONNECT: { type: 'unexpected_state', zh: '无法连接数据源 %s 的源库 %s：%s', en: 'cannot connect to the database of source %s at %s: %s' },
  REMOTE_QUERY: { type: 'unexpected_state', zh: '读取数据源 %s 的源表 %s 失败（第 %s 页）：%s；批次可续拉', en: 'source %s: reading table %s failed (page %s): %s; the batch can be resumed' },
  HTTP_STATUS: { type: 'unexpected_state', zh: '国家平台拒绝了数据源 %s 的请求：HTTP %s，地址 %s %s', en: 'the national platform refused a request of source %s: HTTP %s at %s %s' },
  PAGE_FAILED: {
    type: 'unexpected_state',
    zh: '数据源 %s 第 %s 页在尝试 %s 次后仍失败（%s）：%s；批次可续拉',
    en: 'source %s: page %s still failed after %s attempts (%s): %s; the batch can be resumed',
  },
})

/** A reason in both languages, for the errors whose detail the product words itself. */
export interface Reason {
  zh: string
  en: string
}

/**
 * An error of the catalogue above whose arguments differ by language (a reason worded in Chinese and in English).
 * `args` fill both messages; a {@link Reason} among them is taken in the message's own language.
 */
export function sourceError(key: keyof typeof SourceErrors & string, ...args: Array<string | number | Reason>): AppError {
  const code = `SOURCE_${key}`
  const spec = SourceErrors.specs[code]
  if (!spec) throw new Error(`unknown error ${code}`)
  const fill = (template: string, lang: 'zh' | 'en') => {
    let i = 0
    return template.replace(/%s/g, () => {
      const a = args[i++]
      return a === undefined ? '' : typeof a === 'object' ? a[lang] : String(a)
    })
  }
  return new AppError(code, spec.type, fill(spec.zh, 'zh'), fill(spec.en, 'en'))
}

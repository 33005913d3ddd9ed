import { defineErrors } from './errors.js'

/**
 * What the HTTP layer itself refuses, before any context sees the request: framework errors (size, media type,
 * malformed URL or headers, multipart) and the request hygiene checks of `http/plugins/request-guards.ts`. In core,
 * not in http, because routes that read an upload themselves (ingest) answer with the same codes.
 */
export const RequestErrors = defineErrors('REQUEST', {
  INVALID: { type: 'invalid_data', zh: '请求参数不合规：%s', en: 'invalid request: %s' },
  TOO_LARGE: { type: 'too_large', zh: '请求内容超过上限（本接口最多 %s）', en: 'the request is larger than this endpoint takes (at most %s)' },
  MEDIA_TYPE: { type: 'unsupported_media', zh: '不支持的内容类型：%s', en: 'unsupported content type: %s' },
  HEADERS_TOO_LARGE: { type: 'invalid_data', zh: '请求头过大', en: 'the request headers are too large' },
  URL_INVALID: { type: 'invalid_data', zh: '请求地址无法解析：%s', en: 'the URL cannot be parsed: %s' },
  MULTIPART_INVALID: { type: 'invalid_data', zh: '文件上传格式有误：%s', en: 'malformed multipart upload: %s' },
  CROSS_ORIGIN: { type: 'not_allowed', zh: '拒绝来自其他网站（%s）的操作请求', en: 'state-changing request from another origin refused (%s)' },
})

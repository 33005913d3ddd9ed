import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import type { Socket } from 'node:net'
import { AppError, HTTP_STATUS, RequestErrors } from '../../core/index.js'

/** RFC 9457 problem type URIs are stable, one per error code; docs/errors.md explains each. */
export const problemType = (code: string) => `urn:xinshu:problem:${code.toLowerCase().replace(/_/g, '-')}`

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  /** The same message in English, for providers' engineers. */
  detail_en: string
  errors?: unknown
}

/** The problem document of an AppError. */
export function problemOf(err: AppError): Problem {
  return { type: problemType(err.code), title: err.zh, status: HTTP_STATUS[err.type], detail: err.zh, detail_en: err.en, code: err.code, ...(err.details ? { errors: err.details } : {}) }
}

const MULTIPART_CODES = new Set(['FST_INVALID_MULTIPART_CONTENT_TYPE', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT', 'FST_PROTO_VIOLATION', 'FST_NO_FORM_DATA'])

/**
 * Fastify's and its plugins' own errors, as the documented codes of `core/request.errors.ts`. Busboy's complaints about a
 * malformed multipart body (no boundary, unexpected end) carry no code; they are recognised by their message.
 */
function frameworkError(fe: FastifyError): AppError | undefined {
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return RequestErrors.TOO_LARGE(fe.message)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return RequestErrors.MEDIA_TYPE(fe.message)
    case 'FST_ERR_BAD_URL':
      return RequestErrors.URL_INVALID(fe.message)
  }
  if (fe.code && MULTIPART_CODES.has(fe.code)) return RequestErrors.MULTIPART_INVALID(fe.message)
  if (!fe.code && /^(Multipart:|Malformed part header|Unexpected end of (form|multipart data)|Boundary not found|Part terminated early)/i.test(fe.message ?? '')) return RequestErrors.MULTIPART_INVALID(fe.message)
  return undefined
}

/**
 * Answers errors the HTTP parser raises before Fastify sees a request (headers too large, malformed request line)
 * as problem+json too, then closes the connection.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  // The client is gone: nobody to answer.
  if (!socket.writable || err.code === 'ECONNRESET' || err.code === 'EPIPE') {
    socket.destroy()
    return
  }
  const [status, reason, problem] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', problemOf(RequestErrors.HEADERS_TOO_LARGE())]
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', problemOf(RequestErrors.INVALID('请求超时 / the request took too long to arrive'))]
    : [400, 'Bad Request', problemOf(RequestErrors.INVALID('HTTP 请求格式有误 / malformed HTTP request'))]
  const body = JSON.stringify({ ...problem, status })
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p)
}

/**
 * One error handler for the whole API: AppErrors keep their code and both languages; validation errors name the
 * field; anything unexpected is logged and answered with a 500 that hides its text.
 */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) return sendProblem(reply, problemOf(err))
    const fe = err as FastifyError
    if (fe.validation) {
      const where = fe.validation.map((v) => `${fe.validationContext ?? 'body'}${v.instancePath || ''} ${v.message ?? ''}`.trim()).join('; ')
      return sendProblem(reply, { type: problemType('REQUEST_INVALID'), title: '请求参数不合规', status: 400, detail: `请求参数不合规：${where}`, detail_en: `invalid request: ${where}`, code: 'REQUEST_INVALID', errors: fe.validation })
    }
    const known = frameworkError(fe)
    if (known) return sendProblem(reply, problemOf(known))
    if (fe.statusCode && fe.statusCode < 500) {
      // Any other refusal of the framework or a plugin: our documented code, never the plugin's own.
      return sendProblem(reply, { ...problemOf(RequestErrors.INVALID(fe.message)), status: fe.statusCode })
    }
    request.log.error({ err }, 'unexpected error')
    return sendProblem(reply, { type: problemType('INTERNAL'), title: '服务器内部错误', status: 500, detail: '服务器内部错误，请稍后重试或联系信用服务中心', detail_en: 'internal error; try again later or contact the operator', code: 'INTERNAL' })
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { type: problemType('NOT_FOUND'), title: '资源不存在', status: 404, detail: `资源不存在：${request.method} ${request.url.split('?')[0]}`, detail_en: `no such resource: ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' }),
  )
}

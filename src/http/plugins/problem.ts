import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import { AppError, HTTP_STATUS } from '../../core/errors.js'

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

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p)
}

/**
 * One error handler for the whole API: AppErrors keep their code and both languages; validation errors name the
 * field; anything unexpected is logged and answered with a 500 that hides its text.
 */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      const status = HTTP_STATUS[err.type]
      return sendProblem(reply, { type: problemType(err.code), title: err.zh, status, detail: err.zh, detail_en: err.en, code: err.code, ...(err.details ? { errors: err.details } : {}) })
    }
    const fe = err as FastifyError
    if (fe.validation) {
      const where = fe.validation.map((v) => `${fe.validationContext ?? 'body'}${v.instancePath || ''} ${v.message ?? ''}`.trim()).join('; ')
      return sendProblem(reply, { type: problemType('REQUEST_INVALID'), title: '请求参数不合规', status: 400, detail: `请求参数不合规：${where}`, detail_en: `invalid request: ${where}`, code: 'REQUEST_INVALID', errors: fe.validation })
    }
    if (fe.statusCode && fe.statusCode < 500) {
      const code = fe.code ?? 'REQUEST_INVALID'
      return sendProblem(reply, { type: problemType(code), title: '请求无法处理', status: fe.statusCode, detail: `请求无法处理：${fe.message}`, detail_en: fe.message, code })
    }
    request.log.error({ err }, 'unexpected error')
    return sendProblem(reply, { type: problemType('INTERNAL'), title: '服务器内部错误', status: 500, detail: '服务器内部错误，请稍后重试或联系信用服务中心', detail_en: 'internal error; try again later or contact the operator', code: 'INTERNAL' })
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, { type: problemType('NOT_FOUND'), title: '资源不存在', status: 404, detail: `资源不存在：${request.method} ${request.url.split('?')[0]}`, detail_en: `no such resource: ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' }),
  )
}

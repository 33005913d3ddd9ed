import { Type } from '@sinclair/typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { VerificationService } from './verification.service.js'
import { principal } from '../access/index.js'
import { MAX_CUT_POINTS, MAX_QUESTIONS } from './verification.service.js'
import { MAX_EXPRESSION_LENGTH } from './verification-expression.js'

const Question = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 40, description: '调用方自定的问题编号 / your id for the question' })),
  expression: Type.String({ minLength: 1, maxLength: MAX_EXPRESSION_LENGTH, description: '核验表达式，如 tax_payment.vat_paid_last_12_months >= 1000000 / a verification expression' }),
}, { additionalProperties: false })

const Questions = Type.Array(Question, { minItems: 1, maxItems: MAX_QUESTIONS })

const VerifyBody = Type.Object({
  questions: Questions,
  grant: Type.Optional(Type.String({ format: 'uuid', description: '只按此授权核验 / verify under this grant only' })),
}, { additionalProperties: false })

const VerifyResponse = Type.Object({
  subjectKey: Type.String(),
  askedAt: Type.String(),
  answers: Type.Array(Type.Object({
    id: Type.String(),
    expression: Type.String(),
    answer: Type.Boolean({ description: '是/否；数据不足时为否且 complete=false / yes or no; false with complete=false when data is missing' }),
    complete: Type.Boolean(),
    asOf: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: '各信息项数据的截止时间 / as-of time of each item\'s data' }),
    underObjection: Type.Array(Type.String(), { description: '所依据的信息项中有记录处于异议中 / items read that hold a record under objection (异议中)' }),
  })),
  grants: Type.Array(Type.Object({ id: Type.String(), mode: Type.String(), validUntil: Type.String() })),
  audit: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
})

/** What these routes use of the product (`createXinshu()` provides it). */
export interface VerificationRoutesServices { verifications: VerificationService }

/** Verification (核验): yes/no answers over a subject's data, never the values. */
export const verificationRoutes: FastifyPluginAsyncTypebox<{ x: VerificationRoutesServices }> = async (app, { x }) => {
  app.post('/api/subjects/:code/verifications', {
    config: { policy: { roles: ['institution', 'operator', 'enterprise'], scope: 'verify' } },
    schema: {
      tags: ['verification'], summary: '核验（可用不可见）：对企业数据提出是/否问题，只返回是/否及数据截止时间',
      params: Type.Object({ code: Type.String({ minLength: 2, maxLength: 60 }) }), body: VerifyBody, response: { 200: VerifyResponse },
    },
  }, async (req) => x.verifications.verify(principal(req), req.params.code, { questions: req.body.questions, grantId: req.body.grant }))

  app.post('/api/verifications/check', {
    config: { policy: { roles: ['institution', 'operator', 'enterprise'], scope: 'verify' } },
    schema: {
      tags: ['verification'], summary: '检查核验表达式是否合规（不读取任何数据）',
      body: Type.Object({ questions: Questions }, { additionalProperties: false }),
      response: { 200: Type.Array(Type.Object({ items: Type.Array(Type.String()), fields: Type.Array(Type.String()) })) },
    },
  }, async (req) => x.verifications.check(principal(req), req.body.questions))

  app.get('/api/verifications/cut-points', {
    config: { policy: { roles: ['institution', 'operator', 'enterprise', 'supervisor'] } },
    schema: {
      tags: ['verification'], summary: '核验分档值：受限数值字段只能与这些公布的值比较',
      response: { 200: Type.Array(Type.Object({
        itemKey: Type.String(), itemName: Type.String(), fieldKey: Type.String(), fieldName: Type.String(),
        points: Type.Array(Type.Number()), setBy: Type.String(), setAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }),
      })) },
    },
  }, async () => x.verifications.cutPoints())

  app.put('/api/verifications/cut-points/:itemKey/:field', {
    config: { policy: { roles: ['operator'] } },
    schema: {
      tags: ['verification'], summary: '公布（或以空列表撤回）受限数值字段的核验分档值',
      params: Type.Object({ itemKey: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 }), field: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 }) }),
      body: Type.Object({ points: Type.Array(Type.Number(), { maxItems: MAX_CUT_POINTS, description: '分档值（元、月、人等，按字段单位）' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ ok: Type.Boolean() }) },
    },
  }, async (req) => {
    await x.verifications.setCutPoints(principal(req), req.params.itemKey, req.params.field, req.body.points)
    return { ok: true }
  })
}

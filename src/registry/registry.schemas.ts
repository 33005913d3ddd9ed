import { Type } from '@sinclair/typebox'

/**
 * The registry's HTTP shapes. A subject answers as its row is stored (snake_case columns); the object stays open
 * (`additionalProperties`), so that a column added later is never silently dropped from answers.
 */

/** A moment: a `Date` in the services, ISO 8601 on the wire. */
const At = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' })
const NullableText = Type.Union([Type.String(), Type.Null()])

export const SearchSubjectsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: '名称片段或代码前缀' })),
  division: Type.Optional(Type.String({ pattern: '^\\d{2,6}$', description: '行政区划代码前缀' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
})

export const SubjectCodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) })

/** A credit subject as registered. */
export const SubjectResponse = Type.Object({
  subject_key: Type.String({ description: '主体键：组织为统一社会信用代码；自然人为 P: 加身份证号的密钥散列；无代码者为 N: 加名称' }),
  uscc: NullableText,
  kind: Type.Unsafe<'organization' | 'person' | 'unidentified'>({ type: 'string', enum: ['organization', 'person', 'unidentified'] }),
  name: NullableText,
  entity_type: Type.Union([Type.String(), Type.Null()], { description: '统一社会信用代码第1–2位：登记管理部门与机构类别' }),
  division_code: Type.Union([Type.String(), Type.Null()], { description: '行政区划代码（代码第3–8位）' }),
  first_seen_at: At,
  first_batch_id: Type.Optional(NullableText),
  updated_at: At,
}, { additionalProperties: true })

/** GET /api/subjects */
export const SubjectListResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(SubjectResponse) })

/** GET /api/subjects/:code: the subject with what its code says and every name it was known by. */
export const SubjectDetailResponse = Type.Composite([SubjectResponse, Type.Object({
  entityTypeName: Type.Union([Type.String(), Type.Null()], { description: '登记管理部门·机构类别（中文）' }),
  division: Type.Union([Type.Object({
    code: Type.String(),
    province: Type.String(),
    inNingxia: Type.Boolean(),
    city: Type.Optional(Type.String()),
    county: Type.Optional(Type.String()),
  }), Type.Null()]),
  names: Type.Array(Type.Object({ name: Type.String(), first_seen_at: At }), { description: '曾用名及首次出现时间' }),
})], { additionalProperties: true })

/** GET /api/registry/allowlist */
export const AllowlistResponse = Type.Array(Type.Object({
  uscc: Type.String(),
  reason: Type.String(),
  added_by: Type.String(),
  added_at: At,
}, { additionalProperties: true }))

export const AllowBody = Type.Object({ uscc: Type.String({ minLength: 18, maxLength: 40 }), reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false })

/** POST /api/registry/allowlist (201): the code admitted and the check it fails. */
export const AllowResponse = Type.Object({ uscc: Type.String(), failure: Type.String({ description: '校验失败的原因代码，如 USCC_CHECK_DIGIT' }) })

export const UsccParams = Type.Object({ uscc: Type.String({ maxLength: 40 }) })

export const OkResponse = Type.Object({ ok: Type.Boolean() })

import { Type } from '@sinclair/typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

/** Largest registration body accepted, in bytes: the form is small, and this route is open to anyone. */
export const REGISTRATION_BODY_LIMIT = 4 * 1024

export const RegisterBody = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{3,64}$', description: '登录名 / login name' }),
  password: Type.String({ minLength: 8, maxLength: 128, description: '至少 8 位，含字母和数字' }),
  uscc: Type.String({ minLength: 18, maxLength: 24, description: '统一社会信用代码（GB 32100）' }),
  companyName: Type.String({ minLength: 2, maxLength: 100, description: '企业名称' }),
  contactName: Type.String({ minLength: 2, maxLength: 50, description: '联系人' }),
  mobile: Type.String({ pattern: '^1[3-9]\\d{9}$', description: '联系人手机号码' }),
  email: Type.Optional(Type.String({ maxLength: 100, format: 'email' })),
  legalRepresentative: Type.Object({
    name: Type.String({ minLength: 2, maxLength: 50, description: '法定代表人姓名' }),
    idNumber: Type.String({ minLength: 15, maxLength: 20, description: '法定代表人身份证号码（GB 11643），加密保存，不再完整显示' }),
  }, { additionalProperties: false }),
}, { additionalProperties: false })

export const RegistrationResponse = Type.Object({
  id: Type.String(), username: Type.String(), uscc: Type.String(), companyName: Type.String(), contactName: Type.String(), mobile: Type.String(),
  email: Nullable(Type.String()),
  legalRepresentative: Type.Object({ name: Type.String(), idNumber: Type.String({ description: '脱敏显示 / masked' }) }),
  checkMode: Type.String(), status: Type.String({ description: 'pending 待审核 · approved 已通过 · refused 未通过' }),
  match: Type.Union([Type.Object({ matched: Type.Boolean(), reason: Type.String(), zh: Type.String() }), Type.Null()]),
  decidedBy: Nullable(Type.String()), decidedAt: Nullable(Type.String()), reason: Nullable(Type.String()), createdAt: Type.String(),
})

export const RegistrationIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const ListRegistrationsQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
}, { additionalProperties: false })

export const ListRegistrationsResponse = Type.Object({ total: Type.Integer(), rows: Type.Array(RegistrationResponse) })

export const DecideBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })

export const CheckModeBody = Type.Object({
  mode: Type.Union([Type.Literal('manual'), Type.Literal('registration-match'), Type.Literal('both')], { description: 'manual 人工审核 · registration-match 与登记信息比对 · both 比对通过后人工审核' }),
}, { additionalProperties: false })

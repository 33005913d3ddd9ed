import { SelfDeclaredSectionSchema } from './self-declared.schemas.js'
import { Type } from '@sinclair/typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const SubjectCodeParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })

export const ReadProfileQuery = Type.Object({
  reveal: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '仅信用服务中心：显示完整证件号码的理由（记入审计日志）/ operator only: why whole identifiers are needed (audited)' })),
  grant: Type.Optional(Type.String({ format: 'uuid', description: '接入机构：只按此授权查询 / institution: query under this grant only' })),
}, { additionalProperties: false })

const GrantRef = Type.Object({ id: Type.String(), mode: Type.String(), status: Type.String(), validUntil: Type.String(), revokedAt: Nullable(Type.String()) })

export const ProfileResponse = Type.Object({
  subject: Type.Object({
    subjectKey: Type.String(), uscc: Nullable(Type.String()), kind: Type.String(), name: Nullable(Type.String()), names: Type.Array(Type.String()),
    entityType: Nullable(Type.String()), divisionCode: Nullable(Type.String()),
  }),
  generatedAt: Type.String(),
  asOf: Nullable(Type.String()),
  viewer: Type.Object({
    role: Type.String(), organization: Nullable(Type.String()),
    basis: Type.String({ description: 'self 本主体 · operator 中心 · institution 接入机构 · public 仅公开信息' }),
    purpose: Type.String(), revealed: Type.Boolean(),
    grants: Type.Array(GrantRef, { description: '适用的有效授权 / live grants that apply' }),
    endedGrants: Type.Array(GrantRef, { description: '已撤销或到期的授权（接入机构据此获知撤销）/ revoked or expired grants' }),
  }),
  categories: Type.Array(Type.Object({
    no: Type.Integer(), key: Type.String(), name: Type.String(), asOf: Type.String(),
    items: Type.Array(Type.Object({
      key: Type.String(), name: Type.String(), asOf: Type.String(),
      fields: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), type: Type.String(), sensitivity: Type.String() })),
      withheld: Type.Array(Type.String(), { description: '因无授权未显示的字段 / fields withheld for want of a grant' }),
      grantId: Nullable(Type.String()),
      records: Type.Array(Type.Object({
        recordKey: Type.String(), version: Type.Integer(), earlierVersions: Type.Integer(),
        provenance: Type.Object({ provider: Type.String(), method: Type.String(), batchId: Type.String(), receivedAt: Type.String(), catalogVersion: Type.Integer() }),
        values: Type.Record(Type.String(), Type.Unknown()),
        masked: Type.Optional(Type.Array(Type.String())),
        state: Type.Optional(Type.Literal('objected', { description: '异议中：信用主体已提出异议，待数据提供单位处理 / under objection' })),
      })),
    })),
  })),
  selfDeclared: Type.Optional(SelfDeclaredSectionSchema),
  audit: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
})

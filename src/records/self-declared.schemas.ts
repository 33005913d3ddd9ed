import { Type } from '@sinclair/typebox'
import { COMMITMENT_TYPES } from './self-declared.types.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const SelfDeclarationResponse = Type.Object({
  id: Type.String(), itemKey: Type.String(), itemName: Type.String(), declaredAt: Type.String(), declaredBy: Type.String(),
  values: Type.Record(Type.String(), Type.Unknown()), masked: Type.Optional(Type.Array(Type.String())), withdrawnAt: Nullable(Type.String()),
})

export const DeclareBody = Type.Object({
  itemKey: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: '共享清单的信息项 / the catalog item' }),
  values: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]), {
    maxProperties: 60, description: '按字段键填写的内容，按共享清单的字段类型校验 / values by field key, checked by the catalog\'s types',
  }),
}, { additionalProperties: false })

export const DeclarationIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const DeclarableItemsResponse = Type.Array(Type.Object({
  key: Type.String(), name: Type.String(), category: Type.String(),
  fields: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), type: Type.String(), required: Type.Boolean() })),
}))

const CommitmentType = Type.Union(Object.keys(COMMITMENT_TYPES).map((k) => Type.Literal(k)), { description: '承诺类型 / commitment type' })

export const CommitmentResponse = Type.Object({
  id: Type.String(), type: Type.String(), typeName: Type.String(), text: Type.String(), textSm3: Type.String(),
  signer: Type.String(), signedOn: Type.String(), signedBy: Type.String(), createdAt: Type.String(),
})

export const CommitBody = Type.Object({
  type: CommitmentType,
  signer: Type.String({ minLength: 2, maxLength: 50, description: '签署人（法定代表人或授权代表）/ who signs' }),
  agree: Type.Literal(true, { description: '已阅读并同意承诺书全文 / has read and agrees to the text' }),
}, { additionalProperties: false })

export const CommitmentTemplatesResponse = Type.Array(Type.Object({ type: Type.String(), name: Type.String(), text: Type.String() }))

/** The profile's and report's self-declared section. */
export const SelfDeclaredSectionSchema = Type.Object({
  source: Type.Literal('self-declared'),
  notice: Type.String(),
  items: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), fields: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    declarations: Type.Array(SelfDeclarationResponse),
  })),
  commitments: Type.Array(Type.Object({
    id: Type.String(), type: Type.String(), typeName: Type.String(), textSm3: Type.String(), signer: Type.String(), signedOn: Type.String(),
    signedBy: Type.String(), createdAt: Type.String(),
  })),
}, { description: '信用主体自愿填报的信息和信用承诺（未经数据提供单位核实）/ the subject\'s own statements, not verified by a provider' })

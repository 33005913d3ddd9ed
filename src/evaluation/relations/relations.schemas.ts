import { Type } from '@sinclair/typebox'
import { RELATION_LIMITS } from './relations.limits.js'

const NullableString = Type.Union([Type.String(), Type.Null()])

export const RelationsParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })

export const RelationsQuery = Type.Object({
  depth: Type.Optional(Type.Integer({ minimum: 1, maximum: RELATION_LIMITS.maxDepth, default: 1, description: `关联层数（1–${RELATION_LIMITS.maxDepth}）/ hops from the subject` })),
  grant: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: '接入机构：使用此授权（须为有效授权）/ institution: under this grant' })),
}, { additionalProperties: false })

export const SelfRelationsQuery = Type.Object({
  depth: Type.Optional(Type.Integer({ minimum: 1, maximum: RELATION_LIMITS.maxDepth, default: 1 })),
}, { additionalProperties: false })

const PathStep = Type.Object({ from: Type.String(), to: Type.String(), edge: Type.String(), label: Type.String() })

/** A flag with its path, as the graph and the evaluation's adjustment give it. */
export const RelationFlag = Type.Object({
  rule: Type.String(), flag: Type.String(), zh: Type.String(),
  party: Type.String({ description: '关联方节点 / the related party node' }), partyLabel: Type.String(),
  status: Type.String({ description: '关联方的失信情况 / what the party is on' }),
  path: Type.Array(PathStep, { description: '自本企业起的路径 / the path walked from the subject' }),
  pathText: Type.String({ description: '如：甲公司 —股东持股35%→ 乙公司 —失信被执行人信息' }),
  gradeSteps: Type.Integer(),
})

/** The grade adjustment the evaluation carries (null: no rule applies, the grade is the base grade). */
export const GradeAdjustmentSchema = Type.Union([Type.Object({
  baseGrade: Type.String(), grade: Type.String(), steps: Type.Integer(),
  reasons: Type.Array(Type.String(), { description: '调整原因（个人信息保护法第二十四条）/ reasons, in Chinese (PIPL art. 24)' }),
  flags: Type.Array(RelationFlag),
}), Type.Null()], { description: '关联传导调整：基础等级、调整后等级及原因 / propagation adjustment' })

export const RelationsResponse = Type.Object({
  subject: Type.Object({ subjectKey: Type.String(), code: NullableString, name: NullableString }),
  depth: Type.Integer(),
  nodes: Type.Array(Type.Object({
    id: Type.String({ description: '节点标识：企业为统一社会信用代码；自然人为不可逆的键控摘要，不含证件号码' }),
    kind: Type.Union([Type.Literal('subject'), Type.Literal('enterprise'), Type.Literal('person'), Type.Literal('branch')]),
    label: Type.String({ description: '名称；自然人姓名脱敏（本企业自身记录中的自然人除外）' }),
    code: NullableString, depth: Type.Integer(), root: Type.Boolean(), statuses: Type.Array(Type.String()),
  })),
  edges: Type.Array(Type.Object({
    id: Type.String(), from: Type.String(), to: Type.String(),
    kind: Type.Union([Type.Literal('shareholder'), Type.Literal('legal_representative'), Type.Literal('branch')]),
    label: Type.String(), ratio: Type.Union([Type.Number(), Type.Null()]),
  })),
  truncated: Type.Boolean({ description: '超出节点或边数上限，图已截断 / the bound cut the graph' }),
  flags: Type.Array(RelationFlag),
  flagsOnWhole: Type.Boolean({ description: '关联标记按规则范围内的全部关联方计算，不受图截断影响 / flags look at every party within the rules\' reach, whatever the cut' }),
  limits: Type.Object({ maxDepth: Type.Integer(), maxNodes: Type.Integer() }),
  grant: Type.Union([Type.Object({ id: Type.String(), mode: Type.String() }), Type.Null()]),
  audit: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
})

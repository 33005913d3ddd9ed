import { Type, type TSchema } from '@sinclair/typebox'
import { APPLICATION_STATUSES, PRODUCT_STATUSES, REFUSAL_REASONS, REPAYMENT_WAYS } from './financing.types.js'
import { PRODUCT_TYPES } from './loan-facts.js'
import { RULE_LIMITS } from './eligibility-rules.js'

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])
const Literals = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {})
const keysOf = <T extends object>(o: T) => Object.keys(o) as Array<keyof T & string>
const Fen = (description: string) => Type.Integer({ minimum: 1, maximum: 10_000_000_000, description })
const Bp = (description: string) => Type.Integer({ minimum: 0, maximum: 3600, description })
const Months = (description: string) => Type.Integer({ minimum: 1, maximum: 360, description })
const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })
const Uuid = Type.String({ format: 'uuid' })
const Page = { limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }), offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }) }

export const IdParams = Type.Object({ id: Uuid })
export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1, maximum: 10_000 }) })

export const ProductBody = Type.Object({
  type: Literals(keysOf(PRODUCT_TYPES), Object.entries(PRODUCT_TYPES).map(([k, v]) => `${k} ${v}`).join(' · ')),
  name: Type.String({ minLength: 2, maxLength: 60, description: '产品名称' }),
  description: Type.Optional(Type.String({ maxLength: 2000, description: '产品介绍' })),
  amountMinFen: Fen('最低额度（分）'),
  amountMaxFen: Fen('最高额度（分）'),
  termMinMonths: Months('最短期限（月）'),
  termMaxMonths: Months('最长期限（月）'),
  rateMinBp: Bp('最低年利率（基点，4.35% = 435）'),
  rateMaxBp: Bp('最高年利率（基点）'),
  repaymentWays: Type.Array(Literals(keysOf(REPAYMENT_WAYS)), { minItems: 1, maxItems: 5, description: Object.entries(REPAYMENT_WAYS).map(([k, v]) => `${k} ${v}`).join(' · ') }),
  regions: Type.Array(Type.String({ pattern: '^\\d{6}$' }), { minItems: 1, maxItems: 40, description: '服务地区（GB/T 2260 代码，640000 为全区）' }),
  guaranteeRequired: Type.Boolean({ description: '是否需要担保或抵质押' }),
  rules: Type.Array(Type.Unknown(), { maxItems: RULE_LIMITS.maxRules, description: `准入规则（JSON，类型：all any not field years_since no_record aggregate credit_grade；至多 ${RULE_LIMITS.maxRules} 条、${RULE_LIMITS.maxDepth} 层）` }),
}, { additionalProperties: false })

export const ProductResponse = Type.Object({
  id: Type.String(), version: Type.Integer(), institution: Type.String(), status: Type.String({ description: PRODUCT_STATUSES.join(' · ') }),
  type: Type.String(), name: Type.String(), description: Type.String(),
  amountMinFen: Type.Integer(), amountMaxFen: Type.Integer(), termMinMonths: Type.Integer(), termMaxMonths: Type.Integer(), rateMinBp: Type.Integer(), rateMaxBp: Type.Integer(),
  repaymentWays: Type.Array(Type.String()), regions: Type.Array(Type.String()), guaranteeRequired: Type.Boolean(), rules: Type.Array(Type.Unknown()),
  reviewReason: Nullable(Type.String()), reviewedBy: Nullable(Type.String()), reviewedAt: Nullable(Type.String()), createdAt: Type.String(), updatedAt: Type.String(),
})

export const ProductListQuery = Type.Object({
  type: Type.Optional(Literals(keysOf(PRODUCT_TYPES))),
  status: Type.Optional(Literals(PRODUCT_STATUSES)),
  institution: Type.Optional(Type.String({ maxLength: 100 })),
  text: Type.Optional(Type.String({ maxLength: 60 })),
  ...Page,
}, { additionalProperties: false })

export const ProductListResponse = Type.Object({ total: Type.Integer(), products: Type.Array(ProductResponse) })
export const ProductVersionsResponse = Type.Object({ versions: Type.Array(ProductResponse) })
export const ReviewBody = Type.Object({ approve: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })

export const NeedBody = Type.Object({
  amountFen: Fen('需求金额（分）'),
  termMonths: Months('期限（月）'),
  purpose: Type.String({ minLength: 2, maxLength: 200, description: '资金用途' }),
  collateral: Type.Optional(Nullable(Type.String({ maxLength: 200, description: '可提供的担保或抵质押物；不填为信用' }))),
}, { additionalProperties: false })

const NeedFields = {
  id: Type.String(), amountFen: Type.Integer(), termMonths: Type.Integer(), purpose: Type.String(), collateral: Nullable(Type.String()),
  divisionCode: Nullable(Type.String()), status: Type.String(), createdAt: Type.String(),
}
export const NeedResponse = Type.Object({ ...NeedFields, subjectKey: Type.String() })
export const NeedListResponse = Type.Object({ total: Type.Integer(), needs: Type.Array(NeedResponse) })
export const OpenNeedListResponse = Type.Object({
  total: Type.Integer(),
  needs: Type.Array(Type.Object({ ...NeedFields, subjectKey: Nullable(Type.String()), enterpriseName: Nullable(Type.String()), masked: Type.Boolean({ description: '企业名称和代码仅对其申请或授权的机构显示' }) })),
})
export const PageQuery = Type.Object(Page, { additionalProperties: false })

const RuleResultSchema = Type.Object({
  path: Type.String(), kind: Type.String(), outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('unknown')]), rule: Type.String(), reason: Type.String(),
  children: Type.Optional(Type.Array(Type.Unknown())),
})
export const MatchResponse = Type.Object({
  need: NeedResponse,
  evaluatedAt: Type.String(),
  matches: Type.Array(Type.Object({
    product: ProductResponse, outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('unknown')], { description: 'pass 符合 · unknown 待定（平台暂无相关信息） · fail 不符合' }),
    terms: Type.Array(Type.Object({ check: Type.String(), ok: Type.Boolean(), zh: Type.String() })), rules: Type.Array(RuleResultSchema), score: Type.Integer(),
  })),
})

export const ApplyBody = Type.Object({
  productId: Uuid,
  productVersion: Type.Integer({ minimum: 1, maximum: 10_000 }),
  amountFen: Fen('申请金额（分）'),
  termMonths: Months('申请期限（月）'),
  needId: Type.Optional(Uuid),
  grant: Type.Optional(Type.Object({
    categories: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), { maxItems: 20 })),
    items: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }), { maxItems: 60 })),
    validUntil: Type.Optional(IsoDate('授权截止日期')),
  }, { additionalProperties: false, description: '同时授权贷款机构查看的信息；默认为产品准入规则所需的信息项' })),
}, { additionalProperties: false })

export const ApplyResponse = Type.Object({ applicationId: Type.String(), grantId: Type.String() })

const LoanSchema = Nullable(Type.Object({
  contractNo: Type.String(), principalFen: Type.Integer(), annualRateBp: Type.Integer(), repaymentWay: Type.String(), startDate: Type.String(), maturityDate: Type.String(),
  guarantor: Nullable(Type.String()), creditLoan: Type.Boolean(), firstLoan: Type.Boolean(), outstandingPrincipalFen: Type.Integer(), overdueSince: Nullable(Type.String()),
  enterpriseSize: Nullable(Type.Object({
    size: Nullable(Type.Union([Type.Literal('micro'), Type.Literal('small'), Type.Literal('medium'), Type.Literal('large')], { description: '企业划型（放款当日）；null 为现有数据不足以划型' })),
    reason: Type.String({ description: '划型依据' }), asOf: Type.String({ description: '划型日期（放款报送当日）' }),
  })),
}))
export const ApplicationResponse = Type.Object({
  id: Type.String(), subjectKey: Type.String(), enterpriseName: Nullable(Type.String()), needId: Nullable(Type.String()), productId: Type.String(), productVersion: Type.Integer(),
  productName: Type.String(), productType: Type.String(), institution: Type.String(), grantId: Nullable(Type.String()), amountFen: Type.Integer(), termMonths: Type.Integer(),
  status: Type.String({ description: APPLICATION_STATUSES.join(' · ') }), dueStep: Nullable(Type.String({ description: '机构当前待办环节' })), dueDate: Nullable(Type.String({ description: '该环节的办结期限（工作日计）' })),
  reasonCode: Nullable(Type.String()), reasonNote: Nullable(Type.String()), loan: LoanSchema, createdAt: Type.String(), updatedAt: Type.String(),
})
export const ApplicationDetailResponse = Type.Intersect([ApplicationResponse, Type.Object({
  history: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), businessDate: Type.String(), action: Type.String(), fromStatus: Nullable(Type.String()), toStatus: Type.String(), actor: Type.String(), actorRole: Type.String(), note: Nullable(Type.String()) })),
  repayments: Type.Array(Type.Object({ date: Type.String(), principalFen: Type.Integer(), interestFen: Type.Integer() })),
})])
export const ApplicationListQuery = Type.Object({
  status: Type.Optional(Literals(APPLICATION_STATUSES)),
  overdueOnly: Type.Boolean({ default: false, description: '仅列出超过办结期限的申请' }),
  ...Page,
}, { additionalProperties: false })
export const ApplicationListResponse = Type.Object({ total: Type.Integer(), applications: Type.Array(ApplicationResponse) })

export const NoteBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })
export const RefuseBody = Type.Object({ reasonCode: Literals(keysOf(REFUSAL_REASONS), Object.entries(REFUSAL_REASONS).map(([k, v]) => `${k} ${v}`).join(' · ')), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })
export const LendBody = Type.Object({
  contractNo: Type.String({ minLength: 1, maxLength: 60, description: '借款合同编号' }),
  principalFen: Fen('放款金额（分）'),
  annualRateBp: Bp('执行年利率（基点）'),
  repaymentWay: Literals(keysOf(REPAYMENT_WAYS)),
  startDate: IsoDate('放款日期'),
  maturityDate: IsoDate('到期日期'),
  guarantor: Type.Optional(Type.String({ maxLength: 100, description: '担保机构' })),
}, { additionalProperties: false })
export const RepayBody = Type.Object({
  date: IsoDate('还款日期'),
  principalFen: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
  interestFen: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[\\w\\-./]+$', description: '银行的还款流水号：同一流水号重复报送只记一次' })),
}, { additionalProperties: false })
export const OverdueBody = Type.Object({ since: IsoDate('逾期起始日期') }, { additionalProperties: false })

export const ReferenceResponse = Type.Object({
  productTypes: Type.Record(Type.String(), Type.String()),
  repaymentWays: Type.Record(Type.String(), Type.String()),
  refusalReasons: Type.Record(Type.String(), Type.String()),
  serviceLevels: Type.Record(Type.String(), Type.Object({ zh: Type.String(), days: Type.Integer(), from: Type.String() })),
  ruleKinds: Type.Record(Type.String(), Type.Object({ zh: Type.String(), template: Type.String() })),
  ruleLimits: Type.Record(Type.String(), Type.Integer()),
})
export const LateStepsResponse = Type.Array(Type.Object({ institution: Type.String(), step: Type.String(), count: Type.Integer(), workingDaysLate: Type.Integer() }))

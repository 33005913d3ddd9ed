import { Type } from '@sinclair/typebox'
import { MAX_LINE_FEN } from '../ledger/index.js'
import { FundRules } from './compensation-rules.js'
import { SubsidyRules } from './subsidy-rules.js'

const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间）' })
/** Whole 分, positive, bounded: floats, negatives and numbers beyond the ledger's range are refused at the door. */
const Fen = (description: string) => Type.Integer({ minimum: 1, maximum: MAX_LINE_FEN, description })
const Key = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$', description: '幂等键：同一键重复提交只记一次 / idempotency key' })
const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
}

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const CreateFundBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100, description: '资金池名称' }),
  owner: Type.String({ minLength: 2, maxLength: 100, description: '出资单位，如 银川市财政局' }),
  regions: Type.Array(Type.String({ pattern: '^64(\\d{2}){0,2}$' }), { maxItems: 50, description: '覆盖地区（行政区划代码或前缀）' }),
  year: Type.Integer({ minimum: 2000, maximum: 2100, description: '设立年度' }),
  ruleBasis: Type.Union([Type.Literal('loan_start'), Type.Literal('claim_date')], { description: '适用规则：loan_start 贷款发放时 · claim_date 申请时' }),
  rules: FundRules,
}, { additionalProperties: false })

export const ContributionBody = Type.Object({
  amountFen: Fen('注资金额（分）'),
  reference: Type.String({ minLength: 1, maxLength: 200, description: '拨款文号或凭证号' }),
  idempotencyKey: Key,
}, { additionalProperties: false })

export const Evidence = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: '文件名' }),
  mediaType: Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$', maxLength: 100 }),
  sizeBytes: Type.Integer({ minimum: 1, maximum: 50 * 1024 * 1024, description: '字节数（单个文件不超过 50 MB）' }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: '文件的 SHA-256（小写十六进制）' }),
}, { additionalProperties: false })

export const FileClaimBody = Type.Object({
  fundId: Type.String({ format: 'uuid' }),
  loanId: Type.String({ minLength: 1, maxLength: 100 }),
  claimedFen: Type.Optional(Fen('机构申请金额（分），仅作记录；补偿金额由系统按规则计算')),
  evidence: Type.Array(Evidence, { minItems: 1, maxItems: 20, description: '证明材料（合同、催收记录、诉讼文书等）的元数据与哈希' }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false })

export const EntryParams = Type.Object({ id: Type.String({ format: 'uuid' }), entryId: Type.String({ format: 'uuid' }) })
export const ReverseBody = Type.Object({ reason: Type.String({ minLength: 4, maxLength: 500, description: '冲销理由' }), idempotencyKey: Key }, { additionalProperties: false })

export const ApproveBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })
export const RejectBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false })
export const PayBody = Type.Object({ reference: Type.String({ minLength: 1, maxLength: 200, description: '支付凭证号' }) }, { additionalProperties: false })
export const RecoveryBody = Type.Object({
  amountFen: Fen('本次追回金额（分）'),
  idempotencyKey: Key,
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })

export const ListClaimsQuery = Type.Object({
  fundId: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(Type.Union(['filed', 'approved', 'rejected', 'paid'].map((s) => Type.Literal(s)))),
  institution: Type.Optional(Type.String({ maxLength: 100 })),
  ...Page,
}, { additionalProperties: false })

export const LedgerPageQuery = Type.Object(Page, { additionalProperties: false })

const Balances = Type.Object({
  poolFen: Type.Integer(), commitmentFen: Type.Integer(), contributedFen: Type.Integer(), compensationPaidFen: Type.Integer(),
  recoveryReturnedFen: Type.Integer(), subsidyPaidFen: Type.Integer(),
}, { description: '资金池可用余额、已批准待拨付、累计注资、已拨付补偿、追偿返还、已拨付贴息（分）' })

const FundFields = {
  id: Type.String(), name: Type.String(), owner: Type.String(), regions: Type.Array(Type.String()), year: Type.Integer(),
  ruleBasis: Type.String(), createdBy: Type.String(), createdAt: DateTime, balances: Balances,
}
export const FundResponse = Type.Object(FundFields)
export const FundDetailResponse = Type.Object({
  ...FundFields,
  versions: Type.Array(Type.Object({ version: Type.Integer(), effectiveFrom: Type.String(), rules: FundRules, createdBy: Type.String(), createdAt: DateTime })),
})

export const LedgerEntryResponse = Type.Object({
  id: Type.String(), idempotencyKey: Type.String(), fundId: Nullable(Type.String()), kind: Type.String(), memo: Type.String(),
  refType: Nullable(Type.String()), refId: Nullable(Type.String()), reverses: Nullable(Type.String()), createdBy: Type.String(), createdAt: DateTime,
  lines: Type.Array(Type.Object({ accountCode: Type.String(), amountFen: Type.Integer({ description: '正数借方，负数贷方（分）' }) })),
})

export const FundLedgerResponse = Type.Object({
  accounts: Type.Array(Type.Object({ code: Type.String(), fundId: Nullable(Type.String()), kind: Type.String(), party: Nullable(Type.String()), balanceFen: Type.Integer() })),
  total: Type.Integer(),
  entries: Type.Array(LedgerEntryResponse),
})

export const ContributionResponse = Type.Object({ entry: LedgerEntryResponse, replayed: Type.Boolean(), balances: Balances })

const Step = Type.Object({ rule: Type.String(), zh: Type.String(), amountFen: Type.Integer() })
export const ClaimResponse = Type.Object({
  id: Type.String(), fundId: Type.String(), fundName: Type.String(), loanId: Type.String(), institution: Type.String(), uscc: Type.String(),
  year: Type.Integer(), status: Type.String({ description: 'filed 待审核 · approved 已批准待拨付 · rejected 已驳回 · paid 已拨付' }),
  ruleVersion: Type.Integer(), unrecoveredFen: Type.Integer(), claimedFen: Nullable(Type.Integer()),
  computedFen: Type.Integer({ description: '按规则计算的补偿金额（分）' }), approvedFen: Nullable(Type.Integer()),
  breakdown: Type.Object({ steps: Type.Array(Step, { description: '逐条规则的计算过程' }), lenderBearsFen: Type.Integer(), guarantorBearsFen: Type.Integer() }),
  evidence: Type.Array(Evidence), note: Nullable(Type.String()), filedBy: Type.String(), filedAt: DateTime,
  reviewedBy: Nullable(Type.String()), reviewedAt: Nullable(DateTime), reviewNote: Nullable(Type.String()), rejectReason: Nullable(Type.String()),
  paidBy: Nullable(Type.String()), paidAt: Nullable(DateTime), paymentRef: Nullable(Type.String()), recoveredFen: Type.Integer(), returnedFen: Type.Integer(),
})
export const ClaimDetailResponse = Type.Intersect([ClaimResponse, Type.Object({
  history: Type.Array(Type.Object({ seq: Type.Integer(), at: DateTime, action: Type.String(), actor: Type.String(), actorRole: Type.String(), amountFen: Nullable(Type.Integer()), note: Nullable(Type.String()), entryId: Nullable(Type.String()) })),
  entries: Type.Array(LedgerEntryResponse),
})])
export const ListClaimsResponse = Type.Object({ total: Type.Integer(), claims: Type.Array(ClaimResponse) })

export const CreateProgrammeBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  fundId: Type.String({ format: 'uuid', description: '贴息资金来源的资金池' }),
  periodFrom: DateText,
  periodTo: DateText,
  rules: SubsidyRules,
}, { additionalProperties: false })

export const ProgrammeResponse = Type.Object({
  id: Type.String(), name: Type.String(), fundId: Type.String(), periodFrom: Type.String(), periodTo: Type.String(), rules: SubsidyRules, createdBy: Type.String(), createdAt: DateTime,
})

export const ListPaymentsQuery = Type.Object({
  programmeId: Type.Optional(Type.String({ format: 'uuid' })),
  uscc: Type.Optional(Type.String({ maxLength: 18 })),
  ...Page,
}, { additionalProperties: false })

export const ListPaymentsResponse = Type.Object({
  total: Type.Integer(),
  payments: Type.Array(Type.Object({
    id: Type.String(), programmeId: Type.String(), programmeName: Type.String(), loanId: Type.String(), repaymentKey: Type.String(), uscc: Type.String(), institution: Type.String(),
    repaymentDate: Type.String(), interestFen: Type.Integer(), amountFen: Type.Integer(), status: Type.String({ description: 'paid 已拨付 · cap_reached 已达上限' }), reason: Type.String(),
    entryId: Nullable(Type.String()), createdAt: DateTime,
  })),
})

import { Type } from '@sinclair/typebox'
import { TRAINING_LIMITS } from './scorecard.service.js'
import { GradeAdjustmentSchema } from '../relations/relations.schemas.js'

const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })
const NullableNumber = (description?: string) => Type.Union([Type.Number(), Type.Null()], description ? { description } : {})
const NullableString = Type.Union([Type.String(), Type.Null()])
const Audit = Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()])

export const ScorecardIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 60, description: '评分卡编号' }) })
export const ScoreSubjectParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 60, description: '评分卡编号' }), code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })
export const PortraitParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })
export const GrantQuery = Type.Object({ grant: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: '使用此授权（须为有效授权）' })) }, { additionalProperties: false })

export const TrainScorecardBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60, description: '评分卡名称；同名再训练即为新版本' }),
  characteristics: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: TRAINING_LIMITS.maxCharacteristics, description: '选用的特征（GET /api/scorecards/characteristics）' }),
  from: Type.Optional(IsoDate('放款日期自（含）')),
  to: Type.Optional(IsoDate('放款日期至（含）')),
  scaling: Type.Optional(Type.Object({
    baseScore: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: '基准分（默认 600）' })),
    baseOdds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: '基准分对应的好坏比（默认 50:1）' })),
    pdo: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000, description: '好坏比翻倍所增分数 PDO（默认 20）' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false })

const Bin = Type.Object({
  kind: Type.Union([Type.Literal('range'), Type.Literal('set'), Type.Literal('missing'), Type.Literal('special')]),
  lo: Type.Optional(NullableNumber()), hi: Type.Optional(NullableNumber()),
  values: Type.Optional(Type.Array(Type.String())), value: Type.Optional(Type.Union([Type.Number(), Type.String()])),
})
const CardBin = Type.Object({
  bin: Bin, label: Type.String(), goods: Type.Integer(), bads: Type.Integer(), badRate: NullableNumber('坏样本率'),
  woe: Type.Number({ description: 'WoE = ln(好样本占比 / 坏样本占比)' }), points: Type.Integer({ description: '分值' }),
})
const CardCharacteristic = Type.Object({
  key: Type.String(), zh: Type.String(), type: Type.String(), iv: Type.Number({ description: '信息值 IV' }), direction: Type.String(),
  coefficient: Type.Number({ description: '逻辑回归系数' }), bins: Type.Array(CardBin),
})
const Scaling = Type.Object({ baseScore: Type.Number(), baseOdds: Type.Number(), pdo: Type.Number() })
const Split = Type.Object({
  count: Type.Integer(), goods: Type.Integer(), bads: Type.Integer(), auc: NullableNumber('AUC'), ks: NullableNumber('KS'),
  from: NullableString, to: NullableString,
})
const Report = Type.Object({
  development: Split, validation: Type.Union([Split, Type.Null()]), psi: NullableNumber('PSI（最近样本对开发样本）'),
  psiBins: Type.Array(Type.Object({ upTo: NullableNumber(), development: Type.Integer(), recent: Type.Integer() })),
  converged: Type.Boolean(), iterations: Type.Integer(), notes: Type.Array(Type.String()),
})
const Sample = Type.Object({
  from: NullableString, to: NullableString, loans: Type.Integer(), goods: Type.Integer(), bads: Type.Integer(), excluded: Type.Integer({ description: '放款不足 90 天、尚无表现而未纳入的贷款' }),
  subjects: Type.Integer(), observedOn: Type.String(),
})
const Summary = {
  id: Type.String(), institution: Type.String(), name: Type.String(), version: Type.Integer(), characteristics: Type.Array(Type.String()),
  report: Report, sample: Sample, createdBy: Type.String(), createdAt: Type.String(),
}
export const ScorecardResponse = Type.Object({ ...Summary, card: Type.Object({ scaling: Scaling, ridge: Type.Number(), intercept: Type.Number(), characteristics: Type.Array(CardCharacteristic) }) })
export const ScorecardListResponse = Type.Object({ scorecards: Type.Array(Type.Object(Summary)) })
export const CharacteristicsResponse = Type.Object({
  characteristics: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), type: Type.String(), derived: Type.Boolean(), item: Type.String() })),
})
export const SubjectScoreResponse = Type.Object({
  scorecardId: Type.String(), name: Type.String(), version: Type.Integer(), subjectKey: Type.String(), score: Type.Integer(), asOf: Type.String(), grantId: Type.String(),
  parts: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), bin: Type.String({ description: '所在分箱（区间，不含原值）' }), points: Type.Integer() })),
  reasons: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), points: Type.Integer(), shortfall: Type.Integer(), text: Type.String() })),
  audit: Audit,
})

const IndicatorValue = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()])
export const PortraitResponse = Type.Object({
  subject: Type.Object({ subjectKey: Type.String(), uscc: NullableString, name: NullableString, divisionCode: NullableString }),
  generatedAt: Type.String(),
  access: Type.Union([Type.Literal('full'), Type.Literal('public')], { description: 'full：本企业、运营方或持有效授权的机构；public：无授权的机构，仅公开信息标签' }),
  tags: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), tone: Type.String(), rule: Type.String(), reason: Type.Optional(Type.String()) })),
  evaluation: Type.Union([Type.Object({
    version: Type.Integer(), systemName: Type.String(), score: Type.Number(), grade: Type.String(), gradeName: Type.String(),
    baseGrade: Type.String(), adjustment: GradeAdjustmentSchema,
    scoreRange: Type.Object({ min: Type.Number(), max: Type.Number() }), asOf: Type.String(),
    dimensions: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), value: Type.Number() })),
    reasons: Type.Array(Type.Object({ code: Type.String(), indicator: Type.String(), kind: Type.String(), points: Type.Number(), zh: Type.String() })),
    indicators: Type.Array(Type.Object({
      key: Type.String(), name: Type.String(), dimension: Type.String(), value: IndicatorValue, bin: Type.Union([Type.Integer(), Type.Literal('missing')]),
      binLabel: NullableString, points: Type.Number(), maxPoints: Type.Number(), minPoints: Type.Number(),
    })),
  }), Type.Null()]),
  trend: Type.Array(Type.Object({ month: Type.String(), score: Type.Number(), grade: Type.String(), dimensions: Type.Record(Type.String(), Type.Number()) })),
  series: Type.Array(Type.Object({
    key: Type.String(), zh: Type.String(), points: Type.Array(Type.Object({ month: Type.String(), value: Type.Union([Type.Number(), Type.Null()]) })),
  }), { description: '按月的纳税、公积金缴存人数、电费（来自记录的各版本；仅本企业和运营方）' }),
  grant: Type.Union([Type.Object({ id: Type.String(), mode: Type.String() }), Type.Null()]),
  notes: Type.Array(Type.String()),
  audit: Audit,
})

import { Type } from '@sinclair/typebox'
import { MAX_SYSTEM_BYTES } from './evaluation.limits.js'
import { GradeAdjustmentSchema } from './relations/relations.schemas.js'

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Number> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()])
const IndicatorValue = Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()], { description: '指标值；null 为缺失（单独计分，不按 0 处理）/ null is missing' })

export const SubjectCodeParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 60, description: '统一社会信用代码 / USCC' }) })

export const ReadEvaluationQuery = Type.Object({
  grant: Type.Optional(Type.String({ format: 'uuid', description: '接入机构：只按此授权查看 / institution: under this grant only' })),
}, { additionalProperties: false })

export const TrendQuery = Type.Object({
  grant: Type.Optional(Type.String({ format: 'uuid' })),
  months: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 24 })),
}, { additionalProperties: false })

const Reason = Type.Object({
  code: Type.String({ description: '原因代码：指标:分档 / reason code: indicator:bin' }),
  indicator: Type.String(), kind: Type.Union([Type.Literal('cost'), Type.Literal('gain')]), points: Type.Number(), zh: Type.String(),
})

export const EvaluationResponse = Type.Object({
  subject: Type.Object({ subjectKey: Type.String(), name: Nullable(Type.String()) }),
  version: Type.Integer({ description: '指标体系版本 / indicator-system version' }),
  systemName: Type.String(),
  score: Type.Number(), grade: Type.String({ description: '展示的等级（含关联传导调整）/ the grade shown, adjusted' }), gradeName: Type.String(),
  baseGrade: Type.String({ description: '按指标得出的基础等级 / the grade the indicators give' }),
  adjustment: GradeAdjustmentSchema,
  scoreRange: Type.Object({ min: Type.Number(), max: Type.Number() }),
  grades: Type.Array(Type.Object({ grade: Type.String(), name: Type.String(), min: Nullable(Type.Number()) })),
  scoredAt: Type.String(), asOf: Type.String({ description: '评价基准日（北京时间）/ business date the windows count from' }),
  dimensions: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), value: Type.Number({ description: '0–100' }) })),
  reasons: Type.Array(Reason, { description: '主要原因（个人信息保护法第二十四条）/ top reasons (PIPL art. 24)' }),
  indicators: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), dimension: Type.String(), value: IndicatorValue,
    bin: Type.Union([Type.Integer(), Type.Literal('missing')]), binLabel: Nullable(Type.String()),
    points: Type.Number(), maxPoints: Type.Number(), minPoints: Type.Number(),
  })),
  grant: Type.Union([Type.Object({ id: Type.String(), mode: Type.String() }), Type.Null()]),
  audit: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
})

export const TrendResponse = Type.Object({
  history: Type.Array(Type.Object({
    scoredAt: Type.String(), version: Type.Integer(), score: Type.Number(),
    grade: Type.String({ description: '展示的等级（含关联传导调整）/ the grade shown' }),
    baseGrade: Type.Optional(Type.String({ description: '与展示等级不同时：按指标得出的基础等级 / the indicators\' grade, when it differs' })),
  })),
  snapshots: Type.Array(Type.Object({
    month: Type.String(), score: Type.Number(), grade: Type.String(),
    baseGrade: Type.Optional(Type.String()), dimensions: Type.Record(Type.String(), Type.Number()),
  })),
})

export const SystemSourceBody = Type.Object({
  source: Type.String({ minLength: 2, maxLength: MAX_SYSTEM_BYTES, description: '指标体系 JSON 文本（错误按行列报告）/ the indicator system as JSON text (errors name line and column)' }),
}, { additionalProperties: false })

const Issue = Type.Object({ line: Type.Integer(), column: Type.Integer(), indicator: Nullable(Type.String()), code: Type.String(), zh: Type.String(), en: Type.String() })
const Range = Type.Object({ min: Type.Number(), max: Type.Number() })

export const ValidateResponse = Type.Object({
  ok: Type.Boolean(),
  issues: Type.Array(Issue),
  indicators: Type.Optional(Type.Integer()),
  aggregates: Type.Optional(Type.Integer()),
  scoreRange: Type.Optional(Range),
})

export const PublishedResponse = Type.Object({
  version: Type.Integer(), name: Type.String(), publishedAt: Type.String(), publishedBy: Type.String(), indicators: Type.Integer(), scoreRange: Range,
})

export const VersionsResponse = Type.Array(Type.Object({
  version: Type.Integer(), name: Type.String(), publishedAt: Type.String(), publishedBy: Type.String(), indicators: Type.Integer(), scoreRange: Range,
  source: Type.String(), current: Type.Boolean(),
}))

export const SystemResponse = Type.Object({
  version: Type.Integer(), name: Type.String(), base: Type.Number(), scoreRange: Range,
  dimensions: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
  grades: Type.Array(Type.Object({ grade: Type.String(), name: Type.String(), min: Nullable(Type.Number()) })),
  indicators: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), dimension: Type.String(), formula: Type.String(), windowMonths: Nullable(Type.Number()),
    bins: Type.Array(Type.Object({ label: Nullable(Type.String()), points: Type.Number(), from: Nullable(Type.Number()), to: Nullable(Type.Number()), is: Type.Union([Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()])), Type.Null()]) })),
    missing: Type.Object({ points: Type.Number(), label: Type.String() }),
    maxPoints: Type.Number(), minPoints: Type.Number(),
  })),
})

export const RunResponse = Type.Object({ runId: Type.String(), version: Type.Integer(), subjects: Type.Integer(), changed: Type.Integer() })

export const OverviewResponse = Type.Object({
  version: Nullable(Type.Integer()),
  grades: Type.Array(Type.Object({ grade: Type.String(), n: Type.Integer() })),
  runs: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), version: Type.Integer(), startedAt: Type.String(), finishedAt: Nullable(Type.String()),
    subjects: Type.Integer(), changed: Type.Integer(), startedBy: Type.String(),
  })),
})

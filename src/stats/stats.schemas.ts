import { Type } from '@sinclair/typebox'

const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })

export const StatsQuery = Type.Object({
  from: Type.Optional(IsoDate('放款日期自（含）')),
  to: Type.Optional(IsoDate('放款日期至（含）')),
  region: Type.Optional(Type.String({ pattern: '^[1-9]\\d(\\d{2}){0,2}$', description: '地区：GB/T 2260 代码或前缀（640100 或 6401 银川市）' })),
  institution: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '金融机构名称' })),
}, { additionalProperties: false })

const Nullable = <T extends ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()])

export const StatRow = Type.Object({
  key: Type.String(),
  name: Type.String(),
  loans: Type.Integer({ description: '贷款笔数' }),
  amountFen: Type.Integer({ description: '贷款金额（分）' }),
  creditLoans: Type.Integer({ description: '信用贷款笔数' }),
  creditShareBp: Type.Integer({ description: '信用贷款占比（基点，按笔数）' }),
  firstLoans: Type.Integer({ description: '首贷户数' }),
  avgDecisionDays: Nullable(Type.Number({ description: '平均审批用时（工作日）' })),
  p50DecisionDays: Nullable(Type.Number({ description: '审批用时中位数（工作日）' })),
  overdue: Type.Integer({ description: '逾期笔数（曾报送逾期）' }),
  defaulted: Type.Integer({ description: '违约笔数' }),
})

export const StatsResponse = Type.Object({
  filter: StatsQuery,
  total: StatRow,
  byRegion: Type.Array(StatRow),
  byInstitution: Type.Array(StatRow),
  byProductType: Type.Array(StatRow),
  byEnterpriseSize: Type.Array(StatRow),
  byMonth: Type.Array(StatRow),
  lateReports: Type.Array(Type.Object({
    institution: Type.String(),
    count: Type.Integer(),
    workingDaysLate: Type.Integer(),
    steps: Type.Array(Type.Object({ step: Type.String(), stepName: Type.String(), count: Type.Integer(), workingDaysLate: Type.Integer() })),
  })),
})

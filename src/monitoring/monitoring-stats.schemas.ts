import { Type } from '@sinclair/typebox'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '北京时间日期 YYYY-MM-DD' })

export const MonitoringStatsQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
}, { additionalProperties: false })

export const MonitoringStatsResponse = Type.Object({
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  byDay: Type.Array(Type.Object({ day: Type.String(), institution: Type.String(), kind: Type.String(), alerts: Type.Integer(), acknowledged: Type.Integer() })),
  byKind: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), alerts: Type.Integer() })),
  byInstitution: Type.Array(Type.Object({
    institution: Type.String(), alerts: Type.Integer(), acknowledged: Type.Integer(), deliveries: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer(),
    pending: Type.Integer(), attempts: Type.Integer(), successRate: Type.Union([Type.Number(), Type.Null()]), liveWatches: Type.Integer(), watchedSubjects: Type.Integer(),
  })),
})

import type { Value } from './indicator-formula.js'
import type { ScoreReason } from './scoring.js'

/** One indicator of a score: its value (null: missing), bin and points against its range. */
export interface IndicatorView {
  key: string
  name: string
  dimension: string
  value: Value
  /** Bin number from 1, or `missing`. */
  bin: number | 'missing'
  binLabel: string | null
  points: number
  maxPoints: number
  minPoints: number
}

/** A subject's evaluation as the caller may see it: scores and derived indicators, never record fields. */
export interface EvaluationView {
  subject: { subjectKey: string; name: string | null }
  version: number
  systemName: string
  score: number
  grade: string
  gradeName: string
  scoreRange: { min: number; max: number }
  grades: Array<{ grade: string; name: string; min: number | null }>
  scoredAt: string
  asOf: string
  dimensions: Array<{ key: string; name: string; value: number }>
  reasons: ScoreReason[]
  indicators: IndicatorView[]
  grant: { id: string; mode: string } | null
  audit: { seq: number; hash: string } | null
}

export interface PublishedSystem {
  version: number
  name: string
  publishedAt: string
  publishedBy: string
  indicators: number
  scoreRange: { min: number; max: number }
}

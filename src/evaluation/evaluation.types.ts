import type { Value } from './indicator-formula.js'
import type { ScoreReason } from './scoring.js'
import type { Sql } from '../core/index.js'
import type { GradeAdjustment, RelationFlag } from './relations/relations.types.js'

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
  /** The grade shown: the base grade, adjusted by the relationship graph's propagation rules when one fired. */
  grade: string
  gradeName: string
  /** The grade the indicators give, before any adjustment. */
  baseGrade: string
  /** Why the grade differs from the base grade (or the flags that did not move it); null when no rule applies. */
  adjustment: GradeAdjustment | null
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

/**
 * What the evaluation asks of the relationship graph (src/evaluation/relations), wired by createXinshu(): follow the
 * records change feed with the scores (returning the subjects whose flags moved, to be rescored in the same
 * transaction), hand over the stored flags, and apply them to a base grade — the grade shown.
 */
export interface RelationsHook {
  recordsChanged(tx: Sql, changes: ReadonlyArray<{ subjectKey: string; itemKey: string }>): Promise<string[]>
  readjustLapsed(tx: Sql, limit: number): Promise<{ lapsed: string[]; moved: string[] }>
  storedFlags(sql: Sql, subjectKeys: readonly string[]): Promise<Map<string, RelationFlag[]>>
  storedFlagsInRange(sql: Sql, after: string, last: string): Promise<Map<string, RelationFlag[]>>
  adjust(baseGrade: string, grades: readonly string[], flags: readonly RelationFlag[]): GradeAdjustment
}

/**
 * A subject's grade shown moved on a rescore (new information: its records changed, or a related party's did and a
 * propagation rule's flag moved), under the same indicator-system version as its previous score. `key` is unique per
 * move: the previous score it moved from, so a retried rescore reports the same move with the same key.
 */
export interface GradeChange {
  subjectKey: string
  from: string
  to: string
  /** `to` is lower on the version's scale than `from`. */
  lower: boolean
  version: number
  /** The indicator system's name, for whoever shows the change. */
  scheme: string
  key: string
  /** The grades the indicators give, before and after (differ from `from`/`to` when a rule adjusts them). */
  baseFrom: string
  baseTo: string
  /** Why the grade shown differs from the indicators' grade now: the rules' reasons with their paths (关联方…). */
  reasons: string[]
}

/**
 * What the evaluation tells other contexts, inside the transaction that stores the new score (so a rolled-back
 * rescore tells nothing, and a replayed one tells the same thing again, for them to deduplicate by `key`).
 * `createXinshu()` wires it; evaluation imports no other context for it.
 */
export interface EvaluationPorts {
  onGradeChanged?: (tx: Sql, change: GradeChange) => Promise<void>
}

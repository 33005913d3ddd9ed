export { createEvaluationService, catalogForFormulas, type EvaluationService } from './evaluation.service.js'
export { startLapseSweeper } from './lapse-sweeper.js'
export { readLatestScores, readShownGrades, readIndicatorsAsOf, readScoreHistory, readScoreSnapshots, type StoredScore, type ScoreSnapshot } from './score-reads.js'
export { EvaluationErrors } from './evaluation.errors.js'
export type { EvaluationPorts, EvaluationView, GradeChange, IndicatorView, PublishedSystem, RelationsHook } from './evaluation.types.js'
export type { ScoreReason, SubjectScore } from './scoring.js'
export type { Value as IndicatorValue } from './indicator-formula.js'
export { evaluationRoutes, type EvaluationRoutesServices } from './evaluation.routes.js'
export { createPortraitService, createScorecardService, type PortraitService, type ScorecardService } from './scorecard/index.js'
export {
  createRelationsService, relationsRoutes, loadPropagationRules, checkPropagationRules, RelationsErrors, RELATION_LIMITS,
  type RelationsService, type RelationsRoutesServices, type RelationGraph, type GradeAdjustment, type PropagationRules,
} from './relations/index.js'

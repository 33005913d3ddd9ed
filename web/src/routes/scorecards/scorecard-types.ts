/** The shapes of /api/scorecards and /api/subjects/{code}/portrait, as the server's schemas give them. */
export interface ScorecardBin { bin: { kind: 'range' | 'set' | 'missing' | 'special' }; label: string; goods: number; bads: number; badRate: number | null; woe: number; points: number }
export interface ScorecardCharacteristic { key: string; zh: string; type: string; iv: number; direction: string; coefficient: number; bins: ScorecardBin[] }
export interface ScorecardSplit { count: number; goods: number; bads: number; auc: number | null; ks: number | null; from: string | null; to: string | null }
export interface ScorecardReport {
  development: ScorecardSplit
  validation: ScorecardSplit | null
  psi: number | null
  psiBins: Array<{ upTo: number | null; development: number; recent: number }>
  converged: boolean
  iterations: number
  notes: string[]
}
export interface ScorecardSummary {
  id: string
  institution: string
  name: string
  version: number
  characteristics: string[]
  report: ScorecardReport
  sample: { from: string | null; to: string | null; loans: number; goods: number; bads: number; excluded: number; subjects: number; observedOn: string }
  createdBy: string
  createdAt: string
}
export interface Scorecard extends ScorecardSummary {
  card: { scaling: { baseScore: number; baseOdds: number; pdo: number }; ridge: number; intercept: number; characteristics: ScorecardCharacteristic[] }
}
export interface ScorecardCharacteristicOption { key: string; zh: string; type: string; derived: boolean; item: string }
export interface SubjectScore {
  scorecardId: string
  name: string
  version: number
  score: number
  asOf: string
  grantId: string
  parts: Array<{ key: string; zh: string; bin: string; points: number }>
  reasons: Array<{ key: string; zh: string; points: number; shortfall: number; text: string }>
}

export interface PortraitTag { key: string; zh: string; tone: 'positive' | 'negative' | 'neutral'; rule: string; reason?: string }
export interface PortraitIndicator { key: string; name: string; dimension: string; value: number | string | boolean | null; bin: number | 'missing'; binLabel: string | null; points: number; maxPoints: number; minPoints: number }
export interface PortraitTrendPoint { month: string; score: number; grade: string; dimensions: Record<string, number> }
export interface Portrait {
  subject: { subjectKey: string; uscc: string | null; name: string | null; divisionCode: string | null }
  generatedAt: string
  access: 'full' | 'public'
  tags: PortraitTag[]
  evaluation: {
    version: number
    systemName: string
    score: number
    grade: string
    gradeName: string
    /** The grade the indicators give; `grade` carries the relationship graph's adjustment (docs/relations.md). */
    baseGrade: string
    adjustment: { baseGrade: string; grade: string; steps: number; reasons: string[] } | null
    scoreRange: { min: number; max: number }
    asOf: string
    dimensions: Array<{ key: string; name: string; value: number }>
    reasons: Array<{ code: string; indicator: string; kind: string; points: number; zh: string }>
    indicators: PortraitIndicator[]
  } | null
  trend: PortraitTrendPoint[]
  series: Array<{ key: string; zh: string; points: Array<{ month: string; value: number | null }> }>
  grant: { id: string; mode: string } | null
  notes: string[]
}

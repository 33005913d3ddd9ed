/** The loans a statistic counts: started in [from, to], in a region (GB/T 2260 code or prefix), of one institution. */
export interface StatsFilter {
  from?: string | undefined
  to?: string | undefined
  region?: string | undefined
  institution?: string | undefined
}

/** One line of a breakdown. Money in 分; the credit-loan share in basis points of the count (2 of 3 = 6667). */
export interface StatRow {
  key: string
  name: string
  loans: number
  amountFen: number
  creditLoans: number
  creditShareBp: number
  /** 首贷户: loans that were the borrower's first on the platform. */
  firstLoans: number
  /** Working days from application to approval: mean to one decimal, and the median (nearest rank). */
  avgDecisionDays: number | null
  p50DecisionDays: number | null
  overdue: number
  defaulted: number
}

/** Late steps of one institution in the period (§七 反馈: each counts against it). */
export interface LateReportRow {
  institution: string
  count: number
  workingDaysLate: number
  steps: Array<{ step: string; stepName: string; count: number; workingDaysLate: number }>
}

/** 融资统计: totals and each breakdown of the loans the filter selects. Nothing in it names an enterprise. */
export interface FinancingStats {
  filter: StatsFilter
  total: StatRow
  byRegion: StatRow[]
  byInstitution: StatRow[]
  byProductType: StatRow[]
  byEnterpriseSize: StatRow[]
  byMonth: StatRow[]
  lateReports: LateReportRow[]
}

import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { Screen, ScreenId } from './registry'

export interface PageProps {
  params: Record<string, string>
  screen: Screen
}

type Page = LazyExoticComponent<ComponentType<PageProps>>

/** Each screen's component, loaded when first opened (antd screens and ECharts stay out of the login bundle). */
export const PAGES: Record<ScreenId, Page> = {
  catalog: lazy(() => import('./catalog/catalog-page')),
  catalogItem: lazy(() => import('./catalog/item-page')),
  providers: lazy(() => import('./ingest/providers-page')),
  upload: lazy(() => import('./ingest/upload-page')),
  templates: lazy(() => import('./ingest/templates-page')),
  batches: lazy(() => import('./ingest/batches-page')),
  quarantine: lazy(() => import('./ingest/quarantine-page')),
  quality: lazy(() => import('./quality/quality-page')),
  subjects: lazy(() => import('./subjects/subjects-page')),
  // Access: the enterprise's own data and grants, the institution's queries, and the operator's oversight.
  profile: lazy(() => import('./access/self-profile-page')),
  lookup: lazy(() => import('./access/lookup-page')),
  enterprise: lazy(() => import('./access/enterprise-page')),
  verify: lazy(() => import('./access/verify-page')),
  grants: lazy(() => import('./access/grants-page')),
  grantNew: lazy(() => import('./access/grant-new-page')),
  grantRequest: lazy(() => import('./access/grant-request-page')),
  reports: lazy(() => import('./access/reports-page')),
  reportCheck: lazy(() => import('./access/report-check-page')),
  audit: lazy(() => import('./access/audit-page')),
  compensationFunds: lazy(() => import('./compensation/funds-page')),
  financingStats: lazy(() => import('./stats/financing-stats-page')),
  scorecards: lazy(() => import('./scorecards/scorecards-page')),
  scorecard: lazy(() => import('./scorecards/scorecard-page')),
  selfPortrait: lazy(() => import('./portrait/portrait-page')),
  portrait: lazy(() => import('./portrait/portrait-page')),
  selfRelations: lazy(() => import('./relations/relations-page')),
  relations: lazy(() => import('./relations/relations-page')),
  monitoring: lazy(() => import('./monitoring/monitoring-page')),
  negativeRules: lazy(() => import('./monitoring/negative-rules-page')),
  compensationClaims: lazy(() => import('./compensation/claims-page')),
  financing: lazy(() => import('./financing/financing-page')),
  financingWork: lazy(() => import('./financing/work-page')),
  // 信用评价
  evaluation: lazy(() => import('./evaluation/self-evaluation-page')),
  subjectEvaluation: lazy(() => import('./evaluation/subject-evaluation-page')),
  evaluationSystem: lazy(() => import('./evaluation/evaluation-system-page')),
  // 异议申诉与信用修复
  objections: lazy(() => import('./repair/objections-page')),
  repairs: lazy(() => import('./repair/repairs-page')),
  repairStats: lazy(() => import('./repair/repair-stats-page')),
  repairNotices: lazy(() => import('./repair/notices-page')),
  // The N platforms
  feedSubscription: lazy(() => import('./platforms/feed-page')),
  platformUsage: lazy(() => import('./platforms/usage-page')),
  monitoringStats: lazy(() => import('./stats/monitoring-stats-page')),
  // Onboarding
  register: lazy(() => import('./onboarding/register-page')),
  registration: lazy(() => import('./onboarding/registration-status-page')),
  commitments: lazy(() => import('./onboarding/commitments-page')),
  declarations: lazy(() => import('./onboarding/declarations-page')),
  apiKeys: lazy(() => import('./onboarding/keys-page')),
  directory: lazy(() => import('./onboarding/directory-page')),
  accounts: lazy(() => import('./onboarding/accounts-page')),
  registrations: lazy(() => import('./onboarding/registrations-page')),
}

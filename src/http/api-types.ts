/**
 * The API's request and response types, for the web app (web/src/api/types.ts) — types only, nothing here exists at
 * run time. Each is the server's own declaration: the TypeBox schema a route answers with (`Static<typeof …>`), or,
 * where a route has no response schema, the return type of the service it calls, with dates as the ISO strings
 * JSON turns them into (`Json<T>`). Renaming a field on the server therefore breaks `npx tsc --noEmit -p web`.
 *
 * Keep this module free of values: `export type` and `import type` only, so the web bundle never pulls server code.
 */
import type { Static } from '@sinclair/typebox'
import type { LoginResponse, PrincipalResponse } from '../access/auth.schemas.js'
import type {
  ApproveGrantBody, CreateGrantBody, GrantResponse, GrantWithHistoryResponse, ListGrantsQuery, ListGrantsResponse, NotificationResponse,
  ReasonBody, RequestGrantBody,
} from '../access/grant.schemas.js'
import type { GrantMode, GrantStatus, Notification } from '../access/grant.types.js'
import type { AuditEntryResponse, ChainReportResponse, ListAuditEntriesQuery, ListAuditEntriesResponse } from '../audit/audit.schemas.js'
import type { CatalogItem } from '../catalog/catalog.types.js'
import type {
  CatalogCategoryResponse, CatalogItemResponse, CatalogItemSummaryResponse, CatalogResponse,
} from '../catalog/catalog.schemas.js'
import type { VerificationResult, VerificationService } from '../verification/verification.service.js'
import type { IngestService } from '../ingest/ingest.service.js'
import type { QualityRowResponse, ResubmittedResponse, StillRefusedResponse } from '../ingest/ingest.schemas.js'
import type { ProfileResponse, ReadProfileQuery } from '../records/profile.schemas.js'
import type { SubjectDetailResponse, SubjectResponse } from '../registry/registry.schemas.js'
import type { IssuedReport, ReportCheck } from '../reports/report.types.js'
import type {
  ClaimDetailResponse, ClaimResponse, ContributionBody, ContributionResponse, FundDetailResponse, FundLedgerResponse, FundResponse, ListClaimsQuery,
  ListClaimsResponse, RejectBody,
} from '../financing/compensation/compensation.schemas.js'

/** What JSON makes of a server value: dates become ISO strings, everything else keeps its shape. */
export type Json<T> = T extends Date
  ? string
  : T extends (...args: never[]) => unknown
    ? never
    : T extends ReadonlyArray<infer U>
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T

type Result<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>

// ── Accounts ────────────────────────────────────────────────────────────────────────────────────────────────────────
export type { Role } from '../access/access.types.js'
/** GET /api/auth/me */
export type Account = Json<Static<typeof PrincipalResponse>>
/** POST /api/auth/login */
export type LoginResult = Json<Static<typeof LoginResponse>>

// ── Catalog ─────────────────────────────────────────────────────────────────────────────────────────────────────────
export type { CatalogField, CollectionMethod, FieldType, Sensitivity, ShareMethod } from '../catalog/catalog.types.js'
export type Frequency = NonNullable<CatalogItem['frequency']>
/** An item of GET /api/catalog (src/catalog/catalog.routes.ts). */
export type CatalogItemSummary = Static<typeof CatalogItemSummaryResponse>
export type CatalogCategory = Static<typeof CatalogCategoryResponse>
/** GET /api/catalog */
export type Catalog = Static<typeof CatalogResponse>
/** GET /api/catalog/items/:itemKey */
export type CatalogItemDetail = Static<typeof CatalogItemResponse>

// ── Collection ──────────────────────────────────────────────────────────────────────────────────────────────────────
export type { Issue } from '../ingest/ingest.types.js'
/** POST /api/ingest/items/:itemKey/files */
export type BatchSummary = Result<IngestService['ingestFile']>
/** GET /api/ingest/batches/:batchId */
export type BatchRow = Result<IngestService['getBatch']>
/** GET /api/ingest/quarantine (rows) */
export type QuarantineRow = Result<IngestService['getQuarantined']>
/** POST /api/ingest/quarantine/:batchId/:position/resubmit (201 or 422) */
export type ResubmitResult = Static<typeof ResubmittedResponse> | Static<typeof StillRefusedResponse>
/** GET /api/quality */
export type QualityRow = Static<typeof QualityRowResponse>

// ── Registry ────────────────────────────────────────────────────────────────────────────────────────────────────────
/** GET /api/subjects (rows) */
export type SubjectRow = Json<Static<typeof SubjectResponse>>
/** GET /api/subjects/:code */
export type SubjectDetail = Json<Static<typeof SubjectDetailResponse>>

// ── Grants ──────────────────────────────────────────────────────────────────────────────────────────────────────────
export type { GrantMode, GrantStatus }
/** A grant as the API answers it; mode and status narrowed to the server's own unions. */
export type Grant = Static<typeof GrantResponse> & { mode: GrantMode; status: GrantStatus }
export type GrantWithHistory = Static<typeof GrantWithHistoryResponse> & { mode: GrantMode; status: GrantStatus }
export type GrantList = Omit<Static<typeof ListGrantsResponse>, 'grants'> & { grants: Grant[] }
export type ListGrantsParams = Static<typeof ListGrantsQuery>
export type CreateGrantInput = Static<typeof CreateGrantBody>
export type RequestGrantInput = Static<typeof RequestGrantBody>
export type ApproveGrantInput = Static<typeof ApproveGrantBody>
export type GrantReasonInput = Static<typeof ReasonBody>
export type GrantNotification = Static<typeof NotificationResponse> & { kind: Notification['kind'] }

// ── Profile, verification, reports ──────────────────────────────────────────────────────────────────────────────────
/** GET /api/subjects/:code/profile, GET /api/self/profile */
export type Profile = Static<typeof ProfileResponse>
export type ProfileQuery = Static<typeof ReadProfileQuery>
/** POST /api/subjects/:code/verifications */
export type Verification = VerificationResult
/** POST /api/verifications/check: the items and fields each question reads. */
export type VerificationCheck = Result<VerificationService['check']>
/** POST /api/subjects/:code/reports (201), GET /api/reports/:reportNo */
export type { IssuedReport, ReportCheck }

// ── Audit ───────────────────────────────────────────────────────────────────────────────────────────────────────────
export type AuditEntry = Static<typeof AuditEntryResponse>
export type AuditEntryList = Static<typeof ListAuditEntriesResponse>
export type AuditQuery = Static<typeof ListAuditEntriesQuery>
/** GET /api/audit/chain */
export type ChainReport = Static<typeof ChainReportResponse>

// ── Risk compensation (风险补偿) ────────────────────────────────────────────────────────────────────────────────────────
/** GET /api/compensation/funds */
export type CompensationFund = Static<typeof FundResponse>
/** GET /api/compensation/funds/:id */
export type CompensationFundDetail = Static<typeof FundDetailResponse>
/** GET /api/compensation/funds/:id/ledger */
export type CompensationFundLedger = Static<typeof FundLedgerResponse>
export type ContributionInput = Static<typeof ContributionBody>
export type ContributionResult = Static<typeof ContributionResponse>
export type CompensationClaim = Static<typeof ClaimResponse>
export type CompensationClaimDetail = Static<typeof ClaimDetailResponse>
export type CompensationClaimList = Static<typeof ListClaimsResponse>
export type ListClaimsParams = Static<typeof ListClaimsQuery>
export type RejectClaimInput = Static<typeof RejectBody>

// ── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────────────
/** RFC 9457 problem details: every failure, with the Chinese `detail` the UI shows. */
export type { Problem } from './plugins/problem.js'

// Financing (信易贷): products, needs and their matches, applications and loans.
export type FinancingProduct = Static<typeof import('../financing/financing.schemas.js').ProductResponse>
export type FinancingProductList = Static<typeof import('../financing/financing.schemas.js').ProductListResponse>
export type FinancingProductInput = Static<typeof import('../financing/financing.schemas.js').ProductBody>
export type FinancingNeed = Static<typeof import('../financing/financing.schemas.js').NeedResponse>
export type FinancingNeedList = Static<typeof import('../financing/financing.schemas.js').NeedListResponse>
export type FinancingOpenNeedList = Static<typeof import('../financing/financing.schemas.js').OpenNeedListResponse>
export type FinancingMatches = Static<typeof import('../financing/financing.schemas.js').MatchResponse>
export type FinancingApplication = Static<typeof import('../financing/financing.schemas.js').ApplicationResponse>
export type FinancingApplicationDetail = Static<typeof import('../financing/financing.schemas.js').ApplicationDetailResponse>
/** POST /api/financing/applications (201): the application and the grant made with it. */
export type FinancingApplyResult = Static<typeof import('../financing/financing.schemas.js').ApplyResponse>
export type FinancingApplicationList = Static<typeof import('../financing/financing.schemas.js').ApplicationListResponse>
export type FinancingReference = Static<typeof import('../financing/financing.schemas.js').ReferenceResponse>
export type FinancingLateSteps = Static<typeof import('../financing/financing.schemas.js').LateStepsResponse>
// ── Onboarding: directory, accounts and keys, registration, self-declared data ─────────────────────────────────────
/** GET /api/directory, POST /api/directory */
export type Organization = Static<typeof import('../access/institution.schemas.js').OrganizationResponse>
export type OrganizationTypes = Static<typeof import('../access/institution.schemas.js').OrganizationTypesResponse>
export type CreateOrganizationBody = Static<typeof import('../access/institution.schemas.js').CreateOrganizationBody>
/** GET /api/accounts */
export type AccountRow = Static<typeof import('../access/account-admin.schemas.js').AccountResponse>
export type CreateAccountBody = Static<typeof import('../access/account-admin.schemas.js').CreateAccountBody>
export type CreateAccountResult = Static<typeof import('../access/account-admin.schemas.js').CreateAccountResponse>
export type ResetPasswordResult = Static<typeof import('../access/account-admin.schemas.js').ResetPasswordResponse>
/** GET /api/accounts/:id/keys, GET /api/self/keys */
export type ApiKey = Static<typeof import('../access/account-admin.schemas.js').ApiKeyResponse>
export type CreateKeyBody = Static<typeof import('../access/account-admin.schemas.js').CreateKeyBody>
export type CreateKeyResult = Static<typeof import('../access/account-admin.schemas.js').CreateKeyResponse>
/** GET /api/api-scopes */
export type ApiScopeInfo = Static<typeof import('../access/account-admin.schemas.js').ScopesResponse>[number]
/** POST /api/registrations */
export type RegisterBody = Static<typeof import('../access/enterprise-registration.schemas.js').RegisterBody>
export type Registration = Static<typeof import('../access/enterprise-registration.schemas.js').RegistrationResponse>
export type RegistrationCheckMode = Static<typeof import('../access/enterprise-registration.schemas.js').CheckModeBody>['mode']
/** GET /api/self/declarations */
export type SelfDeclaration = Static<typeof import('../records/self-declared.schemas.js').SelfDeclarationResponse>
export type DeclarableItem = Static<typeof import('../records/self-declared.schemas.js').DeclarableItemsResponse>[number]
export type CreditCommitment = Static<typeof import('../records/self-declared.schemas.js').CommitmentResponse>
export type CommitmentTemplate = Static<typeof import('../records/self-declared.schemas.js').CommitmentTemplatesResponse>[number]
export type SelfDeclaredSection = Static<typeof import('../records/self-declared.schemas.js').SelfDeclaredSectionSchema>

// 融资统计 (§二十): loans by region, institution, product type, enterprise size and month; late reports.
export type FinancingStats = Static<typeof import('../stats/stats.schemas.js').StatsResponse>
export type FinancingStatRow = Static<typeof import('../stats/stats.schemas.js').StatRow>
export type FinancingStatsQuery = Static<typeof import('../stats/stats.schemas.js').StatsQuery>

// 信用评价 (src/evaluation): a subject's evaluation, its trend, the indicator system and the operator's screens.
import type {
  EvaluationResponse, OverviewResponse as EvaluationOverviewResponse, PublishedResponse as EvaluationPublishedResponse,
  SystemResponse as EvaluationSystemResponse, TrendResponse as EvaluationTrendResponse, ValidateResponse as EvaluationValidateResponse,
  VersionsResponse as EvaluationVersionsResponse, RunResponse as EvaluationRunResponse,
} from '../evaluation/evaluation.schemas.js'
export type Evaluation = Static<typeof EvaluationResponse>
import type { RelationsResponse } from '../evaluation/relations/relations.schemas.js'
/** A subject's relationship graph (关联分析): nodes, edges, flags with their paths. */
export type RelationGraph = Static<typeof RelationsResponse>
export type EvaluationTrend = Static<typeof EvaluationTrendResponse>
export type EvaluationSystem = Static<typeof EvaluationSystemResponse>
export type EvaluationValidation = Static<typeof EvaluationValidateResponse>
export type EvaluationPublished = Static<typeof EvaluationPublishedResponse>
export type EvaluationVersions = Static<typeof EvaluationVersionsResponse>
export type EvaluationOverview = Static<typeof EvaluationOverviewResponse>
export type EvaluationRun = Static<typeof EvaluationRunResponse>
// 异议申诉与信用修复 (§十七): objections, repair applications, notices, statistics.
type RepairSchemas = typeof import('../repair/repair.schemas.js')
export type Objection = Static<RepairSchemas['ObjectionResponse']>
export type ObjectionDetail = Static<RepairSchemas['ObjectionDetailResponse']>
export type ObjectionList = Static<RepairSchemas['ObjectionListResponse']>
export type AnswerObjectionBody = Static<RepairSchemas['AnswerObjectionBody']>
export type RepairApplication = Static<RepairSchemas['ApplicationResponse']>
export type RepairApplicationDetail = Static<RepairSchemas['ApplicationDetailResponse']>
export type RepairApplicationList = Static<RepairSchemas['ApplicationListResponse']>
export type SubjectRecordStates = Static<RepairSchemas['SubjectRecordsResponse']>
export type RepairNotices = Static<RepairSchemas['NoticeListResponse']>
export type RepairStats = Static<RepairSchemas['RepairStatsResponse']>
export type RepairAttachment = Static<RepairSchemas['AttachmentResponse']>
// The N platforms (src/platforms, docs/platforms.md)
export type FeedStatus = Static<typeof import('../platforms/platforms.schemas.js').FeedStatusResponse>
export type FeedbackReceipt = Static<typeof import('../platforms/platforms.schemas.js').FeedbackReceiptSchema>
export type PlatformUsageReport = Static<typeof import('../platforms/platforms.schemas.js').UsageResponse>
export type PlatformUsageRow = PlatformUsageReport['platforms'][number]
// What counts as negative per item (src/monitoring, docs/monitoring.md)
export type NegativeRule = Static<typeof import('../monitoring/monitoring.schemas.js').NegativeRuleResponse>
export type NegativeRuleHistory = Static<typeof import('../monitoring/monitoring.schemas.js').NegativeRuleHistoryResponse>
export type MonitoringStats = Static<typeof import('../monitoring/monitoring-stats.schemas.js').MonitoringStatsResponse>

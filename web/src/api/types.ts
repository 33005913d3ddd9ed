/**
 * The API's shapes as the web app uses them — taken from the server's own declarations (src/http/api-types.ts:
 * its TypeBox response schemas and service return types), never re-declared here. A change of the API breaks
 * `npx tsc --noEmit -p web`, and so the build. Type-only imports: no server code reaches the bundle.
 */
import type * as Server from '../../../src/http/api-types'

export type Role = Server.Role
export type Account = Server.Account
export type LoginResult = Server.LoginResult

export type Sensitivity = Server.Sensitivity
export type ShareMethod = Server.ShareMethod
export type CollectionMethod = Server.CollectionMethod
export type FieldType = Server.FieldType
export type Frequency = Server.Frequency
export type CatalogItemSummary = Server.CatalogItemSummary
export type CatalogCategory = Server.CatalogCategory
export type Catalog = Server.Catalog
export type CatalogField = Server.CatalogField
export type CatalogItemDetail = Server.CatalogItemDetail

/** Upload result: the batch, with the file format and encoding the server detected. */
export type BatchSummary = Server.BatchSummary
export type BatchRow = Server.BatchRow
export type BatchStatus = BatchRow['status']
export type Issue = Server.Issue
export type QuarantineRow = Server.QuarantineRow
export type QuarantineStatus = QuarantineRow['status']
export type ResubmitResult = Server.ResubmitResult
export type QualityRow = Server.QualityRow

export type SubjectRow = Server.SubjectRow
export type SubjectDetail = Server.SubjectDetail

export type GrantMode = Server.GrantMode
export type GrantStatus = Server.GrantStatus
export type Grant = Server.Grant
export type GrantWithHistory = Server.GrantWithHistory
export type GrantHistoryEvent = GrantWithHistory['history'][number]
export type GrantList = Server.GrantList
export type CreateGrantInput = Server.CreateGrantInput
export type RequestGrantInput = Server.RequestGrantInput
export type ApproveGrantInput = Server.ApproveGrantInput
export type GrantReasonInput = Server.GrantReasonInput
export type GrantNotification = Server.GrantNotification

export type Profile = Server.Profile
export type ProfileCategory = Profile['categories'][number]
export type ProfileItem = ProfileCategory['items'][number]
export type ProfileRecord = ProfileItem['records'][number]
export type ProfileField = ProfileItem['fields'][number]
export type ProfileGrantRef = Profile['viewer']['grants'][number]
export type Verification = Server.Verification
export type VerificationCheck = Server.VerificationCheck
export type VerificationAnswer = Verification['answers'][number]
export type IssuedReport = Server.IssuedReport
export type ReportCheck = Server.ReportCheck

export type AuditEntry = Server.AuditEntry
export type AuditEntryList = Server.AuditEntryList
export type ChainReport = Server.ChainReport

export type CompensationFund = Server.CompensationFund
export type CompensationFundDetail = Server.CompensationFundDetail
export type CompensationFundLedger = Server.CompensationFundLedger
export type ContributionInput = Server.ContributionInput
export type ContributionResult = Server.ContributionResult
export type CompensationClaim = Server.CompensationClaim
export type CompensationClaimDetail = Server.CompensationClaimDetail
export type CompensationClaimList = Server.CompensationClaimList
export type ListClaimsParams = Server.ListClaimsParams
export type RejectClaimInput = Server.RejectClaimInput

/** A server-paged list (batches, quarantine, subjects). */
export interface Page<T> {
  total: number
  rows: T[]
}

/** RFC 9457 problem details, as every API error is answered (src/http/plugins/problem.ts). */
export type Problem = Server.Problem

export type FinancingProduct = Server.FinancingProduct
export type FinancingProductList = Server.FinancingProductList
export type FinancingNeed = Server.FinancingNeed
export type FinancingNeedList = Server.FinancingNeedList
export type FinancingMatches = Server.FinancingMatches
export type FinancingApplication = Server.FinancingApplication
export type FinancingApplicationDetail = Server.FinancingApplicationDetail
export type FinancingApplicationList = Server.FinancingApplicationList
export type FinancingApplyResult = Server.FinancingApplyResult
export type FinancingReference = Server.FinancingReference
export type Organization = Server.Organization
export type OrganizationTypes = Server.OrganizationTypes
export type CreateOrganizationBody = Server.CreateOrganizationBody
export type AccountRow = Server.AccountRow
export type CreateAccountBody = Server.CreateAccountBody
export type CreateAccountResult = Server.CreateAccountResult
export type ResetPasswordResult = Server.ResetPasswordResult
export type ApiKey = Server.ApiKey
export type CreateKeyBody = Server.CreateKeyBody
export type CreateKeyResult = Server.CreateKeyResult
export type ApiScopeInfo = Server.ApiScopeInfo
export type RegisterBody = Server.RegisterBody
export type Registration = Server.Registration
export type RegistrationCheckMode = Server.RegistrationCheckMode
export type SelfDeclaration = Server.SelfDeclaration
export type DeclarableItem = Server.DeclarableItem
export type CreditCommitment = Server.CreditCommitment
export type CommitmentTemplate = Server.CommitmentTemplate
export type SelfDeclaredSection = Server.SelfDeclaredSection

// 融资统计 (§二十)
export type FinancingStats = Server.FinancingStats
export type FinancingStatRow = Server.FinancingStatRow
export type FinancingStatsQuery = Server.FinancingStatsQuery
export type LateReportRow = Server.FinancingStats['lateReports'][number]

// 信用评价
export type Evaluation = Server.Evaluation
export type RelationGraph = Server.RelationGraph
export type EvaluationTrend = Server.EvaluationTrend
export type EvaluationSystem = Server.EvaluationSystem
export type EvaluationValidation = Server.EvaluationValidation
export type EvaluationPublished = Server.EvaluationPublished
export type EvaluationVersions = Server.EvaluationVersions
export type EvaluationOverview = Server.EvaluationOverview
export type EvaluationRun = Server.EvaluationRun
// 异议申诉与信用修复 (§十七)
export type Objection = Server.Objection
export type ObjectionDetail = Server.ObjectionDetail
export type ObjectionList = Server.ObjectionList
export type AnswerObjectionBody = Server.AnswerObjectionBody
export type RepairApplication = Server.RepairApplication
export type RepairApplicationDetail = Server.RepairApplicationDetail
export type RepairApplicationList = Server.RepairApplicationList
export type SubjectRecordState = Server.SubjectRecordStates[number]
export type RepairNotice = Server.RepairNotices[number]
export type RepairStats = Server.RepairStats
export type RepairAttachment = Server.RepairAttachment
export type FeedStatus = Server.FeedStatus
export type FeedbackReceipt = Server.FeedbackReceipt
export type PlatformUsageReport = Server.PlatformUsageReport
export type PlatformUsageRow = Server.PlatformUsageRow
export type NegativeRule = Server.NegativeRule
export type NegativeRuleChange = Server.NegativeRuleHistory[number]

export type MonitoringStats = Server.MonitoringStats
export type MonitoringStatsDay = MonitoringStats['byDay'][number]
export type MonitoringStatsKind = MonitoringStats['byKind'][number]
export type MonitoringStatsInstitution = MonitoringStats['byInstitution'][number]

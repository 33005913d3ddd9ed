/**
 * Every API path the web app calls, tied to what it answers: `api.get('/api/subjects/{code}', { params: { code } })`
 * is a `Promise<SubjectDetail>` without a `<T>` at the call site, and a path not listed here does not compile.
 * The answer types come from src/http/api-types.ts (the server's own schemas), through ./types.
 *
 * Paths are written as the server's OpenAPI document writes them (`{name}` placeholders), so that
 * test/http/web-routes.test.ts can check each one against /openapi.json with its method. The client fills the
 * placeholders from `params`, URL-encoded; nobody concatenates paths by hand.
 *
 * To add a route:
 *  1. give its answer a type in src/http/api-types.ts (`Static<typeof TheResponseSchema>`), re-export it from ./types;
 *  2. add `'/api/the/{path}': answer<TheType>()` under its method below (downloads and uploads have their own lists);
 *  3. call it: `api.post('/api/the/{path}', body, { params: { path } })`.
 * The test fails if the server has no such operation; web/src/api/routes.typecheck.ts shows what must not compile.
 */
import type * as T from './types'
import type { Delivery, MonitoringAlert, Rule, Watch, WebhookView } from '../routes/monitoring/monitoring-types'
import type { Portrait, Scorecard, ScorecardCharacteristicOption, ScorecardSummary, SubjectScore } from '../routes/scorecards/scorecard-types'

/**
 * A value that only carries a type: the maps below exist at run time (their keys are what the test checks), their
 * values do not matter.
 */
const answer = <A>(): A => undefined as A

/** `{ ok: true }`: an action whose result is that it happened. */
type Done = { ok: boolean }

export const GET = {
  '/api/auth/me': answer<T.Account>(),
  '/api/catalog': answer<T.Catalog>(),
  '/api/catalog/items/{itemKey}': answer<T.CatalogItemDetail>(),
  '/api/quality': answer<T.QualityRow[]>(),
  '/api/ingest/batches': answer<T.Page<T.BatchRow>>(),
  '/api/ingest/batches/{batchId}': answer<T.BatchRow>(),
  '/api/ingest/quarantine': answer<T.Page<T.QuarantineRow>>(),
  '/api/ingest/quarantine/{batchId}/{position}': answer<T.QuarantineRow>(),
  '/api/subjects': answer<T.Page<T.SubjectRow>>(),
  '/api/subjects/{code}': answer<T.SubjectDetail>(),
  '/api/subjects/{code}/profile': answer<T.Profile>(),
  '/api/self/profile': answer<T.Profile>(),
  '/api/institutions': answer<string[]>(),
  '/api/grants': answer<T.GrantList>(),
  '/api/grants/{id}': answer<T.GrantWithHistory>(),
  '/api/notifications': answer<T.GrantNotification[]>(),
  '/api/reports/{reportNo}': answer<T.IssuedReport>(),
  '/verify/{code}': answer<T.ReportCheck>(),
  '/api/audit/entries': answer<T.AuditEntryList>(),
  '/api/audit/chain': answer<T.ChainReport>(),
  '/api/compensation/funds': answer<T.CompensationFund[]>(),
  '/api/compensation/funds/{id}': answer<T.CompensationFundDetail>(),
  '/api/compensation/funds/{id}/ledger': answer<T.CompensationFundLedger>(),
  '/api/compensation/claims': answer<T.CompensationClaimList>(),
  '/api/compensation/claims/{id}': answer<T.CompensationClaimDetail>(),
  '/api/financing/reference': answer<T.FinancingReference>(),
  '/api/financing/products': answer<T.FinancingProductList>(),
  '/api/financing/needs': answer<T.FinancingNeedList>(),
  '/api/financing/needs/{id}/matches': answer<T.FinancingMatches>(),
  '/api/financing/applications': answer<T.FinancingApplicationList>(),
  '/api/financing/applications/{id}': answer<T.FinancingApplicationDetail>(),
  '/api/stats/financing': answer<T.FinancingStats>(),
  '/api/registration': answer<T.Registration>(),
  '/api/registrations': answer<T.Page<T.Registration>>(),
  '/api/settings/registration-check': answer<{ mode: T.RegistrationCheckMode }>(),
  '/api/directory': answer<T.Page<T.Organization>>(),
  '/api/directory/types': answer<T.OrganizationTypes>(),
  '/api/accounts': answer<T.Page<T.AccountRow>>(),
  '/api/accounts/{id}/keys': answer<T.ApiKey[]>(),
  '/api/self/keys': answer<T.ApiKey[]>(),
  '/api/api-scopes': answer<T.ApiScopeInfo[]>(),
  '/api/self/declarable-items': answer<T.DeclarableItem[]>(),
  '/api/self/declarations': answer<T.SelfDeclaration[]>(),
  '/api/self/commitment-templates': answer<T.CommitmentTemplate[]>(),
  '/api/self/commitments': answer<T.CreditCommitment[]>(),
  '/api/subjects/{code}/portrait': answer<Portrait>(),
  '/api/subjects/{code}/evaluation': answer<T.Evaluation>(),
  '/api/subjects/{code}/evaluation/trend': answer<T.EvaluationTrend>(),
  '/api/self/evaluation': answer<T.Evaluation>(),
  '/api/subjects/{code}/relations': answer<T.RelationGraph>(),
  '/api/self/relations': answer<T.RelationGraph>(),
  '/api/evaluation/system': answer<T.EvaluationSystem>(),
  '/api/evaluation/versions': answer<T.EvaluationVersions>(),
  '/api/evaluation/overview': answer<T.EvaluationOverview>(),
  '/api/scorecards': answer<{ scorecards: ScorecardSummary[] }>(),
  '/api/scorecards/characteristics': answer<{ characteristics: ScorecardCharacteristicOption[] }>(),
  '/api/scorecards/{id}': answer<Scorecard>(),
  '/api/scorecards/{id}/subjects/{code}': answer<SubjectScore>(),
  '/api/monitoring/alerts': answer<{ total: number; alerts: MonitoringAlert[] }>(),
  '/api/monitoring/watches': answer<{ total: number; watches: Watch[] }>(),
  '/api/monitoring/rules': answer<Rule[]>(),
  '/api/monitoring/webhook': answer<WebhookView>(),
  '/api/monitoring/deliveries': answer<{ total: number; deliveries: Delivery[] }>(),
  '/api/monitoring/negative-rules': answer<T.NegativeRule[]>(),
  '/api/monitoring/stats': answer<T.MonitoringStats>(),
  '/api/monitoring/negative-rules/{itemKey}/history': answer<T.NegativeRuleChange[]>(),
  '/api/repairs/subjects/{code}/records': answer<T.SubjectRecordState[]>(),
  '/api/repairs/notices': answer<T.RepairNotice[]>(),
  '/api/repairs/stats': answer<T.RepairStats>(),
  '/api/repairs': answer<T.RepairApplicationList>(),
  '/api/repairs/commitment': answer<{ text: string }>(),
  '/api/repairs/{id}': answer<T.RepairApplicationDetail>(),
  '/api/objections': answer<T.ObjectionList>(),
  '/api/objections/{id}': answer<T.ObjectionDetail>(),
  '/api/platforms/usage': answer<T.PlatformUsageReport>(),
  '/api/feed/status': answer<T.FeedStatus>(),
}

export const POST = {
  '/api/auth/login': answer<T.LoginResult>(),
  '/api/auth/logout': answer<Done>(),
  '/api/ingest/quarantine/{batchId}/{position}/resubmit': answer<T.ResubmitResult>(),
  '/api/ingest/quarantine/{batchId}/{position}/discard': answer<Done>(),
  '/api/grants': answer<T.Grant>(),
  '/api/grants/requests': answer<T.Grant>(),
  '/api/grants/{id}/approve': answer<T.Grant>(),
  '/api/grants/{id}/refuse': answer<T.Grant>(),
  '/api/grants/{id}/revoke': answer<T.Grant>(),
  '/api/notifications/{id}/read': answer<Done>(),
  '/api/subjects/{code}/verifications': answer<T.Verification>(),
  '/api/verifications/check': answer<T.VerificationCheck>(),
  '/api/subjects/{code}/reports': answer<T.IssuedReport>(),
  '/api/compensation/funds/{id}/contributions': answer<T.ContributionResult>(),
  '/api/compensation/claims': answer<T.CompensationClaim>(),
  '/api/compensation/claims/{id}/approve': answer<T.CompensationClaim>(),
  '/api/compensation/claims/{id}/reject': answer<T.CompensationClaim>(),
  '/api/compensation/claims/{id}/pay': answer<T.CompensationClaim>(),
  '/api/financing/products': answer<T.FinancingProduct>(),
  '/api/financing/products/{id}/submit': answer<T.FinancingProduct>(),
  '/api/financing/products/{id}/pause': answer<T.FinancingProduct>(),
  '/api/financing/products/{id}/resume': answer<T.FinancingProduct>(),
  '/api/financing/products/{id}/retire': answer<T.FinancingProduct>(),
  '/api/financing/products/{id}/versions/{version}/review': answer<T.FinancingProduct>(),
  '/api/financing/needs': answer<T.FinancingNeed>(),
  '/api/financing/applications': answer<T.FinancingApplyResult>(),
  '/api/financing/applications/{id}/accept': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/approve': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/refuse': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/lend': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/repay': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/overdue': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/cure': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/settle': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/default': answer<T.FinancingApplication>(),
  '/api/financing/applications/{id}/withdraw': answer<T.FinancingApplication>(),
  '/api/registrations': answer<T.Registration>(),
  '/api/registrations/{id}/approve': answer<T.Registration>(),
  '/api/registrations/{id}/refuse': answer<T.Registration>(),
  '/api/directory': answer<T.Organization>(),
  '/api/directory/{name}/enable': answer<T.Organization>(),
  '/api/directory/{name}/disable': answer<T.Organization>(),
  '/api/accounts': answer<T.CreateAccountResult>(),
  '/api/accounts/{id}/enable': answer<T.AccountRow>(),
  '/api/accounts/{id}/disable': answer<T.AccountRow>(),
  '/api/accounts/{id}/password': answer<T.ResetPasswordResult>(),
  '/api/accounts/{id}/keys': answer<T.CreateKeyResult>(),
  '/api/self/keys': answer<T.CreateKeyResult>(),
  '/api/keys/{keyId}/revoke': answer<T.ApiKey>(),
  '/api/self/keys/{keyId}/revoke': answer<T.ApiKey>(),
  '/api/self/declarations': answer<T.SelfDeclaration>(),
  '/api/self/declarations/{id}/withdraw': answer<T.SelfDeclaration>(),
  '/api/self/commitments': answer<T.CreditCommitment>(),
  '/api/evaluation/validate': answer<T.EvaluationValidation>(),
  '/api/evaluation/versions': answer<T.EvaluationPublished>(),
  '/api/evaluation/runs': answer<T.EvaluationRun>(),
  '/api/scorecards': answer<Scorecard>(),
  '/api/monitoring/alerts/acknowledge': answer<Done>(),
  '/api/monitoring/watches': answer<Done>(),
  '/api/repairs/notices/{id}/read': answer<Done>(),
  '/api/repairs': answer<T.RepairApplication>(),
  '/api/repairs/{id}/messages': answer<Done>(),
  '/api/repairs/{id}/decision': answer<Done>(),
  '/api/objections': answer<T.Objection>(),
  '/api/objections/{id}/messages': answer<Done>(),
  '/api/objections/{id}/answer': answer<Done>(),
}

export const PUT = {
  '/api/financing/products/{id}': answer<T.FinancingProduct>(),
  '/api/settings/registration-check': answer<{ mode: T.RegistrationCheckMode }>(),
  '/api/directory/{name}': answer<T.Organization>(),
  '/api/monitoring/rules': answer<Rule[]>(),
  '/api/monitoring/negative-rules/{itemKey}': answer<T.NegativeRule>(),
  '/api/monitoring/webhook': answer<{ secret: string }>(),
}

export const DELETE = {
  '/api/monitoring/watches/{id}': answer<Done>(),
}

/** Files handed to the browser as downloads (GET; the answer is the file, not JSON). */
export const DOWNLOAD = {
  '/api/catalog/items/{itemKey}/template.xlsx': answer<Blob>(),
  '/api/ingest/quarantine/export.xlsx': answer<Blob>(),
  '/api/reports/{reportNo}/pdf': answer<Blob>(),
  '/api/stats/financing.xlsx': answer<Blob>(),
  '/api/platforms/usage.xlsx': answer<Blob>(),
  '/api/platforms/usage.csv': answer<Blob>(),
  '/api/objections/{id}/attachments/{attachmentId}': answer<Blob>(),
  '/api/repairs/{id}/attachments/{attachmentId}': answer<Blob>(),
}

/** Multipart uploads (POST, field `file`). */
export const UPLOAD = {
  '/api/ingest/items/{itemKey}/files': answer<T.BatchSummary>(),
  '/api/objections/{id}/attachments': answer<T.RepairAttachment>(),
  '/api/repairs/{id}/attachments': answer<T.RepairAttachment>(),
}

export type GetRoutes = typeof GET
export type PostRoutes = typeof POST
export type PutRoutes = typeof PUT
export type DeleteRoutes = typeof DELETE
export type DownloadRoutes = typeof DOWNLOAD
export type UploadRoutes = typeof UPLOAD

/** The names of a path template's `{placeholders}`: `'/api/grants/{id}/approve'` → `'id'`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamNames<Rest> : never

/** The values a path template needs, one per placeholder. */
export type PathParams<P extends string> = { [K in PathParamNames<P>]: string | number }

/** `params` is required exactly when the path has placeholders, and then holds each of them. */
export type ParamsOf<P extends string> = [PathParamNames<P>] extends [never] ? { params?: never } : { params: PathParams<P> }

/** The path the server is asked for: each `{name}` replaced by its value, URL-encoded. */
export function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params?.[name]
    if (v === undefined || v === '') throw new TypeError(`missing path parameter ${name} for ${template}`)
    return encodeURIComponent(String(v))
  })
}

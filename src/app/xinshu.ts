import { DEFAULT_FEED_CONFIG, DEFAULT_LIMITS, DEFAULT_REPAIR_SETTINGS, type Config, type Database, openDatabase } from '../core/index.js'
import { createCatalogService, type CatalogService } from '../catalog/index.js'
import { createIngestService, type IngestService, createQualityService, type QualityService, type ChunkCommitter } from '../ingest/index.js'
import { createAccessService, type AccessService, DEFAULT_MASKING, createGrantService, type GrantService, createLoginThrottle, type LoginThrottle, createInstitutionService, type InstitutionService, createAccountAdminService, type AccountAdminService, createRegistrationService, type RegistrationService } from '../access/index.js'
import { createRegistryService, type RegistryService } from '../registry/index.js'
import { createAuditService, type AuditService } from '../audit/index.js'
import { createProfileService, type ProfileService, createSelfDeclaredService, legalRepresentativeOnFile, type SelfDeclaredService, createChangeRetention, type ChangeRetention } from '../records/index.js'
import { createVerificationService, type VerificationService } from '../verification/index.js'
import { createReportService, type ReportService } from '../reports/index.js'
import { createStatsService, type StatsService } from '../stats/index.js'
import { createApplicationService, createCompensationService, createLedger, createNeedService, createProductService, createSubsidyService, loadWorkingCalendar, type ApplicationService, type CompensationService, type Ledger, type NeedService, type ProductService, type SubsidyService, type WorkingCalendar, type ApplyForFinancingPort, type LoanStepsPort } from '../financing/index.js'
import { applyForFinancing, commitChunk, reportLoanStep } from '../flows/index.js'
import { createEvaluationService, readIndicatorsAsOf, readLatestScores, readShownGrades, type EvaluationService, createPortraitService, createScorecardService, type PortraitService, type ScorecardService, createRelationsService, type RelationsService } from '../evaluation/index.js'
import { alertedInstitutions, createMonitoring, type Monitoring } from '../monitoring/index.js'
import { createObjectionService, createReceiptLog, createRepairService, loadRepairRules, type ObjectionService, type RepairService } from '../repair/index.js'
import { createFeedbackService, createFeedService, createUsageService, recordsChangeSource, type FeedbackService, type FeedService, type UsageService } from '../platforms/index.js'
import { createAuthorizer, type Authorize } from '../access/index.js'

/** The product without its front doors: every service, built from explicit dependencies. HTTP and CLI sit on it. */
export interface Xinshu {
  config: Pick<Config, 'dataKey'> & Partial<Config>
  db: Database
  catalog: CatalogService
  ingest: IngestService
  /** A collected chunk's commit across ingest, registry and records (src/flows/commit-chunk.flow.ts), for every batch. */
  chunks: ChunkCommitter
  quality: QualityService
  access: AccessService
  registry: RegistryService
  audit: AuditService
  grants: GrantService
  /** Access decided in one place: who may read which data, on what footing (src/access/authorize.ts). */
  authorize: Authorize
  profiles: ProfileService
  verifications: VerificationService
  reports: ReportService
  logins: LoginThrottle
  ledger: Ledger
  compensation: CompensationService
  subsidies: SubsidyService
  products: ProductService
  needs: NeedService
  applications: ApplicationService
  /** 申请融资 with its grant in one transaction (src/flows/apply-for-financing.flow.ts). */
  applyForFinancing: ApplyForFinancingPort
  /** Loan steps told to risk compensation and the interest subsidy in the same transaction (src/flows/report-loan-step.flow.ts). */
  loanSteps: LoanStepsPort
  /** Working days (holidays and 调休 of the State Council) for service clocks. */
  calendar: WorkingCalendar
  institutions: InstitutionService
  accounts: AccountAdminService
  registrations: RegistrationService
  selfDeclared: SelfDeclaredService
  /** 融资统计 (§二十), read through the financing context's functions. */
  stats: StatsService
  /** 信用评价 (§十二): the indicator system, every subject's score with reasons. */
  evaluation: EvaluationService
  /** Institutions' scorecards (评分卡), trained on their own loans' outcomes. */
  scorecards: ScorecardService
  /** 企业信用画像: tags, the evaluation's indicators and its monthly trend. */
  portraits: PortraitService
  /** 关联分析: the relationship graph, its propagation rules and the grade adjustment the evaluation shows. */
  relations: RelationsService
  /** 监测预警 (§十五): watch lists, alerts, the change-feed consumer and the webhook sender. */
  monitoring: Monitoring
  /** 异议 (§十七): objections to records, answered by their providers on a working-day clock. */
  objections: ObjectionService
  /** 信用修复 (§十七): repair applications, the publicity sweeper, notices to recipients, statistics. */
  repairs: RepairService
  /** The service platforms' incremental feed of shared data (§九). */
  feed: FeedService
  /** The platforms' reports of how they used the data (§七 反馈). */
  feedback: FeedbackService
  /** Usage per platform, for the operator and supervisors. */
  platformUsage: UsageService
  /** Pruning of the records change feed past the platforms' retention window, behind the in-process consumers. */
  changeRetention: ChangeRetention
  close(): Promise<void>
}

/**
 * Opens the database (migrating it), loads the catalog and wires the services.
 * `opts.now` is the business clock of the services that stamp transitions (grants, products, needs, applications,
 * funds, subsidies, the ledger), of collection (what day a delivery is validated against, when its records were
 * received) and of the evaluation's stored scores: a backfill (the demo's year of loans) wires a second set over the same database
 * with a `BackfillClock` (src/core/clock.ts). The audit trail keeps the real clock: it records when rows were written.
 *
 * @example
 * const x = await createXinshu({ dataKey: Buffer.alloc(16, 1) }, await openDatabase({}))
 */
export async function createXinshu(config: Xinshu['config'], db?: Database, opts: { now?: () => Date } = {}): Promise<Xinshu> {
  const now = opts.now ? { now: opts.now } : {}
  const database = db ?? (await openDatabase({ databaseUrl: config.databaseUrl, ...(config.dataDir ? { dataDir: config.dataDir } : {}) }))
  const chunks = commitChunk({ db: database })
  const catalog = createCatalogService({ db: database })
  await catalog.init()
  const audit = createAuditService({ db: database })
  const registry = createRegistryService({ db: database, dataKey: config.dataKey })
  const grants = createGrantService({ db: database, catalog, registry, audit, ...now })
  const authorize = createAuthorizer({ subjectKeyOf: (code) => registry.subjectKeyOf(code) })
  const selfDeclared = createSelfDeclaredService({
    db: database, catalog, audit, dataKey: config.dataKey, masking: DEFAULT_MASKING,
    subjectName: (uscc) => registry.get(uscc).then((s) => s.name, () => null),
  })
  const profileService = createProfileService({ db: database, catalog, registry, audit, dataKey: config.dataKey, masking: DEFAULT_MASKING, selfDeclared, authorize })
  // A profile that shows public fields only is not audited, yet the institution or platform received those records:
  // the read is kept as a receipt, so that a repair of one of them tells it too (docs/repair.md).
  const receipts = createReceiptLog({ db: database, ...now })
  const profiles: ProfileService = {
    ...profileService,
    async read(p, code, opts = {}) {
      const profile = await profileService.read(p, code, opts)
      await receipts.read(p, profile.subject.subjectKey, opts.items ?? null, profile.audit ? 'profile.read (audited)' : 'profile.read', opts.within)
      return profile
    },
  }
  const institutions = createInstitutionService({ db: database, audit })
  const ledger = createLedger(now)
  const calendar = loadWorkingCalendar()
  const applications = createApplicationService({ db: database, registry, audit, calendar, ...now })
  const products = createProductService({ db: database, catalog, audit, ...now })
  const compensation = createCompensationService({ db: database, audit, ledger, ...now })
  const subsidies = createSubsidyService({ db: database, audit, ledger, ...now })
  const relations = createRelationsService({ db: database, dataKey: config.dataKey, registry, grants, audit, catalog, repairRules: loadRepairRules(), ...now })
  // A backfill's scores are stored as of its clock, so the score history says what was known when.
  // A rescore that lowers a grade alerts the institutions watching the subject, in the score's own transaction.
  // `monitoring` is made below; the port is only called once the product runs.
  const evaluation = createEvaluationService({
    db: database, catalog, registry, audit, grants, relations, ...now,
    ports: {
      onGradeChanged: async (tx, c) => {
        if (c.lower) await monitoring.service.gradeDropped({ subjectKey: c.subjectKey, from: c.from, to: c.to, scheme: c.scheme, key: c.key, reasons: c.reasons }, tx)
      },
    },
  })
  await evaluation.init()
  const monitoring = createMonitoring({
    db: database, dataKey: config.dataKey, grants, audit, catalog,
    allowPrivateWebhooks: config.monitoring?.allowPrivateWebhooks ?? false,
    sender: { concurrency: config.monitoring?.webhookConcurrency ?? 8 },
  })
  const repairSettings = config.repair ?? DEFAULT_REPAIR_SETTINGS
  const feedConfig = config.feed ?? DEFAULT_FEED_CONFIG
  const feed = createFeedService({ db: database, catalog, grants, audit, changes: recordsChangeSource(database), dataKey: config.dataKey, masking: DEFAULT_MASKING, limits: feedConfig, ...now })
  const repairDeps = { db: database, catalog, registry, audit, platforms: feed, alerts: { alertedOf: alertedInstitutions }, ...now }
  return {
    config,
    db: database,
    catalog,
    chunks,
    ingest: createIngestService({ db: database, catalog, dataKey: config.dataKey, chunks, xlsxLimits: (config.limits ?? DEFAULT_LIMITS).xlsx, ...now }),
    quality: createQualityService({ db: database, catalog, registry }),
    access: createAccessService({ db: database }),
    registry,
    audit,
    grants,
    authorize,
    profiles,
    verifications: createVerificationService({ db: database, catalog, registry, audit, authorize, ...(config.verification ? { limits: config.verification } : {}) }),
    reports: createReportService({ db: database, catalog, profiles, grants, audit, authorize }),
    logins: createLoginThrottle({ db: database, audit, limits: (config.limits ?? DEFAULT_LIMITS).login }),
    ledger,
    compensation,
    subsidies,
    products,
    needs: createNeedService({
      db: database, catalog, registry, audit, profiles, grants, products, institutions, ...now,
      // The grade shown (adjusted by the relations' propagation rules), the same one reads and alerts use; when a rule
      // lowered it, its base grade and the rules' names (not the party: the reason may reach lenders) say why — one
      // more key read then only.
      creditGrade: async (subjectKey) => {
        const g = (await readShownGrades(database, [subjectKey])).get(subjectKey)
        if (!g) return undefined
        const flags = g.grade === g.baseGrade ? [] : (await relations.storedFlags(database, [subjectKey])).get(subjectKey) ?? []
        return { ...g, loweredBy: [...new Set(flags.filter((f) => f.gradeSteps > 0).map((f) => f.zh))] }
      },
    }),
    applications,
    applyForFinancing: applyForFinancing({ db: database, grants, applications, ...now }),
    loanSteps: reportLoanStep({ db: database, applications, compensation, subsidies, profiles, selfDeclared, audit, watch: monitoring.service }),
    calendar,
    institutions,
    accounts: createAccountAdminService({ db: database, audit, institutions }),
    registrations: createRegistrationService({
      db: database, audit, dataKey: config.dataKey, masking: DEFAULT_MASKING,
      legalRepresentativeOnFile: (uscc) => legalRepresentativeOnFile(database, config.dataKey, uscc),
    }),
    selfDeclared,
    stats: createStatsService({ applications, audit }),
    evaluation,
    scorecards: createScorecardService({
      db: database, catalog, registry, grants, audit, applications, ...now,
      // The evaluation's indicators as characteristics; a borrower never scored yet is scored first.
      indicators: {
        list() {
          // Before an indicator system is published there are no indicators to offer, only the record-derived ones.
          try {
            return evaluation.current().system.indicators.map((i) => ({ key: i.key, name: i.name, type: i.type }))
          } catch {
            return []
          }
        },
        async latest(keys) {
          let rows = await readLatestScores(database, [...keys])
          const unscored = keys.filter((k) => !rows.some((r) => r.subjectKey === k))
          if (unscored.length) {
            await evaluation.rescore(unscored)
            rows = [...rows, ...(await readLatestScores(database, unscored))]
          }
          return new Map(rows.map((r) => [r.subjectKey, r.indicators]))
        },
        // Training rows: the last score stored by each loan's start, never one computed later (no scoring here).
        asOf: (cases) => readIndicatorsAsOf(database, cases),
      },
    }),
    portraits: createPortraitService({ db: database, catalog, registry, grants, audit, evaluation, ...now }),
    relations,
    monitoring,
    objections: createObjectionService({ ...repairDeps, calendar, objectionDays: repairSettings.objectionDays, dataKey: config.dataKey }),
    repairs: createRepairService({ ...repairDeps, rules: loadRepairRules() }),
    feed,
    feedback: createFeedbackService({ db: database, audit, subjectKeyOf: (code) => registry.subjectKeyOf(code), maxRows: feedConfig.feedbackMaxRows, ...now }),
    platformUsage: createUsageService({
      db: database, audit, lagOf: (platform) => feed.lagOfPlatform(platform),
      platformNames: async () => (await institutions.list({ kind: 'platform', limit: 1000, offset: 0 })).rows.map((o) => o.name),
    }),
    // What evaluation (and relations, in the same step) and monitoring have not read yet is never pruned.
    changeRetention: createChangeRetention({
      db: database, retentionDays: feedConfig.retentionDays, ...now,
      consumers: async () => [await evaluation.followerCursor(), await monitoring.consumer.position()],
    }),
    close: async () => {
      await monitoring.close()
      await audit.flush()
      await database.close()
    },
  }
}

import { DEFAULT_LIMITS, type Config } from '../core/config.js'
import type { Database } from '../core/db/database.js'
import { openDatabase } from '../core/db/open-database.js'
import { createCatalogService, type CatalogService } from '../catalog/catalog.service.js'
import { createIngestService, type IngestService } from '../ingest/ingest.service.js'
import { createQualityService, type QualityService } from '../ingest/quality.service.js'
import { createAccessService, type AccessService } from '../access/access.service.js'
import { createRegistryService, type RegistryService } from '../registry/registry.service.js'
import { createAuditService, type AuditService } from '../audit/audit.service.js'
import { DEFAULT_MASKING } from '../access/masking.js'
import { createGrantService, type GrantService } from '../access/grant.service.js'
import { createProfileService, type ProfileService } from '../records/profile.service.js'
import { createVerificationService, type VerificationService } from '../verification/verification.service.js'
import { createReportService, type ReportService } from '../reports/report.service.js'
import { createLoginThrottle, type LoginThrottle } from '../access/login-throttle.service.js'
import { createStatsService, type StatsService } from '../stats/index.js'
import { createApplicationService, createCompensationService, createLedger, createNeedService, createProductService, createSubsidyService, loadWorkingCalendar, type ApplicationService, type CompensationService, type Ledger, type NeedService, type ProductService, type SubsidyService, type WorkingCalendar } from '../financing/index.js'
import { createInstitutionService, type InstitutionService } from '../access/institution.service.js'
import { createAccountAdminService, type AccountAdminService } from '../access/account-admin.service.js'
import { createRegistrationService, type RegistrationService } from '../access/enterprise-registration.service.js'
import { createSelfDeclaredService, legalRepresentativeOnFile, type SelfDeclaredService } from '../records/index.js'
import { createAuthorizer, type Authorize } from '../access/index.js'

/** The product without its front doors: every service, built from explicit dependencies. HTTP and CLI sit on it. */
export interface Xinshu {
  config: Pick<Config, 'dataKey'> & Partial<Config>
  db: Database
  catalog: CatalogService
  ingest: IngestService
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
  /** Working days (holidays and 调休 of the State Council) for service clocks. */
  calendar: WorkingCalendar
  institutions: InstitutionService
  accounts: AccountAdminService
  registrations: RegistrationService
  selfDeclared: SelfDeclaredService
  /** 融资统计 (§二十), read through the financing context's functions. */
  stats: StatsService
  close(): Promise<void>
}

/**
 * Opens the database (migrating it), loads the catalog and wires the services.
 * `opts.now` is the business clock of the services that stamp transitions (grants, products, needs, applications,
 * funds, subsidies, the ledger): a backfill (the demo's year of loans) wires a second set over the same database
 * with a `BackfillClock` (src/core/clock.ts). The audit trail keeps the real clock: it records when rows were written.
 *
 * @example
 * const x = await createXinshu({ dataKey: Buffer.alloc(16, 1) }, await openDatabase({}))
 */
export async function createXinshu(config: Xinshu['config'], db?: Database, opts: { now?: () => Date } = {}): Promise<Xinshu> {
  const now = opts.now ? { now: opts.now } : {}
  const database = db ?? (await openDatabase({ databaseUrl: config.databaseUrl, ...(config.dataDir ? { dataDir: config.dataDir } : {}) }))
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
  const profiles = createProfileService({ db: database, catalog, registry, audit, dataKey: config.dataKey, masking: DEFAULT_MASKING, selfDeclared, authorize })
  const institutions = createInstitutionService({ db: database, audit })
  const ledger = createLedger(now)
  const calendar = loadWorkingCalendar()
  const applications = createApplicationService({ db: database, registry, audit, calendar, ...now })
  const products = createProductService({ db: database, catalog, audit, ...now })
  return {
    config,
    db: database,
    catalog,
    ingest: createIngestService({ db: database, catalog, dataKey: config.dataKey, xlsxLimits: (config.limits ?? DEFAULT_LIMITS).xlsx }),
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
    compensation: createCompensationService({ db: database, audit, ledger, ...now }),
    subsidies: createSubsidyService({ db: database, audit, ledger, ...now }),
    products,
    needs: createNeedService({ db: database, catalog, registry, audit, profiles, grants, products, institutions, ...now }),
    applications,
    calendar,
    institutions,
    accounts: createAccountAdminService({ db: database, audit, institutions }),
    registrations: createRegistrationService({
      db: database, audit, dataKey: config.dataKey, masking: DEFAULT_MASKING,
      legalRepresentativeOnFile: (uscc) => legalRepresentativeOnFile(database, config.dataKey, uscc),
    }),
    selfDeclared,
    stats: createStatsService({ applications, audit }),
    close: async () => {
      await audit.flush()
      await database.close()
    },
  }
}

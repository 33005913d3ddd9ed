import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'

/**
 * Every environment variable the product reads, validated once at boot.
 * Anything not listed here is not configuration.
 */
export interface Config {
  /** PostgreSQL server; unset means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined
  /** Folder of the embedded database, keys and the server's lock file. */
  dataDir: string
  port: number
  host: string
  /** SM4 key (16 bytes) that seals natural persons' ID numbers at rest. */
  dataKey: Buffer
  /** Load the demo data set on first start. */
  demo: boolean
  demoSubjects: number
  logLevel: string
  /** How many verification questions an institution may ask about one subject (docs/access.md § 核验的限制). */
  verification: VerificationLimits
  /** Objection deadlines and the repair sweeper (docs/repair.md). */
  repair: RepairSettings
  /** Served over HTTPS (directly or behind a proxy): the session cookie is marked `Secure`. */
  secureCookies: boolean
  /**
   * Origins (scheme://host[:port]) besides the server's own from which a browser may send state-changing requests
   * with the session cookie, e.g. the public address behind a reverse proxy.
   */
  allowedOrigins: string[]
  /**
   * Behind a reverse proxy: which proxies' `X-Forwarded-For` to believe (XINSHU_TRUST_PROXY: `1` for any, or a
   * comma-separated list of addresses or CIDR ranges), so that the login throttle counts clients, not the proxy.
   */
  trustProxy: boolean | string
  limits: Limits
  /** The service platforms' feed (src/platforms): page sizes, how long changes are kept for them, report size. */
  feed: FeedConfig
  /** 监测预警 (docs/monitoring.md). */
  monitoring: MonitoringConfig
  /** The relationship graph's stored adjustments (docs/relations.md). */
  relations: RelationsSettings
}

export interface RelationsSettings {
  /**
   * Seconds between the server's sweeps of adjustments whose related party's publicity has ended, so the grade shown
   * rises on an idle system too (XINSHU_RELATIONS_LAPSE_SECONDS; 0: off).
   */
  lapseSweepSeconds: number
}

export const DEFAULT_RELATIONS_SETTINGS: RelationsSettings = { lapseSweepSeconds: 3600 }

export interface MonitoringConfig {
  /** Run the change consumer and webhook sender in this process (XINSHU_MONITORING_WORKER=0 to leave it to another). */
  worker: boolean
  /** Webhooks may point at private and loopback addresses (XINSHU_WEBHOOK_ALLOW_PRIVATE=1): a closed network, tests. */
  allowPrivateWebhooks: boolean
  /** Webhook deliveries sent at once (XINSHU_WEBHOOK_CONCURRENCY). */
  webhookConcurrency: number
}

/** The platform feed's bounds; each can be set by an environment variable (see docs/platforms.md). */
export interface FeedConfig {
  /** Changes per page when the platform names no limit (XINSHU_FEED_PAGE_DEFAULT). */
  defaultPage: number
  /** Most changes per page (XINSHU_FEED_PAGE_MAX). */
  maxPage: number
  /**
   * A platform whose oldest unpulled change is older than this many days must resync (XINSHU_FEED_RETENTION_DAYS);
   * changes older than this that the product's own consumers have read are pruned from records.change.
   */
  retentionDays: number
  /** Seconds between runs of the change feed's pruning in the server (XINSHU_FEED_PRUNE_SECONDS; 0: off). */
  pruneSeconds: number
  /** Most rows in one usage report (XINSHU_FEEDBACK_MAX_ROWS). */
  feedbackMaxRows: number
}

export const DEFAULT_FEED_CONFIG: FeedConfig = { defaultPage: 200, maxPage: 1000, retentionDays: 30, pruneSeconds: 3600, feedbackMaxRows: 5000 }

function feedFrom(env: NodeJS.ProcessEnv): FeedConfig {
  const d = DEFAULT_FEED_CONFIG
  const positive = (name: string, fallback: number) => positiveVar(env, name, fallback)
  const maxPage = positive('XINSHU_FEED_PAGE_MAX', d.maxPage)
  const defaultPage = Math.min(positive('XINSHU_FEED_PAGE_DEFAULT', Math.min(d.defaultPage, maxPage)), maxPage)
  const pruneSeconds = intVar(env, 'XINSHU_FEED_PRUNE_SECONDS', d.pruneSeconds)
  if (pruneSeconds < 0) throw new Error('配置错误 / invalid configuration: XINSHU_FEED_PRUNE_SECONDS must be 0 (off) or more')
  return {
    defaultPage, maxPage, retentionDays: positive('XINSHU_FEED_RETENTION_DAYS', d.retentionDays), pruneSeconds,
    feedbackMaxRows: positive('XINSHU_FEEDBACK_MAX_ROWS', d.feedbackMaxRows),
  }
}

/** Sizes and rates the HTTP edge enforces; every one can be set by an environment variable (see docs/security.md). */
export interface Limits {
  /** Largest JSON body of an ordinary route (XINSHU_BODY_LIMIT_BYTES). */
  bodyBytes: number
  /** Largest body of the login and logout routes (XINSHU_AUTH_BODY_LIMIT_BYTES). */
  authBodyBytes: number
  /** Largest JSON body of the record-delivery route, which carries up to 10,000 records (XINSHU_RECORDS_BODY_LIMIT_BYTES). */
  recordsBodyBytes: number
  /** Largest uploaded file (XINSHU_UPLOAD_LIMIT_BYTES); larger deliveries go through the CLI. */
  uploadBytes: number
  /** Deepest nesting of a JSON body (XINSHU_JSON_MAX_DEPTH). */
  jsonDepth: number
  xlsx: XlsxLimits
  /** Most records a credit report may hold before it is refused as too large to lay out (XINSHU_REPORT_MAX_RECORDS). */
  reportMaxRecords: number
  login: LoginLimits
}

/** What an XLSX workbook may unpack to, checked before it is parsed. */
export interface XlsxLimits {
  /** Sum of the unpacked sizes of all parts (XINSHU_XLSX_MAX_UNPACKED_BYTES). */
  unpackedBytes: number
  /** Shared strings in the workbook (XINSHU_XLSX_MAX_SHARED_STRINGS). */
  sharedStrings: number
  /** Unpacked size of the shared strings, which the reader keeps in memory (XINSHU_XLSX_MAX_SHARED_STRING_BYTES). */
  sharedStringBytes: number
  /** Rows of the first worksheet (XINSHU_XLSX_MAX_ROWS). */
  rows: number
  /** Columns of a row (XINSHU_XLSX_MAX_COLUMNS). */
  columns: number
}

/** Login throttling: failures counted per account and per client address within a window, then a lockout. */
export interface LoginLimits {
  /** Failed logins of one account within the window that lock it (XINSHU_LOGIN_MAX_FAILURES). */
  maxFailures: number
  /** Failed logins from one address within the window that lock the address (XINSHU_LOGIN_MAX_ADDRESS_FAILURES). */
  maxAddressFailures: number
  /** Window in which failures are counted, in seconds (XINSHU_LOGIN_WINDOW_SECONDS). */
  windowSeconds: number
  /** How long a lockout lasts, in seconds (XINSHU_LOGIN_LOCK_SECONDS). */
  lockSeconds: number
}

/** The limits a deployment gets when it sets none. */
export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1024 * 1024,
  authBodyBytes: 4 * 1024,
  recordsBodyBytes: 32 * 1024 * 1024,
  uploadBytes: 2 * 1024 * 1024 * 1024,
  jsonDepth: 64,
  xlsx: { unpackedBytes: 512 * 1024 * 1024, sharedStrings: 2_000_000, sharedStringBytes: 64 * 1024 * 1024, rows: 1_048_576, columns: 1_000 },
  reportMaxRecords: 2_000,
  login: { maxFailures: 5, maxAddressFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60 },
}

/** A whole number of at least 1 from the environment, or the fallback. */
function positiveVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = intVar(env, name, fallback)
  if (n < 1) throw new Error(`配置错误 / invalid configuration: ${name} must be at least 1`)
  return n
}

function limitsFrom(env: NodeJS.ProcessEnv): Limits {
  const d = DEFAULT_LIMITS
  const positive = (name: string, fallback: number) => positiveVar(env, name, fallback)
  return {
    bodyBytes: positive('XINSHU_BODY_LIMIT_BYTES', d.bodyBytes),
    authBodyBytes: positive('XINSHU_AUTH_BODY_LIMIT_BYTES', d.authBodyBytes),
    recordsBodyBytes: positive('XINSHU_RECORDS_BODY_LIMIT_BYTES', d.recordsBodyBytes),
    uploadBytes: positive('XINSHU_UPLOAD_LIMIT_BYTES', d.uploadBytes),
    jsonDepth: positive('XINSHU_JSON_MAX_DEPTH', d.jsonDepth),
    xlsx: {
      unpackedBytes: positive('XINSHU_XLSX_MAX_UNPACKED_BYTES', d.xlsx.unpackedBytes),
      sharedStrings: positive('XINSHU_XLSX_MAX_SHARED_STRINGS', d.xlsx.sharedStrings),
      sharedStringBytes: positive('XINSHU_XLSX_MAX_SHARED_STRING_BYTES', d.xlsx.sharedStringBytes),
      rows: positive('XINSHU_XLSX_MAX_ROWS', d.xlsx.rows),
      columns: positive('XINSHU_XLSX_MAX_COLUMNS', d.xlsx.columns),
    },
    reportMaxRecords: positive('XINSHU_REPORT_MAX_RECORDS', d.reportMaxRecords),
    login: {
      maxFailures: positive('XINSHU_LOGIN_MAX_FAILURES', d.login.maxFailures),
      maxAddressFailures: positive('XINSHU_LOGIN_MAX_ADDRESS_FAILURES', d.login.maxAddressFailures),
      windowSeconds: positive('XINSHU_LOGIN_WINDOW_SECONDS', d.login.windowSeconds),
      lockSeconds: positive('XINSHU_LOGIN_LOCK_SECONDS', d.login.lockSeconds),
    },
  }
}

/** Objections and credit repair (§十七). */
export interface RepairSettings {
  /** Working days a provider has to answer an objection (XINSHU_OBJECTION_DAYS; 征信业管理条例 第二十五条: 20). */
  objectionDays: number
  /** Seconds between runs of the sweeper that ends publicity whose maximum has passed (XINSHU_REPAIR_SWEEP_SECONDS; 0: off). */
  sweepSeconds: number
}

export const DEFAULT_REPAIR_SETTINGS: RepairSettings = { objectionDays: 20, sweepSeconds: 3600 }

/** Bounds on verification, per institution (its grant) and subject. */
export interface VerificationLimits {
  /** Questions within any 60 seconds (XINSHU_VERIFY_PER_MINUTE). */
  questionsPerMinute: number
  /** Questions per Beijing calendar day (XINSHU_VERIFY_PER_DAY). */
  questionsPerDay: number
}

/**
 * Enough for a loan officer's checklist (a form of presets is five questions) asked a few times a day; far too few
 * to halve a figure down to its value, which the cut points forbid anyway.
 */
export const DEFAULT_VERIFICATION_LIMITS: VerificationLimits = { questionsPerMinute: 20, questionsPerDay: 60 }

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`配置错误 / invalid configuration: ${name}=${raw} is not a whole number`)
  return n
}

/**
 * The data key comes from `XINSHU_DATA_KEY` (32 hex chars). On the embedded database a key is made on first start
 * and kept beside the data (mode 0600), so a demo needs no set-up; a server deployment must name its key, because a
 * key that lives only on one web node would make the sealed ID numbers unreadable from every other node.
 */
function dataKey(env: NodeJS.ProcessEnv, dataDir: string, usesServer: boolean): Buffer {
  const raw = env.XINSHU_DATA_KEY
  if (raw) {
    if (!/^[0-9a-fA-F]{32}$/.test(raw)) throw new Error('配置错误 / invalid configuration: XINSHU_DATA_KEY must be 32 hex characters (an SM4 key)')
    return Buffer.from(raw, 'hex')
  }
  if (usesServer) throw new Error('配置错误 / invalid configuration: DATABASE_URL is set, so XINSHU_DATA_KEY (32 hex characters) must be set too')
  const file = join(dataDir, 'keys', 'data.key')
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex')
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
  const key = randomBytes(16)
  writeFileSync(file, key.toString('hex'), { mode: 0o600 })
  return key
}

/** `https://xinshu.example.gov.cn/app` → `https://xinshu.example.gov.cn`, or a configuration error. */
function originOf(url: string): string {
  try {
    const u = new URL(url)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(u.protocol)
    return u.origin
  } catch {
    throw new Error(`配置错误 / invalid configuration: ${url} is not an http(s) address (XINSHU_PUBLIC_URL, XINSHU_ALLOWED_ORIGINS)`)
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined
  const dataDir = resolve(env.XINSHU_DATA_DIR || '.xinshu')
  const port = intVar(env, 'PORT', 3000)
  if (port > 65535) throw new Error(`配置错误 / invalid configuration: PORT=${port} is out of range`)
  return {
    databaseUrl,
    dataDir,
    port,
    host: env.HOST || '127.0.0.1',
    dataKey: dataKey(env, dataDir, databaseUrl !== undefined),
    demo: env.XINSHU_DEMO !== '0',
    demoSubjects: intVar(env, 'XINSHU_DEMO_SUBJECTS', 2000),
    logLevel: env.XINSHU_LOG_LEVEL || 'info',
    verification: {
      questionsPerMinute: intVar(env, 'XINSHU_VERIFY_PER_MINUTE', DEFAULT_VERIFICATION_LIMITS.questionsPerMinute),
      questionsPerDay: intVar(env, 'XINSHU_VERIFY_PER_DAY', DEFAULT_VERIFICATION_LIMITS.questionsPerDay),
    },
    repair: {
      objectionDays: intVar(env, 'XINSHU_OBJECTION_DAYS', DEFAULT_REPAIR_SETTINGS.objectionDays),
      sweepSeconds: intVar(env, 'XINSHU_REPAIR_SWEEP_SECONDS', DEFAULT_REPAIR_SETTINGS.sweepSeconds),
    },
    secureCookies: env.XINSHU_SECURE_COOKIES === '1' || (env.XINSHU_PUBLIC_URL ?? '').startsWith('https://'),
    allowedOrigins: [env.XINSHU_PUBLIC_URL, ...(env.XINSHU_ALLOWED_ORIGINS ?? '').split(',')].map((o) => (o ?? '').trim()).filter(Boolean).map(originOf),
    trustProxy: env.XINSHU_TRUST_PROXY === '1' || env.XINSHU_TRUST_PROXY === 'true' ? true : env.XINSHU_TRUST_PROXY?.trim() || false,
    limits: limitsFrom(env),
    monitoring: {
      worker: env.XINSHU_MONITORING_WORKER !== '0',
      allowPrivateWebhooks: env.XINSHU_WEBHOOK_ALLOW_PRIVATE === '1',
      webhookConcurrency: intVar(env, 'XINSHU_WEBHOOK_CONCURRENCY', 8),
    },
    feed: feedFrom(env),
    relations: { lapseSweepSeconds: intVar(env, 'XINSHU_RELATIONS_LAPSE_SECONDS', DEFAULT_RELATIONS_SETTINGS.lapseSweepSeconds) },
  }
}

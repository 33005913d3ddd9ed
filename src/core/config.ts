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
}

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
  }
}

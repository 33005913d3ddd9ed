/**
 * The product's foundation, imported by every context and importing none of them: configuration (every env var),
 * the error type, Beijing time and clocks, SM3/SM4, the database door (`Sql`, `Database`, `openDatabase`) and
 * worker threads that run TypeScript.
 */
export { BEIJING_OFFSET_MS, beijingAt, beijingDate, beijingTime, untilEndOfBeijingDay } from './beijing-time.js'
export { createBackfillClock } from './clock.js'
export { DEFAULT_FEED_CONFIG, DEFAULT_LIMITS, DEFAULT_REPAIR_SETTINGS, type FeedConfig, DEFAULT_VERIFICATION_LIMITS, loadConfig, type Config, type Limits, type LoginLimits, type VerificationLimits, type XlsxLimits } from './config.js'
export { hmacSm3, isSealed, seal, sm3, unseal } from './crypto.js'
export { CopyWriter, copyText, type Database, type Sql } from './db/database.js'
export { openDatabase } from './db/open-database.js'
export { AppError, HTTP_STATUS, defineErrors } from './errors.js'
export { RequestErrors } from './request.errors.js'
export { fromWorkerError, startTsWorker, toWorkerError, type WorkerError } from './workers/ts-worker.js'
export { WorkingCalendar, loadWorkingCalendar } from './working-days.js'
export { startPeriodicJob, messageOf } from './periodic-job.js'
export { statements } from './db/statements.js'
export { variants } from './db/statements.js'

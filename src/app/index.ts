/** Wiring: `createXinshu()` builds every service from explicit dependencies; the data-folder lock; the demo seed. */
export { acquireLock, readLock, type LockInfo } from './data-dir-lock.js'
export { DEMO_SEED, seedDemo } from './demo-seed.js'
export { createXinshu, type Xinshu } from './xinshu.js'
export { seedScorecardDemo } from './demo-scorecard.js'

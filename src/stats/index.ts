export { createStatsService, type StatsService } from './stats.service.js'
export { StatsErrors } from './stats.errors.js'
export { breakdowns, cityOf, p50, SIZE_NAMES } from './aggregate.js'
export type * from './stats.types.js'

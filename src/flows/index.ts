/**
 * Work that crosses contexts, one named flow per file: each takes the services it needs and runs their steps in one
 * transaction. Contexts never import flows; `createXinshu()` builds them and hands them to routes and commands.
 */
export { applyForFinancing, APPLICATION_GRANT_DAYS, type ApplyForFinancingInput } from './apply-for-financing.flow.js'
export { reportLoanStep } from './report-loan-step.flow.js'
export { commitChunk } from './commit-chunk.flow.js'

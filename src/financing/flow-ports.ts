import type { ConsentContext, Principal } from '../access/index.js'
import type { ApplyInput, LendInput, RepayInput } from './application.service.js'
import type { SubsidyOutcome } from './compensation/index.js'
import type { Application } from './financing.types.js'

/**
 * What financing's routes need of the two flows that cross its border (src/flows implements them, `createXinshu()`
 * wires them): declared here so that financing names what it uses without importing the layer above it.
 */
export interface ApplyForFinancingInput extends ApplyInput {
  /** What the lender may see; by default the items the product's eligibility rules read, else the registration data. */
  grant?: { categories?: string[] | undefined; items?: string[] | undefined; validUntil?: string | undefined } | undefined
}

/** 申请融资 with its grant, in one transaction (`src/flows/apply-for-financing.flow.ts`). */
export interface ApplyForFinancingPort {
  run(p: Principal, input: ApplyForFinancingInput, ctx?: ConsentContext): Promise<{ applicationId: string; grantId: string }>
}

/** The lender's loan steps, told to risk compensation and the interest subsidy in the same transaction (`src/flows/report-loan-step.flow.ts`). */
export interface LoanStepsPort {
  lend(p: Principal, id: string, input: LendInput): Promise<Application>
  overdue(p: Principal, id: string, input: { since: string }): Promise<Application>
  cure(p: Principal, id: string, note?: string): Promise<Application>
  settle(p: Principal, id: string, note?: string): Promise<Application>
  default(p: Principal, id: string, note?: string): Promise<Application>
  repay(p: Principal, id: string, input: RepayInput): Promise<{ application: Application; subsidies: SubsidyOutcome[] }>
}

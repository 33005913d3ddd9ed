import type { Database } from '../core/index.js'
import type { ConsentContext, GrantService, Principal } from '../access/index.js'
import type { ApplicationService, ApplyForFinancingInput, ApplyForFinancingPort } from '../financing/index.js'

/** Default length of the grant an application gives its lender: long enough to decide and lend, then review. */
export const APPLICATION_GRANT_DAYS = 365

export type { ApplyForFinancingInput }

/**
 * 申请融资: the enterprise applies to a product version and, in the same step, grants the lender what it needs to
 * decide. One transaction: the grant (through the access context's grant service, with its consent evidence,
 * notice and audit entry) and the application (with its event, audit entry and accept clock) stand or fall together.
 *
 * @example
 * const { applicationId, grantId } = await applyForFinancing({ db, grants, applications }).run(enterprise, { productId, productVersion: 1, amountFen: 50_000_000, termMonths: 12 })
 */
export function applyForFinancing(deps: { db: Database; grants: GrantService; applications: ApplicationService; now?: () => Date }): ApplyForFinancingPort {
  const now = deps.now ?? (() => new Date())
  return {
    async run(p: Principal, input: ApplyForFinancingInput, ctx: ConsentContext = {}): Promise<{ applicationId: string; grantId: string }> {
      const { subjectKey, product, grantItems } = await deps.applications.prepare(p, input)
      const items = input.grant?.items ?? (input.grant?.categories ? [] : grantItems)
      const categories = input.grant?.categories ?? (items.length ? [] : ['market_registration'])
      const validUntil = input.grant?.validUntil ?? new Date(now().getTime() + APPLICATION_GRANT_DAYS * 86_400_000).toISOString()
      return deps.db.transaction(async (tx) => {
        const grantId = await deps.grants.createWithin(tx, p, { institution: product.institution, categories, items, mode: 'view', purpose: '融资', validUntil }, ctx)
        const applicationId = await deps.applications.insertWithin(tx, p, { ...input, subjectKey, institution: product.institution, grantId })
        return { applicationId, grantId }
      })
    },
  }
}

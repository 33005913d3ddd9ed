/**
 * Hostile cases of the data side (issue 8): each attack as it was carried out, replayed against the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { AppError } from '../../src/core/errors.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'
import { BANK, seedCallers, seedFirm, type Caller, type Firm } from '../../src/access/access.fixtures.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: hostile data`, () => {
    let x: Xinshu
    let firm: Firm
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await x?.close()
    })

    describe('a report after its grant is revoked', () => {
      it('is no longer downloadable by the bank, as JSON or PDF, and every fetch is audited', async () => {
        const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: inDays(10) })
        const report = await x.reports.issue(as.institution.principal, firm.uscc, { grantId: g.id })
        expect((await x.reports.get(as.institution.principal, report.reportNo)).reportNo).toBe(report.reportNo)
        await x.grants.revoke(as.enterprise.principal, g.id, { reason: '贷款已结清' })
        expect((await refusal(x.reports.get(as.institution.principal, report.reportNo))).code).toBe('REPORT_GRANT_ENDED')
        expect((await refusal(x.reports.get(as.institution.principal, report.reportNo, { format: 'pdf' }))).code).toBe('REPORT_GRANT_ENDED')
        // The subject and the operator keep their copy.
        expect((await x.reports.get(as.enterprise.principal, report.reportNo)).reportNo).toBe(report.reportNo)
        const fetches = await x.audit.list({ subjectKey: firm.uscc, action: 'report.fetch', limit: 10 })
        expect(fetches.map((e) => [e.actor.role, e.grantId, e.details])).toEqual([
          ['enterprise', g.id, { reportNo: report.reportNo, format: 'json' }],
          ['institution', g.id, { reportNo: report.reportNo, format: 'pdf', refused: 'REPORT_GRANT_ENDED' }],
          ['institution', g.id, { reportNo: report.reportNo, format: 'json', refused: 'REPORT_GRANT_ENDED' }],
          ['institution', g.id, { reportNo: report.reportNo, format: 'json' }],
        ])
      })

    })
  })
}

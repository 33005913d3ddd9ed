import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Principal, Role } from '../access/index.js'
import { BANK, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'

const OPERATOR = { accountId: null, username: 'test', role: 'operator', organization: null }

/**
 * Which open needs an institution sees: the regions the directory records for it when it is there, else the regions
 * of its published products. The firm is in 银川市金凤区 (640106); every product serves all of Ningxia.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: needs shown by the institution's regions`, () => {
    let x: Xinshu
    let firm: Firm
    let as: Record<Role, Caller>
    let needId: string

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      needId = (await x.needs.publish(as.enterprise.principal, { amountFen: 50_000_000, termMonths: 12, purpose: '流动资金' })).id
    })
    afterAll(async () => {
      await x?.close()
    })

    async function publishFor(p: Principal): Promise<void> {
      const v = await x.products.create(p, taxLoan({ regions: ['640000'] }))
      await x.products.submit(p, v.id)
      await x.products.review(as.operator.principal, v.id, 1, { approve: true })
    }
    const seen = async (p: Principal) => (await x.needs.forInstitution(p, { limit: 50, offset: 0 })).needs.map((n) => n.id)

    it('shows an institution outside the directory the needs in its products\' regions', async () => {
      await publishFor(as.institution.principal)
      expect(await seen(as.institution.principal)).toContain(needId)
    })

    it('uses the directory\'s regions once the institution is listed there, even where its products reach further', async () => {
      await x.institutions.create(OPERATOR as never, { name: BANK, kind: 'institution', type: 'bank', regions: ['640200'] })
      expect(await seen(as.institution.principal)).not.toContain(needId)
      await x.institutions.update(OPERATOR as never, BANK, { type: 'bank', regions: ['640100', '640200'] })
      expect(await seen(as.institution.principal)).toContain(needId)
    })

    it('shows needs by the directory to a listed institution with no published product', async () => {
      const name = '宁夏黄河农村商业银行股份有限公司'
      const other = await seedInstitution(x, name, 'huanghe')
      expect(await seen(other.principal)).not.toContain(needId)
      await x.institutions.create(OPERATOR as never, { name, kind: 'institution', type: 'bank', regions: ['640106'] })
      expect(await seen(other.principal)).toContain(needId)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from './xinshu.js'
import type { Principal } from '../access/index.js'
import { seedFirm } from '../../test/fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { demoSubject } from '../demo/index.js'
import { DEMO_PLATFORMS, seedPlatformsDemo } from './demo-platforms.js'

const operator: Principal = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'operator', organization: '自治区社会信用服务中心', via: 'session', scopes: [] }
const SEED = 20221119

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the platforms demo`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      await seedFirm(x)
      const actor = { accountId: null, username: 'demo', role: 'operator', organization: null }
      for (const p of DEMO_PLATFORMS) {
        await x.institutions.create(actor, { name: p.name, kind: 'platform', type: p.type, regions: ['640000'] })
        await x.access.createAccount({ username: p.username, displayName: p.name, role: 'platform', organization: p.name })
      }
      await seedPlatformsDemo(x, { seed: SEED, subjects: 50, asOf: new Date() })
    }, 240_000)
    afterAll(async () => {
      await x?.close()
    })

    it('gives both platforms pulls and a month of usage reports, through the services', async () => {
      const usage = await x.platformUsage.report(operator, {})
      expect(usage.platforms.map((p) => p.platform).sort()).toEqual(DEMO_PLATFORMS.map((p) => p.name).sort())
      // How many records the pulls found depends on the server's horizon (a long transaction anywhere on the
      // PostgreSQL server holds changes back; the feed's own tests wait for them): the pulls themselves are counted.
      for (const p of usage.platforms) {
        expect(p.pulls, p.platform).toBeGreaterThan(0)
        expect(p.reports, p.platform).toBeGreaterThanOrEqual(15)
        expect(p.queries, p.platform).toBeGreaterThan(0)
      }
    })

    it('grants 信易贷宁夏总站 the first demo enterprise\'s tax figures', async () => {
      const grants = await x.grants.between(DEMO_PLATFORMS[0].name, demoSubject(SEED, 0).uscc)
      expect(grants).toEqual([expect.objectContaining({ status: 'active', categories: ['taxation'], mode: 'view' })])
    })
  })
}

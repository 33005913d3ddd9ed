import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from './xinshu.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { seedDemo } from './demo-seed.js'
import type { Principal } from '../access/index.js'

const operator: Principal = { accountId: 'op', username: 'op', displayName: 'op', role: 'operator', organization: '自治区社会信用服务中心', via: 'session', scopes: [] }

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the objection and repair demo`, () => {
    let x: Xinshu

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      await seedDemo(x, { subjects: 300 })
    }, 600_000)
    afterAll(async () => {
      await x?.close()
    })

    it('gives the demo enterprise one objection open in the tax bureau\'s queue and one answered', async () => {
      const all = await x.objections.list(operator, { limit: 20, offset: 0 })
      expect(all.objections.map((o) => [o.provider, o.status]).sort()).toEqual([['宁夏税务局', 'open'], ['自治区市场监管厅', 'kept']])
    })

    it('ends the publicity of old 失信 information and shows repairs in the statistics', async () => {
      const stats = await x.repairs.stats()
      expect(stats.repairs.byKind.automatic ?? 0).toBeGreaterThan(0)
      expect(stats.objections).toMatchObject({ total: 2, open: 1 })
    })
  })
}

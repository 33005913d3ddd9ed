import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createXinshu, type Xinshu } from '../app/index.js'
import { BANK, ingestRows, seedCallers, seedFirm, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { openTestDatabase, TEST_DATA_KEY, TEST_DIALECTS } from '../../test/databases.js'
import { readScoreHistory, readShownGrades } from './index.js'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: lapsed relation flags swept without record changes`, () => {
    // The business clock of the whole wiring: moved past the party's publicity below, with no record changing. Each
    // reading ticks a millisecond, so scores stored one after the other have distinct times, as they would.
    let at = new Date('2026-10-15T02:00:00Z')
    let ticks = 0
    const now = () => new Date(at.getTime() + ++ticks)
    let x: Xinshu
    let first: Firm
    let second: Firm
    let holder: Firm
    let later: Firm[]

    const drain = async () => {
      for (let i = 0; i < 400; i++) {
        const r = await x.evaluation.follow()
        if (r.more) continue
        if (!r.pending) return
        await new Promise((done) => setTimeout(done, 50))
      }
    }
    const shown = async (f: Firm) => (await readShownGrades(x.db, [f.uscc])).get(f.uscc)!
    const drops = async () => Number((await x.db.query<{ n: string }>(`select count(*) as n from monitoring.alert where kind = 'grade_drop'`))[0]!.n)

    beforeAll(async () => {
      x = await createXinshu({ dataKey: TEST_DATA_KEY }, await openTestDatabase(dialect), { now })
      ;[first, second, holder] = [await seedFirm(x), await seedFirm(x), await seedFirm(x)]
      await seedCallers(x, first.uscc)
      for (const f of [first, second]) {
        await ingestRows(x, 'shareholder_contribution', [{ entity_name: f.name, uscc: f.uscc, shareholder_name: holder.name, shareholder_type: '企业法人', contribution_ratio: 50, contribution_amount: '500000.00', contribution_method: '货币', subscribed_contribution_amount: '500000.00' }], '自治区市场监管厅')
      }
      await drain()
      // A bank lent to the first firm: it watches it, so a drop of its grade shown alerts.
      await x.db.transaction((tx) => x.monitoring.service.onLoan(tx, { loanId: randomUUID(), institution: BANK, uscc: first.uscc, status: 'lent' }))
      // 严重失信 published 2023-11-01: its maximum publicity (36 months) ends on 2026-11-01.
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: holder.n, entity_name: holder.name, id_number_or_uscc: holder.uscc, publication_date: '2023-11-01' })], '自治区高级人民法院')
      // Two more pairs, each held 50 % by a firm whose listing ends later (2026-11-20, 2026-11-25): for the full run
      // and for two sweepers at once.
      later = []
      for (const published of ['2023-11-20', '2023-11-25']) {
        const [p, q, h] = [await seedFirm(x), await seedFirm(x), await seedFirm(x)]
        for (const f of [p, q]) {
          await ingestRows(x, 'shareholder_contribution', [{ entity_name: f.name, uscc: f.uscc, shareholder_name: h.name, shareholder_type: '企业法人', contribution_ratio: 50, contribution_amount: '500000.00', contribution_method: '货币', subscribed_contribution_amount: '500000.00' }], '自治区市场监管厅')
        }
        await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: h.n, entity_name: h.name, id_number_or_uscc: h.uscc, publication_date: published })], '自治区高级人民法院')
        later.push(p, q)
      }
      await drain()
    }, 180_000)
    afterAll(async () => x?.close())

    it('lowers both firms while the holder is in publicity, and an idle follower leaves them lowered after it ends', async () => {
      for (const f of [first, second, ...later]) expect((await shown(f)).grade).not.toBe((await shown(f)).baseGrade)
      expect(await drops()).toBe(1)
      at = new Date('2026-11-02T02:00:00Z')
      // No record changes: the follower's step has nothing to do, so the lapsed flags stay (why the sweep exists).
      await drain()
      for (const f of [first, second]) expect((await shown(f)).grade).not.toBe((await shown(f)).baseGrade)
    })

    it('recomputes lapsed adjustments in bounded batches and rescores those subjects, raising the grade shown without an alert', async () => {
      const one = await x.evaluation.sweepLapsed({ batch: 1, maxBatches: 1 })
      expect(one).toEqual({ lapsed: 1, rescored: 1, batches: 1, more: true })
      const states = await Promise.all([first, second].map(shown))
      expect(states.filter((s) => s.grade === s.baseGrade)).toHaveLength(1)

      const rest = await x.evaluation.sweepLapsed({ batch: 1 })
      expect(rest).toEqual({ lapsed: 1, rescored: 1, batches: 2, more: false })
      for (const f of [first, second]) {
        const s = await shown(f)
        expect(s.grade).toBe(s.baseGrade)
        expect((await readScoreHistory(x.db, f.uscc))[0]).toMatchObject({ grade: s.baseGrade })
      }
      expect([...(await x.relations.storedFlags(x.db, [first.uscc, second.uscc])).keys()]).toEqual([])
      // A raised grade is not an alert: still the one drop from the listing.
      expect(await drops()).toBe(1)
      expect(await x.evaluation.sweepLapsed()).toEqual({ lapsed: 0, rescored: 0, batches: 1, more: false })
    })

    it('recomputes every lapsed adjustment before a full run scores, so the run stores the raised grades shown', async () => {
      at = new Date('2026-11-21T02:00:00Z')
      await x.evaluation.runAll('test')
      for (const f of later.slice(0, 2)) {
        const s = await shown(f)
        expect(s.grade).toBe(s.baseGrade)
      }
      for (const f of later.slice(2)) expect((await shown(f)).grade).not.toBe((await shown(f)).baseGrade)
      expect([...(await x.relations.storedFlags(x.db, later.slice(0, 2).map((f) => f.uscc))).keys()]).toEqual([])
    })

    // PGlite has one connection: two sweepers at once exist only on the server.
    it.runIf(dialect === 'postgres')('lets two sweepers at once take different lapsed adjustments, never the same one twice', async () => {
      at = new Date('2026-11-26T02:00:00Z')
      const pair = later.slice(2).map((f) => f.uscc)
      const { mine, theirs } = await x.db.transaction(async (tx) => {
        const claimed = await x.relations.readjustLapsed(tx, 1)
        await x.evaluation.rescore(claimed.moved, tx)
        // Another sweeper, on another connection, while this one holds its row: it takes the other, and does not wait.
        return { mine: claimed.lapsed, theirs: await x.evaluation.sweepLapsed() }
      })
      expect(mine).toHaveLength(1)
      expect(pair).toContain(mine[0])
      expect(theirs).toEqual({ lapsed: 1, rescored: 1, batches: 1, more: false })
      for (const f of later.slice(2)) {
        const s = await shown(f)
        expect(s.grade).toBe(s.baseGrade)
      }
      expect(await x.evaluation.sweepLapsed()).toEqual({ lapsed: 0, rescored: 0, batches: 1, more: false })
    })
  })
}

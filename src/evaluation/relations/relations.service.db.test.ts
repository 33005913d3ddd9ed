import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../../app/index.js'
import type { Role } from '../../access/index.js'
import { changeRecordState, listSubjectRecords } from '../../records/index.js'
import { loadRepairRules } from '../../repair/index.js'
import { readScoreHistory, readShownGrades } from '../index.js'
import { createRelationsService } from './relations.service.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../../test/fixtures/access.fixtures.js'
import { factory } from '../../../test/factory.js'
import { TEST_DIALECTS } from '../../../test/databases.js'
import { openTestXinshu } from '../../../test/xinshu.js'

const GRADES = ['A', 'B', 'C', 'D']

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: relationship graph`, () => {
    let x: Xinshu
    let as: Record<Role, Caller>
    let a: Firm
    let b: Firm
    let c: Firm
    const sharedRepId = factory.idNumber(7001)
    const branchUscc = factory.uscc(7002)

    /** Follows the records change feed until it is drained (the graph is rebuilt in the follower's transaction). */
    const drain = async () => {
      for (let i = 0; i < 400; i++) {
        const r = await x.evaluation.follow()
        if (r.more) continue
        if (!r.pending) return
        await new Promise((done) => setTimeout(done, 50))
      }
    }
    const withdraw = async (subjectKey: string, itemKey: string, pick: (d: Record<string, unknown>) => boolean) => {
      const r = (await listSubjectRecords(x.db, subjectKey, { items: [itemKey] })).find((s) => pick(s.data))!
      await x.db.transaction((tx) => changeRecordState(tx, r, { kind: 'withdrawn', reason: '测试：撤销', ref: null, actor: 'test', at: new Date(), source: 'repair' }))
    }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      a = await seedFirm(x)
      b = await seedFirm(x)
      c = await seedFirm(x)
      as = await seedCallers(x, a.uscc)
      // B is a dishonest judgment debtor, published this year: 严重失信 under the repair rules, still in publicity.
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: b.n, entity_name: b.name, id_number_or_uscc: b.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')
      // A: held 35 % by B, 40 % by 王小明, 25 % by its legal representative 李四, whose ID a penalty record pairs with the name.
      await ingestRows(x, 'shareholder_contribution', [
        { entity_name: a.name, uscc: a.uscc, shareholder_name: b.name, shareholder_type: '企业法人', contribution_ratio: 35, contribution_amount: '350000.00', contribution_method: '货币', subscribed_contribution_amount: '350000.00' },
        { entity_name: a.name, uscc: a.uscc, shareholder_name: '王小明', shareholder_type: '自然人股东', contribution_ratio: 40, contribution_amount: '400000.00', contribution_method: '货币', subscribed_contribution_amount: '400000.00' },
        { entity_name: a.name, uscc: a.uscc, shareholder_name: '李四', shareholder_type: '自然人股东', contribution_ratio: 25, contribution_amount: '250000.00', contribution_method: '货币', subscribed_contribution_amount: '250000.00' },
      ], '自治区市场监管厅')
      await ingestRows(x, 'branch_office', [{ entity_name: a.name, uscc: a.uscc, branch_name_and_uscc: `${a.name}银川分公司（${branchUscc}）`, branch_legal_representative_or_head: '赵六', branch_establishment_date: '2019-01-01', branch_domicile: '宁夏银川市兴庆区解放西街1号', branch_registration_status: '存续（在营、开业、在册）', branch_registration_authority: '银川市市场监督管理局' }], '自治区市场监管厅')
      // A and C have the same legal representative: 李四, the same ID number in both firms' penalty records.
      for (const f of [a, c]) {
        await ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ _n: f.n + 3000, entity_name: f.name, uscc: f.uscc, legal_representative_name: '李四', legal_representative_id_number: sharedRepId })], '银川市市场监督管理局')
      }
      await drain()
    }, 180_000)
    afterAll(async () => x?.close())

    it('builds edges from the ingested records as the evaluation follows the change feed', async () => {
      const g = await x.relations.graph(as.operator.principal, a.uscc, { depth: 1 })
      const byLabel = new Map(g.nodes.map((n) => [n.label, n]))
      expect(byLabel.get(b.name)).toMatchObject({ id: `S:${b.uscc}`, kind: 'subject', code: b.uscc, depth: 1 })
      expect(byLabel.get(b.name)!.statuses.join()).toContain('失信被执行人')
      const edge = g.edges.find((e) => e.from === `S:${b.uscc}`)!
      expect(edge).toMatchObject({ to: `S:${a.uscc}`, kind: 'shareholder', ratio: 35, label: '持股35%' })
      expect(g.nodes.find((n) => n.code === branchUscc)).toMatchObject({ kind: 'branch' })
      expect(g.edges.filter((e) => e.kind === 'legal_representative')).toHaveLength(1)
      // 李四 the legal representative and 李四 the shareholder are one person.
      const persons = g.nodes.filter((n) => n.kind === 'person')
      expect(persons.map((p) => p.label).sort()).toEqual(['李*', '王**'])
      expect(g.truncated).toBe(false)
      expect(g.audit).not.toBeNull()
    })

    it('flags the related party with its path and lowers the grade the evaluation shows, keeping the base grade', async () => {
      const g = await x.relations.graph(as.operator.principal, a.uscc)
      expect(g.flags).toHaveLength(1)
      expect(g.flags[0]).toMatchObject({ flag: 'related_serious_dishonesty', party: `S:${b.uscc}`, partyLabel: b.name })
      expect(g.flags[0]!.pathText).toBe(`${a.name} —股东持股35%→ ${b.name} —失信被执行人信息`)
      const v = await x.evaluation.read(as.operator.principal, a.uscc)
      const expected = GRADES[Math.min(GRADES.indexOf(v.baseGrade) + 1, 3)]
      expect(v.grade).toBe(expected)
      expect(v.adjustment).not.toBeNull()
      expect(v.adjustment!.reasons[0]).toContain('关联方严重失信')
      expect(v.adjustment!.reasons[0]).toContain(b.name)
      // The portrait carries the same.
      const p = await x.portraits.read(as.operator.principal, a.uscc)
      expect(p.evaluation).toMatchObject({ grade: expected, baseGrade: v.baseGrade })
    })

    it('stores the adjustment from the change feed, and the grade shown with the score, the same one every reader gets', async () => {
      const stored = (await x.relations.storedFlags(x.db, [a.uscc])).get(a.uscc)!
      expect(stored.map((f) => f.party)).toEqual([`S:${b.uscc}`])
      // What was stored incrementally is what a computation over the whole graph now gives.
      expect(stored).toEqual(await x.relations.flagsNow(a.uscc))
      const v = await x.evaluation.read(as.operator.principal, a.uscc)
      expect(v.grade).not.toBe(v.baseGrade)
      expect((await readShownGrades(x.db, [a.uscc])).get(a.uscc)).toEqual({ grade: v.grade, baseGrade: v.baseGrade })
      expect((await readScoreHistory(x.db, a.uscc))[0]).toMatchObject({ grade: v.grade, baseGrade: v.baseGrade })
      // Only flagged subjects have a row: B (the party) and C (no listed party) have none.
      expect([...(await x.relations.storedFlags(x.db, [b.uscc, c.uscc])).keys()]).toEqual([])
      // A full run keeps the grade shown.
      await x.evaluation.runAll('test')
      expect((await readShownGrades(x.db, [a.uscc])).get(a.uscc)!.grade).toBe(v.grade)
    })

    it('flags a party beyond a truncated hub\'s cut, and says the flags were computed on the whole', async () => {
      const hub = await seedFirm(x)
      const listed = await seedFirm(x)
      // The hub holds 60 % of three firms and 25 % of the listed one: with two edges a hop, the walk keeps the hub's
      // legal representative and one 60 % holding, and the listed firm is past the cut.
      const held = [factory.uscc(7101), factory.uscc(7102), factory.uscc(7103)]
      for (const [i, uscc] of held.entries()) {
        await ingestRows(x, 'shareholder_contribution', [{ entity_name: `宁夏被投${i}有限公司`, uscc, shareholder_name: hub.name, shareholder_type: '企业法人', contribution_ratio: 60, contribution_amount: '600000.00', contribution_method: '货币', subscribed_contribution_amount: '600000.00' }], '自治区市场监管厅')
      }
      await ingestRows(x, 'shareholder_contribution', [{ entity_name: listed.name, uscc: listed.uscc, shareholder_name: hub.name, shareholder_type: '企业法人', contribution_ratio: 25, contribution_amount: '250000.00', contribution_method: '货币', subscribed_contribution_amount: '250000.00' }], '自治区市场监管厅')
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: listed.n, entity_name: listed.name, id_number_or_uscc: listed.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')
      await drain()
      const small = createRelationsService({
        db: x.db, dataKey: x.config.dataKey, registry: x.registry, grants: x.grants, audit: x.audit, catalog: x.catalog,
        repairRules: loadRepairRules(), limits: { maxEdgesPerLevel: 2, maxNodes: 3 },
      })
      const g = await small.graph(as.operator.principal, hub.uscc, { depth: 1 })
      expect(g.truncated).toBe(true)
      expect(g.flagsOnWhole).toBe(true)
      // Not shown (the view stays bounded), yet flagged, with its path.
      expect(g.nodes.map((n) => n.code)).not.toContain(listed.uscc)
      expect(g.flags.map((f) => f.party)).toEqual([`S:${listed.uscc}`])
      expect(g.flags[0]!.pathText).toBe(`${hub.name} —对外投资25%→ ${listed.name} —失信被执行人信息`)
      expect(await small.flagsNow(hub.uscc)).toEqual(g.flags)
      // The bounded walk alone would not have seen it: its hop holds two edges, neither to the listed firm.
      expect(g.edges).toHaveLength(2)
      // The running service stored the same flag from the change feed.
      expect((await x.relations.storedFlags(x.db, [hub.uscc])).get(hub.uscc)!.map((f) => f.party)).toEqual([`S:${listed.uscc}`])
    })

    it('walks a shared legal representative to the other firm, and an investment back from the holder', async () => {
      const two = await x.relations.graph(as.operator.principal, a.uscc, { depth: 2 })
      expect(two.nodes.find((n) => n.code === c.uscc)).toMatchObject({ depth: 2 })
      const fromB = await x.relations.graph(as.operator.principal, b.uscc, { depth: 1 })
      expect(fromB.nodes.map((n) => n.code)).toContain(a.uscc)
    })

    it('shows the enterprise the names on its own records, and no ID number to anyone', async () => {
      const own = await x.relations.graph(as.enterprise.principal, a.uscc, { depth: 2 })
      // B's legal representative is also a 李四, known by name only: another person, on another firm's records, masked.
      expect(own.nodes.filter((n) => n.kind === 'person').map((p) => p.label).sort()).toEqual(['李*', '李四', '王小明'])
      const json = JSON.stringify(own) + JSON.stringify(await x.relations.graph(as.operator.principal, a.uscc, { depth: 3 }))
      for (const id of [sharedRepId, a.legalRepresentativeId, b.legalRepresentativeId]) expect(json).not.toContain(id)
      expect(json).not.toMatch(/P:[0-9a-f]{10}/)
    })

    it('drops the flag and the adjustment when the party\'s record is withdrawn', async () => {
      await withdraw(b.uscc, 'dishonest_judgment_debtor', () => true)
      await drain()
      expect((await x.relations.graph(as.operator.principal, a.uscc)).flags).toEqual([])
      const v = await x.evaluation.read(as.operator.principal, a.uscc)
      expect(v.grade).toBe(v.baseGrade)
      expect(v.adjustment).toBeNull()
      // The party's repair reached A in the feed's transaction: no stored flags, the grade shown is the base grade.
      expect((await x.relations.storedFlags(x.db, [a.uscc])).has(a.uscc)).toBe(false)
      expect((await readShownGrades(x.db, [a.uscc])).get(a.uscc)).toEqual({ grade: v.baseGrade, baseGrade: v.baseGrade })
    })

    it('drops an edge when its record is withdrawn, and a full rebuild finds the same edges', async () => {
      await withdraw(a.uscc, 'shareholder_contribution', (d) => d.shareholder_name === b.name)
      await drain()
      const g = await x.relations.graph(as.operator.principal, a.uscc)
      expect(g.nodes.map((n) => n.code)).not.toContain(b.uscc)
      const before = await x.relations.counts()
      const r = await x.relations.rebuildAll({ pageSize: 2 })
      expect(r.subjects).toBeGreaterThanOrEqual(3)
      expect(await x.relations.counts()).toEqual(before)
    })

    it('flags a firm whose legal representative also represents a firm that becomes 严重失信, from the change feed', async () => {
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: c.n, entity_name: c.name, id_number_or_uscc: c.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')
      await drain()
      const stored = (await x.relations.storedFlags(x.db, [a.uscc])).get(a.uscc)!
      expect(stored.map((f) => f.party)).toEqual([`S:${c.uscc}`])
      expect(stored[0]!.pathText).toBe(`${a.name} —法定代表人→ 李* —同一人任法定代表人→ ${c.name} —失信被执行人信息`)
      expect(stored).toEqual((await x.relations.graph(as.operator.principal, a.uscc)).flags)
    })
  })
}

import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { BANK, INSURER, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { readLatestScores, readScoreHistory, readScoreSnapshots, readShownGrades } from './index.js'

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: credit evaluation`, () => {
    let x: Xinshu
    let as: Record<Role, Caller>
    let good: Firm
    let debtor: Firm

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      good = await seedFirm(x)
      debtor = await seedFirm(x, { debtor: true })
      as = await seedCallers(x, good.uscc)
    }, 120_000)
    afterAll(async () => x?.close())

    // On the server the feed holds changes back while any older transaction of the cluster is open (other
    // databases' too): follow again while it says so, as the running follower does. Returns the subjects rescored.
    const drain = async () => {
      let subjects = 0
      for (let i = 0; i < 400; i++) {
        const r = await x.evaluation.follow()
        subjects += r.subjects
        if (r.more) continue
        if (!r.pending) return subjects
        await new Promise((done) => setTimeout(done, 50))
      }
      return subjects
    }

    it('publishes the bundled indicator system as version 1 on first start', async () => {
      const versions = await x.evaluation.versions()
      expect(versions).toHaveLength(1)
      expect(versions[0]).toMatchObject({ version: 1, current: true, publishedBy: 'system' })
      expect(versions[0]!.indicators).toBeGreaterThanOrEqual(30)
    })

    it('scores every subject holding records in a full run, and a second run changes nothing', async () => {
      const first = await x.evaluation.runAll('test', { pageSize: 1 })
      expect(first.subjects).toBeGreaterThanOrEqual(2)
      expect(first.changed).toBe(first.subjects)
      const again = await x.evaluation.runAll('test')
      expect(again).toMatchObject({ subjects: first.subjects, changed: 0 })
    })

    it('keeps the version, the indicator values and the as-of date with each score', async () => {
      const [s] = await readLatestScores(x.db, [good.uscc])
      expect(s).toMatchObject({ subjectKey: good.uscc, version: 1 })
      // The fixture's housing fund figures: 14 contributors, 12 months of normal payment.
      expect(s!.indicators.housing_fund_contributors).toBe(14)
      expect(s!.indicators.housing_fund_months).toBe(12)
      // Items the firm has no record of are missing, not zero; counts of records it lacks are zero.
      expect(s!.indicators.tax_credit_grade).toBeNull()
      expect(s!.indicators.patents).toBe(0)
      expect(s!.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    })

    it('gives a dishonest judgment debtor a lower score, with that as its first reason', async () => {
      const [g, d] = [await x.evaluation.read(as.operator.principal, good.uscc), await x.evaluation.read(as.operator.principal, debtor.uscc)]
      expect(d.score).toBeLessThan(g.score)
      expect(d.reasons[0]).toMatchObject({ code: 'dishonest_debtor:2', kind: 'cost', points: 150 })
      expect(d.reasons[0]!.zh).toContain('失信被执行人')
    })

    it('rescores a subject when its records change and keeps the earlier score in the history', async () => {
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: good.n, entity_name: good.name, id_number_or_uscc: good.uscc })], '自治区高级人民法院')
      const r = await x.evaluation.rescore([good.uscc])
      expect(r.get(good.uscc)!.changed).toBe(true)
      const history = await readScoreHistory(x.db, good.uscc)
      expect(history).toHaveLength(2)
      expect(history[0]!.score).toBeLessThan(history[1]!.score)
      const again = await x.evaluation.rescore([good.uscc])
      expect(again.get(good.uscc)!.changed).toBe(false)
      expect(await readScoreHistory(x.db, good.uscc)).toHaveLength(2)
      const snaps = await readScoreSnapshots(x.db, good.uscc)
      expect(snaps).toHaveLength(1)
      expect(snaps[0]!.score).toBe(history[0]!.score)
    })

    it('rescores from the records change feed and moves its cursor with the scores', async () => {
      // The full runs above set the follower's cursor; drain what came since (the debtor row ingested above).
      await drain()
      const before = (await readLatestScores(x.db, [debtor.uscc]))[0]!
      await ingestRows(x, 'abnormal_operation_list', [{ entity_name: debtor.name, uscc: debtor.uscc, is_listed: true, listing_reason_type: '通过登记的住所或者经营场所无法联系', listing_date: '2026-06-01' }], '自治区市场监管厅')
      expect(await drain()).toBe(1)
      const after = (await readLatestScores(x.db, [debtor.uscc]))[0]!
      expect(after.indicators.abnormal_operation).toBe(true)
      expect(after.score).toBe(before.score - 60)
      expect(await drain()).toBe(0)
    })

    it('shows the enterprise its own evaluation for free and refuses it another firm\'s', async () => {
      const v = await x.evaluation.read(as.enterprise.principal, good.uscc)
      expect(v.subject.subjectKey).toBe(good.uscc)
      expect(v.indicators.length).toBeGreaterThanOrEqual(30)
      expect(v.audit).not.toBeNull()
      await expect(x.evaluation.read(as.enterprise.principal, debtor.uscc)).rejects.toMatchObject({ code: 'EVALUATION_NOT_ALLOWED' })
    })

    it('shows an institution the evaluation only under a live grant, a model grant being enough', async () => {
      await expect(x.evaluation.read(as.institution.principal, good.uscc)).rejects.toMatchObject({ code: 'EVALUATION_GRANT_REQUIRED' })
      const g = await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'model', purpose: '融资', validUntil: inDays(30) })
      const v = await x.evaluation.read(as.institution.principal, good.uscc)
      expect(v.grant).toEqual({ id: g.id, mode: 'model' })
      const other = await seedInstitution(x, INSURER, 'insurer-eval')
      await expect(x.evaluation.read(other.principal, good.uscc)).rejects.toMatchObject({ code: 'EVALUATION_GRANT_REQUIRED' })
      await expect(x.evaluation.read(other.principal, good.uscc, { grantId: g.id })).rejects.toMatchObject({ code: 'EVALUATION_GRANT_NOT_LIVE' })
    })

    it('alerts the institutions watching a subject when a rescore from the feed lowers its grade, once per drop', async () => {
      const watched = await seedFirm(x)
      const unwatched = await seedFirm(x)
      await drain()
      await x.db.transaction((tx) => x.monitoring.service.onLoan(tx, { loanId: randomUUID(), institution: BANK, uscc: watched.uscc, status: 'lent' }))
      const drops = async (subjectKey: string) => x.db.query<{ institution: string; title: string; details: unknown }>(
        `select institution, title, details from monitoring.alert where subject_key = $1 and kind = 'grade_drop'`, [subjectKey])
      const before = (await readLatestScores(x.db, [watched.uscc]))[0]!
      expect(before.grade).toBe('B')
      const mark = (await x.db.query<{ cursor: string }>(`select cursor from evaluation.follower`))[0]!.cursor
      for (const f of [watched, unwatched]) {
        await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: f.n, entity_name: f.name, id_number_or_uscc: f.uscc })], '自治区高级人民法院')
      }
      expect(await drain()).toBe(2)
      const after = (await readLatestScores(x.db, [watched.uscc]))[0]!
      expect(after.grade).not.toBe(before.grade)
      const raised = await drops(watched.uscc)
      expect(raised).toMatchObject([{ institution: BANK, details: { from: 'B', to: after.grade } }])
      expect(raised[0]!.title).toContain(`B → ${after.grade}`)
      // Nobody watches the other firm: its drop alerts no one.
      expect(await drops(unwatched.uscc)).toEqual([])
      // Replaying the feed, or rescoring again, finds the same grade: no second alert.
      await x.db.query(`update evaluation.follower set cursor = $1`, [mark])
      await drain()
      await x.evaluation.rescore([watched.uscc])
      expect(await drops(watched.uscc)).toHaveLength(1)
    })

    it('alerts once when a watched subject\'s grade shown drops because its ≥ 20 % shareholder becomes 严重失信, with the path; not on rollback, replay or a full run', async () => {
      const firm = await seedFirm(x)
      const holder = await seedFirm(x)
      await ingestRows(x, 'shareholder_contribution', [{ entity_name: firm.name, uscc: firm.uscc, shareholder_name: holder.name, shareholder_type: '企业法人', contribution_ratio: 50, contribution_amount: '500000.00', contribution_method: '货币', subscribed_contribution_amount: '500000.00' }], '自治区市场监管厅')
      await drain()
      await x.db.transaction((tx) => x.monitoring.service.onLoan(tx, { loanId: randomUUID(), institution: BANK, uscc: firm.uscc, status: 'lent' }))
      const drops = async () => x.db.query<{ title: string; details: { from: string; to: string; reasons?: string[] } }>(
        `select title, details from monitoring.alert where subject_key = $1 and kind = 'grade_drop'`, [firm.uscc])
      expect((await readShownGrades(x.db, [firm.uscc])).get(firm.uscc)).toEqual({ grade: 'B', baseGrade: 'B' })
      const mark = (await x.db.query<{ cursor: string }>(`select cursor from evaluation.follower`))[0]!.cursor
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ _n: holder.n, entity_name: holder.name, id_number_or_uscc: holder.uscc, publication_date: '2026-03-01' })], '自治区高级人民法院')

      // The same step in a transaction that fails: the alert raised within it goes with it, and so does the grade.
      const failed = await x.db.transaction(async (tx) => {
        const moved = await x.relations.recordsChanged(tx, [{ subjectKey: holder.uscc, itemKey: 'dishonest_judgment_debtor' }])
        expect(moved).toEqual([firm.uscc])
        await x.evaluation.rescore([holder.uscc, ...moved], tx)
        const inside = await tx.query<{ n: number }>(`select count(*)::int as n from monitoring.alert where subject_key = $1 and kind = 'grade_drop'`, [firm.uscc])
        expect(inside[0]!.n).toBe(1)
        throw new Error('rolled back')
      }).catch((e: Error) => e.message)
      expect(failed).toBe('rolled back')
      expect(await drops()).toEqual([])
      expect((await readShownGrades(x.db, [firm.uscc])).get(firm.uscc)!.grade).toBe('B')

      // The change feed: the holder's listing lowers the firm's grade shown in the step that rescores the holder.
      await drain()
      expect((await readShownGrades(x.db, [firm.uscc])).get(firm.uscc)).toEqual({ grade: 'C', baseGrade: 'B' })
      const raised = await drops()
      expect(raised).toHaveLength(1)
      expect(raised[0]!.details).toMatchObject({ from: 'B', to: 'C' })
      expect(raised[0]!.title).toContain('B → C')
      expect(raised[0]!.title).toContain(`关联方严重失信：${firm.name} —股东持股50%→ ${holder.name} —失信被执行人信息`)

      // Reads, history and trend say the same grade, with the base grade beside it.
      const v = await x.evaluation.read(as.operator.principal, firm.uscc)
      expect(v).toMatchObject({ grade: 'C', baseGrade: 'B' })
      expect(v.adjustment!.reasons[0]).toContain(holder.name)
      expect((await readScoreHistory(x.db, firm.uscc)).map((h) => [h.baseGrade, h.grade])).toEqual([['B', 'C'], ['B', 'B']])
      const t = await x.evaluation.trend(as.operator.principal, firm.uscc)
      expect(t.history[0]).toMatchObject({ grade: 'C', baseGrade: 'B' })
      expect(t.history[1]).not.toHaveProperty('baseGrade')
      expect(t.snapshots.at(-1)).toMatchObject({ grade: 'C', baseGrade: 'B' })

      // Replaying the feed or a full run under the same version finds the same grade shown: no second alert.
      await x.db.query(`update evaluation.follower set cursor = $1`, [mark])
      await drain()
      const run = await x.evaluation.runAll('test')
      expect(run.changed).toBe(0)
      expect(await drops()).toHaveLength(1)
      expect((await readShownGrades(x.db, [firm.uscc])).get(firm.uscc)!.grade).toBe('C')
    })

    it('raises no grade-drop alert from a full run under a new version of the indicator system: a model change is not news', async () => {
      const watched = (await x.db.query<{ subject_key: string }>(`select subject_key from monitoring.watch limit 1`))[0]!.subject_key
      const alerts = async () => Number((await x.db.query<{ n: string }>(`select count(*) as n from monitoring.alert where kind = 'grade_drop'`))[0]!.n)
      const n = await alerts()
      const doc = JSON.parse(readFileSync(new URL('../../data/evaluation/indicators.json', import.meta.url), 'utf8'))
      doc.grades = doc.grades.map((g: { min?: number }) => (g.min === undefined ? g : { ...g, min: g.min + 400 }))
      await x.evaluation.publish({ username: 'test' }, JSON.stringify(doc))
      const run = await x.evaluation.runAll('test')
      expect(run.changed).toBe(run.subjects)
      expect((await readLatestScores(x.db, [watched]))[0]!.grade).toBe('D')
      expect(await alerts()).toBe(n)
    })

    it('refuses raw fields to a model-only grant in the profile', async () => {
      const p = await x.profiles.read(as.institution.principal, good.uscc)
      const tax = p.categories.flatMap((c) => c.items).find((i) => i.key === 'tax_payment')
      // The model grant covers taxation, but restricted values need a view grant.
      expect(tax?.records[0]?.values.vat_paid_last_12_months).toBeUndefined()
    })
  })
}

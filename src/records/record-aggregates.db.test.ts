import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Sql } from '../core/index.js'
import { openTestDatabase, TEST_DIALECTS } from '../../test/databases.js'
import { readRangeAggregates, readSubjectAggregates, readSubjectBoundaries, type RecordAggregate } from './index.js'

/**
 * The evaluation's inputs as the records context computes them: key ranges cut from a sample of the table's blocks
 * still cover every subject exactly once, and `latest()` picks the newest record by its order field (nulls last),
 * then by the time received, among current records whose field is present.
 */

const SUBJECTS = 600

/** Rows straight into the table: this test is about the reads, not about how records arrive. */
async function insert(db: Database, rows: Array<{ subject: string; item: string; key: string; version: number; data: object; at: string; superseded?: boolean }>) {
  for (const r of rows) {
    await db.query(
      `insert into records.record (subject_key, item_key, record_key, version, content_hash, data, batch_id, provider, method, catalog_version, received_at, superseded_at)
       values ($1, $2, $3, $4, md5($5::text), $5::jsonb, '00000000-0000-0000-0000-000000000001', 'test', 'api', 1, $6, $7)`,
      [r.subject, r.item, r.key, r.version, JSON.stringify(r.data), r.at, r.superseded ? r.at : null])
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: record aggregates`, () => {
    let db: Database

    beforeAll(async () => {
      db = await openTestDatabase(dialect)
      // Subjects with 1 to 9 rows each, some superseded, so that subjects span different numbers of blocks.
      await db.query(
        `insert into records.record (subject_key, item_key, record_key, version, content_hash, data, batch_id, provider, method, catalog_version, received_at, superseded_at)
         select 'S' || lpad(s::text, 5, '0'), 'patent', 'p' || k, 1, md5(s || ':' || k), jsonb_build_object('filler', repeat('x', 300)),
                '00000000-0000-0000-0000-000000000001', 'test', 'api', 1, now(), case when k % 4 = 3 then now() end
         from generate_series(1, $1::int) s, generate_series(1, 1 + s % 9) k`, [SUBJECTS])
      await db.exec('analyze records.record')
    }, 120_000)
    afterAll(async () => db?.close())

    it('cuts ranges from a block sample that cover every subject once, at roughly the asked size', async () => {
      const cuts = await readSubjectBoundaries(db, 100, { sampleRows: 800 })
      expect([...cuts].sort()).toEqual(cuts)
      expect(new Set(cuts).size).toBe(cuts.length)
      // Ranges of about 100 subjects: six of them, within a factor of two or so.
      expect(cuts.length).toBeGreaterThanOrEqual(2)
      expect(cuts.length).toBeLessThanOrEqual(14)
      const seen: string[] = []
      const ranges = [...cuts, null].map((upTo, i) => ({ after: i === 0 ? '' : cuts[i - 1]!, upTo }))
      for (const range of ranges) {
        const rows = await db.transaction((tx) => readRangeAggregates(tx, { ...range, aggregates: [{ op: 'count', item: 'patent' }], asOf: '2026-12-05' }))
        seen.push(...rows.map((r) => r.subjectKey))
        // Current records only: subject s has 1 + s % 9 rows of which every fourth is superseded.
        for (const r of rows) {
          const s = Number(r.subjectKey.slice(1))
          const n = 1 + (s % 9)
          expect(r.values[0]).toBe(n - Math.floor((n + 1) / 4))
        }
      }
      expect(seen).toHaveLength(SUBJECTS)
      expect(new Set(seen).size).toBe(SUBJECTS)
    })

    it('reads every row for the boundaries of a small table: a range per `every` subjects exactly', async () => {
      const cuts = await readSubjectBoundaries(db, 100)
      expect(cuts).toHaveLength(SUBJECTS / 100)
      expect(cuts[0]).toBe('S00100')
    })

    it('takes latest() by the order field, nulls last, then the time received, among current records having the field', async () => {
      const t = (d: number) => `2026-0${d}-01T00:00:00.${d === 3 ? '5' : '25'}+08:00`
      await insert(db, [
        { subject: 'L1', item: 'annual_report', key: 'a', version: 1, data: { report_year: 2023, total_assets: '100.00', has_external_guarantee: true }, at: t(1) },
        { subject: 'L1', item: 'annual_report', key: 'b', version: 1, data: { report_year: 2025, total_assets: '300.50', has_external_guarantee: 'yes' }, at: t(2) },
        { subject: 'L1', item: 'annual_report', key: 'c', version: 1, data: { report_year: null, total_assets: 999 }, at: t(3) },
        { subject: 'L1', item: 'annual_report', key: 'd', version: 1, data: { report_year: 2026, total_assets: null }, at: t(4) },
        // a newer version of b that was itself replaced: the superseded row does not count
        { subject: 'L1', item: 'annual_report', key: 'e', version: 1, data: { report_year: 2027, total_assets: '5' }, at: t(5), superseded: true },
        // same order value as b, received later: wins the tie
        { subject: 'L2', item: 'annual_report', key: 'a', version: 1, data: { report_year: 2025, total_assets: 1 }, at: t(1) },
        { subject: 'L2', item: 'annual_report', key: 'b', version: 1, data: { report_year: 2025, total_assets: 2 }, at: t(3) },
        { subject: 'L2', item: 'annual_report', key: 'c', version: 1, data: { report_year: 2025, total_assets: 3 }, at: t(2) },
      ])
      const aggregates: RecordAggregate[] = [
        { op: 'latest', item: 'annual_report', field: 'total_assets', order: 'report_year' },
        { op: 'latest', item: 'annual_report', field: 'total_assets' },
        { op: 'sum', item: 'annual_report', field: 'total_assets' },
        { op: 'any', item: 'annual_report', field: 'has_external_guarantee' },
        { op: 'latest', item: 'tax_payment', field: 'vat_paid_last_12_months' },
      ]
      const [l1, l2] = await db.transaction((tx) => readSubjectAggregates(tx, { subjects: ['L1', 'L2'], aggregates, asOf: '2026-12-05' }))
      // L1: d has no total_assets, so 2025's '300.50' (a string stays a string); by time alone, c (999) is newest.
      expect(l1!.values.slice(0, 2)).toEqual(['300.50', 999])
      expect(Number(l1!.values[2])).toBeCloseTo(1399.5)
      expect(l1!.values[3]).toBe(true)
      expect(l1!.values[4]).toBeNull()
      // L2: three records of 2025: the one received last.
      expect(l2!.values.slice(0, 2)).toEqual([2, 2])
    })

    it('leaves the caller\'s transaction with the planner settings it had before an aggregate read', async () => {
      const settings = (tx: Sql) => tx.query<{ jit: string | null; cost: string; workers: string }>(
        `select current_setting('jit', true) as jit, current_setting('random_page_cost') as cost, current_setting('max_parallel_workers_per_gather') as workers`)
      await db.transaction(async (tx) => {
        // Values unlike the read's own (jit off, 1.1, 0), so that a setting left behind shows. PGlite may be built
        // without JIT: where the setting does not exist, only the other two are compared.
        const { jit } = (await settings(tx))[0]!
        if (jit !== null) await tx.query(`select set_config('jit', 'on', true)`)
        await tx.query(`select set_config('random_page_cost', '3.5', true), set_config('max_parallel_workers_per_gather', '1', true)`)
        const before = await settings(tx)
        await readSubjectAggregates(tx, { subjects: ['S00001'], aggregates: [{ op: 'count', item: 'patent' }], asOf: '2026-12-05' })
        expect(await settings(tx)).toEqual(before)
        await readRangeAggregates(tx, { after: '', upTo: 'S00010', aggregates: [{ op: 'count', item: 'patent' }], asOf: '2026-12-05' })
        expect(await settings(tx)).toEqual(before)
        if (jit !== null) expect(before[0]!.jit).toBe('on')
        expect(before[0]).toMatchObject({ cost: '3.5', workers: '1' })
      })
    })
  })
}

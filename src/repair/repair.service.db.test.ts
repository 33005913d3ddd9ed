import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { AppError } from '../core/index.js'
import { loadWorkingCalendar } from '../core/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { INSURER, ingestRows, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { factory } from '../../test/factory.js'
import { PLATFORM_B, seedPlatform } from '../../test/fixtures/platforms.fixtures.js'
import { readSubjectAggregates, type RecordChangeKind } from '../records/index.js'
import { alertedInstitutions } from '../monitoring/index.js'
import type { Profile } from '../records/index.js'
import { createObjectionService } from './objection.service.js'
import { createRepairService } from './repair.service.js'
import { loadRepairRules } from './repair-rules.js'

const PENALTY_UNIT = '银川市市场监督管理局'
const recordsOf = (p: Profile, key: string) => p.categories.flatMap((c) => c.items).find((i) => i.key === key)?.records ?? []

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: objections and credit repair`, () => {
    let x: Xinshu
    let as: Record<Role, Caller>
    let unit: Caller
    const rules = loadRepairRules()
    /** A clock the tests move: repairs happen months after the decision. */
    let today = new Date('2026-12-07T02:00:00Z')
    const at = () => today
    let services: { objections: ReturnType<typeof createObjectionService>; repairs: ReturnType<typeof createRepairService> }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      as = await seedCallers(x, (await seedFirm(x)).uscc)
      const id = await x.access.createAccount({ username: 'yc-scjg', displayName: '银川市场监管', role: 'provider', organization: PENALTY_UNIT })
      const s = await x.access.openSession(id)
      unit = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
      const deps = { db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, platforms: x.feed, alerts: { alertedOf: alertedInstitutions }, now: at }
      services = {
        objections: createObjectionService({ ...deps, calendar: loadWorkingCalendar(), objectionDays: 20, dataKey: x.config.dataKey }),
        repairs: createRepairService({ ...deps, rules }),
      }
    })
    afterAll(async () => {
      await x?.close()
    })

    async function newFirm(): Promise<{ firm: Firm; enterprise: Caller; penaltyKey: string }> {
      const firm = await seedFirm(x)
      const id = await x.access.createAccount({ username: `e${firm.n}`, displayName: firm.name, role: 'enterprise', organization: firm.uscc })
      const s = await x.access.openSession(id)
      const enterprise = { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
      const p = await x.profiles.read(enterprise.principal, firm.uscc)
      return { firm, enterprise, penaltyKey: recordsOf(p, 'administrative_penalty')[0]!.recordKey }
    }

    /**
     * The penalty's changes on the feed, in the order written. Read from the table: the feed's reader waits for the
     * server-wide transaction horizon, which other databases' tests on the same server hold back at times.
     */
    async function kindsOf(subjectKey: string): Promise<RecordChangeKind[]> {
      const rows = await x.db.query<{ kind: RecordChangeKind }>(`select kind from records.change where subject_key = $1 and item_key = 'administrative_penalty' order by seq`, [subjectKey])
      return rows.map((r) => r.kind)
    }

    it('labels a record 异议中 in the profile, the credit report and verifications from the objection on, and gives its unit a working-day clock', async () => {
      const { firm, enterprise, penaltyKey } = await newFirm()
      const o = await services.objections.file(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '该处罚已被复议机关撤销' })
      // Filed on Monday 2026-12-07: 20 working days later (2027 has no holiday data shipped yet: weekdays only).
      expect(o).toMatchObject({ status: 'open', provider: PENALTY_UNIT, clock: { dueOn: '2027-01-04', remainingWorkingDays: 20, overdue: false } })
      expect(recordsOf(await x.profiles.read(as.institution.principal, firm.uscc), 'administrative_penalty')[0]!.state).toBe('objected')
      const report = await x.reports.issue(enterprise.principal, firm.uscc)
      expect(JSON.stringify(report)).toContain('"state":"objected"')
      const v = await x.verifications.verify(enterprise.principal, firm.uscc, { questions: [{ expression: 'exists(administrative_penalty)' }] })
      expect(v.answers[0]).toMatchObject({ answer: true, underObjection: ['administrative_penalty'] })
      const queue = await services.objections.list(unit.principal, { limit: 20, offset: 0 })
      expect(queue.objections.map((q) => q.id)).toContain(o.id)
      expect((await services.objections.list(as.provider.principal, { limit: 20, offset: 0 })).objections).toEqual([])
      expect((await refusal(services.objections.get(as.provider.principal, o.id))).code).toBe('ACCESS_NOT_YOUR_DATA')
      expect((await refusal(services.objections.file(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '再次提出' }))).code).toBe('REPAIR_OBJECTION_OPEN')
      expect(await kindsOf(firm.uscc)).toEqual(['inserted', 'objected'])
    })

    it('shows an objection past its deadline as overdue to the operator', async () => {
      const { enterprise, penaltyKey } = await newFirm()
      const o = await services.objections.file(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '金额有误' })
      today = new Date('2027-01-20T02:00:00Z')
      try {
        const overdue = await services.objections.list(as.operator.principal, { overdue: true, limit: 50, offset: 0 })
        expect(overdue.objections.find((q) => q.id === o.id)?.clock).toMatchObject({ overdue: true, remainingWorkingDays: 0 })
      } finally {
        today = new Date('2026-12-07T02:00:00Z')
      }
    })

    it('removes a record on the unit\'s answer: gone from everything shared, kept in the subject\'s history, recipients told', async () => {
      const { firm, enterprise, penaltyKey } = await newFirm()
      // The bank read the profile, penalty included: it received the record.
      await x.profiles.read(as.institution.principal, firm.uscc)
      await x.audit.flush()
      // What derived values (the evaluation's indicators) count of the firm's penalties.
      const penalties = async () => (await readSubjectAggregates(x.db, { subjects: [firm.uscc], aggregates: [{ op: 'count', item: 'administrative_penalty' }], asOf: '2026-12-31' }))[0]!.values[0]
      const before = Number(await penalties())
      expect(before).toBeGreaterThan(0)
      const o = await services.objections.file(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '并非本企业' })
      expect((await refusal(services.objections.answer(enterprise.principal, o.id, { outcome: 'removed', note: '自行删除' }))).code).toBe('ACCESS_FORBIDDEN')
      const done = await services.objections.answer(unit.principal, o.id, { outcome: 'removed', note: '经核实系录入错误' })
      expect(done).toMatchObject({ status: 'removed', record: { state: 'withdrawn' } })
      expect(done.messages.map((m) => m.kind)).toEqual(['filed', 'decision'])
      expect(recordsOf(await x.profiles.read(as.institution.principal, firm.uscc), 'administrative_penalty')).toEqual([])
      expect(recordsOf(await x.profiles.read(enterprise.principal, firm.uscc), 'administrative_penalty')).toEqual([])
      const v = await x.verifications.verify(enterprise.principal, firm.uscc, { questions: [{ expression: 'exists(administrative_penalty)' }] })
      expect(v.answers[0]!.answer).toBe(false)
      const history = await services.repairs.records(enterprise.principal, firm.uscc)
      expect(history.find((h) => h.record.recordKey === penaltyKey)?.record.state).toBe('withdrawn')
      const notices = await services.repairs.notices(as.institution.principal, { limit: 50 })
      expect(notices.find((n) => n.caseId === o.id)).toMatchObject({ reason: 'removed', subjectKey: firm.uscc, itemKey: 'administrative_penalty' })
      expect(await kindsOf(firm.uscc)).toEqual(['inserted', 'objected', 'withdrawn'])
      expect(Number(await penalties())).toBe(before - 1)
      expect((await refusal(services.objections.answer(unit.principal, o.id, { outcome: 'kept', note: '再次处理' }))).code).toBe('REPAIR_CASE_CLOSED')
    })

    it('corrects a record as its next version and ends the label; identity fields are refused', async () => {
      const { firm, enterprise, penaltyKey } = await newFirm()
      const o = await services.objections.file(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '罚款金额应为 1200 元' })
      expect((await refusal(services.objections.answer(unit.principal, o.id, { outcome: 'corrected', note: '更正', values: { decision_document_number: 'X' } }))).code).toBe('REPAIR_CORRECTION_INVALID')
      expect((await refusal(services.objections.answer(unit.principal, o.id, { outcome: 'corrected', note: '更正', values: { no_such_field: '1' } }))).code).toBe('REPAIR_CORRECTION_INVALID')
      const done = await services.objections.answer(unit.principal, o.id, { outcome: 'corrected', note: '金额录入有误，已更正', values: { fine_amount: '1200.00' } })
      expect(done).toMatchObject({ status: 'corrected', correction: { fine_amount: '1200.00' }, record: { state: 'normal', version: 2 } })
      const [r] = recordsOf(await x.profiles.read(enterprise.principal, firm.uscc), 'administrative_penalty')
      expect(r).toMatchObject({ version: 2, earlierVersions: 1, values: { fine_amount: '1200.00' }, provenance: { method: 'objection', batchId: o.id, provider: PENALTY_UNIT } })
      expect(r!.state).toBeUndefined()
      expect(await kindsOf(firm.uscc)).toEqual(['inserted', 'objected', 'corrected', 'objection_closed'])
    })

    it('lets an enterprise apply for repair only once the minimum publicity has passed, and withdraws the record when its unit approves', async () => {
      const { firm, enterprise, penaltyKey } = await newFirm()
      // The fixture's penalty: 罚款 12,000 元 decided 2023-05-01, general under 2023年第58号令: 3 months to 1 year.
      today = new Date('2023-06-01T02:00:00Z')
      try {
        expect((await refusal(services.repairs.apply(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, fulfilment: '罚款已缴清', commitmentAccepted: true }))).code).toBe('REPAIR_MIN_PERIOD_NOT_PASSED')
        today = new Date('2023-08-02T02:00:00Z')
        expect((await refusal(services.repairs.apply(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, fulfilment: '罚款已缴清', commitmentAccepted: false }))).code).toBe('REPAIR_COMMITMENT_REQUIRED')
        expect((await refusal(services.repairs.apply(enterprise.principal, { itemKey: 'tax_payment', recordKey: '', fulfilment: '罚款已缴清', commitmentAccepted: true }))).code).toMatch(/REPAIR_(NOT_DISHONESTY|RECORD_NOT_FOUND)/)
        const a = await services.repairs.apply(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, fulfilment: '罚款已于 2023-05-20 缴清', commitmentAccepted: true })
        expect(a).toMatchObject({ status: 'open', kind: 'early', class: 'general', ruleSet: 'ndrc-2023-58', minEnd: '2023-08-01', maxEnd: '2024-05-01', provider: PENALTY_UNIT })
        expect((await services.repairs.list(unit.principal, { status: 'open', limit: 20, offset: 0 })).applications.map((q) => q.id)).toContain(a.id)
        const done = await services.repairs.decide(unit.principal, a.id, { approve: true, note: '已履行义务，准予修复' })
        expect(done).toMatchObject({ status: 'repaired', record: { state: 'withdrawn' } })
        expect(recordsOf(await x.profiles.read(as.institution.principal, firm.uscc), 'administrative_penalty')).toEqual([])
        expect(await kindsOf(firm.uscc)).toEqual(['inserted', 'withdrawn'])
      } finally {
        today = new Date('2026-12-07T02:00:00Z')
      }
    })

    it('tells every recipient of a repaired record: readers of the whole subject, platforms by their deliveries, and the feed carries a tombstone', async () => {
      const insurer = await seedInstitution(x, INSURER, 'rb-insurer')
      const platformB = await seedPlatform(x)
      const bystander = await seedInstitution(x, '宁夏黄河农村商业银行', 'hh-bank')
      // Platform A pulls the feed now; platform B takes a snapshot later: both hold the penalty.
      const pull = async (who: Caller, after?: string) => {
        let cursor = after
        const entries = []
        for (let waits = 0; ; ) {
          const page = await x.feed.changes(who.principal, { after: cursor, limit: 500 })
          entries.push(...page.changes)
          cursor = page.next
          if (page.hasMore) continue
          if (!page.pending || ++waits > 600) break
          await new Promise((r) => setTimeout(r, 50))
        }
        return { entries, next: cursor! }
      }
      const { firm, enterprise, penaltyKey } = await newFirm()
      const fed = await pull(as.platform)
      expect(fed.entries.some((e) => e.subject === firm.uscc && e.item === 'administrative_penalty' && e.op === 'upsert')).toBe(true)
      const snap = await x.feed.snapshot(platformB.principal, { limit: 1000 })
      expect(snap.records.some((r) => r.subject === firm.uscc && r.item === 'administrative_penalty')).toBe(true)
      // The insurer read the firm's portrait (derived from its records; the audit entry names no item).
      await x.portraits.read(insurer.principal, firm.uscc)
      // The bystander read another firm only.
      const elsewhere = await seedFirm(x)
      await x.portraits.read(bystander.principal, elsewhere.uscc)
      await x.audit.flush()
      today = new Date('2023-08-02T02:00:00Z')
      try {
        const a = await services.repairs.apply(enterprise.principal, { itemKey: 'administrative_penalty', recordKey: penaltyKey, fulfilment: '罚款已缴清', commitmentAccepted: true })
        await services.repairs.decide(unit.principal, a.id, { approve: true, note: '准予修复' })
        for (const who of [insurer, as.platform, platformB]) {
          const notices = await services.repairs.notices(who.principal, { limit: 50 })
          expect(notices.filter((n) => n.caseId === a.id)).toEqual([expect.objectContaining({ reason: 'repaired', subjectKey: firm.uscc, itemKey: 'administrative_penalty', recordKey: penaltyKey })])
        }
        expect((await services.repairs.notices(bystander.principal, { limit: 50 })).filter((n) => n.caseId === a.id)).toEqual([])
        const after = await pull(as.platform, fed.next)
        expect(after.entries.filter((e) => e.subject === firm.uscc && e.item === 'administrative_penalty').map((e) => [e.op, e.recordKey])).toEqual([['delete', penaltyKey]])
        expect((await pull(platformB, snap.feedCursor)).entries.some((e) => e.subject === firm.uscc && e.op === 'delete' && e.recordKey === penaltyKey)).toBe(true)
        expect(PLATFORM_B).toBe(platformB.principal.organization)
      } finally {
        today = new Date('2026-12-07T02:00:00Z')
      }
    })

    it('ends publicity by itself when the maximum has passed, once, and counts it in the statistics', async () => {
      const { firm } = await newFirm()
      const first = await services.repairs.sweep()
      expect(first.ended).toBeGreaterThanOrEqual(1)
      expect((await services.repairs.sweep()).ended).toBe(0)
      expect(recordsOf(await x.profiles.read(as.operator.principal, firm.uscc), 'administrative_penalty')).toEqual([])
      const auto = await services.repairs.list(as.operator.principal, { kind: 'automatic', limit: 200, offset: 0 })
      expect(auto.applications.find((a) => a.subjectKey === firm.uscc)).toMatchObject({ status: 'repaired', class: 'general', maxEnd: '2024-05-01' })
      const stats = await services.repairs.stats()
      expect(stats.repairs.byKind.automatic).toBeGreaterThanOrEqual(1)
      expect(stats.objections.byOutcome).toMatchObject({ removed: 1, corrected: 1 })
      expect(stats.objections.byProvider[0]!.provider).toBe(PENALTY_UNIT)
    })

    it('tells an institution that read public fields only, and one a monitoring alert named the record to, once however often it is told', async () => {
      // A firm whose records hold no identifier: a profile of it shows public fields only.
      const n = factory.next()
      const firm = { n, uscc: factory.uscc(n), name: `宁夏公开${n}商贸有限公司` }
      const penalty = (number: string) => {
        const { legal_representative_id_number: _id, legal_representative_id_type: _type, ...row } = factory.penaltyRow({ _n: n, entity_name: firm.name, uscc: firm.uscc, decision_document_number: number })
        return row
      }
      await ingestRows(x, 'administrative_penalty', [penalty(`银市监罚〔2023〕P${n}号`)], PENALTY_UNIT)
      const id = await x.access.createAccount({ username: `ep${n}`, displayName: firm.name, role: 'enterprise', organization: firm.uscc })
      const enterprise = (await x.access.openSession(id)).principal
      // A bank watching the firm (under its grant) is alerted of a new penalty: the alert names the record.
      const watcher = await seedInstitution(x, '宁夏银川农村商业银行', 'yc-rcb-watch')
      await x.grants.create(enterprise, { institution: '宁夏银川农村商业银行', categories: ['taxation'], mode: 'view', purpose: '贷后监测', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) })
      await x.monitoring.service.addWatches(watcher.principal, [{ subjectKey: firm.uscc }])
      await ingestRows(x, 'administrative_penalty', [penalty(`银市监罚〔2023〕W${n}号`)], PENALTY_UNIT)
      for (let waits = 0; ; ) {
        const r = await x.monitoring.consumer.step()
        if (r.more) continue
        if (!r.pending || ++waits > 600) break
        await new Promise((done) => setTimeout(done, 50))
      }
      const [alert] = (await x.monitoring.service.alerts(watcher.principal, { unacknowledged: false, kind: 'penalty', limit: 10, offset: 0 })).alerts
      expect(alert).toMatchObject({ subjectKey: firm.uscc, itemKey: 'administrative_penalty' })
      // A bank without a grant reads the profile: public fields only, so no audit entry, yet it received the records.
      const reader = await seedInstitution(x, '宁夏银行股份有限公司', 'nx-bank-public')
      const seen = await x.profiles.read(reader.principal, firm.uscc)
      expect(seen.audit).toBeNull()
      expect(recordsOf(seen, 'administrative_penalty')).toHaveLength(2)
      // Another bank read another firm only.
      const bystander = await seedInstitution(x, '石嘴山银行股份有限公司', 'szs-bank-public')
      await x.profiles.read(bystander.principal, (await seedFirm(x)).uscc)
      await x.audit.flush()
      const o = await services.objections.file(enterprise, { itemKey: 'administrative_penalty', recordKey: alert!.recordKey!, reasons: '并非本企业' })
      await services.objections.answer(unit.principal, o.id, { outcome: 'removed', note: '经核实系录入错误' })
      const told = async (who: Caller) => (await services.repairs.notices(who.principal, { limit: 50 })).filter((n) => n.caseId === o.id)
      for (const who of [reader, watcher]) {
        expect(await told(who)).toEqual([expect.objectContaining({ reason: 'removed', subjectKey: firm.uscc, itemKey: 'administrative_penalty', recordKey: alert!.recordKey })])
      }
      expect(await told(bystander)).toEqual([])
      // Telling again (a retried run) adds no second notice.
      const { noticeRecipients } = await import('./case-support.js')
      const ref = { subjectKey: firm.uscc, itemKey: 'administrative_penalty', recordKey: alert!.recordKey! }
      const deps = { db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, platforms: x.feed, alerts: { alertedOf: alertedInstitutions } }
      await x.db.transaction((tx) => noticeRecipients(deps, tx, ref, 'removed', o.id, new Date()))
      for (const who of [reader, watcher]) expect(await told(who)).toHaveLength(1)
    })
  })
}

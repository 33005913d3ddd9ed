/**
 * Hostile cases of the data side (issue 8): each attack as it was carried out, replayed against the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { AppError } from '../../src/core/errors.js'
import { registerTableSource, pullTableSource } from '../../src/ingest/sources/table-source.js'
import { registerNationalSource, pullNationalSource } from '../../src/ingest/sources/national-source.js'
import type { BatchSummary } from '../../src/ingest/ingest.types.js'
import { createVerificationService } from '../../src/verification/verification.service.js'
import { buildApp } from '../../src/http/app.js'
import { factory, type Row } from '../factory.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'
import { BANK, seedCallers, seedFirm, type Caller, type Firm } from '../fixtures/access.fixtures.js'

/** The power company: one of 各有关部门（单位）, so it may deliver 行政处罚 records of its own. */
const POWER = '国网宁夏电力有限公司'
const MARKET = '银川市市场监督管理局'
const PENALTY = 'administrative_penalty'
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test'

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

    describe('a provider posting a record with another unit\'s identity', () => {
      let victim: Row
      let tmp: ReturnType<typeof factory.tempDir>
      let remote: pg.Client
      let table: string
      let national: Server
      let nationalRecords: Row[] = []

      /** The fine the operator's profile of the firm shows for the victim's decision number. */
      async function fineShown(): Promise<unknown> {
        const profile = await x.profiles.read(as.operator.principal, firm.uscc)
        const item = profile.categories.flatMap((c) => c.items).find((i) => i.key === PENALTY)!
        return item.records.filter((r) => r.values.decision_document_number === victim.decision_document_number).map((r) => [r.values.fine_amount, r.provenance.provider])
      }

      async function expectRefused(s: BatchSummary): Promise<void> {
        expect(s).toMatchObject({ provider: POWER, received: 1, stored: 0, quarantined: 1, duplicates: 0 })
        const q = await x.ingest.listQuarantine({ batchId: s.batchId, limit: 10, offset: 0 })
        expect(q.rows).toHaveLength(1)
        expect(q.rows[0]!.issues.map((i) => i.code)).toEqual(['RECORD_OTHER_PROVIDER'])
        expect(q.rows[0]!.issues[0]!.zh).toContain(MARKET)
        expect(q.rows[0]!.issues[0]!.zh).toContain('决定文书号')
        expect(await fineShown()).toEqual([['77200.00', MARKET]])
      }

      beforeAll(async () => {
        victim = factory.penaltyRow({ _n: firm.n, entity_name: firm.name, uscc: firm.uscc, decision_document_number: `银市监罚〔2024〕${firm.n}号`, fine_amount: '77200.00' })
        await x.ingest.ingestRecords({ itemKey: PENALTY, provider: MARKET, records: [victim] })
        tmp = factory.tempDir('xinshu-sec-')
        remote = new pg.Client({ connectionString: PG_URL })
        await remote.connect()
        table = `xs_power_${randomBytes(4).toString('hex')}`
        await remote.query(`create table public.${table} (id int primary key, ver int not null, ${Object.keys(victim).map((k) => `${k} text`).join(', ')})`)
        national = createServer((req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ total: nationalRecords.length, page: 1, records: nationalRecords, next: false, watermark: 'v1' }))
        })
        await new Promise<void>((r) => national.listen(0, '127.0.0.1', r))
      })
      afterAll(async () => {
        tmp?.remove()
        await remote?.query(`drop table if exists public.${table}`)
        await remote?.end()
        await new Promise((r) => national?.close(r))
      })

      const forged = (fine = '1.00') => ({ ...victim, fine_amount: fine, authority_name: POWER, data_provider: POWER })

      it('is refused through an API call, quarantined with the owner named, and the victim\'s fine stays', async () => {
        expect(await fineShown()).toEqual([['77200.00', MARKET]])
        await expectRefused(await x.ingest.ingestRecords({ itemKey: PENALTY, provider: POWER, records: [forged()] }))
      })

      it('is refused in a delivered file', async () => {
        const path = factory.writeText(tmp.file('power.csv'), factory.csv(PENALTY, [forged('1.01')]))
        await expectRefused(await x.ingest.ingestFile({ path, itemKey: PENALTY, provider: POWER }))
      })

      it('is refused in a table pull', async () => {
        const row = forged('1.02')
        const cols = Object.keys(row)
        await remote.query(`insert into public.${table} (id, ver, ${cols.join(', ')}) values (1, 1, ${cols.map((_, i) => `$${i + 1}`).join(', ')})`, cols.map((k) => String((row as Row)[k])))
        await registerTableSource(x.db, { id: `power-${table}`, itemKey: PENALTY, provider: POWER, driver: 'postgres', url: PG_URL, table: `public.${table}`, watermarkColumn: 'ver', keyColumn: 'id', mapping: Object.fromEntries(cols.map((k) => [k, k])) }, { dataKey: x.config.dataKey, catalog: x.catalog.current() })
        const pulled = await pullTableSource({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }, `power-${table}`)
        await expectRefused(pulled)
      })

      it('is refused in a national pull', async () => {
        nationalRecords = [forged('1.03')]
        const baseUrl = `http://127.0.0.1:${(national.address() as AddressInfo).port}`
        await registerNationalSource(x.db, { id: 'power-national', itemKey: PENALTY, provider: POWER, baseUrl, path: '/api/penalties', pageSize: 10, maxRetries: 0 }, { dataKey: x.config.dataKey, catalog: x.catalog.current() })
        const pulled = await pullNationalSource({ db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }, 'power-national')
        await expectRefused(pulled)
      })

      it('is quarantined once however often it is sent again', async () => {
        const s = await x.ingest.ingestRecords({ itemKey: PENALTY, provider: POWER, records: [forged()] })
        expect(s).toMatchObject({ stored: 0, quarantined: 1, quarantineRepeats: 1 })
      })

      it('stays refused, and in the quarantine, when resubmitted from there', async () => {
        const s = await x.ingest.ingestRecords({ itemKey: PENALTY, provider: POWER, records: [forged('2.00')] })
        const [q] = (await x.ingest.listQuarantine({ batchId: s.batchId, limit: 1, offset: 0 })).rows
        const again = await x.ingest.resubmit(s.batchId, q!.position, q!.raw, 'power-user')
        expect(again.ok).toBe(false)
        expect(again.ok ? [] : again.issues.map((i) => i.code)).toEqual(['RECORD_OTHER_PROVIDER'])
        const open = await x.ingest.listQuarantine({ provider: POWER, itemKey: PENALTY, code: 'RECORD_OTHER_PROVIDER', limit: 10, offset: 0 })
        expect(open.rows.filter((r) => r.raw.fine_amount === '2.00')).toHaveLength(1)
        expect(await fineShown()).toEqual([['77200.00', MARKET]])
      })

      it('lets the unit that delivered the record correct it', async () => {
        const s = await x.ingest.ingestRecords({ itemKey: PENALTY, provider: MARKET, records: [{ ...victim, fine_amount: '72000.00' }] })
        expect(s).toMatchObject({ stored: 1, quarantined: 0 })
        expect(await fineShown()).toEqual([['72000.00', MARKET]])
      })
    })

    describe('a provider naming a subject', () => {
      const planted = '<img src=x onerror=alert(1)>\u202E司公限有骗诈'

      it('does not give the subject a name or 曾用名 from an item other than its registration, and flags the difference in data quality', async () => {
        const s = await x.ingest.ingestRecords({ itemKey: PENALTY, provider: POWER, records: [factory.penaltyRow({ entity_name: planted, uscc: firm.uscc, decision_document_number: `宁电罚〔2024〕${firm.n}号` })] })
        expect(s).toMatchObject({ stored: 1, quarantined: 0 })
        const subject = await x.registry.get(firm.uscc)
        expect(subject.name).toBe(firm.name)
        expect(subject.names.map((n) => n.name)).toEqual([firm.name])
        const report = await x.reports.issue(as.operator.principal, firm.uscc)
        expect(report.subject).toMatchObject({ name: firm.name, formerNames: [] })
        expect(JSON.stringify(report.subject)).not.toContain('\u202E')

        const [row] = await x.quality.report({ provider: POWER, itemKey: PENALTY })
        expect(row).toMatchObject({ provider: POWER, itemKey: PENALTY, nameMismatches: 1 })
        const listed = await x.quality.nameMismatches({ provider: POWER, limit: 10, offset: 0 })
        expect(listed.rows.map((m) => [m.subjectKey, m.name, m.registeredName, m.times])).toEqual([[firm.uscc, planted, firm.name, 1]])
      })

      it('lets the registration (营业执照信息 from 市场监管) rename the subject, keeping the old name as a 曾用名', async () => {
        const renamed = `宁夏信枢${firm.n}数字科技有限公司`
        await x.ingest.ingestRecords({ itemKey: 'business_license', provider: '自治区市场监管厅', records: [factory.licenseRow({ _n: firm.n, entity_name: renamed, uscc: firm.uscc })] })
        const subject = await x.registry.get(firm.uscc)
        expect(subject.name).toBe(renamed)
        expect(subject.names.map((n) => n.name).sort()).toEqual([firm.name, renamed].sort())
      })
    })

    describe('a bank recovering a figure by repeated verification', () => {
      let grantId: string
      const vat = (n: number | string) => ({ expression: `tax_payment.vat_paid_last_12_months >= ${n}` })

      beforeAll(async () => {
        grantId = (await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'verify', purpose: '融资', validUntil: inDays(30) })).id
      })

      it('may compare a restricted figure only with a published cut point, and is told which ones', async () => {
        // The attack: halve the interval until the exact figure (1,250,000.00) is known.
        expect((await x.verifications.verify(as.institution.principal, firm.uscc, { questions: [vat('100万')] })).answers[0]!.answer).toBe(true)
        const err = await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [vat(1250000)] }))
        expect(err.code).toBe('VERIFICATION_THRESHOLD_NOT_ALLOWED')
        expect(err.zh).toContain('tax_payment.vat_paid_last_12_months')
        expect(err.zh).toContain('10万、50万、100万、500万、1000万、5000万')
        // Hidden inside count(…) or flipped around, the same.
        expect((await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [{ expression: '1250001 <= tax_payment.vat_paid_last_12_months' }] }))).code).toBe('VERIFICATION_THRESHOLD_NOT_ALLOWED')
        expect((await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [{ expression: 'exists(annual_report, total_assets > 1234567)' }] }))).code).toBe('VERIFICATION_THRESHOLD_NOT_ALLOWED')
        // A form checking its questions learns the same before asking.
        expect((await refusal(x.verifications.check(as.institution.principal, [vat(1250000)]))).code).toBe('VERIFICATION_THRESHOLD_NOT_ALLOWED')
        // The subject itself knows its figures: no cut points for it.
        expect((await x.verifications.verify(as.enterprise.principal, firm.uscc, { questions: [vat(1250000)] })).answers[0]!.answer).toBe(true)
      })

      it('audits every question, the refused ones with the refusal', async () => {
        const [last] = await x.audit.list({ subjectKey: firm.uscc, action: 'verification.run', limit: 1 })
        expect(last!.actor.role).toBe('enterprise')
        const refused = (await x.audit.list({ subjectKey: firm.uscc, action: 'verification.run', limit: 10 })).filter((e) => e.details?.refused)
        expect(refused.map((e) => [e.actor.role, e.details!.refused])).toEqual([
          ['institution', 'VERIFICATION_THRESHOLD_NOT_ALLOWED'], ['institution', 'VERIFICATION_THRESHOLD_NOT_ALLOWED'], ['institution', 'VERIFICATION_THRESHOLD_NOT_ALLOWED'],
        ])
        expect(JSON.stringify(refused[2]!.details)).toContain('>= 1250000')
      })

      it('accepts a threshold once the operator publishes it as a cut point, and lists it', async () => {
        await x.verifications.setCutPoints(as.operator.principal, 'tax_payment', 'vat_paid_last_12_months', [1000000, 2000000, 100000])
        expect((await x.verifications.cutPoints()).find((c) => c.fieldKey === 'vat_paid_last_12_months')).toMatchObject({ points: [100000, 1000000, 2000000], setBy: as.operator.principal.username, fieldName: '近一年增值税实际缴税金额' })
        expect((await x.verifications.verify(as.institution.principal, firm.uscc, { questions: [vat('200万')] })).answers[0]!.answer).toBe(false)
        expect((await refusal(x.verifications.verify(as.institution.principal, firm.uscc, { questions: [vat('500万')] }))).code).toBe('VERIFICATION_THRESHOLD_NOT_ALLOWED')
        expect((await refusal(x.verifications.setCutPoints(as.institution.principal, 'tax_payment', 'vat_paid_last_12_months', [1]))).code).toBe('ACCESS_FORBIDDEN')
      })

      it('spends a per-subject budget: a rate per minute and a number per day, then refuses with 429', async () => {
        // Ten days ahead, at 10:00 Beijing time: clear of the questions the earlier tests asked today.
        const base = new Date()
        let clock = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + 10, 2))
        const limited = createVerificationService({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, limits: { questionsPerMinute: 3, questionsPerDay: 5 }, now: () => clock })
        const ask = (n: number) => limited.verify(as.institution.principal, firm.uscc, { questions: Array.from({ length: n }, () => vat('100万')), grantId })
        await ask(2)
        const rate = await refusal(ask(2))
        expect([rate.code, rate.type]).toEqual(['VERIFICATION_RATE_LIMITED', 'throttled'])
        await ask(1)
        clock = new Date(clock.getTime() + 61_000)
        await ask(2)
        clock = new Date(clock.getTime() + 61_000)
        const day = await refusal(ask(1))
        expect(day.code).toBe('VERIFICATION_DAILY_BUDGET_SPENT')
        expect(day.zh).toContain('每日 5 个')
        // The next Beijing day (from 16:00 UTC) starts a new budget.
        clock = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + 10, 16))
        await ask(3)
        expect((await x.audit.list({ subjectKey: firm.uscc, action: 'verification.run', limit: 2 })).map((e) => e.details?.refused ?? 'answered')).toEqual(['answered', 'VERIFICATION_DAILY_BUDGET_SPENT'])
      })

      it('answers an over-budget request over HTTP with 429 and the Chinese reason', async () => {
        const app = await buildApp(x)
        try {
          const questions = Array.from({ length: 20 }, () => ({ expression: 'tax_payment.vat_paid_last_12_months >= 100万' }))
          let res = await app.inject({ method: 'POST', url: `/api/subjects/${firm.uscc}/verifications`, headers: as.institution.headers, payload: { questions } })
          // The minute's budget (20) may already be partly spent by the tests above; the next call cannot fit.
          if (res.statusCode === 200) res = await app.inject({ method: 'POST', url: `/api/subjects/${firm.uscc}/verifications`, headers: as.institution.headers, payload: { questions } })
          expect(res.statusCode).toBe(429)
          expect(res.headers['content-type']).toContain('application/problem+json')
          expect(res.json()).toMatchObject({ code: 'VERIFICATION_RATE_LIMITED', status: 429 })
          expect(res.json().detail).toContain('每分钟最多 20 个问题')
        } finally {
          await app.close()
        }
      })
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

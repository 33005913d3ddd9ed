import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { BANK, ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { taxLoan } from '../../test/fixtures/financing.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { beijingDate } from '../core/index.js'
import { appendRecordChanges } from '../records/index.js'
import { createChangeConsumer } from './change-consumer.js'
import { createWebhookSender, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-sender.js'
import { createMonitoringRepository } from './monitoring.repository.js'
import { createLiveFeed } from './live-feed.js'
import type { Alert } from './monitoring.types.js'

const today = () => beijingDate(new Date())
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString()

interface Received { headers: IncomingHttpHeaders; body: string }

/**
 * 监测预警 end to end on both databases: a loan puts its borrower on the lender's watch list and 结清 takes it off;
 * a hand-added watch needs a grant; a negative record committed for a watched subject raises one alert per
 * watching institution as its rules say, with a signed webhook delivery from the outbox; a consumer that fails
 * mid-page raises nothing and loses nothing.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: monitoring`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let receiver: Server
    let hookUrl: string
    const received: Received[] = []
    let answer = 200

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      // the test's Xinshu was made before the switch: make monitoring again with private addresses allowed
      const { createMonitoring } = await import('./index.js')
      x.monitoring = createMonitoring({ db: x.db, dataKey: x.config.dataKey, grants: x.grants, audit: x.audit, catalog: x.catalog, allowPrivateWebhooks: true, sender: { baseDelaySeconds: 0.1 } })
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      receiver = createServer((req, res) => {
        let body = ''
        req.on('data', (c: Buffer) => (body += c.toString('utf8')))
        req.on('end', () => {
          received.push({ headers: req.headers, body })
          res.statusCode = answer
          res.end()
        })
      })
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    })
    afterAll(async () => {
      await new Promise((r) => receiver?.close(r))
      await app?.close()
      await x?.close()
    })

    const call = (who: Role, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: as[who].headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
    const penalty = (uscc: string) => ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ uscc })], '银川市市场监督管理局')

    it('watches a borrower from 放款 and stops at 结清', async () => {
      const productId = (await call('institution', 'POST', '/api/financing/products', taxLoan())).json().id
      await call('institution', 'POST', `/api/financing/products/${productId}/submit`)
      await call('operator', 'POST', `/api/financing/products/${productId}/versions/1/review`, { approve: true })
      const id = (await call('enterprise', 'POST', '/api/financing/applications', { productId, productVersion: 1, amountFen: 80_000_000, termMonths: 24 })).json().applicationId
      await call('institution', 'POST', `/api/financing/applications/${id}/accept`, {})
      await call('institution', 'POST', `/api/financing/applications/${id}/approve`, {})
      expect((await call('institution', 'GET', '/api/monitoring/watches')).json().total).toBe(0)
      const lent = await call('institution', 'POST', `/api/financing/applications/${id}/lend`, { contractNo: 'NX-M1', principalFen: 80_000_000, annualRateBp: 420, repaymentWay: 'equal_installment', startDate: today(), maturityDate: '2099-01-01' })
      expect(lent.statusCode, lent.body).toBe(200)
      const watched = (await call('institution', 'GET', '/api/monitoring/watches')).json()
      expect(watched.watches).toMatchObject([{ subjectKey: firm.uscc, institution: BANK, source: 'loan', endedAt: null }])
      expect((await call('institution', 'POST', `/api/financing/applications/${id}/repay`, { date: today(), principalFen: 80_000_000, interestFen: 100_000 })).statusCode).toBe(200)
      expect((await call('institution', 'POST', `/api/financing/applications/${id}/settle`, {})).statusCode).toBe(200)
      expect((await call('institution', 'GET', '/api/monitoring/watches')).json().total).toBe(0)
      const all = (await call('institution', 'GET', '/api/monitoring/watches?live=false')).json()
      expect(all.watches[0]).toMatchObject({ source: 'loan', endReason: '贷款结清' })
    })

    it('adds a watch by hand only under a live grant', async () => {
      // the borrower's financing application granted the bank its data; this firm has granted nothing yet
      firm = await seedFirm(x)
      as = { ...as, enterprise: (await seedCallers(x, firm.uscc, '-2')).enterprise }
      const refused = await call('institution', 'POST', '/api/monitoring/watches', { subjects: [{ subjectKey: firm.uscc }] })
      expect(refused.statusCode).toBe(403)
      expect(refused.json().code).toBe('MONITORING_NO_GRANT')
      await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '贷后管理', validUntil: inDays(30) })
      const added = await call('institution', 'POST', '/api/monitoring/watches', { subjects: [{ subjectKey: firm.uscc, note: '贷后' }] })
      expect(added.statusCode).toBe(201)
      expect(added.json()).toMatchObject([{ subjectKey: firm.uscc, source: 'manual', note: '贷后' }])
      // twice is once
      expect((await call('institution', 'POST', '/api/monitoring/watches', { subjects: [{ subjectKey: firm.uscc }] })).json()[0].id).toBe(added.json()[0].id)
    })

    it('raises an alert with a signed webhook delivery when a negative record of a watched subject commits', async () => {
      const set = await call('institution', 'PUT', '/api/monitoring/webhook', { url: hookUrl })
      expect(set.statusCode).toBe(200)
      const secret = set.json().secret as string
      expect(secret.length).toBeGreaterThan(30)
      expect((await call('institution', 'GET', '/api/monitoring/webhook')).json().webhook).toEqual({ url: hookUrl, enabled: true, updatedBy: 'institution', updatedAt: expect.any(String) })

      const other = await seedFirm(x)
      await penalty(firm.uscc)
      await penalty(other.uscc) // not watched
      await ingestRows(x, 'tax_payment', [factory.taxRow({ uscc: firm.uscc, entity_name: firm.name })], '宁夏税务局') // not negative
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      const alerts = (await call('institution', 'GET', '/api/monitoring/alerts')).json()
      expect(alerts.alerts).toMatchObject([{ subjectKey: firm.uscc, kind: 'penalty', severity: 'medium', itemKey: 'administrative_penalty', title: '行政处罚：行政处罚信息' }])
      const alertId = alerts.alerts[0].id

      answer = 500
      await x.monitoring.sender.sendDue()
      let log = (await call('institution', 'GET', '/api/monitoring/deliveries')).json()
      expect(log.deliveries).toMatchObject([{ alertId, status: 'pending', attempts: 1, lastStatus: 500, log: [{ n: 1, httpStatus: 500, error: 'HTTP 500' }] }])
      answer = 200
      await new Promise((r) => setTimeout(r, 250)) // the back-off of this test's sender is 100 ms (±20 %)
      await x.monitoring.sender.sendDue()
      log = (await call('institution', 'GET', '/api/monitoring/deliveries')).json()
      expect(log.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 })

      expect(received).toHaveLength(2)
      const [first, second] = received
      expect(first!.headers['idempotency-key']).toBe(log.deliveries[0].id)
      expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key'])
      const ts = String(second!.headers[TIMESTAMP_HEADER])
      expect(second!.headers[SIGNATURE_HEADER]).toBe(signWebhook(secret, ts, second!.body))
      expect(JSON.parse(second!.body)).toMatchObject({ event: 'alert', id: log.deliveries[0].id, alert: { id: alertId, subjectKey: firm.uscc, kind: 'penalty', createdAt: alerts.alerts[0].createdAt } })

      const acked = await call('institution', 'POST', '/api/monitoring/alerts/acknowledge', { ids: [alertId] })
      expect(acked.json()[0].acknowledgedBy).toBe('institution')
      expect((await call('institution', 'GET', '/api/monitoring/alerts?unacknowledged=true')).json().total).toBe(0)
    })

    it('follows the institution\'s rules: a disabled kind raises nothing, severity and channels as set', async () => {
      const put = await call('institution', 'PUT', '/api/monitoring/rules', { rules: [{ kind: 'penalty', enabled: false, severity: 'low', channels: [] }, { kind: 'dishonest', enabled: true, severity: 'high', channels: ['web'] }] })
      expect(put.statusCode).toBe(200)
      expect(put.json().find((r: { kind: string }) => r.kind === 'penalty')).toMatchObject({ enabled: false, custom: true })
      const before = (await call('institution', 'GET', '/api/monitoring/alerts')).json().total
      const sent = received.length
      await penalty(firm.uscc)
      await ingestRows(x, 'dishonest_judgment_debtor', [factory.debtorRow({ entity_name: firm.name, id_number_or_uscc: firm.uscc })], '自治区高级人民法院')
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      await x.monitoring.sender.sendDue()
      const alerts = (await call('institution', 'GET', '/api/monitoring/alerts')).json()
      expect(alerts.total).toBe(before + 1)
      expect(alerts.alerts[0]).toMatchObject({ kind: 'dishonest', severity: 'high' })
      expect(received.length).toBe(sent) // web only
      await call('institution', 'PUT', '/api/monitoring/rules', { rules: [{ kind: 'penalty', enabled: true, severity: 'medium', channels: ['web', 'webhook'] }, { kind: 'dishonest', enabled: true, severity: 'high', channels: ['web', 'webhook'] }] })
    })

    it('raises nothing and loses nothing when the consumer fails mid-page; nothing for a rolled-back record', async () => {
      await x.db.transaction(async (tx) => {
        await appendRecordChanges(tx, [{ subjectKey: firm.uscc, itemKey: 'administrative_penalty', recordKey: 'never', version: 1, kind: 'inserted', source: 'test' }])
        throw new Error('rolled back')
      }).catch(() => {})
      await penalty(firm.uscc)
      const count = async () => (await x.db.query<{ n: number }>('select count(*)::int as n from monitoring.alert'))[0]!.n
      const before = await count()
      const crashing = createChangeConsumer({
        db: x.db,
        monitoring: { raiseAlerts: async (tx, drafts) => {
          await x.monitoring.service.raiseAlerts(tx, drafts)
          throw new Error('crash after the alerts were written')
        } },
      })
      await expect(crashing.step()).rejects.toThrow('crash')
      expect(await count()).toBe(before)
      const mark = (await x.db.query<{ cursor: string }>(`select cursor from monitoring.consumer where name = 'alerts'`))[0]!.cursor
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      expect(await count()).toBe(before + 1)
      // the same changes read again (a consumer that crashed after sending its commit) raise nothing twice
      await x.db.query(`update monitoring.consumer set cursor = $1`, [mark])
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      expect(await count()).toBe(before + 1)
    })

    it('reads a record\'s versions under a rule with field tests: tax arrears alert when they turn true, once', async () => {
      const count = async () => (await x.db.query<{ n: number }>(`select count(*)::int as n from monitoring.alert where item_key = 'tax_arrears'`))[0]!.n
      const arrears = (has: boolean, amount: string) =>
        ingestRows(x, 'tax_arrears', [{ entity_name: firm.name, uscc: firm.uscc, has_tax_arrears: has, tax_arrears_amount: amount, tax_type: '增值税' }], '宁夏税务局')
      const consume = async () => { for (;;) if (!(await x.monitoring.consumer.step()).more) break }
      await arrears(false, '0.00')
      await consume()
      expect(await count()).toBe(0)
      await arrears(true, '5000.00') // a new version that qualifies
      await consume()
      expect(await count()).toBe(1)
      await arrears(true, '8000.00') // still in arrears: no second alert
      await consume()
      expect(await count()).toBe(1)
    })

    const drop = (key: string) => ({ subjectKey: firm.uscc, from: 'A', to: 'B', scheme: '测试', key })
    const keysSince = (n: number) => received.slice(n).map((r) => String(r.headers['idempotency-key']))

    it('sends each delivery once with two senders claiming at the same time, and logs every attempt', async () => {
      await x.monitoring.sender.sendDue() // what earlier tests left due
      const before = received.length
      const raised = await x.db.transaction((tx) => x.monitoring.service.raiseAlerts(tx, Array.from({ length: 60 }, (_, i) => ({
        subjectKey: firm.uscc, kind: 'grade_drop' as const, dedupeKey: `pair-${i}`, itemKey: null, recordKey: null, version: null, title: `pair ${i}`, details: null,
      }))))
      expect(raised).toHaveLength(60)
      const options = { urlPolicy: { allowPrivate: true } }
      const one = createWebhookSender({ db: x.db, dataKey: x.config.dataKey }, { ...options, concurrency: 2 })
      const two = createWebhookSender({ db: x.db, dataKey: x.config.dataKey }, { ...options, concurrency: 3 })
      try {
        const [a, b] = await Promise.all([one.sendDue(), two.sendDue()])
        expect(a).toBeGreaterThan(0)
        expect(b).toBeGreaterThan(0)
        expect(a + b).toBe(60)
      } finally {
        one.close()
        two.close()
      }
      const keys = keysSince(before)
      expect(keys).toHaveLength(60)
      expect(new Set(keys).size).toBe(60)
      const rows = await x.db.query<{ status: string; attempts: number; logged: number[] }>(
        `select d.status, d.attempts, array(select n from monitoring.delivery_attempt a where a.delivery_id = d.id order by n) as logged
         from monitoring.delivery d where d.id = any($1::uuid[])`, [keys])
      expect(rows).toHaveLength(60)
      expect(rows.filter((r) => r.status !== 'delivered' || r.attempts !== 1 || r.logged.join() !== '1')).toEqual([])
    })

    it('sends again, with the same idempotency key, a delivery whose sender died after claiming it', async () => {
      const [alert] = await x.monitoring.service.gradeDropped(drop('crash-1'))
      // a sender claims it and dies before it sends or logs anything
      const [claimed] = await createMonitoringRepository().claimDue(x.db, 10, 600)
      expect(claimed).toMatchObject({ alert_id: alert!.id, attempts: 1 })
      const before = received.length
      expect(await x.monitoring.sender.sendDue()).toBe(0) // its lease keeps others off
      await x.db.query(`update monitoring.delivery set next_at = now() where id = $1`, [claimed!.id]) // the lease runs out
      expect(await x.monitoring.sender.sendDue()).toBe(1)
      expect(keysSince(before)).toEqual([claimed!.id])
      const log = (await call('institution', 'GET', '/api/monitoring/deliveries')).json().deliveries.find((d: { id: string }) => d.id === claimed!.id)
      expect(log).toMatchObject({ status: 'delivered', attempts: 2, log: [{ n: 2, httpStatus: 200 }] })
      // the dead sender's outcome, arriving late, is logged and undoes nothing
      await createMonitoringRepository().recordAttempts(x.db, [{ id: claimed!.id, n: 1, httpStatus: null, error: 'timed out', durationMs: 10_000, outcome: 'retry', retryInSeconds: 5 }])
      const after = (await call('institution', 'GET', '/api/monitoring/deliveries')).json().deliveries.find((d: { id: string }) => d.id === claimed!.id)
      expect(after).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, log: [{ n: 1, error: 'timed out' }, { n: 2, httpStatus: 200 }] })
    })

    it('delivers from the running worker when the record commits, without waiting for its poll', async () => {
      const before = received.length
      const worker = await x.monitoring.startWorker({ pollMs: 600_000 })
      try {
        await worker.idle()
        await penalty(firm.uscc)
        for (let i = 0; i < 500 && received.length === before; i++) await new Promise((r) => setTimeout(r, 20))
        expect(received.length).toBe(before + 1)
        expect(JSON.parse(received.at(-1)!.body)).toMatchObject({ event: 'alert', alert: { subjectKey: firm.uscc, kind: 'penalty' } })
      } finally {
        await worker.stop()
      }
    })

    it('alerts on a grade drop from evaluation, once per drop', async () => {
      const a = await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'A', to: 'B', scheme: '公共信用综合评价', key: 'eval-1' })
      expect(a).toMatchObject([{ kind: 'grade_drop', institution: BANK, title: '信用评价等级下降：A → B（公共信用综合评价）' }])
      expect(await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'A', to: 'B', scheme: '公共信用综合评价', key: 'eval-1' })).toEqual([])
    })

    it('says why in a grade-drop alert when a related party\'s listing lowered the grade shown', async () => {
      const reason = '关联方严重失信：甲公司 —股东持股50%→ 乙公司 —失信被执行人信息；等级由 B 下调 1 级至 C'
      const [a] = await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'B', to: 'C', scheme: '公共信用综合评价', key: 'eval-rel-1', reasons: [reason] })
      expect(a).toMatchObject({ kind: 'grade_drop', title: `信用评价等级下降：B → C（公共信用综合评价）；${reason}` })
      const stored = await x.db.query<{ details: { reasons?: string[] } }>(`select details from monitoring.alert where id = $1`, [a!.id])
      expect(stored[0]!.details.reasons).toEqual([reason])
    })

    it('pushes new alerts to the live feed of their institution only, at commit', async () => {
      const got: Alert[] = []
      const other: Alert[] = []
      let arrived: () => void = () => {}
      const stopMine = await x.monitoring.live.subscribe(BANK, (a) => {
        got.push(a)
        arrived()
      })
      const stopOther = await x.monitoring.live.subscribe('另一家银行', (a) => other.push(a))
      try {
        const seen = new Promise<void>((r) => { arrived = r })
        await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'B', to: 'C', scheme: '公共信用综合评价', key: 'eval-2' })
        await seen
        expect(got.map((a) => a.title)).toEqual(['信用评价等级下降：B → C（公共信用综合评价）'])
        expect(other).toEqual([])
      } finally {
        await stopMine()
        await stopOther()
      }
    })

    it('passes an alert on once to each tab of an institution, also to a tab that subscribes before the feed reads it', async () => {
      // The feed's notifications are held here, so that the second tab subscribes after the alert's commit and before
      // the feed reads it: the real database and NOTIFY, only their timing in the test's hands.
      let holding = false
      const held: (() => void)[] = []
      let notified: () => void = () => {}
      const db = new Proxy(x.db, {
        get(target, key) {
          if (key !== 'listen') return Reflect.get(target, key, target) as unknown
          return (channel: string, fn: (payload: string) => void) => target.listen(channel, (payload) => {
            if (!holding) return fn(payload)
            held.push(() => fn(payload))
            notified()
          })
        },
      })
      const feed = createLiveFeed({ db })
      // An institution of its own, so that no other test's alerts come in; alerts stored as the consumer stores them.
      const tabs = '两个页签银行'
      const raise = (title: string) => createMonitoringRepository().insertAlerts(x.db, [{
        subject_key: firm.uscc, id: randomUUID(), institution: tabs, kind: 'grade_drop', severity: 'high', dedupe_key: title,
        item_key: null, record_key: null, version: null, title, details: null, channels: ['web'],
      }])
      const first: Alert[] = []
      const second: Alert[] = []
      const waiters: (() => void)[] = []
      const collect = (into: Alert[]) => (a: Alert) => {
        into.push(a)
        for (const w of waiters.splice(0)) w()
      }
      const bothHave = async (title: string) => {
        while (!first.some((a) => a.title === title) || !second.some((a) => a.title === title)) await new Promise<void>((r) => waiters.push(r))
      }
      const stopFirst = await feed.subscribe(tabs, collect(first))
      let stopSecond: (() => Promise<void>) | undefined
      try {
        holding = true
        const arrived = new Promise<void>((r) => { notified = r })
        await raise('评级下降 C → D')
        await arrived
        stopSecond = await feed.subscribe(tabs, collect(second))
        holding = false
        for (const fn of held.splice(0)) fn()
        // A later alert shows the held one's read is over (reads go one at a time, oldest alert first) and reads it again.
        await raise('评级下降 D → E')
        await bothHave('评级下降 D → E')
        const titles = ['评级下降 C → D', '评级下降 D → E']
        expect(first.map((a) => a.title)).toEqual(titles)
        expect(second.map((a) => a.title)).toEqual(titles)
      } finally {
        await stopSecond?.()
        await stopFirst()
        await feed.close()
      }
    })

    it('passes on every alert of a burst larger than a read\'s page, once each and in order', async () => {
      // Pages of 5 and 12 alerts committed at once (one transaction: one timestamp): the feed must read on past the
      // first page instead of fetching it again on every wake-up.
      const feed = createLiveFeed({ db: x.db, pageSize: 5 })
      const burst = '突发预警银行'
      const got: Alert[] = []
      const waiters: (() => void)[] = []
      const stop = await feed.subscribe(burst, (a) => {
        got.push(a)
        for (const w of waiters.splice(0)) w()
      })
      try {
        const titles = Array.from({ length: 12 }, (_, i) => `批量预警 ${String(i).padStart(2, '0')}`)
        const rows = titles.map((title) => ({
          subject_key: firm.uscc, id: randomUUID(), institution: burst, kind: 'grade_drop', severity: 'high', dedupe_key: title,
          item_key: null, record_key: null, version: null, title, details: null, channels: ['web'],
        }))
        await createMonitoringRepository().insertAlerts(x.db, rows)
        while (got.length < 12) await new Promise<void>((r) => waiters.push(r))
        const order = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => r.title)
        expect(got.map((a) => a.title)).toEqual(order)
        // One more alert: it arrives, and none of the burst comes again.
        await createMonitoringRepository().insertAlerts(x.db, [{ ...rows[0]!, id: randomUUID(), dedupe_key: 'after', title: '批量之后' }])
        while (got.length < 13) await new Promise<void>((r) => waiters.push(r))
        expect(got.at(-1)!.title).toBe('批量之后')
        expect(new Set(got.map((a) => a.id)).size).toBe(13)
      } finally {
        await stop()
        await feed.close()
      }
    })

    it('answers the stream route with recent alerts as JSON to a client that does not ask for a stream', async () => {
      const res = await call('institution', 'GET', '/api/monitoring/alerts/stream')
      expect(res.statusCode).toBe(200)
      expect(res.json().alerts.length).toBeGreaterThan(0)
    })
  })
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import type { Role } from '../../src/access/access.types.js'
import { BANK, seedCallers, seedFirm, seedInstitution, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isPrivateAddress } from '../../src/monitoring/url-guard.js'
import { createMonitoring } from '../../src/monitoring/index.js'
import { STREAM_LIMITS } from '../../src/monitoring/stream-slots.js'
import { enterprise } from '../fixtures/scorecard.fixtures.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'
import { openStream, type Stream } from '../fixtures/sse.fixtures.js'

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString()

/**
 * 监测预警 against hostile callers: another institution's watch list and alerts, a watch without a grant, webhook
 * addresses that point inside the server's network, oversize and malformed lists.
 */
for (const dialect of TEST_DIALECTS) describe(`${dialect}: monitoring security`, () => {
  let x: Xinshu
  let app: FastifyInstance
  let firm: Firm
  let as: Record<Role, Caller>
  let rival: Caller
  let alertId: string
  let watchId: string

  beforeAll(async () => {
    x = await openTestXinshu(dialect)
    app = await buildApp(x)
    firm = await seedFirm(x)
    as = await seedCallers(x, firm.uscc)
    rival = await seedInstitution(x, '另一家银行', 'rival')
    await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '贷后管理', validUntil: inDays(30) })
    watchId = (await x.monitoring.service.addWatches(as.institution.principal, [{ subjectKey: firm.uscc }]))[0]!.id
    alertId = (await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'A', to: 'C', scheme: '测试', key: 's-1' }))[0]!.id
  })
  afterAll(async () => {
    await app?.close()
    await x?.close()
  })

  const call = (who: Caller, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: who.headers, ...(payload !== undefined ? { payload: payload as object } : {}) })

  it('shows an institution none of another institution\'s watches, alerts or deliveries', async () => {
    expect((await call(rival, 'GET', '/api/monitoring/watches')).json()).toEqual({ total: 0, watches: [] })
    expect((await call(rival, 'GET', '/api/monitoring/alerts')).json()).toEqual({ total: 0, alerts: [] })
    expect((await call(rival, 'GET', '/api/monitoring/alerts/stream')).json()).toEqual({ total: 0, alerts: [] })
    expect((await call(rival, 'GET', '/api/monitoring/deliveries')).json()).toEqual({ total: 0, deliveries: [] })
    expect((await call(as.institution, 'GET', '/api/monitoring/alerts')).json().total).toBe(1)
  })

  it('does not let an institution end another\'s watch or acknowledge another\'s alert', async () => {
    const ended = await call(rival, 'DELETE', `/api/monitoring/watches/${watchId}`)
    expect(ended.statusCode).toBe(404)
    expect(ended.json().code).toBe('MONITORING_WATCH_NOT_FOUND')
    const acked = await call(rival, 'POST', '/api/monitoring/alerts/acknowledge', { ids: [alertId] })
    expect(acked.statusCode).toBe(404)
    expect((await call(as.institution, 'GET', '/api/monitoring/alerts?unacknowledged=true')).json().total).toBe(1)
  })

  it('refuses a hand-added watch without a live grant of the subject to the caller', async () => {
    // BANK holds a grant for firm; the rival holds none
    const res = await call(rival, 'POST', '/api/monitoring/watches', { subjects: [{ subjectKey: firm.uscc }] })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('MONITORING_NO_GRANT')
    expect(res.json().detail).toContain(firm.uscc)
  })

  it('refuses webhook addresses inside the server\'s network, other schemes and credentials', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/h', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/h',
      'http://[::ffff:127.0.0.1]/h', 'http://[::ffff:7f00:1]/h', 'http://[::7f00:1]/h', 'http://[::ffff:0:7f00:1]/h', 'http://[fec0::1]/h',
      'http://[2002:a00:1::]/h', 'http://[64:ff9b::a00:1]/h', 'http://2130706433/h', 'http://0x7f.1/h', 'http://192.168.1.1/h', 'file:///etc/passwd', 'gopher://example.com/', 'https://user:pw@example.com/h', 'not a url', 'http://0.0.0.0/h']) {
      const res = await call(as.institution, 'PUT', '/api/monitoring/webhook', { url })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().code, url).toMatch(/MONITORING_WEBHOOK_URL_INVALID|REQUEST_INVALID/)
    }
    expect((await call(as.institution, 'GET', '/api/monitoring/webhook')).json()).toEqual({ webhook: null })
    expect(isPrivateAddress('8.8.8.8')).toBe(false)
    expect(isPrivateAddress('100.64.0.1')).toBe(true)
    expect(isPrivateAddress('fd00::1')).toBe(true)
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false)
  })

  it('refuses oversize and malformed lists with what and where', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ subjectKey: `91640000MA${String(i).padStart(8, '0')}` }))
    const big = await call(as.institution, 'POST', '/api/monitoring/watches', { subjects: many })
    expect(big.statusCode).toBe(400)
    expect(big.json().code).toBe('REQUEST_INVALID')
    const ids = await call(as.institution, 'POST', '/api/monitoring/alerts/acknowledge', { ids: Array.from({ length: 501 }, () => alertId) })
    expect(ids.statusCode).toBe(400)
    const rule = await call(as.institution, 'PUT', '/api/monitoring/rules', { rules: [{ kind: 'nonsense', enabled: true, severity: 'high', channels: [] }] })
    expect(rule.statusCode).toBe(400)
    const hostile = await call(as.institution, 'POST', '/api/monitoring/watches', { subjects: [{ subjectKey: "x' or 1=1 --" }] })
    expect(hostile.statusCode).toBe(400)
    expect(JSON.stringify(hostile.json())).toContain('subjectKey')
  })

  it('keeps every other role out, and API keys without the monitoring scope', async () => {
    for (const role of ['enterprise', 'provider', 'platform', 'supervisor', 'operator'] as const) {
      expect((await call(as[role], 'GET', '/api/monitoring/alerts')).statusCode, role).toBe(403)
    }
    const key = (await x.accounts.createKey({ accountId: null, username: 'test', role: 'operator', organization: null } as never, as.institution.principal.accountId, {
      label: '只读融资', scopes: ['financing:read'], expiresAt: new Date(Date.now() + 86_400_000),
    })).key
    const res = await app.inject({ method: 'GET', url: '/api/monitoring/alerts', headers: { authorization: `Bearer ${key}` } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('ACCESS_SCOPE_MISSING')
  })

  it('gives supervisors monitoring statistics by key or session, counts only, and never an institution\'s alerts or watch list', async () => {
    const key = (await x.accounts.createKey({ accountId: null, username: 'test', role: 'operator', organization: null } as never, as.supervisor.principal.accountId, {
      label: '监管统计', scopes: ['monitoring:read'], expiresAt: new Date(Date.now() + 86_400_000),
    })).key
    const byKey = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
    for (const res of [await byKey('/api/monitoring/stats'), await call(as.supervisor, 'GET', '/api/monitoring/stats')]) {
      expect(res.statusCode, res.body).toBe(200)
      const stats = res.json()
      expect(stats.byKind).toEqual([expect.objectContaining({ kind: 'grade_drop', alerts: 1 })])
      expect(stats.byInstitution).toEqual([expect.objectContaining({ institution: BANK, alerts: 1, liveWatches: 1, watchedSubjects: 1 })])
      // Counts only: no subject, record, alert title or webhook address.
      expect(res.body).not.toContain(firm.uscc)
      expect(res.body).not.toContain(alertId)
      expect(res.body).not.toContain('信用评价等级下降：')
    }
    for (const url of ['/api/monitoring/alerts', '/api/monitoring/alerts/stream', '/api/monitoring/watches', `/api/monitoring/watches?subject=${firm.uscc}`, '/api/monitoring/deliveries', '/api/monitoring/webhook', '/api/monitoring/rules']) {
      expect((await byKey(url)).statusCode, url).toBe(403)
      expect((await call(as.supervisor, 'GET', url)).statusCode, url).toBe(403)
    }
    expect((await byKey('/api/monitoring/negative-rules')).statusCode).toBe(200)
    // Institutions, enterprises and platforms read no statistics of others; a bad period is refused with its place.
    for (const who of [as.institution, rival, as.enterprise, as.platform, as.provider]) expect((await call(who, 'GET', '/api/monitoring/stats')).statusCode).toBe(403)
    const bad = await call(as.supervisor, 'GET', '/api/monitoring/stats?from=2026-02-30')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('MONITORING_STATS_FILTER_INVALID')
    await x.audit.flush()
    expect((await x.audit.list({ action: 'monitoring.stats.read', limit: 10 })).length).toBeGreaterThanOrEqual(2)
  })

  it('lets only the operator change what counts as negative, supervisors read it, and refuses crafted item keys and oversize rules', async () => {
    const body = { kind: 'penalty', condition: {} }
    for (const who of [as.institution, as.enterprise, as.platform, as.provider, rival]) {
      expect((await call(who, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', body)).statusCode).toBe(403)
      expect((await call(who, 'GET', '/api/monitoring/negative-rules')).statusCode).toBe(403)
    }
    expect((await call(as.supervisor, 'GET', '/api/monitoring/negative-rules')).statusCode).toBe(200)
    expect((await call(as.supervisor, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', body)).statusCode).toBe(403)
    for (const item of ["x' or 1=1 --", '../../etc', 'A'.repeat(65), 'Administrative_Penalty']) {
      const res = await call(as.operator, 'PUT', `/api/monitoring/negative-rules/${encodeURIComponent(item)}`, body)
      // Refused by the parameter's pattern (400), or not even routed (404): never reaching the catalog or the table.
      expect([400, 404], item).toContain(res.statusCode)
    }
    const many = { kind: 'penalty', condition: { all: Array.from({ length: 11 }, () => ({ field: 'penalty_content', equals: '罚款' })) } }
    expect((await call(as.operator, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', many)).statusCode).toBe(400)
    const huge = { kind: 'penalty', condition: { all: [{ field: 'penalty_content', equals: 'x'.repeat(20_000) }] } }
    expect((await call(as.operator, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', huge)).statusCode).toBe(413)
    const nested = { kind: 'penalty', condition: { all: [{ field: 'penalty_content', equals: { $ne: 1 } }] } }
    const res = await call(as.operator, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', nested)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MONITORING_NEGATIVE_RULE_INVALID')
    expect((await call(as.operator, 'PUT', '/api/monitoring/negative-rules/administrative_penalty', { ...body, extra: 1 })).statusCode).toBe(400)
  })

  describe('the live stream', () => {
    let port: number
    let rivalFirm: Firm
    const opened: Stream[] = []
    const open = async (who: Caller) => {
      const s = await openStream(port, '/api/monitoring/alerts/stream', who.headers)
      opened.push(s)
      return s
    }

    beforeAll(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      port = (app.server.address() as { port: number }).port
      rivalFirm = await seedFirm(x)
      await x.grants.create(enterprise(rivalFirm.uscc), { institution: '另一家银行', categories: ['taxation'], mode: 'view', purpose: '贷后管理', validUntil: inDays(30) })
      await x.monitoring.service.addWatches(rival.principal, [{ subjectKey: rivalFirm.uscc }])
    })
    afterAll(() => {
      for (const s of opened) s.close()
    })

    it('pushes an institution its own alerts only, each one audited before it is sent', async () => {
      const mine = await open(as.institution)
      const theirs = await open(rival)
      expect([mine.status, theirs.status]).toEqual([200, 200])
      await x.audit.flush()
      const before = (await x.audit.list({ action: 'monitoring.alerts.read', limit: 1000 })).length
      const a = (await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'A', to: 'B', scheme: '测试', key: 'stream-1' }))[0]!
      const b = (await x.monitoring.service.gradeDropped({ subjectKey: rivalFirm.uscc, from: 'A', to: 'B', scheme: '测试', key: 'stream-2' }))[0]!
      expect(await mine.next(new RegExp(`id: ${a.id}`))).toBeTruthy()
      // The rival's stream is ordered: had a's alert gone there, it would have come before b's.
      expect(await theirs.next(new RegExp(`id: ${b.id}`))).toBeTruthy()
      expect(theirs.body()).not.toContain(a.id)
      expect(theirs.body()).not.toContain(firm.uscc)
      expect(mine.body()).not.toContain(b.id)
      await x.audit.flush()
      const after = await x.audit.list({ action: 'monitoring.alerts.read', limit: 1000 })
      expect(after.length - before).toBe(2)
      expect(after.map((e) => e.details)).toEqual(expect.arrayContaining([
        expect.objectContaining({ alert: a.id, channel: 'stream', subjects: [firm.uscc] }),
        expect.objectContaining({ alert: b.id, channel: 'stream', subjects: [rivalFirm.uscc] }),
      ]))
      mine.close()
      theirs.close()
    })

    it('ends a stream whose session was logged out, and sends it nothing more', async () => {
      const s = await x.access.openSession(as.institution.principal.accountId)
      const stream = await open({ principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } })
      expect(stream.status).toBe(200)
      await x.access.logout(s.token)
      const a = (await x.monitoring.service.gradeDropped({ subjectKey: firm.uscc, from: 'B', to: 'C', scheme: '测试', key: 'after-logout' }))[0]!
      await stream.ended()
      expect(stream.body()).not.toContain(a.id)
    })

    describe('a reconnect with Last-Event-ID', () => {
      const reopen = (who: Caller, lastEventId: string) => openStream(port, '/api/monitoring/alerts/stream', { ...who.headers, 'last-event-id': lastEventId }).then((s) => {
        opened.push(s)
        return s
      })
      const drop = async (who: Firm, key: string) => (await x.monitoring.service.gradeDropped({ subjectKey: who.uscc, from: 'A', to: 'B', scheme: '测试', key }))[0]!
      const eventIds = (body: string) => [...body.matchAll(/^id: (.+)$/gm)].map((m) => m[1])

      it('is sent the alerts raised while it was away, oldest first and audited, then live ones, each once', async () => {
        // The client last received `seen`; the two after it were raised while it was away.
        const seen = await drop(firm, 'replay-seen')
        const missed = [await drop(firm, 'replay-missed-1'), await drop(firm, 'replay-missed-2')]
        const again = await reopen(as.institution, seen.id)
        expect(again.status).toBe(200)
        await again.next(new RegExp(`id: ${missed[1]!.id}`))
        const live = await drop(firm, 'replay-live')
        await again.next(new RegExp(`id: ${live.id}`))
        expect(eventIds(again.body())).toEqual([missed[0]!.id, missed[1]!.id, live.id])
        await x.audit.flush()
        again.close()
        const after = await x.audit.list({ action: 'monitoring.alerts.read', limit: 1000 })
        expect(after.map((e) => e.details)).toEqual(expect.arrayContaining(
          [...missed, live].map((a) => expect.objectContaining({ alert: a.id, channel: 'stream', subjects: [firm.uscc] })),
        ))
      })

      it('replays nothing after another institution\'s alert id, and never that institution\'s alerts', async () => {
        const mine = await drop(firm, 'replay-cross-mine')
        // The rival names an alert of ours from before several others: were the id honoured, those would come first.
        const theirs = await reopen(rival, alertId)
        expect(theirs.status).toBe(200)
        const own = await drop(rivalFirm, 'replay-cross-theirs')
        await theirs.next(new RegExp(`id: ${own.id}`))
        expect(eventIds(theirs.body())).toEqual([own.id])
        expect(theirs.body()).not.toContain(mine.id)
        expect(theirs.body()).not.toContain(firm.uscc)
        theirs.close()
      })

      it('refuses a Last-Event-ID that is no alert id with a 400, before the stream opens', async () => {
        for (const bad of ['\' or 1=1 --', '42', 'x'.repeat(5000), `${alertId},${alertId}`]) {
          const s = await reopen(as.institution, bad)
          expect(s.status).toBe(400)
          const problem = JSON.parse(await s.ended())
          expect(problem.code).toBe('MONITORING_LAST_EVENT_ID_INVALID')
          expect(problem.detail).toContain('Last-Event-ID')
          expect(problem.detail_en).toContain('Last-Event-ID')
        }
      })
    })

    it('bounds the streams one account holds open, frees a slot when a client goes, and leaves other accounts alone', async () => {
      // Clients that go at once, while their subscription is still starting, must not keep their slots.
      for (let i = 0; i < STREAM_LIMITS.perAccount * 3; i++) (await openStream(port, '/api/monitoring/alerts/stream', as.institution.headers, { abortAtOnce: true })).close()
      const held: Stream[] = []
      for (let i = 0; i < STREAM_LIMITS.perAccount; i++) {
        const s = await retryUntilOpen(() => open(as.institution))
        held.push(s)
      }
      const refused = await open(as.institution)
      expect(refused.status).toBe(429)
      expect(JSON.parse(await refused.ended()).code).toBe('MONITORING_TOO_MANY_STREAMS')
      expect((await open(rival)).status).toBe(200)
      held.pop()!.close()
      expect((await retryUntilOpen(() => open(as.institution))).status).toBe(200)
    })

    it('gives up an attempt on an endpoint that trickles its answer at the time limit, not when the endpoint stops', async () => {
      const trickler = createServer((req, res) => {
        req.resume()
        res.writeHead(200, { 'content-type': 'text/plain' })
        const drip = setInterval(() => res.write('.'), 20)
        res.on('close', () => clearInterval(drip))
      })
      await new Promise<void>((done) => trickler.listen(0, '127.0.0.1', done))
      // Monitoring as a closed network runs it: private addresses allowed, so the endpoint can be this process's.
      const closed = createMonitoring({ db: x.db, dataKey: x.config.dataKey, grants: x.grants, audit: x.audit, catalog: x.catalog, allowPrivateWebhooks: true, sender: { timeoutMs: 300 } })
      try {
        await closed.service.setWebhook(rival.principal, { url: `http://127.0.0.1:${(trickler.address() as AddressInfo).port}/hook` })
        await closed.service.gradeDropped({ subjectKey: rivalFirm.uscc, from: 'A', to: 'C', scheme: '测试', key: 'trickle' })
        expect(await closed.sender.sendDue()).toBe(1)
        const log = await closed.service.deliveries(rival.principal, { limit: 10, offset: 0 })
        expect(log.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1, log: [{ n: 1, error: 'timed out after 300 ms' }] })
      } finally {
        await closed.close()
        trickler.closeAllConnections()
        await new Promise((done) => trickler.close(done))
      }
    })

    /** A slot is freed when the server sees the client's socket close, which is a moment after the client closes it. */
    async function retryUntilOpen(openOne: () => Promise<Stream>): Promise<Stream> {
      for (let i = 0; i < 100; i++) {
        const s = await openOne()
        if (s.status === 200) return s
        s.close()
        await new Promise((done) => setTimeout(done, 20))
      }
      throw new Error('no stream slot was freed')
    }
  })
})

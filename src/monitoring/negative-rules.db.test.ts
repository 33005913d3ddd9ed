import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from '../access/index.js'
import { BANK, ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString()

/**
 * What counts as negative per item, set by the operator over HTTP: checked against the catalog, each change kept and
 * audited, and read by the change consumer from its next change on.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: negative-record rules`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      await x.grants.create(as.enterprise.principal, { institution: BANK, categories: ['taxation'], mode: 'view', purpose: '贷后管理', validUntil: inDays(30) })
      await x.monitoring.service.addWatches(as.institution.principal, [{ subjectKey: firm.uscc }])
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (who: Role, method: 'GET' | 'PUT', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: as[who].headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
    const alertsNow = async () => (await x.monitoring.service.alerts(as.institution.principal, { unacknowledged: false, limit: 100, offset: 0 })).alerts.filter((a) => a.kind === 'penalty').length

    it('lists the rules for the operator and changes one, keeping the change beside it and in the audit log', async () => {
      const list = await call('operator', 'GET', '/api/monitoring/negative-rules')
      expect(list.statusCode).toBe(200)
      expect(list.json().find((r: { itemKey: string }) => r.itemKey === 'water_bill')).toMatchObject({ kind: 'utility_arrears', condition: { sustainedMonths: 3 }, itemName: '水费信息' })
      const put = await call('operator', 'PUT', '/api/monitoring/negative-rules/water_bill', { kind: 'utility_arrears', condition: { all: [{ field: 'has_arrears', equals: true }], sustainedMonths: 6 } })
      expect(put.statusCode, put.body).toBe(200)
      expect(put.json()).toMatchObject({ itemKey: 'water_bill', condition: { sustainedMonths: 6 }, updatedBy: 'operator' })
      const history = (await call('operator', 'GET', '/api/monitoring/negative-rules/water_bill/history')).json()
      expect(history[0]).toMatchObject({ changedBy: 'operator', condition: { sustainedMonths: 6 }, previousKind: 'utility_arrears', previousCondition: { sustainedMonths: 3 } })
      await x.audit.flush()
      const [e] = await x.audit.list({ action: 'monitoring.negative_rule.set', limit: 1 })
      expect(e!.details).toMatchObject({ itemKey: 'water_bill', previous: { condition: { sustainedMonths: 3 } } })
      // An item of the catalog without a rule yet gets one.
      const added = await call('operator', 'PUT', '/api/monitoring/negative-rules/housing_fund_contribution', { kind: 'utility_arrears', condition: { all: [{ field: 'last_normal_payment_date', absent: true }] } })
      expect(added.statusCode).toBe(200)
      expect((await call('operator', 'GET', '/api/monitoring/negative-rules/housing_fund_contribution/history')).json()[0]).toMatchObject({ previousKind: null, previousCondition: null })
    })

    it('refuses an unknown item, field or kind, a yes/no field compared with text, and a test that says nothing, naming the rule and the place', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['no_such_item', { kind: 'penalty', condition: {} }, /no_such_item/],
        ['water_bill', { kind: 'penalty_typo', condition: {} }, /water_bill\.kind/],
        ['water_bill', { kind: 'grade_drop', condition: {} }, /water_bill\.kind/],
        ['water_bill', { kind: 'utility_arrears', condition: { all: [{ field: 'arrears', equals: true }] } }, /water_bill\.condition\.all\[0\]\.field/],
        ['water_bill', { kind: 'utility_arrears', condition: { all: [{ field: 'has_arrears', equals: 'true' }] } }, /water_bill\.condition\.all\[0\]\.equals/],
        ['water_bill', { kind: 'utility_arrears', condition: { all: [{ field: 'has_arrears' }] } }, /water_bill\.condition\.all\[0\]/],
      ]
      for (const [item, body, where] of cases) {
        const r = await call('operator', 'PUT', `/api/monitoring/negative-rules/${item}`, body)
        expect(r.statusCode, JSON.stringify(body) + r.body).toBe(400)
        expect(r.json().code).toBe('MONITORING_NEGATIVE_RULE_INVALID')
        expect(r.json().detail ?? r.json().title).toMatch(where)
      }
      const r = await call('operator', 'PUT', '/api/monitoring/negative-rules/water_bill', { kind: 'utility_arrears', condition: { sustainedMonths: 37 } })
      expect(r.statusCode).toBe(400)
      expect((await call('operator', 'GET', '/api/monitoring/negative-rules')).json().find((x: { itemKey: string }) => x.itemKey === 'water_bill').condition.sustainedMonths).toBe(6)
    })

    it('takes effect with the next change the consumer reads', async () => {
      const before = await alertsNow()
      // Only a penalty that revokes a licence counts now: a fine raises nothing.
      expect((await call('operator', 'PUT', '/api/monitoring/negative-rules/administrative_penalty', { kind: 'penalty', condition: { all: [{ field: 'penalty_content', equals: '吊销营业执照' }] } })).statusCode).toBe(200)
      await ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ uscc: firm.uscc, entity_name: firm.name })], '银川市市场监督管理局')
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      expect(await alertsNow()).toBe(before)
      await ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ uscc: firm.uscc, entity_name: firm.name, penalty_content: '吊销营业执照' })], '银川市市场监督管理局')
      for (;;) if (!(await x.monitoring.consumer.step()).more) break
      expect(await alertsNow()).toBe(before + 1)
    })

    it('names the item and the fields a rule tests in Chinese, from the catalog, beside their keys', async () => {
      const res = await call('operator', 'GET', '/api/monitoring/negative-rules')
      expect(res.statusCode).toBe(200)
      const water = (res.json() as Array<{ itemKey: string; itemName: string; fieldNames: Record<string, string> }>).find((r) => r.itemKey === 'water_bill')!
      const field = x.catalog.current().get('water_bill')!.item.fields.find((f) => f.key === 'has_arrears')!
      expect(water).toMatchObject({ itemName: '水费信息', fieldNames: { has_arrears: field.name } })
      expect(field.name).not.toBe('has_arrears')
    })
  })
}

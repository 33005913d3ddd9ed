import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/index.js'
import type { Xinshu } from '../app/index.js'
import type { Role } from './access.types.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { ingestRows, seedCallers, seedFirm, type Caller, type Firm } from '../../test/fixtures/access.fixtures.js'

/** A key's secret, read as the server reads a key (`xs_<id>_<secret>`; the secret may hold `_` itself). */
const secretOf = (key: string) => /^xs_[0-9a-f]{12}_(.+)$/.exec(key)![1]!

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/**
 * Onboarding as the station's staff and users meet it: the operator lists institutions and platforms, opens accounts
 * and issues keys; systems are held to their keys' scopes; a disabled institution is shut out; an enterprise
 * registers itself and is tied to its subject after the configured check; it signs commitments and declares its own
 * data, which every view shows apart from providers' records.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: onboarding over HTTP`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    const call = (who: Role | { authorization: string } | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: who === null ? {} : typeof who === 'string' ? as[who].headers : who, ...(payload !== undefined ? { payload: payload as object } : {}) })
    const actions = async (action: string) => (await x.db.query<{ details: Record<string, unknown>; actor_username: string; subject_key: string | null }>(
      'select details, actor_username, subject_key from audit.entry where action = $1 order by seq', [action]))

    describe('the directory of institutions and platforms', () => {
      it('onboards an institution with its type and regions, and answers other contexts by its name', async () => {
        const res = await call('operator', 'POST', '/api/directory', {
          name: '宁夏黄河农村商业银行股份有限公司', kind: 'institution', type: 'bank', regions: ['640100', '640300', '640100'],
          contact: { name: '马经理', phone: '0951-1234567', email: 'credit@example.cn' },
        })
        expect(res.statusCode).toBe(201)
        expect(res.json()).toMatchObject({ typeName: '银行', regions: ['640100', '640300'], disabledAt: null })
        expect(await x.institutions.get('宁夏黄河农村商业银行股份有限公司')).toEqual({
          name: '宁夏黄河农村商业银行股份有限公司', kind: 'institution', type: 'bank', typeName: '银行', regions: ['640100', '640300'], enabled: true,
        })
        expect(await x.institutions.get('不存在的银行')).toBeUndefined()
        expect((await actions('institution.create')).map((e) => e.details.name)).toContain('宁夏黄河农村商业银行股份有限公司')
      })

      it('refuses a second entry of the same name, an unknown type and a region that is no division code', async () => {
        expect((await call('operator', 'POST', '/api/directory', { name: '宁夏黄河农村商业银行股份有限公司', kind: 'institution', type: 'bank', regions: [] })).json().code).toBe('ONBOARDING_ORGANIZATION_EXISTS')
        expect((await call('operator', 'POST', '/api/directory', { name: '某担保公司', kind: 'institution', type: 'pawnshop', regions: [] })).json().code).toBe('ONBOARDING_TYPE_UNKNOWN')
        expect((await call('operator', 'POST', '/api/directory', { name: '某担保公司', kind: 'institution', type: 'guarantee', regions: ['990100'] })).json().code).toBe('ONBOARDING_REGION_UNKNOWN')
        expect((await call('operator', 'POST', '/api/directory', { name: '某平台', kind: 'platform', type: 'bank', regions: [] })).json().code).toBe('ONBOARDING_TYPE_UNKNOWN')
      })

      it('lists platforms apart from institutions and changes an entry\'s regions', async () => {
        await call('operator', 'POST', '/api/directory', { name: '信易贷宁夏总站', kind: 'platform', type: 'xinyidai', regions: ['640000'] })
        const platforms = (await call('operator', 'GET', '/api/directory?kind=platform')).json()
        expect(platforms.rows.map((r: { name: string }) => r.name)).toEqual(['信易贷宁夏总站'])
        const upd = await call('operator', 'PUT', `/api/directory/${encodeURIComponent('信易贷宁夏总站')}`, { type: 'xinyidai', regions: ['640000', '640500'] })
        expect(upd.json().regions).toEqual(['640000', '640500'])
        expect((await call('supervisor', 'GET', '/api/directory?q=黄河')).json().total).toBe(1)
      })
    })

    describe('accounts and keys', () => {
      let bankAccount: string
      let bankToken: string
      let bankPassword: string
      let key: string

      it('opens an institution account only for an organisation in the directory, with a password shown once', async () => {
        const unlisted = await call('operator', 'POST', '/api/accounts', { username: 'ghost-bank', displayName: '某银行', role: 'institution', organization: '未录入的银行' })
        expect(unlisted.json().code).toBe('ONBOARDING_ACCOUNT_ORGANIZATION_UNLISTED')
        const res = await call('operator', 'POST', '/api/accounts', { username: 'hh-bank', displayName: '黄河农商行信贷部', role: 'institution', organization: '宁夏黄河农村商业银行股份有限公司' })
        expect(res.statusCode).toBe(201)
        const { account, initialPassword } = res.json()
        expect(initialPassword).toMatch(/^[A-Za-z0-9]{14}$/)
        bankAccount = account.id
        bankPassword = initialPassword
        bankToken = (await x.access.login('hh-bank', initialPassword)).token
        expect((await call(bearer(bankToken), 'GET', '/api/auth/me')).json()).toMatchObject({ role: 'institution', organization: '宁夏黄河农村商业银行股份有限公司' })
        const listed = (await call('operator', 'GET', '/api/accounts?role=institution')).json()
        expect(listed.rows.map((r: { username: string }) => r.username)).toContain('hh-bank')
        expect(JSON.stringify(listed)).not.toContain('password')
      })

      it('issues a key with scopes that the key then holds, and shows the secret only once', async () => {
        const res = await call('operator', 'POST', `/api/accounts/${bankAccount}/keys`, { label: '信贷系统', scopes: ['profile:read', 'subject:read'], expiresAt: inDays(30) })
        expect(res.statusCode).toBe(201)
        key = res.json().key
        expect(key).toMatch(/^xs_[0-9a-f]{12}_/)
        const keys = (await call('operator', 'GET', `/api/accounts/${bankAccount}/keys`)).json()
        expect(keys).toHaveLength(1)
        expect(keys[0]).toMatchObject({ label: '信贷系统', scopes: ['profile:read', 'subject:read'], status: 'active' })
        expect(JSON.stringify(keys)).not.toContain(secretOf(key))
        expect((await call(bearer(key), 'GET', `/api/subjects/${firm.uscc}/profile`)).statusCode).toBe(200)
        const refused = await call(bearer(key), 'POST', `/api/subjects/${firm.uscc}/verifications`, { questions: [{ expression: 'exists(business_license)' }] })
        expect(refused.statusCode).toBe(403)
        expect(refused.json()).toMatchObject({ code: 'ACCESS_SCOPE_MISSING' })
        expect(refused.json().detail).toContain('verify')
      })

      it('refuses a scope the account\'s role cannot hold and an expiry beyond two years', async () => {
        expect((await call('operator', 'POST', `/api/accounts/${bankAccount}/keys`, { label: 'x', scopes: ['ingest:write'], expiresAt: inDays(30) })).json().code).toBe('ONBOARDING_SCOPE_NOT_FOR_ROLE')
        expect((await call('operator', 'POST', `/api/accounts/${bankAccount}/keys`, { label: 'x', scopes: ['verify'], expiresAt: inDays(800) })).json().code).toBe('ONBOARDING_KEY_EXPIRY_INVALID')
        expect((await call('operator', 'POST', `/api/accounts/${bankAccount}/keys`, { label: 'x', scopes: ['root'], expiresAt: inDays(30) })).statusCode).toBe(400)
      })

      it('shuts out every account and key of a disabled institution, and lets them back when it is enabled', async () => {
        const name = encodeURIComponent('宁夏黄河农村商业银行股份有限公司')
        expect((await call('operator', 'POST', `/api/directory/${name}/disable`, { reason: '合作协议到期' })).json().disabledReason).toBe('合作协议到期')
        expect((await call(bearer(bankToken), 'GET', '/api/auth/me')).json().code).toBe('ACCESS_ORGANIZATION_DISABLED')
        expect((await call(bearer(key), 'GET', `/api/subjects/${firm.uscc}/profile`)).json().code).toBe('ACCESS_ORGANIZATION_DISABLED')
        await expect(x.access.login('hh-bank', bankPassword)).rejects.toMatchObject({ code: 'ACCESS_ORGANIZATION_DISABLED' })
        expect((await x.institutions.get('宁夏黄河农村商业银行股份有限公司'))?.enabled).toBe(false)
        expect((await call('operator', 'POST', `/api/directory/${name}/enable`, {})).json().disabledAt).toBeNull()
        expect((await call(bearer(key), 'GET', `/api/subjects/${firm.uscc}/profile`)).statusCode).toBe(200)
        expect((await actions('institution.disable')).length).toBe(1)
      })

      it('revokes a key at once', async () => {
        const keyId = key.split('_')[1]
        expect((await call('operator', 'POST', `/api/keys/${keyId}/revoke`)).json().status).toBe('revoked')
        expect((await call(bearer(key), 'GET', `/api/subjects/${firm.uscc}/profile`)).json().code).toBe('ACCESS_KEY_INVALID')
        expect((await actions('api_key.revoke')).map((e) => e.details.keyId)).toContain(keyId)
      })

      it('ends the sessions of a disabled account, and of one whose password was reset', async () => {
        expect((await call('operator', 'POST', `/api/accounts/${bankAccount}/disable`, { reason: '人员离职' })).json().status).toBe('disabled')
        expect((await call(bearer(bankToken), 'GET', '/api/auth/me')).statusCode).toBe(401)
        await call('operator', 'POST', `/api/accounts/${bankAccount}/enable`, {})
        const reset = (await call('operator', 'POST', `/api/accounts/${bankAccount}/password`, {})).json()
        expect(reset.password).toMatch(/^[A-Za-z0-9]{14}$/)
        const { token } = await x.access.login('hh-bank', reset.password)
        await call('operator', 'POST', `/api/accounts/${bankAccount}/password`, { password: 'Newpass2026' })
        expect((await call(bearer(token), 'GET', '/api/auth/me')).statusCode).toBe(401)
        await expect(x.access.login('hh-bank', reset.password)).rejects.toMatchObject({ code: 'ACCESS_BAD_CREDENTIALS' })
        expect((await x.access.login('hh-bank', 'Newpass2026')).principal.username).toBe('hh-bank')
        expect((await call('operator', 'POST', `/api/accounts/${bankAccount}/password`, { password: 'onlyletters' })).json().code).toBe('ONBOARDING_PASSWORD_WEAK')
      })

      it('lets an institution issue, list and revoke keys for its own account', async () => {
        const res = await call('institution', 'POST', '/api/self/keys', { label: '授权查询接口', scopes: ['grant:read', 'grant:write'], expiresAt: inDays(10) })
        expect(res.statusCode).toBe(201)
        const own = res.json().key as string
        expect((await call(bearer(own), 'GET', '/api/grants')).statusCode).toBe(200)
        const mine = (await call('institution', 'GET', '/api/self/keys')).json()
        expect(mine.map((k: { accountId: string }) => k.accountId)).toEqual([as.institution.principal.accountId])
        expect((await call('institution', 'POST', `/api/self/keys/${own.split('_')[1]}/revoke`)).json().status).toBe('revoked')
        expect((await call(bearer(own), 'GET', '/api/grants')).statusCode).toBe(401)
      })
    })

    describe('enterprise self-registration', () => {
      const form = (n: number, over: Record<string, unknown> = {}) => ({
        username: `firm${n}`, password: 'Qiye2026abc', uscc: factory.uscc(n), companyName: `宁夏自注册${n}有限公司`, contactName: '刘会计',
        mobile: '13995000000', legalRepresentative: { name: '王小明', idNumber: factory.idNumber(n) }, ...over,
      })

      it('creates a pending account that sees its registration and nothing else until the operator approves', async () => {
        const n = factory.next()
        const res = await call(null, 'POST', '/api/registrations', form(n))
        expect(res.statusCode).toBe(201)
        expect(res.json()).toMatchObject({ status: 'pending', checkMode: 'manual', uscc: factory.uscc(n) })
        const { token } = await x.access.login(`firm${n}`, 'Qiye2026abc')
        expect((await call(bearer(token), 'GET', '/api/auth/me')).json()).toMatchObject({ role: 'enterprise', organization: null, pending: true })
        expect((await call(bearer(token), 'GET', '/api/registration')).json().status).toBe('pending')
        expect((await call(bearer(token), 'GET', '/api/self/profile')).json().code).toBe('ACCESS_REGISTRATION_PENDING')

        const queue = (await call('operator', 'GET', '/api/registrations?status=pending')).json()
        const reg = queue.rows.find((r: { uscc: string }) => r.uscc === factory.uscc(n))
        expect(reg.legalRepresentative.idNumber).toMatch(/^\d{6}\*+\d{3}[\dX]$/)
        expect((await actions('registration.read')).at(-1)?.details.registrations).toContain(reg.id)
        const approved = await call('operator', 'POST', `/api/registrations/${reg.id}/approve`, {})
        expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: as.operator.principal.username })
        expect((await call(bearer(token), 'GET', '/api/auth/me')).json()).toMatchObject({ organization: factory.uscc(n) })
        expect((await call(bearer(token), 'GET', '/api/registration')).json().status).toBe('approved')
        expect((await actions('registration.approve')).map((e) => e.subject_key)).toContain(factory.uscc(n))
      })

      it('refuses with a reason the registrant can read, after which the code may be registered again', async () => {
        const n = factory.next()
        const reg = (await call(null, 'POST', '/api/registrations', form(n))).json()
        expect((await call(null, 'POST', '/api/registrations', form(n, { username: `other${n}` }))).json().code).toBe('ONBOARDING_USCC_CLAIMED')
        expect((await call('operator', 'POST', `/api/registrations/${reg.id}/refuse`, {})).json().code).toBe('ACCESS_REASON_REQUIRED')
        expect((await call('operator', 'POST', `/api/registrations/${reg.id}/refuse`, { reason: '营业执照与法定代表人不符' })).json().status).toBe('refused')
        const { token } = await x.access.login(`firm${n}`, 'Qiye2026abc')
        expect((await call(bearer(token), 'GET', '/api/registration')).json()).toMatchObject({ status: 'refused', reason: '营业执照与法定代表人不符' })
        expect((await call('operator', 'POST', `/api/registrations/${reg.id}/approve`, {})).json().code).toBe('ONBOARDING_REGISTRATION_DECIDED')
        expect((await call(null, 'POST', '/api/registrations', form(n, { username: `again${n}` }))).statusCode).toBe(201)
      })

      it('checks the code, the ID number and the mobile number', async () => {
        const n = factory.next()
        expect((await call(null, 'POST', '/api/registrations', form(n, { uscc: factory.withWrongCheckChar(factory.uscc(n)) }))).json().code).toBe('ONBOARDING_USCC_INVALID')
        expect((await call(null, 'POST', '/api/registrations', form(n, { legalRepresentative: { name: '王小明', idNumber: factory.withWrongCheckChar(factory.idNumber(n), '0123456789X') } }))).json().code).toBe('ONBOARDING_ID_NUMBER_INVALID')
        expect((await call(null, 'POST', '/api/registrations', form(n, { mobile: '12345678901' }))).statusCode).toBe(400)
        expect((await call(null, 'POST', '/api/registrations', form(n, { password: 'short1' }))).statusCode).toBe(400)
      })

      it('with registration-match, ties an account whose legal representative matches the records and refuses one that does not', async () => {
        expect((await call('operator', 'PUT', '/api/settings/registration-check', { mode: 'registration-match' })).json().mode).toBe('registration-match')
        const n = factory.next()
        const uscc = factory.uscc(n)
        const id = factory.idNumber(n)
        await ingestRows(x, 'business_license', [factory.licenseRow({ _n: n, uscc, legal_representative: '王小明' })], '自治区市场监管厅')
        await ingestRows(x, 'administrative_penalty', [factory.penaltyRow({ _n: n, uscc, legal_representative_name: '王小明', legal_representative_id_number: id })], '银川市市场监督管理局')

        const wrongId = (await call(null, 'POST', '/api/registrations', form(n, { legalRepresentative: { name: '王小明', idNumber: factory.idNumber(n + 1) } }))).json()
        expect(wrongId).toMatchObject({ status: 'refused', match: { matched: false, reason: 'id_differs' } })
        const wrongName = (await call(null, 'POST', '/api/registrations', form(n, { username: `wn${n}`, legalRepresentative: { name: '王大明', idNumber: id } }))).json()
        expect(wrongName.match.reason).toBe('name_differs')
        const noRecords = (await call(null, 'POST', '/api/registrations', form(factory.next()))).json()
        expect(noRecords.match.reason).toBe('no_license_record')

        const ok = (await call(null, 'POST', '/api/registrations', form(n, { username: `ok${n}` }))).json()
        expect(ok).toMatchObject({ status: 'approved', match: { matched: true } })
        expect((await x.access.login(`ok${n}`, 'Qiye2026abc')).principal).toMatchObject({ organization: uscc })
        expect((await x.access.login(`ok${n}`, 'Qiye2026abc')).principal.pending).toBeUndefined()
      })

      it('with both, a match still waits for the operator', async () => {
        await call('operator', 'PUT', '/api/settings/registration-check', { mode: 'both' })
        const n = factory.next()
        await ingestRows(x, 'business_license', [factory.licenseRow({ _n: n, uscc: factory.uscc(n), legal_representative: '王小明' })], '自治区市场监管厅')
        await ingestRows(x, 'administrative_license', [{
          entity_name: `宁夏许可${n}有限公司`, uscc: factory.uscc(n), counterparty_category: '法人及非法人组织', legal_representative_name: '王小明',
          legal_representative_id_type: '居民身份证', legal_representative_id_number: factory.idNumber(n), decision_document_name: '准予行政许可决定书',
          decision_document_number: `银审批〔2024〕${n}号`, license_category: '普通', license_certificate_name: '食品经营许可证', license_number: `JY${n}`,
          license_content: '食品销售', decision_date: '2024-01-05', validity_date: '2029-01-04', license_status: '有效', authority_name: '银川市审批服务管理局',
          authority_uscc: factory.uscc(n + 7), data_provider: '银川市审批服务管理局',
        }], '银川市审批服务管理局')
        const reg = (await call(null, 'POST', '/api/registrations', form(n))).json()
        expect(reg).toMatchObject({ status: 'pending', checkMode: 'both', match: { matched: true } })
        await call('operator', 'PUT', '/api/settings/registration-check', { mode: 'manual' })
      })
    })

    describe('自愿填报 and 信用承诺', () => {
      it('stores a declaration apart from providers\' records and shows it marked as self-declared', async () => {
        const res = await call('enterprise', 'POST', '/api/self/declarations', {
          itemKey: 'tax_payment', values: { entity_name: firm.name, uscc: factory.uscc(999_999), vat_payable_last_12_months: '2000000.00', vat_paid_last_12_months: '1999999.00' },
        })
        expect(res.statusCode).toBe(201)
        expect(res.json().values).toMatchObject({ uscc: firm.uscc, vat_paid_last_12_months: '1999999.00' })

        const own = (await call('enterprise', 'GET', '/api/self/profile')).json()
        const tax = own.categories.flatMap((c: { items: Array<{ key: string; records: Array<{ values: Record<string, unknown> }> }> }) => c.items).find((i: { key: string }) => i.key === 'tax_payment')
        expect(tax.records.map((r: { values: Record<string, unknown> }) => r.values.vat_paid_last_12_months)).toEqual(['1250000.00'])
        expect(own.selfDeclared).toMatchObject({ source: 'self-declared', items: [{ key: 'tax_payment', declarations: [{ values: { vat_paid_last_12_months: '1999999.00' } }] }] })
        expect(own.selfDeclared.notice).toContain('自愿填报')

        // An institution without a grant sees none of the restricted tax figures, whoever declared them.
        const bank = (await call('institution', 'GET', `/api/subjects/${firm.uscc}/profile`)).json()
        expect(JSON.stringify(bank.selfDeclared)).not.toContain('1999999')
        const operator = (await call('operator', 'GET', `/api/subjects/${firm.uscc}/profile`)).json()
        expect(operator.selfDeclared.items[0].declarations[0].values).toEqual({ entity_name: firm.name, uscc: firm.uscc })
        expect((await actions('self_declared.add')).map((e) => e.subject_key)).toContain(firm.uscc)
      })

      it('validates values by the catalog\'s field types and refuses items that name no organisation', async () => {
        const bad = await call('enterprise', 'POST', '/api/self/declarations', { itemKey: 'tax_payment', values: { entity_name: firm.name, vat_paid_last_12_months: '很多' } })
        expect(bad.statusCode).toBe(400)
        expect(bad.json()).toMatchObject({ code: 'SELF_DECLARED_VALUES_INVALID' })
        expect(bad.json().errors.issues.map((i: { field: string }) => i.field)).toContain('vat_paid_last_12_months')
        expect((await call('enterprise', 'POST', '/api/self/declarations', { itemKey: 'dishonest_judgment_debtor', values: {} })).json().code).toBe('SELF_DECLARED_ITEM_NOT_DECLARABLE')
      })

      it('withdraws a declaration, which then no longer shows', async () => {
        const [d] = (await call('enterprise', 'GET', '/api/self/declarations')).json()
        expect((await call('enterprise', 'POST', `/api/self/declarations/${d.id}/withdraw`)).json().withdrawnAt).not.toBeNull()
        expect((await call('enterprise', 'GET', '/api/self/profile')).json().selfDeclared.items).toEqual([])
      })

      it('signs a commitment from its template, keeping the text and its SM3', async () => {
        const templates = (await call('enterprise', 'GET', '/api/self/commitment-templates')).json()
        expect(templates.find((t: { type: string }) => t.type === 'financing').text).toContain(`${firm.name}，统一社会信用代码 ${firm.uscc}`)
        expect((await call('enterprise', 'POST', '/api/self/commitments', { type: 'financing', signer: '李四' })).statusCode).toBe(400)
        const res = await call('enterprise', 'POST', '/api/self/commitments', { type: 'financing', signer: '李四', agree: true })
        expect(res.statusCode).toBe(201)
        expect(res.json()).toMatchObject({ typeName: '融资信用承诺', signer: '李四', signedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), textSm3: expect.stringMatching(/^[0-9a-f]{64}$/) })
        const shown = (await call('operator', 'GET', `/api/subjects/${firm.uscc}/profile`)).json()
        expect(shown.selfDeclared.commitments).toMatchObject([{ type: 'financing', signer: '李四' }])
      })

      it('puts self-declared data in the credit report as an appendix apart from the sections, masked and marked', async () => {
        await call('enterprise', 'POST', '/api/self/declarations', {
          itemKey: 'administrative_penalty', values: { ...factory.penaltyRow({ entity_name: firm.name, legal_representative_id_number: firm.legalRepresentativeId }), decision_document_number: '自报〔2024〕1号' },
        })
        const res = await call('enterprise', 'POST', `/api/subjects/${firm.uscc}/reports`, {})
        expect(res.statusCode).toBe(201)
        const report = res.json()
        expect(report.notes.join('')).toContain('自愿填报')
        expect(report.selfDeclared.commitments).toMatchObject([{ type: 'financing' }])
        const penalty = report.selfDeclared.items.find((i: { key: string }) => i.key === 'administrative_penalty')
        expect(penalty.declarations[0].values.legal_representative_id_number).toMatch(/^\d{6}\*+/)
        expect(JSON.stringify(report.sections)).not.toContain('自报〔2024〕1号')
        const pdf = await call('enterprise', 'GET', `/api/reports/${report.reportNo}/pdf`)
        expect(pdf.statusCode).toBe(200)
        // The appendix is covered by the report's verification code like the rest of its content.
        expect((await call(null, 'POST', '/verify', report)).json().genuine).toBe(true)
        const altered = structuredClone(report)
        altered.selfDeclared.commitments[0].signer = '王五'
        expect((await call(null, 'POST', '/verify', altered)).json().genuine).toBe(false)
      })
    })
  })
}

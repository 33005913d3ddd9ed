import type { FastifyInstance } from 'fastify'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/http/app.js'
import type { Xinshu } from '../../src/app/xinshu.js'
import { seedCallers, seedFirm, type Caller, type Firm } from '../fixtures/access.fixtures.js'
import type { Role } from '../../src/access/access.types.js'
import { TEST_DIALECTS } from '../databases.js'
import { openTestXinshu } from '../xinshu.js'

const PENALTY_UNIT = '银川市市场监督管理局'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

function multipart(filename: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----xinshu' + Math.random().toString(16).slice(2)
  return {
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/**
 * Objections and repairs against the real app: other subjects' and other units' cases, roles that may not act,
 * attachments that lie about their type, are too large or too many, names that try to escape, bodies too long.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: hostile objections and repairs`, () => {
    let x: Xinshu
    let app: FastifyInstance
    let firm: Firm
    let as: Record<Role, Caller>
    let other: Caller
    let unit: Caller
    let objectionId: string
    let penaltyKey: string

    const session = async (username: string, role: Role, organization: string): Promise<Caller> => {
      const id = await x.access.createAccount({ username, displayName: username, role, organization })
      const s = await x.access.openSession(id)
      return { principal: s.principal, token: s.token, headers: { authorization: `Bearer ${s.token}` } }
    }

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
      app = await buildApp(x)
      firm = await seedFirm(x)
      as = await seedCallers(x, firm.uscc)
      const otherFirm = await seedFirm(x)
      other = await session('other-firm', 'enterprise', otherFirm.uscc)
      unit = await session('yc-scjg', 'provider', PENALTY_UNIT)
      const records = (await app.inject({ method: 'GET', url: `/api/repairs/subjects/${firm.uscc}/records`, headers: as.enterprise.headers })).json() as Array<{ record: { itemKey: string; recordKey: string } }>
      penaltyKey = records.find((r) => r.record.itemKey === 'administrative_penalty')!.record.recordKey
      const res = await app.inject({ method: 'POST', url: '/api/objections', headers: as.enterprise.headers, payload: { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '处罚决定已被撤销' } })
      expect(res.statusCode).toBe(201)
      objectionId = res.json().id
    })
    afterAll(async () => {
      await app?.close()
      await x?.close()
    })

    it('keeps another enterprise out of an objection and its attachments, and off the first one\'s records', async () => {
      for (const url of [`/api/objections/${objectionId}`, `/api/repairs/subjects/${firm.uscc}/records`]) {
        const res = await app.inject({ method: 'GET', url, headers: other.headers })
        expect(res.statusCode, url).toBe(403)
        expect(res.json().code).toBe('ACCESS_NOT_YOUR_DATA')
      }
      const say = await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/messages`, headers: other.headers, payload: { text: '我也有意见' } })
      expect(say.statusCode).toBe(403)
      const up = multipart('proof.pdf', PDF)
      expect((await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/attachments`, headers: { ...other.headers, ...up.headers }, payload: up.payload })).statusCode).toBe(403)
      // Its own subject has no such record: the first firm's record key names nothing for it.
      const file = await app.inject({ method: 'POST', url: '/api/objections', headers: other.headers, payload: { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '冒名提出' } })
      expect(file.statusCode).toBe(404)
      expect(file.json().code).toBe('REPAIR_RECORD_NOT_FOUND')
      expect((await app.inject({ method: 'GET', url: '/api/objections', headers: other.headers })).json().total).toBe(0)
    })

    it('lets only the record\'s own unit answer, and no other role', async () => {
      const answer = { outcome: 'removed', note: '经核实删除' }
      const tax = await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/answer`, headers: as.provider.headers, payload: answer })
      expect(tax.statusCode).toBe(403)
      expect(tax.json().code).toBe('ACCESS_NOT_YOUR_DATA')
      expect((await app.inject({ method: 'GET', url: `/api/objections/${objectionId}`, headers: as.provider.headers })).statusCode).toBe(403)
      for (const role of ['enterprise', 'operator', 'institution', 'platform', 'supervisor'] as const) {
        const res = await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/answer`, headers: as[role].headers, payload: answer })
        expect(res.statusCode, role).toBe(403)
      }
      expect((await app.inject({ method: 'POST', url: '/api/objections', headers: as.institution.headers, payload: { itemKey: 'administrative_penalty', recordKey: penaltyKey, reasons: '机构代提' } })).statusCode).toBe(403)
    })

    it('refuses a correction of identity fields or of fields the item does not have', async () => {
      for (const values of [{ decision_document_number: '伪造〔2026〕1号' }, { uscc: '91640000000000000X' }, { 'data->>0': 'x' }]) {
        const res = await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/answer`, headers: unit.headers, payload: { outcome: 'corrected', note: '更正', values } })
        expect(res.statusCode, JSON.stringify(values)).toBe(400)
        expect(res.json().code).toBe('REPAIR_CORRECTION_INVALID')
      }
    })

    it('takes PDF, PNG and JPEG by their content only, bounded in size and count, under a safe name', async () => {
      const upload = (name: string, content: Buffer, headers = as.enterprise.headers) => {
        const m = multipart(name, content)
        return app.inject({ method: 'POST', url: `/api/objections/${objectionId}/attachments`, headers: { ...headers, ...m.headers }, payload: m.payload })
      }
      const exe = await upload('proof.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]))
      expect(exe.statusCode).toBe(415)
      expect(exe.json().code).toBe('REPAIR_ATTACHMENT_TYPE')
      const html = await upload('x.pdf', Buffer.from('<html><script>alert(1)</script></html>'))
      expect(html.statusCode).toBe(415)
      const big = await upload('big.pdf', Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]))
      expect(big.statusCode).toBe(413)
      expect(big.json().code).toBe('REPAIR_ATTACHMENT_TOO_LARGE')
      const ok = await upload('../../etc/passwd".pdf', PDF)
      expect(ok.statusCode).toBe(201)
      expect(ok.json()).toMatchObject({ mediaType: 'application/pdf', size: PDF.length })
      expect(ok.json().name).not.toMatch(/[/\\"]|\.\./)
      const got = await app.inject({ method: 'GET', url: `/api/objections/${objectionId}/attachments/${ok.json().id}`, headers: unit.headers })
      expect(got.statusCode).toBe(200)
      expect(got.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(ok.json().name)}`)
      expect(got.headers['x-content-type-options']).toBe('nosniff')
      expect(got.rawPayload.equals(PDF)).toBe(true)
      expect((await app.inject({ method: 'GET', url: `/api/objections/${objectionId}/attachments/${ok.json().id}`, headers: other.headers })).statusCode).toBe(403)
      for (let i = 1; i < 10; i++) expect((await upload(`p${i}.pdf`, PDF, i % 2 ? unit.headers : as.enterprise.headers)).statusCode).toBe(201)
      const eleventh = await upload('p11.pdf', PDF)
      expect(eleventh.statusCode).toBe(409)
      expect(eleventh.json().code).toBe('REPAIR_ATTACHMENT_TOO_MANY')
    })

    it('refuses bodies too long, with unknown fields, or naming records by injection', async () => {
      const long = await app.inject({ method: 'POST', url: `/api/objections/${objectionId}/messages`, headers: as.enterprise.headers, payload: { text: '长'.repeat(2001) } })
      expect(long.statusCode).toBe(400)
      const extra = await app.inject({ method: 'POST', url: '/api/repairs', headers: as.enterprise.headers, payload: { itemKey: 'administrative_penalty', recordKey: penaltyKey, fulfilment: '已缴清', commitmentAccepted: true, status: 'repaired' } })
      expect(extra.statusCode).toBe(400)
      const inj = await app.inject({ method: 'POST', url: '/api/objections', headers: as.enterprise.headers, payload: { itemKey: 'administrative_penalty', recordKey: "' or 1=1 --", reasons: '注入尝试' } })
      expect(inj.statusCode).toBe(404)
      const item = await app.inject({ method: 'POST', url: '/api/repairs', headers: as.enterprise.headers, payload: { itemKey: 'Administrative_Penalty;drop', recordKey: penaltyKey, fulfilment: '已缴清', commitmentAccepted: true } })
      expect(item.statusCode).toBe(400)
    })

    it('shows notices to institutions of their own only, and statistics to the operator and supervisors only', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/repairs/notices', headers: as.enterprise.headers })).statusCode).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/repairs/notices', headers: as.institution.headers })).json()).toEqual([])
      for (const role of ['enterprise', 'provider', 'institution', 'platform'] as const) expect((await app.inject({ method: 'GET', url: '/api/repairs/stats', headers: as[role].headers })).statusCode, role).toBe(403)
      expect((await app.inject({ method: 'GET', url: '/api/repairs/stats', headers: as.supervisor.headers })).json().objections.open).toBe(1)
      expect((await app.inject({ method: 'POST', url: '/api/repairs/sweep', headers: as.provider.headers })).statusCode).toBe(403)
    })

    it('tells no one of a withdrawn record whose read was refused, nor a platform of an item it could not see', async () => {
      const nosy = await session('nosy-bank', 'institution', '宁夏好奇银行')
      // A verification it was refused (no grant for a restricted field) received nothing.
      const refused = await app.inject({ method: 'POST', url: `/api/subjects/${firm.uscc}/verifications`, headers: nosy.headers, payload: { questions: [{ expression: 'exists(real_estate_registration)' }] } })
      expect(refused.statusCode, refused.body).toBe(403)
      // A platform pulls the feed: it receives the penalty (public fields), never the property registration (no grant).
      await app.inject({ method: 'GET', url: '/api/feed/snapshot?limit=1000', headers: as.platform.headers })
      const records = (await app.inject({ method: 'GET', url: `/api/repairs/subjects/${firm.uscc}/records`, headers: as.enterprise.headers })).json() as Array<{ record: { itemKey: string; recordKey: string; version: number } }>
      const property = records.find((r) => r.record.itemKey === 'real_estate_registration')!.record
      const { changeRecordState } = await import('../../src/records/index.js')
      const { noticeRecipients } = await import('../../src/repair/case-support.js')
      const { alertedInstitutions } = await import('../../src/monitoring/index.js')
      await x.audit.flush()
      const told = await x.db.transaction(async (tx) => {
        await changeRecordState(tx, { subjectKey: firm.uscc, itemKey: 'real_estate_registration', recordKey: property.recordKey, version: property.version }, { kind: 'withdrawn', reason: '测试', ref: null, actor: 'test', at: new Date(), source: 'repair' })
        return noticeRecipients({ db: x.db, catalog: x.catalog, registry: x.registry, audit: x.audit, platforms: x.feed, alerts: { alertedOf: alertedInstitutions } }, tx, { subjectKey: firm.uscc, itemKey: 'real_estate_registration', recordKey: property.recordKey }, 'removed', '00000000-0000-4000-8000-000000000001', new Date())
      })
      expect(told).toBe(0)
      for (const who of [nosy, as.platform]) expect((await app.inject({ method: 'GET', url: '/api/repairs/notices', headers: who.headers })).json()).toEqual([])
    })

    it('holds the bound on attachments when uploads of one case arrive at once', async () => {
      const records = (await app.inject({ method: 'GET', url: `/api/repairs/subjects/${firm.uscc}/records`, headers: as.enterprise.headers })).json() as Array<{ record: { itemKey: string; recordKey: string } }>
      const target = records.find((r) => r.record.itemKey !== 'administrative_penalty')!.record
      const filed = await app.inject({ method: 'POST', url: '/api/objections', headers: as.enterprise.headers, payload: { itemKey: target.itemKey, recordKey: target.recordKey, reasons: '记录有误' } })
      expect(filed.statusCode, filed.body).toBe(201)
      const id = filed.json().id as string
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => {
        const m = multipart(`p${i}.pdf`, PDF)
        return app.inject({ method: 'POST', url: `/api/objections/${id}/attachments`, headers: { ...as.enterprise.headers, ...m.headers }, payload: m.payload })
      }))
      expect(answers.filter((a) => a.statusCode === 201).length).toBe(10)
      expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'REPAIR_ATTACHMENT_TOO_MANY')).toBe(true)
      const detail = await app.inject({ method: 'GET', url: `/api/objections/${id}`, headers: as.enterprise.headers })
      expect(detail.json().attachments.length).toBe(10)
    })

    it('refuses an upload whose case the provider closed while its body was still arriving', async () => {
      const target = await seedFirm(x)
      const enterprise = await session(`e-late-${target.n}`, 'enterprise', target.uscc)
      const records = (await app.inject({ method: 'GET', url: `/api/repairs/subjects/${target.uscc}/records`, headers: enterprise.headers })).json() as Array<{ record: { itemKey: string; recordKey: string } }>
      const penalty = records.find((r) => r.record.itemKey === 'administrative_penalty')!.record
      const o = await x.objections.file(enterprise.principal, { itemKey: penalty.itemKey, recordKey: penalty.recordKey, reasons: '处罚决定已被撤销' })
      // The upload passes the open-case check and starts reading its body; the provider answers before the body ends.
      let reading!: () => void
      const started = new Promise<void>((done) => (reading = done))
      const body = new Readable({ read: () => reading() })
      const upload = x.objections.attach(enterprise.principal, o.id, { name: 'late.pdf', stream: body }).then(() => undefined, (e: unknown) => e)
      await started
      expect((await x.objections.answer(unit.principal, o.id, { outcome: 'kept', note: '经核实，维持原记录' })).status).toBe('kept')
      body.push(PDF)
      body.push(null)
      expect(await upload).toMatchObject({ code: 'REPAIR_CASE_CLOSED' })
      const detail = await app.inject({ method: 'GET', url: `/api/objections/${o.id}`, headers: enterprise.headers })
      expect(detail.json()).toMatchObject({ status: 'kept', attachments: [] })
    })
  })
}

import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { beijingDate } from '../core/index.js'
import type { Sql, WorkingCalendar } from '../core/index.js'
import { actorOf } from '../audit/index.js'
import { AccessErrors, type Principal } from '../access/index.js'
import { changeRecordState, correctRecord, readStatefulRecord } from '../records/index.js'
import {
  addMessage, attachmentOf, MAX_TEXT, text, caseRecordOf, fetchAttachment, itemNameOf, messageOf, noticeRecipients, repo, requireCase, scopeOf, storeAttachment, viewOf,
  type RepairDeps,
} from './case-support.js'
import type { ObjectionRow } from './repair.repository.js'
import { RepairErrors } from './repair.errors.js'
import type { AttachmentInfo, Clock, Objection, ObjectionDetail, ObjectionOutcome } from './repair.types.js'

const OUTCOME_ZH: Record<ObjectionOutcome, string> = { corrected: '更正', kept: '维持', removed: '删除' }
const STATUS_ZH: Record<string, string> = { open: '处理中', corrected: '已更正', kept: '已维持', removed: '已删除' }


/**
 * Objections (异议, §十七): an enterprise disputes one of its records with reasons and attachments; the record shows
 * 异议中 in profiles, reports and verifications from that commit on; the providing unit answers within
 * `objectionDays` working days by correcting the record (a new version), keeping it (with reasons) or removing it
 * (withdrawn: no longer shared). Every message, attachment and decision is kept, with who and when.
 *
 * @example
 * const o = await objections.file(enterprise, { itemKey: 'administrative_penalty', recordKey, reasons: '处罚已撤销' })
 * await objections.answer(provider, o.id, { outcome: 'removed', note: '经核实，处罚决定已于 2026-03-01 撤销' })
 */
export function createObjectionService(deps: RepairDeps & { calendar: WorkingCalendar; objectionDays: number; dataKey: Buffer }) {
  const { db, catalog, registry, audit, calendar } = deps
  const now = deps.now ?? (() => new Date())

  function clockOf(o: ObjectionRow, today: string): Clock {
    const overdue = o.status === 'open' && today > o.due_on
    const remaining = o.status !== 'open' || overdue ? 0 : calendar.workingDaysBetween(today, o.due_on)
    return { dueOn: o.due_on, remainingWorkingDays: remaining, overdue }
  }

  function objectionOf(o: ObjectionRow, today: string): Objection {
    return {
      id: o.id, subjectKey: o.subject_key, itemKey: o.item_key, itemName: itemNameOf(catalog, o.item_key), recordKey: o.record_key, recordVersion: o.record_version,
      provider: o.provider, reasons: o.reasons, status: o.status as Objection['status'], filedBy: o.filed_by, filedAt: new Date(o.filed_at).toISOString(),
      clock: clockOf(o, today), decidedBy: o.decided_by, decidedAt: o.decided_at ? new Date(o.decided_at).toISOString() : null, decisionNote: o.decision_note, correction: o.correction,
    }
  }

  async function visible(p: Principal, id: string): Promise<ObjectionRow> {
    const view = viewOf(p, registry)
    const o = await repo.objection(db, id)
    if (!o) throw RepairErrors.OBJECTION_NOT_FOUND(id)
    requireCase(view, o)
    return o
  }

  /** Checks a correction's values against the item's catalog fields: known, not identity, not sealed identifiers, plain values. */
  function checkCorrection(itemKey: string, values: Record<string, unknown>): Record<string, unknown> {
    const item = catalog.current().items.get(itemKey)?.item
    if (!item) throw RepairErrors.CORRECTION_INVALID(itemKey, '信息项不在共享清单中 / item not in the sharing list')
    const keys = Object.keys(values)
    if (keys.length === 0 || keys.length > item.fields.length) throw RepairErrors.CORRECTION_INVALID('values', '请给出要更正的字段 / name the fields to correct')
    const out: Record<string, unknown> = {}
    for (const k of keys) {
      const f = item.fields.find((x) => x.key === k)
      if (!f) throw RepairErrors.CORRECTION_INVALID(k, '不是该信息项的字段 / not a field of this item')
      if (item.identity?.includes(k) || f.type === 'uscc') throw RepairErrors.CORRECTION_INVALID(k, '标识字段不能更正（请删除后由提供单位重新报送）/ identity fields cannot be corrected')
      if (f.type === 'id_number' || f.sensitivity === 'sensitive') throw RepairErrors.CORRECTION_INVALID(k, '证件号码类字段须经报送渠道更正 / identifiers are corrected through a delivery')
      const v = values[k]
      if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw RepairErrors.CORRECTION_INVALID(k, '须为文字、数字或布尔值 / must be text, a number or a boolean')
      if (typeof v === 'string' && v.length > MAX_TEXT) throw RepairErrors.CORRECTION_INVALID(k, `最多 ${MAX_TEXT} 字 / at most ${MAX_TEXT} characters`)
      if (f.type === 'date' && typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw RepairErrors.CORRECTION_INVALID(k, '日期须为 YYYY-MM-DD / a date must be YYYY-MM-DD')
      if (f.type === 'money' && v !== null && !Number.isFinite(Number(v))) throw RepairErrors.CORRECTION_INVALID(k, '金额须为数字 / an amount must be a number')
      out[k] = v
    }
    return out
  }

  const service = {
    /** The enterprise objects to one of its records. */
    async file(p: Principal, input: { itemKey: string; recordKey: string; reasons: string }): Promise<Objection> {
      const view = viewOf(p, registry)
      if (view.kind !== 'subject') throw AccessErrors.FORBIDDEN(p.role)
      const reasons = text('reasons', input.reasons)
      const at = now()
      const today = beijingDate(at)
      const row = await db.transaction(async (tx) => {
        const ref = { subjectKey: view.subjectKey, itemKey: input.itemKey, recordKey: input.recordKey }
        const record = await readStatefulRecord(tx, ref, { lock: true })
        if (!record) throw RepairErrors.RECORD_NOT_FOUND(`${input.itemKey}/${input.recordKey}`)
        if (record.state === 'withdrawn') throw RepairErrors.RECORD_WITHDRAWN()
        const open = await repo.openObjectionOf(tx, ref)
        if (open) throw RepairErrors.OBJECTION_OPEN(open.id)
        const o: ObjectionRow = {
          subject_key: ref.subjectKey, id: randomUUID(), item_key: ref.itemKey, record_key: ref.recordKey, record_version: record.version, provider: record.provider,
          reasons, status: 'open', filed_by: p.username, filed_at: at, due_on: calendar.addWorkingDays(today, deps.objectionDays),
          decided_by: null, decided_at: null, decision_note: null, correction: null,
        }
        await repo.insertObjection(tx, o)
        await addMessage(tx, o.subject_key, o.id, p, 'filed', reasons, at)
        await changeRecordState(tx, record, { kind: 'objected', reason: '信用主体提出异议', ref: o.id, actor: p.username, at, source: 'objection', provider: record.provider })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'objection.file', subjectKey: o.subject_key, items: [o.item_key], details: { objection: o.id, record: o.record_key, dueOn: o.due_on } })
        return o
      })
      return objectionOf(row, today)
    },

    /**
     * The providing unit's answer: `corrected` writes `values` as the record's next version, `kept` keeps it as it
     * is (with reasons), `removed` withdraws it and tells whoever received it. The 异议中 label ends in the same commit.
     */
    async answer(p: Principal, id: string, input: { outcome: ObjectionOutcome; note: string; values?: Record<string, unknown> | undefined }): Promise<ObjectionDetail> {
      const view = viewOf(p, registry)
      if (view.kind !== 'provider') throw AccessErrors.FORBIDDEN(p.role)
      const note = text('note', input.note)
      const values = input.outcome === 'corrected' ? checkCorrection((await visible(p, id)).item_key, input.values ?? {}) : null
      if (input.outcome !== 'corrected' && input.values) throw RepairErrors.INVALID('values', '只有“更正”需要更正内容 / only a correction carries values')
      const at = now()
      await db.transaction(async (tx) => {
        const o = await repo.objection(tx, id, true)
        if (!o) throw RepairErrors.OBJECTION_NOT_FOUND(id)
        requireCase(view, o)
        if (o.status !== 'open') throw RepairErrors.CASE_CLOSED('异议', STATUS_ZH[o.status] ?? o.status, OUTCOME_ZH[input.outcome])
        const ref = { subjectKey: o.subject_key, itemKey: o.item_key, recordKey: o.record_key }
        const record = await readStatefulRecord(tx, ref, { lock: true })
        if (!record) throw RepairErrors.RECORD_NOT_FOUND(`${o.item_key}/${o.record_key}`)
        const common = { ref: o.id, actor: p.username, at, source: 'objection' as const, provider: record.provider }
        if (input.outcome === 'corrected') {
          const version = await correctRecord(tx, record, { values: values!, dataKey: deps.dataKey, ref: o.id, actor: p.username, reason: note, at, catalogVersion: catalog.current().version })
          await changeRecordState(tx, { ...ref, version }, { ...common, kind: 'objection_closed', reason: `异议已处理：更正（${note}）` })
        } else if (input.outcome === 'kept') {
          await changeRecordState(tx, record, { ...common, kind: 'objection_closed', reason: `异议已处理：维持（${note}）` })
        } else {
          await changeRecordState(tx, record, { ...common, kind: 'withdrawn', reason: `异议成立，删除（${note}）` })
          await noticeRecipients(deps, tx, ref, 'removed', o.id, at)
        }
        await repo.decideObjection(tx, { id: o.id, status: input.outcome, decidedBy: p.username, decidedAt: at, note, correction: values })
        await addMessage(tx, o.subject_key, o.id, p, 'decision', `${OUTCOME_ZH[input.outcome]}：${note}`, at)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'objection.answer', subjectKey: o.subject_key, items: [o.item_key], details: { objection: o.id, outcome: input.outcome, ...(values ? { fields: Object.keys(values) } : {}) } })
      })
      return service.get(p, id)
    },

    /** A message to the other side of an open objection. */
    async say(p: Principal, id: string, message: string): Promise<ObjectionDetail> {
      const o = await visible(p, id)
      if (o.status !== 'open') throw RepairErrors.CASE_CLOSED('异议', STATUS_ZH[o.status] ?? o.status, '留言')
      const t = text('text', message)
      await db.transaction((tx) => addMessage(tx, o.subject_key, o.id, p, 'message', t, now()))
      return service.get(p, id)
    },

    async attach(p: Principal, id: string, file: { name: string; stream: Readable }): Promise<AttachmentInfo> {
      const o = await visible(p, id)
      if (p.role === 'operator') throw AccessErrors.FORBIDDEN(p.role)
      if (o.status !== 'open') throw RepairErrors.CASE_CLOSED('异议', STATUS_ZH[o.status] ?? o.status, '上传附件')
      const stillOpen = async (tx: Sql) => {
        const now = (await repo.objection(tx, o.id, true))!
        if (now.status !== 'open') throw RepairErrors.CASE_CLOSED('异议', STATUS_ZH[now.status] ?? now.status, '上传附件')
      }
      return storeAttachment(deps, p, { subjectKey: o.subject_key, caseId: o.id, stillOpen }, file)
    },

    async attachment(p: Principal, id: string, attachmentId: string) {
      const o = await visible(p, id)
      return fetchAttachment(deps, p, { subjectKey: o.subject_key, caseId: o.id }, attachmentId)
    },

    /** One objection with its record, the whole exchange and the attachments; the read is audited. */
    async get(p: Principal, id: string): Promise<ObjectionDetail> {
      const o = await visible(p, id)
      const [record, messages, attachments] = [
        await readStatefulRecord(db, { subjectKey: o.subject_key, itemKey: o.item_key, recordKey: o.record_key }),
        await repo.messages(db, o.subject_key, o.id),
        await repo.attachments(db, o.subject_key, o.id),
      ]
      await audit.append({ actor: actorOf(p), action: 'objection.read', subjectKey: o.subject_key, items: [o.item_key], details: { objection: o.id } })
      return { ...objectionOf(o, beijingDate(now())), record: record ? caseRecordOf(catalog, record) : null, messages: messages.map(messageOf), attachments: attachments.map(attachmentOf) }
    },

    /** The caller's objections: a subject its own, a unit its work queue (open first, by deadline), the operator all (`overdue` for those past due). */
    async list(p: Principal, q: { status?: string | undefined; overdue?: boolean | undefined; limit: number; offset: number }): Promise<{ total: number; objections: Objection[] }> {
      const view = viewOf(p, registry)
      const today = beijingDate(now())
      const { total, rows } = await repo.listObjections(db, { ...scopeOf(view), status: q.status, overdueBefore: q.overdue ? today : undefined, limit: q.limit, offset: q.offset })
      return { total, objections: rows.map((o) => objectionOf(o, today)) }
    },
  }
  return service
}

export type ObjectionService = ReturnType<typeof createObjectionService>

import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { beijingDate } from '../core/index.js'
import { sm3 } from '../core/index.js'
import type { Sql } from '../core/index.js'
import { actorOf, type AuditActor } from '../audit/index.js'
import { AccessErrors, type Principal } from '../access/index.js'
import { changeRecordState, listRecordsStartedBy, listSubjectRecords, readStatefulRecord, type StatefulRecord } from '../records/index.js'
import {
  addMessage, attachmentOf, text, caseRecordOf, fetchAttachment, itemNameOf, messageOf, noticeRecipients, repo, requireCase, scopeOf, storeAttachment, SYSTEM_ACTOR, viewOf,
  type RepairDeps,
} from './case-support.js'
import type { ApplicationRow, NoticeRow } from './repair.repository.js'
import { RepairErrors } from './repair.errors.js'
import { addMonths, CLASS_NAMES_ZH, publicityOf, shortestMaxMonths, type RepairRules } from './repair-rules.js'
import type { AttachmentInfo, RepairApplication, RepairApplicationDetail, RepairEligibility, RepairNotice, RepairStats } from './repair.types.js'

/** The 信用承诺 an enterprise accepts when it applies for repair; its SM3 is kept with the application. */
export const REPAIR_COMMITMENT_TEXT =
  '本单位郑重承诺：已按照行政处理决定或者司法裁判履行相关义务，纠正失信行为、消除不良影响；所提交的材料真实、合法、有效；' +
  '信用修复后严格遵守法律法规，诚信经营。如有虚假，愿意承担相应法律责任，并同意将承诺履行情况纳入信用记录。'

const STATUS_ZH: Record<string, string> = { open: '审核中', repaired: '已修复', refused: '未通过' }


const applicationOf = (deps: RepairDeps, a: ApplicationRow): RepairApplication => ({
  id: a.id, subjectKey: a.subject_key, itemKey: a.item_key, itemName: itemNameOf(deps.catalog, a.item_key), recordKey: a.record_key, provider: a.provider,
  kind: a.kind, class: a.class, ruleSet: a.rule_set, publicityStart: a.publicity_start, minEnd: a.min_end, maxEnd: a.max_end, status: a.status as RepairApplication['status'],
  fulfilment: a.fulfilment, commitment: a.commitment, filedBy: a.filed_by, filedAt: new Date(a.filed_at).toISOString(),
  decidedBy: a.decided_by, decidedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null, decisionNote: a.decision_note,
})

const noticeOf = (n: NoticeRow): RepairNotice => ({
  id: n.id, subjectKey: n.subject_key, itemKey: n.item_key, recordKey: n.record_key, reason: n.reason, caseId: n.case_id,
  createdAt: new Date(n.created_at).toISOString(), readAt: n.read_at ? new Date(n.read_at).toISOString() : null,
})

/**
 * Credit repair (信用修复, §十七) under the rules of `data/repair/rules.json`: publicity of 失信 information ends by
 * itself when its maximum passes (`sweep`), and the subject may apply once its minimum has passed, with proof of
 * fulfilment and a 信用承诺; the providing unit decides. A repaired record is withdrawn (终止公示, 停止共享和使用):
 * gone from everything shared, a `withdrawn` change on the records change feed (evaluation re-scores from it), and a
 * notice to every institution and platform whose audited reads took in its item.
 *
 * @example
 * await repairs.apply(enterprise, { itemKey: 'administrative_penalty', recordKey, fulfilment: '罚款已于 2026-06-01 缴清', commitmentAccepted: true })
 * await repairs.sweep() // { checked: 120, ended: 3 }
 */
export function createRepairService(deps: RepairDeps & { rules: RepairRules }) {
  const { db, catalog, registry, audit, rules } = deps
  const now = deps.now ?? (() => new Date())

  async function visible(p: Principal, id: string): Promise<ApplicationRow> {
    const view = viewOf(p, registry)
    const a = await repo.application(db, id)
    if (!a) throw RepairErrors.APPLICATION_NOT_FOUND(id)
    requireCase(view, a)
    return a
  }

  function eligibilityOf(r: StatefulRecord, today: string, openCase: boolean): RepairEligibility {
    const pub = publicityOf(rules, r.itemKey, r.data)
    return {
      itemKey: r.itemKey, recordKey: r.recordKey, dishonesty: pub !== null, class: pub?.class ?? null, ruleSet: pub?.ruleSet.id ?? null,
      publicityStart: pub?.start ?? null, minEnd: pub?.minEnd ?? null, maxEnd: pub?.maxEnd ?? null,
      canApply: pub !== null && r.state !== 'withdrawn' && pub.minEnd <= today && !openCase,
    }
  }

  /** Withdraws a record whose publicity ended, inside `tx`; records the case and tells the recipients. */
  async function endPublicity(tx: Parameters<Parameters<typeof db.transaction>[0]>[0], r: StatefulRecord, a: ApplicationRow, actor: AuditActor, reason: NoticeRow['reason'], at: Date): Promise<void> {
    await changeRecordState(tx, r, { kind: 'withdrawn', reason: reason === 'publicity_ended' ? '最长公示期届满，自动终止公示' : '信用修复：终止公示，停止共享和使用', ref: a.id, actor: actor.username, at, source: 'repair', provider: r.provider })
    await noticeRecipients(deps, tx, r, reason, a.id, at)
  }

  const service = {
    /** The 信用承诺 text an application accepts. */
    commitmentText: REPAIR_COMMITMENT_TEXT,

    /**
     * A subject's records with their states and, for 失信 information, class and publicity window: the
     * enterprise's own history (withdrawn records included) and the operator's view.
     */
    async records(p: Principal, code: string): Promise<Array<{ record: ReturnType<typeof caseRecordOf>; eligibility: RepairEligibility; openObjection: string | null; openApplication: string | null }>> {
      const view = viewOf(p, registry)
      const subjectKey = registry.subjectKeyOf(code)
      if (view.kind === 'provider') throw AccessErrors.FORBIDDEN(p.role)
      if (view.kind === 'subject' && view.subjectKey !== subjectKey) throw AccessErrors.NOT_YOUR_DATA()
      const today = beijingDate(now())
      const records = await listSubjectRecords(db, subjectKey)
      const objections = (await repo.listObjections(db, { subjectKey, status: 'open', limit: 500, offset: 0 })).rows
      const applications = (await repo.listApplications(db, { subjectKey, status: 'open', limit: 500, offset: 0 })).rows
      const key = (x: { item_key: string; record_key: string }) => `${x.item_key}/${x.record_key}`
      const openO = new Map(objections.map((o) => [key(o), o.id]))
      const openA = new Map(applications.map((a) => [key(a), a.id]))
      await audit.append({ actor: actorOf(p), action: 'repair.records.read', subjectKey, purpose: view.kind === 'subject' ? '信用主体自查' : '数据中心运营管理' })
      return records.map((r) => {
        const k = `${r.itemKey}/${r.recordKey}`
        return { record: caseRecordOf(catalog, r), eligibility: eligibilityOf(r, today, openA.has(k)), openObjection: openO.get(k) ?? null, openApplication: openA.get(k) ?? null }
      })
    },

    /** The enterprise applies to repair a 失信 record whose minimum publicity has passed. */
    async apply(p: Principal, input: { itemKey: string; recordKey: string; fulfilment: string; commitmentAccepted: boolean }): Promise<RepairApplication> {
      const view = viewOf(p, registry)
      if (view.kind !== 'subject') throw AccessErrors.FORBIDDEN(p.role)
      const fulfilment = text('fulfilment', input.fulfilment)
      if (input.commitmentAccepted !== true) throw RepairErrors.COMMITMENT_REQUIRED()
      const at = now()
      const today = beijingDate(at)
      const row = await db.transaction(async (tx) => {
        const ref = { subjectKey: view.subjectKey, itemKey: input.itemKey, recordKey: input.recordKey }
        const r = await readStatefulRecord(tx, ref, { lock: true })
        if (!r) throw RepairErrors.RECORD_NOT_FOUND(`${input.itemKey}/${input.recordKey}`)
        if (r.state === 'withdrawn') throw RepairErrors.RECORD_WITHDRAWN()
        const pub = publicityOf(rules, r.itemKey, r.data)
        if (!pub) {
          const item = rules.items[r.itemKey]
          throw item ? RepairErrors.NO_PUBLICITY_DATE(item.startField) : RepairErrors.NOT_DISHONESTY(itemNameOf(catalog, r.itemKey))
        }
        if (pub.minEnd > today) throw RepairErrors.MIN_PERIOD_NOT_PASSED(CLASS_NAMES_ZH[pub.class], pub.minEnd)
        const open = await repo.openApplicationOf(tx, ref)
        if (open) throw RepairErrors.APPLICATION_OPEN(open.id)
        const a: ApplicationRow = {
          subject_key: ref.subjectKey, id: randomUUID(), item_key: ref.itemKey, record_key: ref.recordKey, provider: r.provider, kind: 'early', class: pub.class,
          rule_set: pub.ruleSet.id, publicity_start: pub.start, min_end: pub.minEnd, max_end: pub.maxEnd, status: 'open', fulfilment,
          commitment: REPAIR_COMMITMENT_TEXT, commitment_sm3: sm3(REPAIR_COMMITMENT_TEXT), filed_by: p.username, filed_at: at, decided_by: null, decided_at: null, decision_note: null,
        }
        await repo.insertApplication(tx, a)
        await addMessage(tx, a.subject_key, a.id, p, 'filed', fulfilment, at)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'repair.apply', subjectKey: a.subject_key, items: [a.item_key], details: { application: a.id, record: a.record_key, class: a.class, ruleSet: a.rule_set, commitmentSm3: a.commitment_sm3 } })
        return a
      })
      return applicationOf(deps, row)
    },

    /** The providing unit decides: `approve` withdraws the record (终止公示) and tells its recipients; a refusal needs reasons. */
    async decide(p: Principal, id: string, input: { approve: boolean; note: string }): Promise<RepairApplicationDetail> {
      const view = viewOf(p, registry)
      if (view.kind !== 'provider') throw AccessErrors.FORBIDDEN(p.role)
      const note = text('note', input.note)
      const at = now()
      await db.transaction(async (tx) => {
        const a = await repo.application(tx, id, true)
        if (!a) throw RepairErrors.APPLICATION_NOT_FOUND(id)
        requireCase(view, a)
        if (a.status !== 'open') throw RepairErrors.CASE_CLOSED('修复申请', STATUS_ZH[a.status] ?? a.status, input.approve ? '批准' : '驳回')
        if (input.approve) {
          const r = await readStatefulRecord(tx, { subjectKey: a.subject_key, itemKey: a.item_key, recordKey: a.record_key }, { lock: true })
          if (r && r.state !== 'withdrawn') await endPublicity(tx, r, a, actorOf(p), 'repaired', at)
        }
        await repo.decideApplication(tx, { id, status: input.approve ? 'repaired' : 'refused', decidedBy: p.username, decidedAt: at, note })
        await addMessage(tx, a.subject_key, a.id, p, 'decision', `${input.approve ? '准予修复' : '不予修复'}：${note}`, at)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'repair.decide', subjectKey: a.subject_key, items: [a.item_key], details: { application: a.id, approve: input.approve } })
      })
      return service.get(p, id)
    },

    async say(p: Principal, id: string, message: string): Promise<RepairApplicationDetail> {
      const a = await visible(p, id)
      if (a.status !== 'open') throw RepairErrors.CASE_CLOSED('修复申请', STATUS_ZH[a.status] ?? a.status, '留言')
      const t = text('text', message)
      await db.transaction((tx) => addMessage(tx, a.subject_key, a.id, p, 'message', t, now()))
      return service.get(p, id)
    },

    async attach(p: Principal, id: string, file: { name: string; stream: Readable }): Promise<AttachmentInfo> {
      const a = await visible(p, id)
      if (p.role === 'operator') throw AccessErrors.FORBIDDEN(p.role)
      if (a.status !== 'open') throw RepairErrors.CASE_CLOSED('修复申请', STATUS_ZH[a.status] ?? a.status, '上传附件')
      const stillOpen = async (tx: Sql) => {
        const now = (await repo.application(tx, a.id, true))!
        if (now.status !== 'open') throw RepairErrors.CASE_CLOSED('修复申请', STATUS_ZH[now.status] ?? now.status, '上传附件')
      }
      return storeAttachment(deps, p, { subjectKey: a.subject_key, caseId: a.id, stillOpen }, file)
    },

    async attachment(p: Principal, id: string, attachmentId: string) {
      const a = await visible(p, id)
      return fetchAttachment(deps, p, { subjectKey: a.subject_key, caseId: a.id }, attachmentId)
    },

    async get(p: Principal, id: string): Promise<RepairApplicationDetail> {
      const a = await visible(p, id)
      const record = await readStatefulRecord(db, { subjectKey: a.subject_key, itemKey: a.item_key, recordKey: a.record_key })
      const messages = await repo.messages(db, a.subject_key, a.id)
      const attachments = await repo.attachments(db, a.subject_key, a.id)
      await audit.append({ actor: actorOf(p), action: 'repair.read', subjectKey: a.subject_key, items: [a.item_key], details: { application: a.id } })
      return { ...applicationOf(deps, a), record: record ? caseRecordOf(catalog, record) : null, messages: messages.map(messageOf), attachments: attachments.map(attachmentOf) }
    },

    async list(p: Principal, q: { status?: string | undefined; kind?: string | undefined; limit: number; offset: number }): Promise<{ total: number; applications: RepairApplication[] }> {
      const view = viewOf(p, registry)
      const { total, rows } = await repo.listApplications(db, { ...scopeOf(view), status: q.status, kind: q.kind, limit: q.limit, offset: q.offset })
      return { total, applications: rows.map((a) => applicationOf(deps, a)) }
    },

    /**
     * Ends the publicity of every 失信 record whose maximum period has passed by `today` (Beijing date): each in its
     * own transaction, as an `automatic` repair case, with the change on the feed and notices to recipients. Safe to
     * run again and from several processes (a withdrawn record is no longer a candidate; the record row is locked).
     */
    async sweep(opts: { today?: string; actor?: AuditActor } = {}): Promise<{ checked: number; ended: number }> {
      const at = now()
      const today = opts.today ?? beijingDate(at)
      const actor = opts.actor ?? SYSTEM_ACTOR
      // No record decided after this date can be due under any class of any rule set.
      const latestStart = addMonths(today, -shortestMaxMonths(rules))
      let checked = 0
      let ended = 0
      for (const [itemKey, item] of Object.entries(rules.items)) {
        let after: { subjectKey: string; recordKey: string } | null = null
        for (;;) {
          const page = await listRecordsStartedBy(db, { itemKey, field: item.startField, onOrBefore: latestStart, after, limit: 500 })
          for (const candidate of page) {
            checked++
            const pub = publicityOf(rules, itemKey, candidate.data)
            if (!pub || pub.maxEnd > today) continue
            const done = await db.transaction(async (tx) => {
              const r = await readStatefulRecord(tx, candidate, { lock: true })
              if (!r || r.state === 'withdrawn' || r.version !== candidate.version) return false
              const a: ApplicationRow = {
                subject_key: r.subjectKey, id: randomUUID(), item_key: r.itemKey, record_key: r.recordKey, provider: r.provider, kind: 'automatic', class: pub.class,
                rule_set: pub.ruleSet.id, publicity_start: pub.start, min_end: pub.minEnd, max_end: pub.maxEnd, status: 'repaired', fulfilment: null,
                commitment: null, commitment_sm3: null, filed_by: actor.username, filed_at: at, decided_by: actor.username, decided_at: at,
                decision_note: `最长公示期（${CLASS_NAMES_ZH[pub.class]}失信信息，${pub.ruleSet.name}）于 ${pub.maxEnd} 届满，自动终止公示`,
              }
              await repo.insertApplication(tx, a)
              const open = await repo.openApplicationOf(tx, r)
              if (open) await repo.decideApplication(tx, { id: open.id, status: 'repaired', decidedBy: actor.username, decidedAt: at, note: '最长公示期届满，已自动终止公示' })
              await endPublicity(tx, r, a, actor, 'publicity_ended', at)
              await audit.appendWithin(tx, { actor, action: 'repair.publicity_ended', subjectKey: r.subjectKey, items: [r.itemKey], details: { application: a.id, record: r.recordKey, maxEnd: pub.maxEnd } })
              return true
            })
            if (done) ended++
          }
          if (page.length < 500) break
          const last = page[page.length - 1]!
          after = { subjectKey: last.subjectKey, recordKey: last.recordKey }
        }
      }
      return { checked, ended }
    },

    /**
     * Notices to an institution or platform that records it received were repaired or removed (newest first). The
     * platform feed and monitoring read them here too.
     */
    async notices(p: Principal, q: { unread?: boolean | undefined; limit: number }): Promise<RepairNotice[]> {
      if (!p.organization) throw AccessErrors.NOT_YOUR_DATA()
      return (await repo.notices(db, { organization: p.organization, unread: q.unread ?? false, limit: q.limit })).map(noticeOf)
    },

    async markNoticeRead(p: Principal, id: string): Promise<void> {
      if (!p.organization || !(await repo.markNoticeRead(db, p.organization, id, now()))) throw RepairErrors.INVALID('id', '没有这条通知 / no such notice')
    },

    /** Statistics for the operator (and supervisors): objections by outcome and unit, repairs by class, status and unit, median days. */
    async stats(): Promise<RepairStats> {
      const today = beijingDate(now())
      const o = await repo.objectionStats(db, today)
      const a = await repo.applicationStats(db)
      const sum = (xs: Array<{ n: number }>) => xs.reduce((s, x) => s + x.n, 0)
      const tally = (key: 'class' | 'status' | 'kind') => a.groups.reduce<Record<string, number>>((m, g) => ({ ...m, [g[key]]: (m[g[key]] ?? 0) + g.n }), {})
      return {
        objections: {
          total: sum(o.byStatus), open: o.byStatus.find((s) => s.status === 'open')?.n ?? 0, overdue: o.byProvider.reduce((s, x) => s + x.overdue, 0),
          byOutcome: Object.fromEntries(o.byStatus.map((s) => [s.status, s.n])), byProvider: o.byProvider, medianDays: o.medianDays === null ? null : Math.round(o.medianDays * 10) / 10,
        },
        repairs: {
          total: sum(a.groups), byClass: tally('class'), byStatus: tally('status'), byKind: tally('kind'), byProvider: a.byProvider,
          medianDays: a.medianDays === null ? null : Math.round(a.medianDays * 10) / 10,
        },
      }
    },
  }
  return service
}

export type RepairService = ReturnType<typeof createRepairService>

/** Notices for one organisation, for the platform feed and monitoring (no principal: they act for it already). */
export async function repairNoticesFor(db: RepairDeps['db'], organization: string, opts: { after?: Date; limit?: number } = {}): Promise<RepairNotice[]> {
  return (await repo.notices(db, { organization, unread: false, limit: opts.limit ?? 100, after: opts.after })).map(noticeOf)
}

import type { Sql } from '../core/index.js'
import { statements, variants } from '../core/index.js'

export interface ObjectionRow {
  subject_key: string
  id: string
  item_key: string
  record_key: string
  record_version: number
  provider: string
  reasons: string
  status: string
  filed_by: string
  filed_at: Date
  due_on: string
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
  correction: Record<string, unknown> | null
}

export interface ApplicationRow {
  subject_key: string
  id: string
  item_key: string
  record_key: string
  provider: string
  kind: 'early' | 'automatic'
  class: 'minor' | 'general' | 'serious'
  rule_set: string
  publicity_start: string
  min_end: string
  max_end: string
  status: string
  fulfilment: string | null
  commitment: string | null
  commitment_sm3: string | null
  filed_by: string
  filed_at: Date
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
}

export interface MessageRow { id: string; case_id: string; author: string; author_role: string; kind: 'filed' | 'message' | 'decision'; text: string; at: Date }
export interface AttachmentRow { id: string; case_id: string; name: string; media_type: string; size: number; sm3: string; uploaded_by: string; uploaded_at: Date }
export interface NoticeRow { id: string; organization: string; role: string; subject_key: string; item_key: string; record_key: string; reason: 'repaired' | 'removed' | 'publicity_ended'; case_id: string; created_at: Date; read_at: Date | null }

/** Who may see which cases: a subject its own, a provider its own records', the operator all. */
export interface CaseScope {
  subjectKey?: string | undefined
  provider?: string | undefined
  status?: string | undefined
  limit: number
  offset: number
}

const ATTACHMENT_COLUMNS = 'id, case_id, name, media_type, size, sm3, uploaded_by, uploaded_at'

/** The filters of the objection list: subject, provider, status, overdue before a date. */
const OBJECTION_WHERE = `($1::text is null or subject_key = $1) and ($2::text is null or provider = $2) and ($3::text is null or status = $3)
                     and ($4::date is null or (status = 'open' and due_on < $4))`
/** The filters of the application list: subject, provider, status, kind. */
const APPLICATION_WHERE = `($1::text is null or subject_key = $1) and ($2::text is null or provider = $2) and ($3::text is null or status = $3) and ($4::text is null or kind = $4)`

const SQL = statements('repair', {
  objection: variants((lock: boolean) => `select * from repair.objection where id = $1${lock ? ' for update' : ''}`, [[false], [true]]),
  countObjections: `select count(*)::int as n from repair.objection where ${OBJECTION_WHERE}`,
  listObjections: `select * from repair.objection where ${OBJECTION_WHERE} order by (status = 'open') desc, due_on, filed_at desc limit $5 offset $6`,
  application: variants((lock: boolean) => `select * from repair.application where id = $1${lock ? ' for update' : ''}`, [[false], [true]]),
  countApplications: `select count(*)::int as n from repair.application where ${APPLICATION_WHERE}`,
  listApplications: `select * from repair.application where ${APPLICATION_WHERE} order by (status = 'open') desc, filed_at desc limit $5 offset $6`,
  attachments: `select ${ATTACHMENT_COLUMNS} from repair.attachment where subject_key = $1 and case_id = $2 order by uploaded_at, id`,
  attachment: `select ${ATTACHMENT_COLUMNS}, content from repair.attachment where subject_key = $1 and case_id = $2 and id = $3`,
  insertObjection: `insert into repair.objection (subject_key, id, item_key, record_key, record_version, provider, reasons, status, filed_by, filed_at, due_on)
         values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10)`,
  openObjectionOf: `select * from repair.objection where subject_key = $1 and item_key = $2 and record_key = $3 and status = 'open'`,
  decideObjection: `update repair.objection set status = $2, decided_by = $3, decided_at = $4, decision_note = $5, correction = $6::jsonb where id = $1 and status = 'open'`,
  insertApplication: `insert into repair.application (subject_key, id, item_key, record_key, provider, kind, class, rule_set, publicity_start, min_end, max_end,
                                         status, fulfilment, commitment, commitment_sm3, filed_by, filed_at, decided_by, decided_at, decision_note)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
  openApplicationOf: `select * from repair.application where subject_key = $1 and item_key = $2 and record_key = $3 and status = 'open'`,
  decideApplication: `update repair.application set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1 and status = 'open'`,
  addMessage: `insert into repair.message (subject_key, id, case_id, author, author_role, kind, text, at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
  messages: 'select id, case_id, author, author_role, kind, text, at from repair.message where subject_key = $1 and case_id = $2 order by at, seq',
  lockCase: `select pg_advisory_xact_lock(hashtext('repair.case|' || $1::text))`,
  addAttachment: `insert into repair.attachment (subject_key, id, case_id, name, media_type, size, sm3, content, uploaded_by, uploaded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  addNotices: `insert into repair.notice (organization, id, role, subject_key, item_key, record_key, reason, case_id, created_at)
         select organization, id, role, subject_key, item_key, record_key, reason, case_id, created_at
         from json_to_recordset($1::json) as r(organization text, id uuid, role text, subject_key text, item_key text, record_key text, reason text, case_id uuid, created_at timestamptz)
         on conflict (organization, case_id) do nothing`,
  addReceipts: `insert into repair.receipt (subject_key, organization, item_key, role, via, first_at)
         select subject_key, organization, item_key, role, via, first_at
         from json_to_recordset($1::json) as r(subject_key text, organization text, item_key text, role text, via text, first_at timestamptz)
         on conflict do nothing`,
  receiptsOf: `select distinct organization, role from repair.receipt where subject_key = $1 and item_key = any($2::text[]) order by organization`,
  notices: `select * from repair.notice where organization = $1 and (not $2 or read_at is null) and ($4::timestamptz is null or created_at > $4)
         order by created_at desc limit $3`,
  markNoticeRead: 'update repair.notice set read_at = coalesce(read_at, $3) where organization = $1 and id = $2 returning id',
  objectionsByStatus: 'select status, count(*)::int as n from repair.objection group by status order by status',
  objectionsByProvider: `select provider, count(*)::int as total, (count(*) filter (where status = 'open'))::int as open,
                (count(*) filter (where status = 'open' and due_on < $1::date))::int as overdue
         from repair.objection group by provider order by total desc, provider`,
  objectionMedianDays: `select percentile_cont(0.5) within group (order by extract(epoch from decided_at - filed_at) / 86400)::float8 as median from repair.objection where decided_at is not null`,
  applicationsByClass: 'select class, status, kind, count(*)::int as n from repair.application group by class, status, kind',
  applicationsByProvider: `select provider, count(*)::int as total, (count(*) filter (where status = 'repaired'))::int as repaired from repair.application group by provider order by total desc, provider`,
  applicationMedianDays: `select percentile_cont(0.5) within group (order by extract(epoch from decided_at - filed_at) / 86400)::float8 as median
         from repair.application where decided_at is not null and kind = 'early'`,
})

/** The SQL of the repair context: cases, their exchange and attachments, notices, statistics. */
export function createRepairRepository() {
  return {
    async insertObjection(tx: Sql, o: ObjectionRow): Promise<void> {
      await tx.query(
        SQL.insertObjection,
        [o.subject_key, o.id, o.item_key, o.record_key, o.record_version, o.provider, o.reasons, o.filed_by, o.filed_at, o.due_on],
      )
    },

    async objection(db: Sql, id: string, lock = false): Promise<ObjectionRow | undefined> {
      const rows = await db.query<ObjectionRow>(SQL.objection(lock), [id])
      return rows[0]
    },

    async openObjectionOf(db: Sql, k: { subjectKey: string; itemKey: string; recordKey: string }): Promise<ObjectionRow | undefined> {
      const rows = await db.query<ObjectionRow>(SQL.openObjectionOf, [k.subjectKey, k.itemKey, k.recordKey])
      return rows[0]
    },

    async listObjections(db: Sql, s: CaseScope & { overdueBefore?: string | undefined }): Promise<{ total: number; rows: ObjectionRow[] }> {
      const params = [s.subjectKey ?? null, s.provider ?? null, s.status ?? null, s.overdueBefore ?? null]
      const [count] = await db.query<{ n: number }>(SQL.countObjections, params)
      const rows = await db.query<ObjectionRow>(
        SQL.listObjections,
        [...params, s.limit, s.offset],
      )
      return { total: count!.n, rows }
    },

    async decideObjection(tx: Sql, d: { id: string; status: string; decidedBy: string; decidedAt: Date; note: string; correction: Record<string, unknown> | null }): Promise<void> {
      await tx.query(
        SQL.decideObjection,
        [d.id, d.status, d.decidedBy, d.decidedAt, d.note, d.correction === null ? null : JSON.stringify(d.correction)],
      )
    },

    async insertApplication(tx: Sql, a: ApplicationRow): Promise<void> {
      await tx.query(
        SQL.insertApplication,
        [a.subject_key, a.id, a.item_key, a.record_key, a.provider, a.kind, a.class, a.rule_set, a.publicity_start, a.min_end, a.max_end,
          a.status, a.fulfilment, a.commitment, a.commitment_sm3, a.filed_by, a.filed_at, a.decided_by, a.decided_at, a.decision_note],
      )
    },

    async application(db: Sql, id: string, lock = false): Promise<ApplicationRow | undefined> {
      const rows = await db.query<ApplicationRow>(SQL.application(lock), [id])
      return rows[0]
    },

    async openApplicationOf(db: Sql, k: { subjectKey: string; itemKey: string; recordKey: string }): Promise<ApplicationRow | undefined> {
      const rows = await db.query<ApplicationRow>(SQL.openApplicationOf, [k.subjectKey, k.itemKey, k.recordKey])
      return rows[0]
    },

    async listApplications(db: Sql, s: CaseScope & { kind?: string | undefined }): Promise<{ total: number; rows: ApplicationRow[] }> {
      const params = [s.subjectKey ?? null, s.provider ?? null, s.status ?? null, s.kind ?? null]
      const [count] = await db.query<{ n: number }>(SQL.countApplications, params)
      const rows = await db.query<ApplicationRow>(SQL.listApplications, [...params, s.limit, s.offset])
      return { total: count!.n, rows }
    },

    async decideApplication(tx: Sql, d: { id: string; status: string; decidedBy: string; decidedAt: Date; note: string }): Promise<void> {
      await tx.query(SQL.decideApplication, [d.id, d.status, d.decidedBy, d.decidedAt, d.note])
    },

    async addMessage(tx: Sql, subjectKey: string, m: MessageRow): Promise<void> {
      await tx.query(
        SQL.addMessage,
        [subjectKey, m.id, m.case_id, m.author, m.author_role, m.kind, m.text, m.at],
      )
    },

    async messages(db: Sql, subjectKey: string, caseId: string): Promise<MessageRow[]> {
      return db.query<MessageRow>(SQL.messages, [subjectKey, caseId])
    },

    /** Serialises the transactions that change one case's attachments (objection or application), until commit. */
    async lockCase(tx: Sql, caseId: string): Promise<void> {
      await tx.query(SQL.lockCase, [caseId])
    },

    async addAttachment(tx: Sql, subjectKey: string, a: AttachmentRow & { content: Buffer }): Promise<void> {
      await tx.query(
        SQL.addAttachment,
        [subjectKey, a.id, a.case_id, a.name, a.media_type, a.size, a.sm3, a.content, a.uploaded_by, a.uploaded_at],
      )
    },

    async attachments(db: Sql, subjectKey: string, caseId: string): Promise<AttachmentRow[]> {
      return db.query<AttachmentRow>(SQL.attachments, [subjectKey, caseId])
    },

    async attachmentContent(db: Sql, subjectKey: string, caseId: string, id: string): Promise<(AttachmentRow & { content: Uint8Array }) | undefined> {
      const rows = await db.query<AttachmentRow & { content: Uint8Array }>(SQL.attachment, [subjectKey, caseId, id])
      return rows[0]
    },

    async addNotices(tx: Sql, rows: readonly NoticeRow[]): Promise<void> {
      if (rows.length === 0) return
      await tx.query(
        SQL.addNotices,
        [JSON.stringify(rows)],
      )
    },

    /** Receipts the audit log does not show (reads of public fields only); the first of each is kept. */
    async addReceipts(db: Sql, rows: ReadonlyArray<{ subject_key: string; organization: string; item_key: string; role: string; via: string; first_at: Date }>): Promise<void> {
      if (rows.length === 0) return
      await db.query(SQL.addReceipts, [JSON.stringify(rows)])
    },

    /** Organisations with a receipt of any of `itemKeys` of the subject ('*': the whole subject). */
    async receiptsOf(db: Sql, subjectKey: string, itemKeys: readonly string[]): Promise<Array<{ organization: string; role: string }>> {
      return db.query(SQL.receiptsOf, [subjectKey, itemKeys])
    },

    async notices(db: Sql, q: { organization: string; unread: boolean; limit: number; after?: Date | undefined }): Promise<NoticeRow[]> {
      return db.query<NoticeRow>(
        SQL.notices,
        [q.organization, q.unread, q.limit, q.after ?? null],
      )
    },

    async markNoticeRead(db: Sql, organization: string, id: string, at: Date): Promise<boolean> {
      const rows = await db.query<{ id: string }>(SQL.markNoticeRead, [organization, id, at])
      return rows.length > 0
    },

    async objectionStats(db: Sql, today: string): Promise<{ byStatus: Array<{ status: string; n: number }>; byProvider: Array<{ provider: string; total: number; open: number; overdue: number }>; medianDays: number | null }> {
      const byStatus = await db.query<{ status: string; n: number }>(SQL.objectionsByStatus)
      const byProvider = await db.query<{ provider: string; total: number; open: number; overdue: number }>(
        SQL.objectionsByProvider, [today])
      const [m] = await db.query<{ median: number | null }>(
        SQL.objectionMedianDays)
      return { byStatus, byProvider, medianDays: m?.median ?? null }
    },

    async applicationStats(db: Sql): Promise<{ groups: Array<{ class: string; status: string; kind: string; n: number }>; byProvider: Array<{ provider: string; total: number; repaired: number }>; medianDays: number | null }> {
      const groups = await db.query<{ class: string; status: string; kind: string; n: number }>(SQL.applicationsByClass)
      const byProvider = await db.query<{ provider: string; total: number; repaired: number }>(
        SQL.applicationsByProvider)
      const [m] = await db.query<{ median: number | null }>(
        SQL.applicationMedianDays)
      return { groups, byProvider, medianDays: m?.median ?? null }
    },
  }
}

export type RepairRepository = ReturnType<typeof createRepairRepository>

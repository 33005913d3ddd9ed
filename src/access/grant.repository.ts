import type { Sql } from '../core/index.js'
import type { Grant, GrantEvent, GrantEvidence, GrantStatus, Notification } from './grant.types.js'
import { statements } from '../core/index.js'

interface GrantRow {
  id: string
  subject_key: string
  institution: string
  categories: string[]
  items: string[]
  mode: Grant['mode']
  purpose: string
  valid_until: Date
  status: Exclude<GrantStatus, 'expired'>
  evidence: GrantEvidence | null
  requested_by: string | null
  requested_at: Date | null
  request_note: string | null
  decided_at: Date | null
  revoked_at: Date | null
  revoked_by: string | null
  revoke_reason: string | null
  refuse_reason: string | null
  created_at: Date
  updated_at: Date
  /** The subject's registered name, which the grant service adds from the registry for the lists and pages people read. */
  subject_name?: string | null
}


const d = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v))

/** A row as the product sees it: an active grant past its end is `expired`, computed at `now`. */
export function grantOf(r: GrantRow, now: Date): Grant {
  const validUntil = d(r.valid_until)!
  return {
    id: r.id, subjectKey: r.subject_key, subjectName: r.subject_name ?? null, institution: r.institution, categories: r.categories ?? [], items: r.items ?? [],
    mode: r.mode, purpose: r.purpose, validUntil,
    status: r.status === 'active' && validUntil <= now ? 'expired' : r.status,
    evidence: r.evidence, requestedBy: r.requested_by, requestedAt: d(r.requested_at), requestNote: r.request_note,
    decidedAt: d(r.decided_at), revokedAt: d(r.revoked_at), revokedBy: r.revoked_by, revokeReason: r.revoke_reason,
    refuseReason: r.refuse_reason, createdAt: d(r.created_at)!, updatedAt: d(r.updated_at)!,
  }
}

export interface GrantFilter {
  subjectKey?: string
  institution?: string
  status?: GrantStatus
  limit: number
  offset: number
}

/**
 * A scalar subquery: every grant between institution `$institution` and subject `$subject` as a JSON array of rows
 * (evidence left out), newest first. Owned here; the profile's one-round-trip read (`records.profile_bundle`,
 * migration 0009) repeats it, because every query of an institution needs its grants and the data together.
 *
 * @example
 * const sql = `select ${grantsBetweenJson('$1', '$2')} as grants`
 */
export function grantsBetweenJson(subject: string, institution: string): string {
  return `(select coalesce(json_agg(g order by g.updated_at desc), '[]'::json) from (
      select id, subject_key, institution, categories, items, mode, purpose, valid_until, status, null::jsonb as evidence,
             requested_by, requested_at, request_note, decided_at, revoked_at, revoked_by, revoke_reason, refuse_reason, created_at, updated_at
      from access.data_grant where subject_key = ${subject} and institution = ${institution}) g)`
}

/** The filters of the grant list: subject, institution, status (expired and active judged at `$4`). */
const LIST_WHERE = `where ($1::text is null or subject_key = $1) and ($2::text is null or institution = $2)
        and ($3::text is null
             or ($3 = 'expired' and status = 'active' and valid_until <= $4)
             or ($3 = 'active' and status = 'active' and valid_until > $4)
             or ($3 not in ('active', 'expired') and status = $3))`

const SQL = statements('access.grant', {
  insert: `insert into access.data_grant (id, subject_key, institution, categories, items, mode, purpose, valid_until, status, evidence,
                                        requested_by, requested_at, request_note, decided_at, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, case when $11::text is null then null else $12::timestamptz end, $13,
                 case when $9 = 'active' then $12::timestamptz end, $12, $12)`,
  getForUpdate: 'select * from access.data_grant where id = $1 for update',
  get: 'select * from access.data_grant where id = $1',
  approve: `update access.data_grant set status = 'active', evidence = $2, valid_until = $3, decided_at = $4, updated_at = $4 where id = $1`,
  refuse: `update access.data_grant set status = 'refused', refuse_reason = $2, decided_at = $3, updated_at = $3 where id = $1`,
  revoke: `update access.data_grant set status = 'revoked', revoked_at = $3, revoked_by = $2, revoke_reason = $4, updated_at = $3 where id = $1`,
  addEvent: `insert into access.grant_event (grant_id, seq, at, action, actor, actor_role, how, note)
         values ($1, (select coalesce(max(seq), 0) + 1 from access.grant_event where grant_id = $1), $2, $3, $4, $5, $6, $7)`,
  events: 'select * from access.grant_event where grant_id = $1 order by seq',
  between: `select id, subject_key, institution, array_to_json(categories) as categories, array_to_json(items) as items, mode, purpose,
                valid_until, status, null::jsonb as evidence, requested_by, requested_at, request_note, decided_at, revoked_at,
                revoked_by, revoke_reason, refuse_reason, created_at, updated_at
         from access.data_grant where subject_key = $1 and institution = $2 order by updated_at desc`,
  institutionExists: `select 1 from access.account where role in ('institution', 'platform') and organization = $1 and disabled_at is null limit 1`,
  institutions: `select distinct organization from access.account where role in ('institution', 'platform') and organization is not null and disabled_at is null order by organization`,
  notify: 'insert into access.notification (id, organization, kind, grant_id, subject_key, zh, en, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)',
  notifications: `select * from access.notification where organization = $1 and ($2::boolean = false or read_at is null) order by created_at desc, id limit $3`,
  markRead: 'update access.notification set read_at = coalesce(read_at, $3) where id = $1 and organization = $2 returning id',
  betweenMany: `select id, subject_key, institution, array_to_json(categories) as categories, array_to_json(items) as items, mode, purpose,
                valid_until, status, null::jsonb as evidence, requested_by, requested_at, request_note, decided_at, revoked_at,
                revoked_by, revoke_reason, refuse_reason, created_at, updated_at
         from access.data_grant where subject_key = any($1::text[]) and institution = $2 order by updated_at desc`,
  count: `select count(*)::int as n from access.data_grant ${LIST_WHERE}`,
  list: `select * from access.data_grant ${LIST_WHERE} order by updated_at desc, id limit $5 offset $6`,
})

/** SQL of grants, their history and the notifications they cause. */
export function createGrantRepository() {
  return {
    async insert(tx: Sql, g: { id: string; subjectKey: string; institution: string; categories: string[]; items: string[]; mode: string; purpose: string; validUntil: Date; status: 'requested' | 'active'; evidence: GrantEvidence | null; requestedBy: string | null; requestNote: string | null; at: Date }): Promise<void> {
      await tx.query(
        SQL.insert,
        [g.id, g.subjectKey, g.institution, g.categories, g.items, g.mode, g.purpose, g.validUntil, g.status, g.evidence ? JSON.stringify(g.evidence) : null, g.requestedBy, g.at, g.requestNote],
      )
    },

    /** The row, locked for the rest of the transaction so two decisions on one grant cannot interleave. */
    async getForUpdate(tx: Sql, id: string): Promise<GrantRow | undefined> {
      return (await tx.query<GrantRow>(SQL.getForUpdate, [id]))[0]
    },

    async get(db: Sql, id: string): Promise<GrantRow | undefined> {
      return (await db.query<GrantRow>(SQL.get, [id]))[0]
    },

    async approve(tx: Sql, id: string, evidence: GrantEvidence, validUntil: Date, at: Date): Promise<void> {
      await tx.query(SQL.approve, [id, JSON.stringify(evidence), validUntil, at])
    },

    async refuse(tx: Sql, id: string, reason: string | null, at: Date): Promise<void> {
      await tx.query(SQL.refuse, [id, reason, at])
    },

    async revoke(tx: Sql, id: string, by: string, reason: string | null, at: Date): Promise<void> {
      await tx.query(SQL.revoke, [id, by, at, reason])
    },

    async addEvent(tx: Sql, grantId: string, e: Omit<GrantEvent, 'seq'>): Promise<void> {
      await tx.query(
        SQL.addEvent,
        [grantId, e.at, e.action, e.actor, e.actorRole, e.how, e.note],
      )
    },

    async events(db: Sql, grantId: string): Promise<GrantEvent[]> {
      const rows = await db.query<{ seq: number; at: Date; action: GrantEvent['action']; actor: string; actor_role: string; how: string | null; note: string | null }>(
        SQL.events, [grantId])
      return rows.map((r) => ({ seq: r.seq, at: d(r.at)!, action: r.action, actor: r.actor, actorRole: r.actor_role, how: r.how, note: r.note }))
    },

    /** Every grant between one institution and one subject, newest first: the hot path of every query. No evidence. */
    async between(db: Sql, institution: string, subjectKey: string): Promise<GrantRow[]> {
      // Without the evidence, and with the scope as JSON (cheaper to parse than text[]): this runs on every query.
      return db.query<GrantRow>(
        SQL.between,
        [subjectKey, institution],
      )
    },

    /** Every grant between one institution (or platform) and each of some subjects: one read for a page of the feed. */
    async betweenMany(db: Sql, institution: string, subjectKeys: readonly string[]): Promise<GrantRow[]> {
      // Guard against running a query with nothing to look for.
      if (subjectKeys.length === 0) return []
      return db.query<GrantRow>(
        SQL.betweenMany,
        [subjectKeys, institution],
      )
    },

    async list(db: Sql, f: GrantFilter, now: Date): Promise<{ total: number; rows: GrantRow[] }> {
      const params = [f.subjectKey ?? null, f.institution ?? null, f.status ?? null, now]
      const [c] = await db.query<{ n: number }>(SQL.count, params)
      const rows = await db.query<GrantRow>(SQL.list, [...params, f.limit, f.offset])
      return { total: c!.n, rows }
    },

    /** Whether `name` is an institution or a service platform (§九: platforms receive granted data too) with a live account. */
    async institutionExists(db: Sql, name: string): Promise<boolean> {
      const rows = await db.query(SQL.institutionExists, [name])
      return rows.length > 0
    },

    /** Institutions and service platforms an enterprise can grant to. */
    async institutions(db: Sql): Promise<string[]> {
      const rows = await db.query<{ organization: string }>(SQL.institutions)
      return rows.map((r) => r.organization)
    },

    async notify(tx: Sql, n: { id: string; organization: string; kind: Notification['kind']; grantId: string; subjectKey: string; zh: string; en: string; at: Date }): Promise<void> {
      await tx.query(
        SQL.notify,
        [n.id, n.organization, n.kind, n.grantId, n.subjectKey, n.zh, n.en, n.at],
      )
    },

    async notifications(db: Sql, organization: string, unreadOnly: boolean, limit: number): Promise<Notification[]> {
      const rows = await db.query<{ id: string; kind: Notification['kind']; grant_id: string | null; subject_key: string | null; zh: string; en: string; created_at: Date; read_at: Date | null }>(
        SQL.notifications,
        [organization, unreadOnly, limit],
      )
      return rows.map((r) => ({ id: r.id, kind: r.kind, grantId: r.grant_id, subjectKey: r.subject_key, zh: r.zh, en: r.en, createdAt: d(r.created_at)!, readAt: d(r.read_at) }))
    },

    async markRead(db: Sql, organization: string, id: string, at: Date): Promise<boolean> {
      const rows = await db.query(SQL.markRead, [id, organization, at])
      return rows.length > 0
    },
  }
}

export type GrantRepository = ReturnType<typeof createGrantRepository>
export type { GrantRow }

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'
import type { DeliveryDay, FeedbackReceipt } from './platforms.types.js'

export interface FeedStateRow {
  platform: string
  acked_cursor: string
  served_cursor: string
  pulls: number
  first_pull_at: Date
  last_pull_at: Date
}

/** What one pull handed out, written with the platform's new position in one transaction. */
export interface PullRecord {
  platform: string
  acked: string
  served: string
  at: Date
  /** Beijing date of the pull. */
  day: string
  upserts: number
  tombstones: number
  granted: number
  /** Subjects the page sent records of. */
  subjects: readonly string[]
  /** Items the page sent restricted fields of, under which grant. */
  grantedItems?: readonly GrantedItem[]
}

/** A subject's item whose restricted fields a platform was sent under a grant. */
export interface GrantedItem {
  subjectKey: string
  itemKey: string
  grantId: string
}

export type ForgetReason = 'grant_revoked' | 'grant_expired' | 'grant_ended'

export interface NewForget extends GrantedItem {
  reason: ForgetReason
  /** The item's restricted fields: what the platform deletes. */
  fields: readonly string[]
}

export interface ForgetRow extends NewForget {
  id: number
  at: string
}

/** Advisory lock class of a platform's forget entries (the second key is the platform's name, hashed). */
const FORGET_LOCK = 7_316_140

export interface FeedbackRowRecord {
  subjectKey: string
  line: number
  day: string
  queries: number
  matches: number
  loans: number
  loanFen: number
}

interface FeedbackHeaderRow {
  feedback_id: string
  content_hash: string
  rows: number
  queries: number
  matches: number
  loans: number
  loan_fen: number
  received_at: Date
}

export interface UsageRow {
  platform: string
  pulls: number
  last_pull_at: Date | null
  upserts: number
  tombstones: number
  granted: number
  subjects_delivered: number
  reports: number
  queries: number
  matches: number
  loans: number
  loan_fen: number
  subjects_used: number
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString()

export const receiptOf = (r: FeedbackHeaderRow): FeedbackReceipt => ({
  id: r.feedback_id, rows: r.rows, queries: Number(r.queries), matches: Number(r.matches), loans: Number(r.loans), loanAmountFen: Number(r.loan_fen), receivedAt: iso(r.received_at),
})

const SQL = statements('platforms', {
  saveCursor: `insert into platforms.feed_state (platform, acked_cursor, served_cursor, pulls, first_pull_at, last_pull_at)
         values ($1, $2, $3, 1, $4, $4)
         on conflict (platform) do update set acked_cursor = excluded.acked_cursor, served_cursor = excluded.served_cursor,
           pulls = platforms.feed_state.pulls + 1, last_pull_at = excluded.last_pull_at`,
  countDay: `insert into platforms.delivery_day (platform, day, pulls, upserts, tombstones, granted) values ($1, $2, 1, $3, $4, $5)
         on conflict (platform, day) do update set pulls = platforms.delivery_day.pulls + 1,
           upserts = platforms.delivery_day.upserts + excluded.upserts, tombstones = platforms.delivery_day.tombstones + excluded.tombstones,
           granted = platforms.delivery_day.granted + excluded.granted`,
  markDelivered: `insert into platforms.delivered_subject (subject_key, platform, first_at, last_at)
         select s.subject_key, $1, $3, $3 from unnest($2::text[]) as s(subject_key)
         on conflict (subject_key, platform) do update set last_at = excluded.last_at`,
  markGranted: `insert into platforms.granted_item (subject_key, platform, item_key, grant_id, first_at, last_at, open)
         select g.subject_key, $1, g.item_key, g.grant_id, $5, $5, true from unnest($2::text[], $3::text[], $4::text[]) as g(subject_key, item_key, grant_id)
         on conflict (subject_key, platform, item_key) do update set grant_id = excluded.grant_id, last_at = excluded.last_at, open = true`,
  lockForgets: 'select pg_advisory_xact_lock($1::int, hashtext($2))',
  openGranted: 'select subject_key, item_key, grant_id from platforms.granted_item where platform = $1 and open order by subject_key, item_key',
  lastForget: 'select coalesce(max(id), 0)::bigint as id from platforms.forget where platform = $1',
  addForgets: `insert into platforms.forget (platform, id, subject_key, item_key, grant_id, reason, fields, at)
         select $1, $2::bigint + f.n, f.subject_key, f.item_key, f.grant_id, f.reason, string_to_array(f.fields, ','), $8
         from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) with ordinality as f(subject_key, item_key, grant_id, reason, fields, n)`,
  closeGranted: `update platforms.granted_item g set open = false from unnest($2::text[], $3::text[]) as c(subject_key, item_key)
         where g.subject_key = c.subject_key and g.platform = $1 and g.item_key = c.item_key`,
  forgetsAfter: 'select id, subject_key, item_key, grant_id, reason, fields, at from platforms.forget where platform = $1 and id > $2 order by id limit $3',
  grantedRecipients: 'select distinct platform from platforms.granted_item where subject_key = $1 and item_key = $2 order by platform',
  state: 'select * from platforms.feed_state where platform = $1',
  recentDays: 'select day, pulls, upserts, tombstones, granted from platforms.delivery_day where platform = $1 order by day desc limit $2',
  recipients: 'select platform, first_at, last_at from platforms.delivered_subject where subject_key = $1 order by platform',
  feedback: 'select * from platforms.feedback where platform = $1 and feedback_id = $2',
  insertFeedback: `insert into platforms.feedback (platform, feedback_id, content_hash, rows, queries, matches, loans, loan_fen, received_by, received_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (platform, feedback_id) do nothing returning 1`,
  insertFeedbackRows: `insert into platforms.feedback_row (subject_key, platform, feedback_id, line, day, queries, matches, loans, loan_fen)
         select r.subject_key, $1, $2, r.line, r.day, r.queries, r.matches, r.loans, r.loan_fen
         from unnest($3::text[], $4::int[], $5::date[], $6::int[], $7::int[], $8::int[], $9::bigint[]) as r(subject_key, line, day, queries, matches, loans, loan_fen)`,
  recentFeedback: 'select * from platforms.feedback where platform = $1 order by received_at desc, feedback_id limit $2',
  usage: `with p as (select unnest($1::text[]) as platform union select platform from platforms.feed_state union select platform from platforms.feedback),
         d as (select platform, sum(pulls)::bigint as pulls, sum(upserts)::bigint as upserts, sum(tombstones)::bigint as tombstones, sum(granted)::bigint as granted
               from platforms.delivery_day where ($2::date is null or day >= $2) and ($3::date is null or day <= $3) group by platform),
         s as (select platform, count(*)::bigint as n from platforms.delivered_subject group by platform),
         f as (select platform, count(distinct feedback_id)::bigint as reports, sum(queries)::bigint as queries, sum(matches)::bigint as matches,
                      sum(loans)::bigint as loans, sum(loan_fen)::bigint as loan_fen, count(distinct nullif(subject_key, ''))::bigint as subjects_used
               from platforms.feedback_row where ($2::date is null or day >= $2) and ($3::date is null or day <= $3) group by platform)
         select p.platform, coalesce(d.pulls, 0) as pulls, st.last_pull_at, coalesce(d.upserts, 0) as upserts,
                coalesce(d.tombstones, 0) as tombstones, coalesce(d.granted, 0) as granted, coalesce(s.n, 0) as subjects_delivered,
                coalesce(f.reports, 0) as reports, coalesce(f.queries, 0) as queries, coalesce(f.matches, 0) as matches,
                coalesce(f.loans, 0) as loans, coalesce(f.loan_fen, 0) as loan_fen, coalesce(f.subjects_used, 0) as subjects_used
         from p left join d using (platform) left join s using (platform) left join f using (platform)
           left join platforms.feed_state st on st.platform = p.platform
         order by p.platform`,
})

/** SQL of the platforms context: feed positions, what was delivered to whom, and the platforms' usage reports. */
export function createPlatformsRepository() {
  return {
    /** The platform's position, pull counters, daily delivery counts and the subjects it now holds records of. */
    async recordPull(tx: Sql, p: PullRecord): Promise<void> {
      await tx.query(
        SQL.saveCursor,
        [p.platform, p.acked, p.served, p.at],
      )
      await tx.query(
        SQL.countDay,
        [p.platform, p.day, p.upserts, p.tombstones, p.granted],
      )
      await this.markDelivered(tx, p.platform, p.subjects, p.grantedItems ?? [], p.at)
    },

    /** The subjects a pull or snapshot page sent records of, and the items it sent restricted fields of under a grant. */
    async markDelivered(tx: Sql, platform: string, subjects: readonly string[], granted: readonly GrantedItem[], at: Date): Promise<void> {
      if (subjects.length) await tx.query(SQL.markDelivered, [platform, subjects, at])
      if (granted.length) await tx.query(SQL.markGranted, [platform, granted.map((g) => g.subjectKey), granted.map((g) => g.itemKey), granted.map((g) => g.grantId), at])
    },

    /** A snapshot page: counted with the day's deliveries (as upserts and granted), without moving the feed position. */
    async recordSnapshotPage(tx: Sql, p: { platform: string; day: string; at: Date; upserts: number; granted: number; subjects: readonly string[]; grantedItems: readonly GrantedItem[] }): Promise<void> {
      await tx.query(SQL.countDay, [p.platform, p.day, p.upserts, 0, p.granted])
      await this.markDelivered(tx, p.platform, p.subjects, p.grantedItems, p.at)
    },

    /** Serialises the issuing of a platform's forget entries (their numbers are per platform, in issue order). */
    async lockForgets(tx: Sql, platform: string): Promise<void> {
      await tx.query(SQL.lockForgets, [FORGET_LOCK, platform])
    },

    /** Items a platform may still hold restricted fields of, with the grant they were sent under. */
    async openGranted(db: Sql, platform: string): Promise<GrantedItem[]> {
      const rows = await db.query<{ subject_key: string; item_key: string; grant_id: string }>(SQL.openGranted, [platform])
      return rows.map((r) => ({ subjectKey: r.subject_key, itemKey: r.item_key, grantId: r.grant_id }))
    },

    /** The number of the platform's latest forget entry (0 before the first). */
    async lastForget(db: Sql, platform: string): Promise<number> {
      return Number((await db.query<{ id: string | number }>(SQL.lastForget, [platform]))[0]?.id ?? 0)
    },

    /** Issues forget entries (numbered after the last one) and closes the items they name. Inside `lockForgets`. */
    async addForgets(tx: Sql, platform: string, forgets: readonly NewForget[], at: Date): Promise<void> {
      if (forgets.length === 0) return
      const last = await this.lastForget(tx, platform)
      await tx.query(SQL.addForgets, [platform, last, forgets.map((f) => f.subjectKey), forgets.map((f) => f.itemKey), forgets.map((f) => f.grantId), forgets.map((f) => f.reason), forgets.map((f) => f.fields.join(',')), at])
      await tx.query(SQL.closeGranted, [platform, forgets.map((f) => f.subjectKey), forgets.map((f) => f.itemKey)])
    },

    async forgetsAfter(db: Sql, platform: string, after: number, limit: number): Promise<ForgetRow[]> {
      const rows = await db.query<{ id: string | number; subject_key: string; item_key: string; grant_id: string; reason: ForgetReason; fields: string[]; at: Date | string }>(SQL.forgetsAfter, [platform, after, limit])
      return rows.map((r) => ({ id: Number(r.id), subjectKey: r.subject_key, itemKey: r.item_key, grantId: r.grant_id, reason: r.reason, fields: r.fields, at: iso(r.at) }))
    },

    /** Platforms that were sent restricted fields of a subject's item under a grant (whether or not since forgotten). */
    async grantedRecipients(db: Sql, subjectKey: string, itemKey: string): Promise<string[]> {
      return (await db.query<{ platform: string }>(SQL.grantedRecipients, [subjectKey, itemKey])).map((r) => r.platform)
    },

    async state(db: Sql, platform: string): Promise<FeedStateRow | undefined> {
      return (await db.query<FeedStateRow>(SQL.state, [platform]))[0]
    },

    async recentDays(db: Sql, platform: string, limit: number): Promise<DeliveryDay[]> {
      const rows = await db.query<{ day: string; pulls: number; upserts: number; tombstones: number; granted: number }>(
        SQL.recentDays, [platform, limit])
      return rows.map((r) => ({ day: String(r.day), pulls: Number(r.pulls), upserts: Number(r.upserts), tombstones: Number(r.tombstones), granted: Number(r.granted) }))
    },

    /** Platforms that were sent records of a subject: the ones to tell when one of its records is withdrawn or repaired. */
    async recipients(db: Sql, subjectKey: string): Promise<Array<{ platform: string; firstAt: string; lastAt: string }>> {
      const rows = await db.query<{ platform: string; first_at: Date; last_at: Date }>(
        SQL.recipients, [subjectKey])
      return rows.map((r) => ({ platform: r.platform, firstAt: iso(r.first_at), lastAt: iso(r.last_at) }))
    },

    async feedback(db: Sql, platform: string, id: string): Promise<FeedbackHeaderRow | undefined> {
      return (await db.query<FeedbackHeaderRow>(SQL.feedback, [platform, id]))[0]
    },

    /**
     * Stores a report and its rows unless the platform already sent one with this id; returns false then (the caller
     * reads the stored one back). The primary key decides between two identical reports sent at the same moment.
     */
    async insertFeedback(tx: Sql, h: { platform: string; id: string; contentHash: string; rows: number; queries: number; matches: number; loans: number; loanFen: number; by: string; at: Date }, rows: readonly FeedbackRowRecord[]): Promise<boolean> {
      const inserted = await tx.query(
        SQL.insertFeedback,
        [h.platform, h.id, h.contentHash, h.rows, h.queries, h.matches, h.loans, h.loanFen, h.by, h.at],
      )
      if (inserted.length === 0) return false
      await tx.query(
        SQL.insertFeedbackRows,
        [h.platform, h.id, rows.map((r) => r.subjectKey), rows.map((r) => r.line), rows.map((r) => r.day), rows.map((r) => r.queries), rows.map((r) => r.matches), rows.map((r) => r.loans), rows.map((r) => r.loanFen)],
      )
      return true
    },

    async recentFeedback(db: Sql, platform: string, limit: number): Promise<FeedbackReceipt[]> {
      const rows = await db.query<FeedbackHeaderRow>(SQL.recentFeedback, [platform, limit])
      return rows.map(receiptOf)
    },

    /**
     * Usage per platform between two Beijing dates (inclusive; null = open): pulls and records delivered by the day
     * of the pull, reports by the day they describe; subjects delivered over all time (a platform keeps what it was
     * sent), subjects used within the period.
     */
    async usage(db: Sql, platforms: readonly string[], from: string | null, to: string | null): Promise<UsageRow[]> {
      return db.query<UsageRow>(
        SQL.usage,
        [platforms, from, to],
      )
    },
  }
}

export type PlatformsRepository = ReturnType<typeof createPlatformsRepository>

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
}

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
      if (p.subjects.length === 0) return
      await tx.query(
        SQL.markDelivered,
        [p.platform, p.subjects, p.at],
      )
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

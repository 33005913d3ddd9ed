import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface WatchRow {
  subject_key: string; id: string; institution: string; source: string; loan_id: string | null; grant_id: string | null; note: string | null
  created_by: string; created_at: Date; ended_at: Date | null; end_reason: string | null
}
export interface AlertRow {
  subject_key: string; id: string; institution: string; kind: string; severity: string; dedupe_key: string; item_key: string | null
  record_key: string | null; version: number | null; title: string; details: Record<string, unknown> | null; channels: string[]
  created_at: Date; acknowledged_at: Date | null; acknowledged_by: string | null
}
export interface RuleRow { institution: string; kind: string; enabled: boolean; severity: string; channels: string[] }
export interface WebhookRow { institution: string; url: string; secret: string; enabled: boolean; updated_by: string; updated_at: Date }
export type NewDelivery = Pick<DeliveryRow, 'id' | 'institution' | 'alert_id' | 'subject_key' | 'url' | 'body'>
export interface DeliveryRow {
  id: string; institution: string; alert_id: string; subject_key: string; url: string; body: string; status: string; attempts: number
  next_at: Date; last_status: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null
}
/** One attempt's result, as the sender records it. */
export interface AttemptOutcome {
  id: string; n: number; httpStatus: number | null; error: string | null; durationMs: number
  outcome: 'delivered' | 'retry' | 'failed'; retryInSeconds: number
}
export interface AttemptRow { delivery_id: string; n: number; at: Date; http_status: number | null; error: string | null; duration_ms: number }

const SQL = statements('monitoring', {
  insertWatch: `insert into monitoring.watch (subject_key, id, institution, source, loan_id, grant_id, note, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (subject_key, institution, source, coalesce(loan_id, '')) where ended_at is null do nothing
         returning *`,
  liveWatch: `select * from monitoring.watch where subject_key = $1 and institution = $2 and source = $3 and ended_at is null limit 1`,
  endLoanWatch: `update monitoring.watch set ended_at = now(), end_reason = $4
         where subject_key = $1 and institution = $2 and source = 'loan' and loan_id = $3 and ended_at is null`,
  endWatch: `update monitoring.watch set ended_at = coalesce(ended_at, now()), end_reason = coalesce(end_reason, $3)
         where institution = $1 and id = $2 returning *`,
  watches: `select w.*, count(*) over ()::int as total from monitoring.watch w
         where institution = $1 and (not $2 or ended_at is null) and ($3::text is null or subject_key = $3)
         order by created_at desc, id limit $4 offset $5`,
  someLive: `select subject_key, institution from monitoring.watch where ended_at is null and source = 'loan' order by created_at, id limit $1`,
  watchers: `select subject_key, institution, min(created_at) as since from monitoring.watch
         where subject_key = any($1::text[]) and ended_at is null group by subject_key, institution`,
  negativeRules: 'select item_key, item_name, kind, condition from monitoring.negative_rule order by item_key',
  rules: 'select institution, kind, enabled, severity, channels from monitoring.alert_rule where institution = any($1::text[])',
  putRules: `insert into monitoring.alert_rule (institution, kind, enabled, severity, channels, updated_by)
         select $1, kind, enabled, severity, channels, $3 from json_to_recordset($2::json) as r(kind text, enabled boolean, severity text, channels text[])
         on conflict (institution, kind) do update set enabled = excluded.enabled, severity = excluded.severity, channels = excluded.channels,
           updated_by = excluded.updated_by, updated_at = now()`,
  // The alerts not raised before (by their dedupe key), and the webhook deliveries of those, in one statement: a
  // delivery whose alert was raised before is left out with it.
  insertAlerts: `with inserted as (
           insert into monitoring.alert (subject_key, id, institution, kind, severity, dedupe_key, item_key, record_key, version, title, details, channels)
           select subject_key, id, institution, kind, severity, dedupe_key, item_key, record_key, version, title, details, channels
           from json_to_recordset($1::json) as r(subject_key text, id uuid, institution text, kind text, severity text, dedupe_key text, item_key text,
                record_key text, version integer, title text, details jsonb, channels text[])
           on conflict (subject_key, institution, dedupe_key) do nothing
           returning *
         ), deliveries as (
           insert into monitoring.delivery (id, institution, alert_id, subject_key, url, body)
           select id, institution, alert_id, subject_key, url, body
           from json_to_recordset($2::json) as d(id uuid, institution text, alert_id uuid, subject_key text, url text, body text)
           where alert_id in (select id from inserted)
         )
         select * from inserted`,
  // What raising alerts for these institutions needs, in one round trip: the transaction's time (the alerts'
  // created_at), the institutions' rules, and their enabled webhooks.
  alertSettings: `select now() as now,
         coalesce((select json_agg(json_build_object('institution', institution, 'kind', kind, 'enabled', enabled, 'severity', severity, 'channels', channels))
                   from monitoring.alert_rule where institution = any($1::text[])), '[]'::json) as rules,
         coalesce((select json_agg(json_build_object('institution', institution, 'url', url))
                   from monitoring.webhook where institution = any($1::text[]) and enabled), '[]'::json) as hooks`,
  alerts: `select a.*, count(*) over ()::int as total from monitoring.alert a
         where institution = $1 and (not $2 or acknowledged_at is null) and ($3::text is null or kind = $3) and ($4::timestamptz is null or created_at >= $4)
         order by created_at desc, id limit $5 offset $6`,
  recentAlerts: `select * from monitoring.alert where institution = any($1::text[]) and created_at >= $2 and 'web' = any(channels)
         and ($3::uuid is null or (created_at, id) > (select c.created_at, c.id from monitoring.alert c where c.id = $3::uuid))
         order by created_at, id limit $4`,
  // The cursor is looked up within the institution: another institution's alert id finds no cursor, so replays nothing.
  alertsAfter: `select a.* from monitoring.alert a
         join monitoring.alert c on c.institution = $1 and c.id = $2
         where a.institution = $1 and 'web' = any(a.channels) and (a.created_at, a.id) > (c.created_at, c.id)
         order by a.created_at, a.id limit $3`,
  acknowledge: `update monitoring.alert set acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)
         where institution = $1 and id = any($2::uuid[]) returning *`,
  webhook: 'select * from monitoring.webhook where institution = $1',
  putWebhook: `insert into monitoring.webhook (institution, url, secret, enabled, updated_by) values ($1, $2, $3, $4, $5)
         on conflict (institution) do update set url = excluded.url, secret = excluded.secret, enabled = excluded.enabled,
           updated_by = excluded.updated_by, updated_at = now()
         returning *`,
  deleteWebhook: 'delete from monitoring.webhook where institution = $1 returning 1',
  claimDue: `update monitoring.delivery d set next_at = now() + make_interval(secs => $2), attempts = d.attempts + 1
         where d.id in (select id from monitoring.delivery where status = 'pending' and next_at <= now() order by next_at limit $1 for update skip locked)
         returning d.*`,
  nextDue: `select min(next_at) as at from monitoring.delivery where status = 'pending'`,
  recordAttempts: `with a as (
           select * from json_to_recordset($1::json) as r(id uuid, n integer, http_status integer, error text, duration_ms integer, outcome text, retry_in double precision)
         ), logged as (
           insert into monitoring.delivery_attempt (delivery_id, n, http_status, error, duration_ms)
           select id, n, http_status, error, duration_ms from a
           on conflict do nothing returning 1
         )
         update monitoring.delivery d set last_status = a.http_status, last_error = a.error,
           status = case when a.outcome = 'delivered' then 'delivered' when a.outcome = 'failed' then 'failed' else 'pending' end,
           delivered_at = case when a.outcome = 'delivered' then now() end,
           next_at = case when a.outcome = 'retry' then now() + make_interval(secs => a.retry_in) else d.next_at end
         from a
         where d.id = a.id and d.status = 'pending' and (a.outcome = 'delivered' or d.attempts = a.n)`,
  deliveries: `select d.*, count(*) over ()::int as total,
                coalesce((select json_agg(a order by a.n) from monitoring.delivery_attempt a where a.delivery_id = d.id), '[]'::json) as log
         from monitoring.delivery d where institution = $1 and ($2::text is null or status = $2)
         order by created_at desc, id limit $3 offset $4`,
  lockCursor: 'select cursor from monitoring.consumer where name = $1 for update',
  cursor: 'select cursor from monitoring.consumer where name = $1',
  startCursor: 'insert into monitoring.consumer (name, cursor) values ($1, $2) on conflict (name) do nothing',
  setCursor: `insert into monitoring.consumer (name, cursor) values ($1, $2)
         on conflict (name) do update set cursor = excluded.cursor, updated_at = now()`,
})

/** SQL of the monitoring schema (migration 0081). */
export function createMonitoringRepository() {
  return {
    // ---- watch list
    async insertWatch(db: Sql, w: Omit<WatchRow, 'created_at' | 'ended_at' | 'end_reason'>): Promise<WatchRow | undefined> {
      return (await db.query<WatchRow>(
        SQL.insertWatch,
        [w.subject_key, w.id, w.institution, w.source, w.loan_id, w.grant_id, w.note, w.created_by],
      ))[0]
    },
    async liveWatch(db: Sql, institution: string, subjectKey: string, source: string): Promise<WatchRow | undefined> {
      return (await db.query<WatchRow>(
        SQL.liveWatch,
        [subjectKey, institution, source],
      ))[0]
    },
    async endLoanWatch(db: Sql, institution: string, subjectKey: string, loanId: string, reason: string): Promise<void> {
      await db.query(
        SQL.endLoanWatch,
        [subjectKey, institution, loanId, reason],
      )
    },
    async endWatch(db: Sql, institution: string, id: string, reason: string): Promise<WatchRow | undefined> {
      return (await db.query<WatchRow>(
        SQL.endWatch,
        [institution, id, reason],
      ))[0]
    },
    async watches(db: Sql, institution: string, f: { live: boolean; subjectKey?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: WatchRow[] }> {
      const rows = await db.query<WatchRow & { total: number }>(
        SQL.watches,
        [institution, f.live, f.subjectKey ?? null, f.limit, f.offset],
      )
      return { total: rows[0]?.total ?? 0, rows }
    },
    /** Some live loan watches, oldest first (the demo's alerts). */
    async someLive(db: Sql, limit: number): Promise<Array<{ subject_key: string; institution: string }>> {
      return db.query(SQL.someLive, [limit])
    },
    /** The institutions watching each of these subjects now. */
    async watchers(db: Sql, subjectKeys: readonly string[]): Promise<Array<{ subject_key: string; institution: string; since: Date }>> {
      if (subjectKeys.length === 0) return []
      return db.query(
        SQL.watchers,
        [subjectKeys],
      )
    },

    // ---- classification and rules
    async negativeRules(db: Sql): Promise<Array<{ item_key: string; item_name: string; kind: string; condition: Record<string, unknown> }>> {
      return db.query(SQL.negativeRules)
    },
    async rules(db: Sql, institutions: readonly string[]): Promise<RuleRow[]> {
      if (institutions.length === 0) return []
      return db.query<RuleRow>(SQL.rules, [institutions])
    },
    async putRules(db: Sql, institution: string, rules: ReadonlyArray<Omit<RuleRow, 'institution'>>, by: string): Promise<void> {
      await db.query(
        SQL.putRules,
        [institution, JSON.stringify(rules), by],
      )
    },

    // ---- alerts
    /**
     * Inserts the alerts not raised before (by their dedupe key) with the webhook deliveries of those inserted (a
     * delivery names its alert by `alert_id`); returns the alerts inserted.
     */
    async insertAlerts(db: Sql, rows: ReadonlyArray<Omit<AlertRow, 'created_at' | 'acknowledged_at' | 'acknowledged_by'>>, deliveries: ReadonlyArray<NewDelivery> = []): Promise<AlertRow[]> {
      if (rows.length === 0) return []
      return db.query<AlertRow>(
        SQL.insertAlerts,
        [JSON.stringify(rows), JSON.stringify(deliveries)],
      )
    },
    /** The transaction's time, and the rules and enabled webhooks of these institutions. */
    async alertSettings(db: Sql, institutions: readonly string[]): Promise<{ now: Date; rules: RuleRow[]; hooks: Array<{ institution: string; url: string }> }> {
      const row = (await db.query<{ now: Date; rules: RuleRow[] | string; hooks: Array<{ institution: string; url: string }> | string }>(SQL.alertSettings, [institutions]))[0]!
      const parsed = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v)
      return { now: new Date(row.now), rules: parsed(row.rules), hooks: parsed(row.hooks) }
    },
    async alerts(db: Sql, institution: string, f: { unacknowledged: boolean; kind?: string | undefined; since?: Date | undefined; limit: number; offset: number }): Promise<{ total: number; rows: AlertRow[] }> {
      const rows = await db.query<AlertRow & { total: number }>(
        SQL.alerts,
        [institution, f.unacknowledged, f.kind ?? null, f.since ?? null, f.limit, f.offset],
      )
      return { total: rows[0]?.total ?? 0, rows }
    },
    /**
     * Alerts of these institutions raised since `since`, for the live feed (channel 'web' only), oldest first, a page of
     * `limit` after alert `afterId` (the last of the previous page, compared in the database at the timestamp's full
     * precision; undefined: the first page).
     */
    async recentAlerts(db: Sql, institutions: readonly string[], since: Date, limit: number, afterId?: string): Promise<AlertRow[]> {
      if (institutions.length === 0) return []
      return db.query<AlertRow>(SQL.recentAlerts, [institutions, since, afterId ?? null, limit])
    },
    /** The institution's alerts (channel 'web') after alert `afterId` in the live feed's order, oldest first. */
    async alertsAfter(db: Sql, institution: string, afterId: string, limit: number): Promise<AlertRow[]> {
      return db.query<AlertRow>(SQL.alertsAfter, [institution, afterId, limit])
    },
    async acknowledge(db: Sql, institution: string, ids: readonly string[], by: string): Promise<AlertRow[]> {
      return db.query<AlertRow>(
        SQL.acknowledge,
        [institution, ids, by],
      )
    },

    // ---- webhook and outbox
    async webhook(db: Sql, institution: string): Promise<WebhookRow | undefined> {
      return (await db.query<WebhookRow>(SQL.webhook, [institution]))[0]
    },
    async putWebhook(db: Sql, w: Omit<WebhookRow, 'updated_at'>): Promise<WebhookRow> {
      return (await db.query<WebhookRow>(
        SQL.putWebhook,
        [w.institution, w.url, w.secret, w.enabled, w.updated_by],
      ))[0]!
    },
    async deleteWebhook(db: Sql, institution: string): Promise<boolean> {
      return (await db.query(SQL.deleteWebhook, [institution])).length > 0
    },
    /**
     * Takes up to `limit` due deliveries for one attempt each: their next try moves `leaseSeconds` ahead, so another
     * sender (another process) skips them while this one sends, and a sender that dies lets them come due again.
     */
    async claimDue(db: Sql, limit: number, leaseSeconds: number): Promise<DeliveryRow[]> {
      return db.query<DeliveryRow>(
        SQL.claimDue,
        [limit, leaseSeconds],
      )
    },
    /** When the next delivery comes due (null: none pending). */
    async nextDue(db: Sql): Promise<Date | null> {
      return (await db.query<{ at: Date | null }>(SQL.nextDue))[0]!.at
    },
    /**
     * Logs attempts and what they decided, in one statement: every attempt gets its row in the delivery log; a
     * delivery still pending becomes delivered, failed, or due again after its back-off. An outcome that comes late
     * (its lease ran out and another sender took the delivery again) neither undoes a delivery nor moves the newer
     * claim's time, but is logged all the same.
     */
    async recordAttempts(db: Sql, attempts: readonly AttemptOutcome[]): Promise<void> {
      if (attempts.length === 0) return
      await db.query(
        SQL.recordAttempts,
        [JSON.stringify(attempts.map((a) => ({
          id: a.id, n: a.n, http_status: a.httpStatus, error: a.error, duration_ms: a.durationMs, outcome: a.outcome, retry_in: a.retryInSeconds,
        })))],
      )
    },
    async deliveries(db: Sql, institution: string, f: { status?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: Array<DeliveryRow & { log: AttemptRow[] }> }> {
      const rows = await db.query<DeliveryRow & { total: number; log: AttemptRow[] }>(
        SQL.deliveries,
        [institution, f.status ?? null, f.limit, f.offset],
      )
      return { total: rows[0]?.total ?? 0, rows }
    },

    // ---- the consumer's cursor
    /**
     * The consumer's cursor, its row locked until `tx` ends: one step at a time per consumer across processes (a
     * step that waits here reads the cursor its predecessor committed). A consumer seen the first time starts at `start`.
     */
    async lockCursor(tx: Sql, name: string, start: string): Promise<string> {
      const row = (await tx.query<{ cursor: string }>(SQL.lockCursor, [name]))[0]
      if (row) return row.cursor
      await tx.query(SQL.startCursor, [name, start])
      return (await tx.query<{ cursor: string }>(SQL.lockCursor, [name]))[0]!.cursor
    },
    /** The consumer's cursor, without a lock (undefined: it never stepped). */
    async cursor(db: Sql, name: string): Promise<string | undefined> {
      return (await db.query<{ cursor: string }>(SQL.cursor, [name]))[0]?.cursor
    },
    async setCursor(db: Sql, name: string, cursor: string): Promise<void> {
      await db.query(
        SQL.setCursor,
        [name, cursor],
      )
    },
  }
}

export type MonitoringRepository = ReturnType<typeof createMonitoringRepository>

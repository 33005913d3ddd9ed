import { randomBytes, randomUUID } from 'node:crypto'
import type { Database, Sql } from '../core/index.js'
import { seal } from '../core/index.js'
import type { Principal, GrantService } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import { MonitoringErrors } from './monitoring.errors.js'
import { createMonitoringRepository, type AlertRow, type DeliveryRow, type NewDelivery, type RuleRow, type WatchRow } from './monitoring.repository.js'
import {
  ALERT_KINDS, ALERT_KIND_NAMES, CHANNELS, DEFAULT_RULES, SEVERITIES,
  type Alert, type AlertKind, type AlertRule, type Channel, type Delivery, type GradeDrop, type Severity, type Watch, type WebhookConfig,
} from './monitoring.types.js'
import { checkWebhookUrl, type UrlPolicy } from './url-guard.js'

/** The most entries one request may carry (watch additions, rules, acknowledgements). */
export const MAX_BATCH = 500

export interface MonitoringDeps {
  db: Database
  dataKey: Buffer
  grants: Pick<GrantService, 'between'>
  audit: Pick<AuditService, 'append' | 'appendWithin'>
  /** Private and loopback webhook addresses (tests, a closed network): XINSHU_WEBHOOK_ALLOW_PRIVATE=1. */
  urlPolicy?: UrlPolicy
}

export interface AlertDraft {
  subjectKey: string
  kind: AlertKind
  dedupeKey: string
  itemKey: string | null
  recordKey: string | null
  version: number | null
  title: string
  details: Record<string, unknown> | null
  /** When the cause happened (a change's commit): institutions that began watching later are not alerted. */
  at?: Date
}

const watchOf = (r: WatchRow): Watch => ({
  id: r.id, subjectKey: r.subject_key, institution: r.institution, source: r.source as Watch['source'], loanId: r.loan_id, grantId: r.grant_id,
  note: r.note, createdBy: r.created_by, createdAt: r.created_at, endedAt: r.ended_at, endReason: r.end_reason,
})

export const alertOf = (r: AlertRow): Alert => ({
  id: r.id, subjectKey: r.subject_key, institution: r.institution, kind: r.kind as AlertKind, severity: r.severity as Severity,
  itemKey: r.item_key, recordKey: r.record_key, version: r.version, title: r.title, details: r.details,
  createdAt: new Date(r.created_at), acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null, acknowledgedBy: r.acknowledged_by,
})

const deliveryOf = (r: DeliveryRow & { log: Array<{ n: number; at: Date | string; http_status: number | null; error: string | null; duration_ms: number }> }): Delivery => ({
  id: r.id, alertId: r.alert_id, subjectKey: r.subject_key, url: r.url, status: r.status as Delivery['status'], attempts: r.attempts, nextAt: r.next_at,
  lastStatus: r.last_status, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
  log: (typeof r.log === 'string' ? JSON.parse(r.log) as typeof r.log : r.log).map((a) => ({ n: a.n, at: new Date(a.at), httpStatus: a.http_status, error: a.error, durationMs: a.duration_ms })),
})

/** The body a webhook receives for one alert (also its schema in docs/monitoring.md). */
export function webhookBody(deliveryId: string, a: Alert): string {
  return JSON.stringify({
    event: 'alert', id: deliveryId, alert: {
      id: a.id, subjectKey: a.subjectKey, kind: a.kind, severity: a.severity, itemKey: a.itemKey, recordKey: a.recordKey, version: a.version,
      title: a.title, createdAt: a.createdAt.toISOString(),
    },
  })
}

/**
 * 监测预警 (§十五): an institution's watch list, its alert rules, its alerts, and its webhook. Alerts are raised by
 * {@link raiseAlerts} inside the transaction of their cause (the change feed consumer's page, a grade drop), with
 * their webhook deliveries (the outbox) in the same transaction.
 */
export function createMonitoringService(deps: MonitoringDeps) {
  const { db, grants, audit } = deps
  const repo = createMonitoringRepository()

  function institutionOf(p: Principal): string {
    if (p.role !== 'institution' || !p.organization) throw MonitoringErrors.NO_INSTITUTION()
    return p.organization
  }

  async function rulesOf(sql: Sql, institutions: readonly string[]): Promise<Map<string, Map<AlertKind, AlertRule>>> {
    return rulesFrom(institutions, await repo.rules(sql, institutions))
  }

  /** Each institution's rule per kind: its own where it set one, else the default. */
  function rulesFrom(institutions: readonly string[], set: readonly RuleRow[]): Map<string, Map<AlertKind, AlertRule>> {
    const out = new Map<string, Map<AlertKind, AlertRule>>()
    for (const i of institutions) out.set(i, new Map(ALERT_KIND_NAMES.map((k) => [k, { kind: k, ...DEFAULT_RULES[k], custom: false }])))
    for (const r of set) {
      if (!ALERT_KIND_NAMES.includes(r.kind as AlertKind)) continue
      out.get(r.institution)!.set(r.kind as AlertKind, { kind: r.kind as AlertKind, enabled: r.enabled, severity: r.severity as Severity, channels: r.channels as Channel[], custom: true })
    }
    return out
  }

  /**
   * Raises alerts for the institutions watching each draft's subject, as their rules say, and writes the webhook
   * deliveries of those whose rule names the webhook channel: all in `tx`. A draft raised before (same dedupe key)
   * raises nothing again. Returns the alerts raised. `known.watchers`, when given, are the live watchers of every
   * draft's subject as read in `tx`.
   */
  async function raiseAlerts(tx: Sql, drafts: readonly AlertDraft[], known?: { watchers: ReadonlyArray<{ subject_key: string; institution: string; since: Date }> }): Promise<Alert[]> {
    if (drafts.length === 0) return []
    // A caller that has just read the watchers of these subjects in `tx` passes them: one round trip less.
    const watchers = known?.watchers ?? await repo.watchers(tx, [...new Set(drafts.map((d) => d.subjectKey))])
    if (watchers.length === 0) return []
    const bySubject = new Map<string, Array<{ institution: string; since: Date }>>()
    for (const w of watchers) bySubject.set(w.subject_key, [...(bySubject.get(w.subject_key) ?? []), { institution: w.institution, since: new Date(w.since) }])
    const institutions = [...new Set(watchers.map((w) => w.institution))]
    const settings = await repo.alertSettings(tx, institutions)
    const rules = rulesFrom(institutions, settings.rules)
    const hooks = new Map(settings.hooks.map((h) => [h.institution, h.url]))
    const rows: Array<Omit<AlertRow, 'created_at' | 'acknowledged_at' | 'acknowledged_by'>> = []
    const deliveries: NewDelivery[] = []
    for (const d of drafts) {
      for (const { institution, since } of bySubject.get(d.subjectKey) ?? []) {
        if (d.at && d.at < since) continue
        const rule = rules.get(institution)!.get(d.kind)!
        if (!rule.enabled) continue
        const row = {
          subject_key: d.subjectKey, id: randomUUID(), institution, kind: d.kind, severity: rule.severity, dedupe_key: d.dedupeKey,
          item_key: d.itemKey, record_key: d.recordKey, version: d.version, title: d.title, details: d.details, channels: rule.channels,
        }
        rows.push(row)
        const url = hooks.get(institution)
        if (!url || !rule.channels.includes('webhook')) continue
        // The outbox row, written with its alert: the body as the alert will read once inserted (created_at is the
        // transaction's time); left out with the alert if that was raised before.
        const id = randomUUID()
        const alert = alertOf({ ...row, created_at: settings.now, acknowledged_at: null, acknowledged_by: null })
        deliveries.push({ id, institution, alert_id: row.id, subject_key: d.subjectKey, url, body: webhookBody(id, alert) })
      }
    }
    return (await repo.insertAlerts(tx, rows, deliveries)).map(alertOf)
  }

  return {
    raiseAlerts,

    // ---- watch list
    /**
     * Watches a borrower while its loan lives (called by the loan-step flow in the step's transaction): a live loan
     * adds the watch, a settled one ends it. A defaulted loan stays watched (recovery).
     */
    async onLoan(tx: Sql, loan: { loanId: string; institution: string; uscc: string; status: string }): Promise<void> {
      if (loan.status === 'settled') {
        await repo.endLoanWatch(tx, loan.institution, loan.uscc, loan.loanId, '贷款结清')
        return
      }
      await repo.insertWatch(tx, {
        subject_key: loan.uscc, id: randomUUID(), institution: loan.institution, source: 'loan', loan_id: loan.loanId, grant_id: null,
        note: null, created_by: 'system:loan',
      })
    },

    /** Watches subjects by hand: each needs a live grant between the institution and the subject. */
    async addWatches(p: Principal, input: Array<{ subjectKey: string; note?: string | undefined }>): Promise<Watch[]> {
      const institution = institutionOf(p)
      if (input.length > MAX_BATCH) throw MonitoringErrors.TOO_MANY(MAX_BATCH, 'subjects')
      const checked: Array<{ subjectKey: string; note: string | null; grantId: string }> = []
      for (const [i, w] of input.entries()) {
        const live = (await grants.between(institution, w.subjectKey)).find((g) => g.status === 'active')
        if (!live) throw Object.assign(MonitoringErrors.NO_GRANT(w.subjectKey), { details: { index: i, subjectKey: w.subjectKey } })
        checked.push({ subjectKey: w.subjectKey, note: w.note ?? null, grantId: live.id })
      }
      return db.transaction(async (tx) => {
        const out: Watch[] = []
        for (const c of checked) {
          const row = await repo.insertWatch(tx, { subject_key: c.subjectKey, id: randomUUID(), institution, source: 'manual', loan_id: null, grant_id: c.grantId, note: c.note, created_by: p.username })
            ?? await repo.liveWatch(tx, institution, c.subjectKey, 'manual')
          out.push(watchOf(row!))
        }
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'monitoring.watch.add', details: { subjects: checked.map((c) => c.subjectKey) } })
        return out
      })
    },

    async endWatch(p: Principal, id: string): Promise<Watch> {
      const institution = institutionOf(p)
      const row = await repo.endWatch(db, institution, id, `由 ${p.username} 移出`)
      if (!row) throw MonitoringErrors.WATCH_NOT_FOUND(id)
      return watchOf(row)
    },

    async watches(p: Principal, f: { live: boolean; subjectKey?: string | undefined; limit: number; offset: number }): Promise<{ total: number; watches: Watch[] }> {
      const r = await repo.watches(db, institutionOf(p), f)
      return { total: r.total, watches: r.rows.map(watchOf) }
    },

    // ---- rules
    async rules(p: Principal): Promise<AlertRule[]> {
      return [...(await rulesOf(db, [institutionOf(p)])).get(institutionOf(p))!.values()]
    },

    async putRules(p: Principal, input: Array<{ kind: string; enabled: boolean; severity: string; channels: string[] }>): Promise<AlertRule[]> {
      const institution = institutionOf(p)
      if (input.length > ALERT_KIND_NAMES.length) throw MonitoringErrors.TOO_MANY(ALERT_KIND_NAMES.length, 'rules')
      for (const [i, r] of input.entries()) {
        if (!ALERT_KIND_NAMES.includes(r.kind as AlertKind)) throw MonitoringErrors.RULE_INVALID(`rules[${i}].kind`, r.kind)
        if (!SEVERITIES.includes(r.severity as Severity)) throw MonitoringErrors.RULE_INVALID(`rules[${i}].severity`, r.severity)
        const bad = r.channels.find((c) => !CHANNELS.includes(c as Channel))
        if (bad !== undefined) throw MonitoringErrors.RULE_INVALID(`rules[${i}].channels`, bad)
      }
      await db.transaction(async (tx) => {
        await repo.putRules(tx, institution, input.map((r) => ({ ...r, channels: [...new Set(r.channels)] })), p.username)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'monitoring.rules.set', details: { kinds: input.map((r) => r.kind) } })
      })
      return [...(await rulesOf(db, [institution])).get(institution)!.values()]
    },

    // ---- alerts
    async alerts(p: Principal, f: { unacknowledged: boolean; kind?: string | undefined; since?: Date | undefined; limit: number; offset: number }): Promise<{ total: number; alerts: Alert[] }> {
      const institution = institutionOf(p)
      const r = await repo.alerts(db, institution, f)
      // Alerts tell which watched borrowers have negative records: a read of the institution's own monitoring data.
      if (r.rows.length) await audit.append({ actor: actorOf(p), action: 'monitoring.alerts.read', details: { count: r.rows.length, subjects: [...new Set(r.rows.map((a) => a.subject_key))].slice(0, 100) } })
      return { total: r.total, alerts: r.rows.map(alertOf) }
    },

    /** Audits an alert about to be pushed on the live stream: the same read as the list, one alert at a time. */
    async streamed(p: Principal, a: Alert): Promise<void> {
      await audit.append({ actor: actorOf(p), action: 'monitoring.alerts.read', subjectKey: a.subjectKey, details: { count: 1, subjects: [a.subjectKey], alert: a.id, channel: 'stream' } })
    },

    /**
     * What a reconnecting live stream missed: the institution's alerts (channel 'web') after the one the client last
     * received, oldest first, at most `limit`. An id not of this institution (or not kept any more) replays nothing,
     * exactly like the institution's latest alert: the answer tells nothing of other institutions' alerts.
     */
    async alertsAfter(p: Principal, afterId: string, limit: number): Promise<Alert[]> {
      return (await repo.alertsAfter(db, institutionOf(p), afterId, limit)).map(alertOf)
    },

    async acknowledge(p: Principal, ids: string[]): Promise<Alert[]> {
      const institution = institutionOf(p)
      if (ids.length > MAX_BATCH) throw MonitoringErrors.TOO_MANY(MAX_BATCH, 'ids')
      const rows = await repo.acknowledge(db, institution, ids, p.username)
      if (ids.length === 1 && rows.length === 0) throw MonitoringErrors.ALERT_NOT_FOUND(ids[0]!)
      return rows.map(alertOf)
    },

    /**
     * A grade drop from the evaluation context (信用评价): alerts the institutions watching the subject. Within `tx`
     * when given (the evaluation's own transaction), else in one of its own.
     */
    async gradeDropped(drop: GradeDrop, tx?: Sql): Promise<Alert[]> {
      const draft: AlertDraft = {
        subjectKey: drop.subjectKey, kind: 'grade_drop', dedupeKey: `grade:${drop.key}`, itemKey: null, recordKey: null, version: null,
        title: `${ALERT_KINDS.grade_drop.zh}：${drop.from} → ${drop.to}（${drop.scheme}）${drop.reasons?.length ? `；${drop.reasons.join('；')}` : ''}`,
        details: { from: drop.from, to: drop.to, scheme: drop.scheme, ...(drop.reasons?.length ? { reasons: [...drop.reasons] } : {}) },
      }
      return tx ? raiseAlerts(tx, [draft]) : db.transaction((t) => raiseAlerts(t, [draft]))
    },

    // ---- webhook
    async webhook(p: Principal): Promise<WebhookConfig | null> {
      const w = await repo.webhook(db, institutionOf(p))
      return w ? { url: w.url, enabled: w.enabled, updatedBy: w.updated_by, updatedAt: w.updated_at } : null
    },

    /** Sets the webhook; a new secret is made and returned this once (only its sealed form is kept). */
    async setWebhook(p: Principal, input: { url: string; enabled?: boolean | undefined }): Promise<WebhookConfig & { secret: string }> {
      const institution = institutionOf(p)
      const url = await checkWebhookUrl(input.url, deps.urlPolicy ?? {})
      const secret = randomBytes(32).toString('base64url')
      const row = await db.transaction(async (tx) => {
        const r = await repo.putWebhook(tx, { institution, url, secret: seal(deps.dataKey, secret), enabled: input.enabled ?? true, updated_by: p.username })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'monitoring.webhook.set', details: { url } })
        return r
      })
      return { url: row.url, enabled: row.enabled, updatedBy: row.updated_by, updatedAt: row.updated_at, secret }
    },

    async deleteWebhook(p: Principal): Promise<void> {
      if (!(await repo.deleteWebhook(db, institutionOf(p)))) throw MonitoringErrors.WEBHOOK_NOT_SET()
    },

    async deliveries(p: Principal, f: { status?: string | undefined; limit: number; offset: number }): Promise<{ total: number; deliveries: Delivery[] }> {
      const r = await repo.deliveries(db, institutionOf(p), f)
      return { total: r.total, deliveries: r.rows.map(deliveryOf) }
    },

    /** A few subjects watched for their loans, with who watches them (the demo's alerts). */
    someWatched: async (limit: number) => (await repo.someLive(db, limit)).map((r) => ({ subjectKey: r.subject_key, institution: r.institution })),

    /** The institution a principal acts for (the live feed's subscription key). */
    institutionOf,
  }
}

export type MonitoringService = ReturnType<typeof createMonitoringService>

import type { Database, Sql } from '../core/index.js'
import { beijingAt } from '../core/index.js'
import type { Principal } from '../access/index.js'
import { actorOf, type AuditService } from '../audit/index.js'
import { MonitoringErrors } from './monitoring.errors.js'
import { createMonitoringStatsRepository } from './monitoring-stats.repository.js'
import { ALERT_KINDS, type AlertKind } from './monitoring.types.js'

export interface MonitoringStatsFilter {
  /** First Beijing day counted (YYYY-MM-DD); none: from the beginning. */
  from?: string | undefined
  /** Last Beijing day counted; none: up to now. */
  to?: string | undefined
}

export interface MonitoringStats {
  from: string | null
  to: string | null
  /** Alerts per Beijing day, institution and kind. */
  byDay: Array<{ day: string; institution: string; kind: AlertKind; alerts: number; acknowledged: number }>
  /** Alerts per kind over the period. */
  byKind: Array<{ kind: AlertKind; name: string; alerts: number }>
  /** Per institution: alerts, webhook deliveries and how many succeeded, live watches (counts only). */
  byInstitution: Array<{
    institution: string; alerts: number; acknowledged: number; deliveries: number; delivered: number; failed: number; pending: number; attempts: number
    /** delivered / (delivered + failed): deliveries still being retried are not counted yet; null when none ended. */
    successRate: number | null
    liveWatches: number; watchedSubjects: number
  }>
}

const DAY = /^\d{4}-\d{2}-\d{2}$/
const realDay = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/**
 * 监测预警 statistics for the credit service centre and supervisors (监管): how many alerts of each kind each
 * institution got per day, how their webhook deliveries fared, how many subjects they watch. Counts only: the alerts
 * themselves, which name subjects and records, and the watch lists stay with each institution (their routes are the
 * institution's alone). Each read is audited (`monitoring.stats.read`), as the platforms' usage statistics are.
 *
 * @example
 * const s = await stats.read(supervisor, { from: '2026-11-01', to: '2026-11-30' })
 * s.byInstitution[0].successRate // 0.98
 */
export function createMonitoringStats(deps: { db: Database; audit: Pick<AuditService, 'append'> }) {
  const repo = createMonitoringStatsRepository()
  return {
    async read(p: Principal, f: MonitoringStatsFilter): Promise<MonitoringStats> {
      if (p.role !== 'operator' && p.role !== 'supervisor') throw MonitoringErrors.STATS_NOT_ALLOWED()
      if (f.from !== undefined && !realDay(f.from)) throw MonitoringErrors.STATS_FILTER_INVALID('from', `起始日期无效 / invalid start date: ${f.from}`)
      if (f.to !== undefined && !realDay(f.to)) throw MonitoringErrors.STATS_FILTER_INVALID('to', `截止日期无效 / invalid end date: ${f.to}`)
      if (f.from && f.to && f.from > f.to) throw MonitoringErrors.STATS_FILTER_INVALID('from', '起始日期晚于截止日期 / the start is after the end')
      const from = f.from ? beijingAt(f.from) : null
      const to = f.to ? beijingAt(nextDay(f.to)) : null
      const [days, deliveries, watches] = await Promise.all([repo.alertsByDay(deps.db, from, to), repo.deliveries(deps.db, from, to), repo.liveWatches(deps.db)])
      const kinds = new Map<AlertKind, number>()
      const per = new Map<string, MonitoringStats['byInstitution'][number]>()
      const of = (institution: string) => {
        let row = per.get(institution)
        if (!row) {
          row = { institution, alerts: 0, acknowledged: 0, deliveries: 0, delivered: 0, failed: 0, pending: 0, attempts: 0, successRate: null, liveWatches: 0, watchedSubjects: 0 }
          per.set(institution, row)
        }
        return row
      }
      for (const d of days) {
        kinds.set(d.kind as AlertKind, (kinds.get(d.kind as AlertKind) ?? 0) + d.alerts)
        const row = of(d.institution)
        row.alerts += d.alerts
        row.acknowledged += d.acknowledged
      }
      for (const d of deliveries) {
        const row = of(d.institution)
        Object.assign(row, { deliveries: d.deliveries, delivered: d.delivered, failed: d.failed, pending: d.pending, attempts: d.attempts })
        row.successRate = d.delivered + d.failed > 0 ? d.delivered / (d.delivered + d.failed) : null
      }
      for (const w of watches) Object.assign(of(w.institution), { liveWatches: w.watches, watchedSubjects: w.subjects })
      const out: MonitoringStats = {
        from: f.from ?? null, to: f.to ?? null,
        byDay: days.map((d) => ({ day: d.day, institution: d.institution, kind: d.kind as AlertKind, alerts: d.alerts, acknowledged: d.acknowledged })),
        byKind: [...kinds].map(([kind, alerts]) => ({ kind, name: ALERT_KINDS[kind]?.zh ?? kind, alerts })).sort((a, b) => b.alerts - a.alerts || a.kind.localeCompare(b.kind)),
        byInstitution: [...per.values()].sort((a, b) => a.institution.localeCompare(b.institution)),
      }
      await deps.audit.append({ actor: actorOf(p), action: 'monitoring.stats.read', details: { filter: { ...f }, institutions: out.byInstitution.length } })
      return out
    },
  }
}

export type MonitoringStatsService = ReturnType<typeof createMonitoringStats>

/**
 * The institutions a monitoring alert named this record to, for repair notices (repair's `AlertRecipients` port).
 * Read within the caller's transaction.
 */
export async function alertedInstitutions(sql: Sql, r: { subjectKey: string; itemKey: string; recordKey: string }): Promise<string[]> {
  return createMonitoringStatsRepository().alertedOf(sql, r.subjectKey, r.itemKey, r.recordKey)
}

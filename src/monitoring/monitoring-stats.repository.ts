import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

// Counts only: no subject, record or alert body leaves these statements. Days are Beijing days.
const SQL = statements('monitoring.stats', {
  alertsByDay: `select to_char((created_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day, institution, kind, count(*)::int as alerts,
                (count(*) filter (where acknowledged_at is not null))::int as acknowledged
         from monitoring.alert
         where ($1::timestamptz is null or created_at >= $1) and ($2::timestamptz is null or created_at < $2)
         group by 1, 2, 3 order by 1, 2, 3`,
  deliveries: `select d.institution, count(*)::int as deliveries,
                (count(*) filter (where d.status = 'delivered'))::int as delivered,
                (count(*) filter (where d.status = 'failed'))::int as failed,
                (count(*) filter (where d.status = 'pending'))::int as pending,
                coalesce(sum(d.attempts), 0)::int as attempts
         from monitoring.delivery d
         where ($1::timestamptz is null or d.created_at >= $1) and ($2::timestamptz is null or d.created_at < $2)
         group by d.institution order by d.institution`,
  liveWatches: `select institution, count(*)::int as watches, count(distinct subject_key)::int as subjects
         from monitoring.watch where ended_at is null group by institution order by institution`,
  alertedOf: `select distinct institution from monitoring.alert
         where subject_key = $1 and item_key = $2 and record_key = $3 order by institution`,
})

export interface AlertDayRow { day: string; institution: string; kind: string; alerts: number; acknowledged: number }
export interface DeliveryCountRow { institution: string; deliveries: number; delivered: number; failed: number; pending: number; attempts: number }
export interface LiveWatchRow { institution: string; watches: number; subjects: number }

/** Counts of monitoring's tables for the operator and supervisors, and who was alerted of a record (for repair notices). */
export function createMonitoringStatsRepository() {
  return {
    alertsByDay: (db: Sql, from: Date | null, to: Date | null) => db.query<AlertDayRow>(SQL.alertsByDay, [from, to]),
    deliveries: (db: Sql, from: Date | null, to: Date | null) => db.query<DeliveryCountRow>(SQL.deliveries, [from, to]),
    liveWatches: (db: Sql) => db.query<LiveWatchRow>(SQL.liveWatches),
    async alertedOf(db: Sql, subjectKey: string, itemKey: string, recordKey: string): Promise<string[]> {
      return (await db.query<{ institution: string }>(SQL.alertedOf, [subjectKey, itemKey, recordKey])).map((r) => r.institution)
    },
  }
}

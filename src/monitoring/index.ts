import type { Database } from '../core/index.js'
import type { GrantService } from '../access/index.js'
import type { AuditService } from '../audit/index.js'
import { createMonitoringService, type MonitoringService } from './monitoring.service.js'
import { createChangeConsumer, type ChangeConsumer } from './change-consumer.js'
import { createWebhookSender, type SenderOptions, type WebhookSender } from './webhook-sender.js'
import { createLiveFeed, type LiveFeed } from './live-feed.js'
import { startMonitoringWorker, type MonitoringWorker } from './monitoring.worker.js'
import { createNegativeRuleService, type NegativeRuleService } from './negative-rules.service.js'
import type { CatalogService } from '../catalog/index.js'
import { createMonitoringStats, type MonitoringStatsService } from './monitoring-stats.service.js'

export { monitoringRoutes, type MonitoringRoutesServices } from './monitoring.routes.js'
export { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-sender.js'
export { ALERT_KINDS, type Alert, type AlertKind, type GradeDrop, type Watch } from './monitoring.types.js'
export type { MonitoringService, ChangeConsumer, WebhookSender, LiveFeed, MonitoringWorker, NegativeRuleService, MonitoringStatsService }
export { alertedInstitutions, type MonitoringStats, type MonitoringStatsFilter } from './monitoring-stats.service.js'

/** 监测预警 wired: the service (routes), the change consumer, the webhook sender, the live feed, and their worker. */
export interface Monitoring {
  service: MonitoringService
  consumer: ChangeConsumer
  sender: WebhookSender
  live: LiveFeed
  /** What counts as negative per item: the operator's rules. */
  negativeRules: NegativeRuleService
  /** Counts of alerts, deliveries and watches for the operator and supervisors (no personal data). */
  stats: MonitoringStatsService
  /** Starts consuming and sending in the background (the server does; tests and the demo may step by hand). */
  startWorker(opts?: { pollMs?: number }): Promise<MonitoringWorker>
  close(): Promise<void>
}

export function createMonitoring(deps: {
  db: Database; dataKey: Buffer; grants: Pick<GrantService, 'between'>; audit: Pick<AuditService, 'append' | 'appendWithin'>
  catalog: Pick<CatalogService, 'current'>; allowPrivateWebhooks?: boolean; sender?: Omit<SenderOptions, 'urlPolicy'>
}): Monitoring {
  const urlPolicy = { allowPrivate: deps.allowPrivateWebhooks ?? false }
  const service = createMonitoringService({ db: deps.db, dataKey: deps.dataKey, grants: deps.grants, audit: deps.audit, urlPolicy })
  const consumer = createChangeConsumer({ db: deps.db, monitoring: service })
  const sender = createWebhookSender({ db: deps.db, dataKey: deps.dataKey }, { ...deps.sender, urlPolicy })
  const live = createLiveFeed({ db: deps.db })
  const negativeRules = createNegativeRuleService({ db: deps.db, catalog: deps.catalog, audit: deps.audit })
  const stats = createMonitoringStats({ db: deps.db, audit: deps.audit })
  const workers: MonitoringWorker[] = []
  return {
    service, consumer, sender, live, negativeRules, stats,
    async startWorker(opts) {
      const w = await startMonitoringWorker({ db: deps.db, consumer, sender }, opts)
      workers.push(w)
      return w
    },
    async close() {
      for (const w of workers.splice(0)) await w.stop()
      sender.close()
      await live.close()
    },
  }
}

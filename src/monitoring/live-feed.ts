import type { Database } from '../core/index.js'
import { createMonitoringRepository } from './monitoring.repository.js'
import { alertOf } from './monitoring.service.js'
import type { Alert } from './monitoring.types.js'

/** How far back a wake-up looks: alerts are stamped at their transaction's start, which may be a little before its commit. */
const SLACK_MS = 30_000

/**
 * The live alert feed behind the SSE route: subscribers per institution; a NOTIFY monitoring_alert (sent at the commit
 * of new alerts, by any process) makes it read the institutions' recent alerts and pass on those not yet passed on.
 * It listens only while someone is subscribed.
 */
export function createLiveFeed(deps: { db: Database }) {
  const repo = createMonitoringRepository()
  const subscribers = new Map<string, Set<(a: Alert) => void>>()
  const seen = new Map<string, number>()
  let stopListening: (() => Promise<void>) | undefined
  let starting: Promise<void> | undefined
  let since = new Date()
  let reading = false
  let again = false

  async function read(): Promise<void> {
    if (reading) {
      again = true
      return
    }
    reading = true
    try {
      do {
        again = false
        const from = new Date(since.getTime() - SLACK_MS)
        const rows = await repo.recentAlerts(deps.db, [...subscribers.keys()], from)
        for (const r of rows) {
          if (seen.has(r.id)) continue
          seen.set(r.id, new Date(r.created_at).getTime())
          const alert = alertOf(r)
          for (const fn of subscribers.get(alert.institution) ?? []) fn(alert)
        }
        const last = rows.at(-1)
        if (last && new Date(last.created_at) > since) since = new Date(last.created_at)
        for (const [id, at] of seen) if (at < from.getTime() - SLACK_MS) seen.delete(id)
      } while (again)
    } catch (err) {
      console.error(`监测预警推送读取失败 / live alert read failed: ${(err as Error).message}`)
    } finally {
      reading = false
    }
  }

  return {
    /** Calls `fn` with each new alert of `institution` (channel 'web'); resolves to the function that ends it. */
    async subscribe(institution: string, fn: (a: Alert) => void): Promise<() => Promise<void>> {
      const set = subscribers.get(institution) ?? new Set()
      set.add(fn)
      subscribers.set(institution, set)
      if (!stopListening) {
        starting ??= deps.db.listen('monitoring_alert', () => void read()).then((stop) => {
          stopListening = stop
          since = new Date()
        })
        await starting
      }
      // What is already there is not news: only alerts committed from now on are passed on.
      for (const r of await repo.recentAlerts(deps.db, [institution], new Date(Date.now() - 2 * SLACK_MS))) seen.set(r.id, new Date(r.created_at).getTime())
      return async () => {
        set.delete(fn)
        if (set.size === 0) subscribers.delete(institution)
        if (subscribers.size === 0 && stopListening) {
          const stop = stopListening
          stopListening = undefined
          starting = undefined
          await stop()
        }
      }
    },
    async close(): Promise<void> {
      subscribers.clear()
      if (stopListening) await stopListening()
      stopListening = undefined
      starting = undefined
    },
  }
}

export type LiveFeed = ReturnType<typeof createLiveFeed>

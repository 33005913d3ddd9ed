import type { Database } from '../core/index.js'
import { createMonitoringRepository, type AlertRow } from './monitoring.repository.js'
import { alertOf } from './monitoring.service.js'
import type { Alert } from './monitoring.types.js'

/** How far back a wake-up looks: alerts are stamped at their transaction's start, which may be a little before its commit. */
const SLACK_MS = 30_000
/** Alerts are read a page at a time (see eachAlertSince). */
const PAGE = 1000

/**
 * One subscription. `sent` holds the alerts (id → created_at, ms) it must not be sent: those it was sent and those that
 * were there before it started. Each subscriber has its own: a shared record would let a subscriber that starts
 * between an alert's commit and the feed's read of it take the alert from the subscribers already there.
 */
interface Subscriber {
  send: (a: Alert) => void
  sent: Map<string, number>
}

/**
 * The live alert feed behind the SSE route: subscribers per institution; a NOTIFY monitoring_alert (sent at the commit
 * of new alerts, by any process) makes it read the institutions' recent alerts and pass each one on to every
 * subscriber of its institution that has not had it. It listens only while someone is subscribed.
 */
export function createLiveFeed(deps: { db: Database; pageSize?: number }) {
  const pageSize = deps.pageSize ?? PAGE
  const repo = createMonitoringRepository()
  const subscribers = new Map<string, Set<Subscriber>>()
  let stopListening: (() => Promise<void>) | undefined
  let starting: Promise<void> | undefined
  let since = new Date()
  let reading = false
  let again = false

  /**
   * Calls `fn` with every alert of the institutions since `from`, oldest first, read a page at a time until a page is
   * short; resolves to the last one. One capped read would not do: more alerts than a page within the slack would
   * hold `since` where it is, and every later read would fetch the same page again and never reach the rest.
   */
  async function eachAlertSince(institutions: string[], from: Date, fn: (r: AlertRow) => void): Promise<AlertRow | undefined> {
    let page: AlertRow[] = []
    let last: AlertRow | undefined
    do {
      page = await repo.recentAlerts(deps.db, institutions, from, pageSize, last?.id)
      for (const r of page) fn(r)
      last = page.at(-1) ?? last
    } while (page.length === pageSize)
    return last
  }

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
        const last = await eachAlertSince([...subscribers.keys()], from, (r) => {
          const at = new Date(r.created_at).getTime()
          let alert: Alert | undefined
          for (const sub of subscribers.get(r.institution) ?? []) {
            if (sub.sent.has(r.id)) continue
            sub.sent.set(r.id, at)
            sub.send((alert ??= alertOf(r)))
          }
        })
        if (last && new Date(last.created_at) > since) since = new Date(last.created_at)
        // Later reads start at `from` or after: what is older than that (and the slack) is never read again.
        for (const set of subscribers.values()) for (const sub of set) for (const [id, at] of sub.sent) if (at < from.getTime() - SLACK_MS) sub.sent.delete(id)
      } while (again)
    } catch (err) {
      console.error(`监测预警推送读取失败 / live alert read failed: ${(err as Error).message}`)
    } finally {
      reading = false
    }
  }

  async function listening(): Promise<void> {
    if (stopListening) return
    starting ??= deps.db.listen('monitoring_alert', () => void read()).then((stop) => {
      stopListening = stop
      since = new Date()
    })
    await starting
  }

  return {
    /** Calls `fn` with each new alert of `institution` (channel 'web'); resolves to the function that ends it. */
    async subscribe(institution: string, fn: (a: Alert) => void): Promise<() => Promise<void>> {
      await listening()
      const sub: Subscriber = { send: fn, sent: new Map() }
      const peer = subscribers.get(institution)?.values().next().value
      if (peer) {
        // The institution is followed already: start where its subscribers are, so that an alert committed but not
        // yet read goes to this one too, and to them as well.
        sub.sent = new Map(peer.sent)
      } else {
        // What is already there is not news: only alerts committed from now on are passed on. The read covers every
        // alert a later read could fetch (they fetch from `since` less the slack, and `since` may be long ago).
        const from = Math.min(since.getTime() - SLACK_MS, Date.now() - 2 * SLACK_MS)
        await eachAlertSince([institution], new Date(from), (r) => sub.sent.set(r.id, new Date(r.created_at).getTime()))
      }
      const set = subscribers.get(institution) ?? new Set()
      set.add(sub)
      subscribers.set(institution, set)
      // The last subscriber may have left while the starting point was read, and the feed stopped listening.
      await listening()
      // An alert committed while the starting point was read may have been read by the feed before this subscriber
      // joined: read again, this subscriber's own record keeps it from getting anything twice.
      if (!peer) void read()
      return async () => {
        set.delete(sub)
        if (set.size === 0 && subscribers.get(institution) === set) subscribers.delete(institution)
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

import type { Database } from '../core/index.js'
import { watchRecordChanges } from '../records/index.js'
import type { ChangeConsumer } from './change-consumer.js'
import type { WebhookSender } from './webhook-sender.js'

/** Runs `fn` when kicked; a kick while it runs makes it run once more after. Errors are logged, not thrown. */
function pump(label: string, fn: () => Promise<number | void>): { kick: () => void; idle: () => Promise<void> } {
  let running: Promise<void> | undefined
  let again = false
  const kick = () => {
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          await fn()
        } catch (err) {
          console.error(`${label}: ${(err as Error).message}`)
        }
      } while (again)
    })().finally(() => {
      running = undefined
    })
  }
  return { kick, idle: async () => { while (running) await running } }
}

/**
 * The background half of monitoring: consumes the change feed when records commit (LISTEN records_change, and a
 * poll every `pollMs` in case a notification was missed), and sends the outbox when deliveries are written (LISTEN
 * monitoring_delivery) or come due for a retry.
 */
export async function startMonitoringWorker(deps: { db: Database; consumer: Pick<ChangeConsumer, 'step'>; sender: WebhookSender }, opts: { pollMs?: number } = {}) {
  const pollMs = opts.pollMs ?? 5000
  let stopped = false
  let retryTimer: NodeJS.Timeout | undefined
  let sendTimer: NodeJS.Timeout | undefined

  const sending = pump('监测预警推送 / webhook sender', async () => {
    await deps.sender.sendDue()
    const next = await deps.sender.nextDue()
    if (sendTimer) clearTimeout(sendTimer)
    if (next && !stopped) {
      sendTimer = setTimeout(() => sending.kick(), Math.max(10, Math.min(pollMs, next.getTime() - Date.now())))
      sendTimer.unref()
    }
  })
  const consuming = pump('监测预警 / change consumer', async () => {
    for (;;) {
      const r = await deps.consumer.step()
      // Hand the new deliveries to the sender at once: to its run under way, else a new run.
      if (r.alerts && !deps.sender.wake()) sending.kick()
      if (r.more) continue
      if (r.pending && !stopped) {
        // An older transaction still holds the horizon: no notification will come when it ends.
        if (retryTimer) clearTimeout(retryTimer)
        retryTimer = setTimeout(() => consuming.kick(), 20)
        retryTimer.unref()
      }
      return
    }
  })

  const stopChanges = await watchRecordChanges(deps.db, () => consuming.kick())
  const stopDeliveries = await deps.db.listen('monitoring_delivery', () => {
    if (!deps.sender.wake()) sending.kick()
  })
  const poll = setInterval(() => {
    consuming.kick()
    sending.kick()
  }, pollMs)
  poll.unref()
  consuming.kick()
  sending.kick()

  return {
    /** Consume and send now (tests, the demo). */
    kick: () => {
      consuming.kick()
      sending.kick()
    },
    /** Resolves when both are idle. */
    async idle(): Promise<void> {
      await consuming.idle()
      await sending.idle()
    },
    async stop(): Promise<void> {
      stopped = true
      clearInterval(poll)
      if (retryTimer) clearTimeout(retryTimer)
      if (sendTimer) clearTimeout(sendTimer)
      await stopChanges()
      await stopDeliveries()
      await consuming.idle()
      await sending.idle()
    },
  }
}

export type MonitoringWorker = Awaited<ReturnType<typeof startMonitoringWorker>>

import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import type { Database } from '../core/index.js'
import { hmacSm3, unseal } from '../core/index.js'
import { createMonitoringRepository, type AttemptOutcome, type DeliveryRow, type MonitoringRepository } from './monitoring.repository.js'
import { guardedLookup, isPrivateAddress, type UrlPolicy } from './url-guard.js'

export interface SenderOptions {
  /** Deliveries sent at once (XINSHU_WEBHOOK_CONCURRENCY, default 8). */
  concurrency?: number
  /** Attempts before a delivery is given up (default 10). */
  maxAttempts?: number
  /** First retry after this many seconds, doubling each time up to an hour (default 5). */
  baseDelaySeconds?: number
  /** One attempt's time limit (default 10 s). */
  timeoutMs?: number
  urlPolicy?: UrlPolicy
}

export const SIGNATURE_HEADER = 'x-xinshu-signature'
export const TIMESTAMP_HEADER = 'x-xinshu-timestamp'

/**
 * The signature a receiver checks: HMAC-SM3, keyed with the webhook's secret (its UTF-8 bytes), over
 * `<timestamp>.<body>`; sent as `X-Xinshu-Signature: sm3=<hex>` with `X-Xinshu-Timestamp: <unix seconds>`.
 *
 * @example
 * signWebhook(secret, '1764921600', '{"event":"alert",…}') // 'sm3=9f…'
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sm3=${hmacSm3(Buffer.from(secret, 'utf8'), `${timestamp}.${body}`)}`
}

/** Seconds until the next try after `attempts` failed ones: exponential, capped at an hour, with ±20 % jitter. */
export function backoffSeconds(attempts: number, base: number): number {
  const plain = Math.min(3600, base * 2 ** Math.max(0, attempts - 1))
  return Math.round(plain * (0.8 + Math.random() * 0.4) * 1000) / 1000
}

/** Keep-alive connections, one pool per sender and scheme: a busy endpoint is not dialled again for every delivery. */
function agents(concurrency: number) {
  const options = { keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, scheduling: 'lifo' as const }
  let http: HttpAgent | undefined
  let https: HttpsAgent | undefined
  return {
    of: (protocol: string) => protocol === 'https:' ? (https ??= new HttpsAgent(options)) : (http ??= new HttpAgent(options)),
    destroy() {
      http?.destroy()
      https?.destroy()
      http = https = undefined
    },
  }
}

/**
 * One POST; resolves to the HTTP status, or throws the network's error. Redirects are not followed. A new connection
 * resolves its host through the guard; a kept-alive one was guarded when it was opened.
 */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, policy: UrlPolicy, agent: (protocol: string) => HttpAgent): Promise<number> {
  const u = new URL(url)
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) && !policy.allowPrivate && isPrivateAddress(host)) return Promise.reject(new Error(`refused: private address ${host}`))
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    // The time limit is the whole exchange's, not only the socket's idle time: an endpoint answering a byte at a
    // time would otherwise hold a sending slot (of every institution's deliveries) for as long as it likes.
    const deadline = setTimeout(() => {
      req.destroy()
      reject(new Error(`timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    const fail = (err: Error) => {
      clearTimeout(deadline)
      reject(err)
    }
    const req = request(u, {
      method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), timeout: timeoutMs,
      agent: agent(u.protocol),
    }, (res) => {
      res.resume()
      res.on('end', () => {
        clearTimeout(deadline)
        resolve(res.statusCode ?? 0)
      })
      res.on('error', fail)
    })
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', fail)
    req.end(body)
  })
}

/**
 * The delivery log written in groups: outcomes added while a write is under way go together in the next one
 * (one statement for all of them), so the log keeps up however many deliveries finish at once.
 */
function attemptLog(db: Database, repo: MonitoringRepository) {
  const waiting: AttemptOutcome[] = []
  let writing: Promise<void> | undefined
  let failure: unknown
  const write = async () => {
    try {
      while (waiting.length) await repo.recordAttempts(db, waiting.splice(0, 1000))
    } catch (err) {
      // The claims of what was not logged run out and those deliveries are sent again: late, never lost.
      failure ??= err
      waiting.length = 0
    } finally {
      writing = undefined
    }
  }
  return {
    add(a: AttemptOutcome): void {
      waiting.push(a)
      writing ??= write()
    },
    /** Resolves when everything added is written; throws what a write threw. */
    async flush(): Promise<void> {
      while (writing) await writing
      if (failure !== undefined) {
        const err = failure
        failure = undefined
        throw err
      }
    },
  }
}

/**
 * Sends the outbox's due deliveries. They are claimed in groups (`for update skip locked`, with a lease: two senders
 * never send one delivery at once, and a dead sender's claims come due again when the lease runs out), a group ahead
 * of what is being sent so that claiming overlaps sending; each is POSTed signed, with its Idempotency-Key, over
 * kept-alive connections, `concurrency` at a time; outcomes are logged in groups (every attempt has its row). A
 * failure is retried with exponential back-off until `maxAttempts`. At least once: a receiver may see a delivery
 * again (after a lost answer, or a sender that died between sending and logging) and deduplicates by the key.
 */
export function createWebhookSender(deps: { db: Database; dataKey: Buffer }, opts: SenderOptions = {}) {
  const repo = createMonitoringRepository()
  const concurrency = Math.max(1, opts.concurrency ?? 8)
  const maxAttempts = opts.maxAttempts ?? 10
  const base = opts.baseDelaySeconds ?? 5
  const timeoutMs = opts.timeoutMs ?? 10_000
  const policy = opts.urlPolicy ?? {}
  /** Claimed and not yet sent, at most: one group being sent, and the next ones waiting. */
  const ahead = concurrency * AHEAD
  // A claim waits behind at most AHEAD rounds of sends, each within the time limit, then its outcome is logged.
  const leaseSeconds = Math.ceil((timeoutMs * (AHEAD + 1)) / 1000) + 30
  /** Secrets as read lately: a run may last as long as deliveries keep coming, a secret set again must not wait for its end. */
  const secrets = new Map<string, { secret: string; at: number }>()
  const pool = agents(concurrency)
  /** The call of sendDue under way, to which new deliveries are handed. */
  let running: { wake(): void } | undefined

  async function secretOf(institution: string): Promise<string | undefined> {
    const row = await repo.webhook(deps.db, institution)
    if (!row) return undefined
    return unseal(deps.dataKey, row.secret)
  }

  async function attempt(d: DeliveryRow): Promise<AttemptOutcome> {
    const started = Date.now()
    let status: number | null = null
    let error: string | null = null
    try {
      // The secret of now: a webhook set again since the delivery was written signs with its new secret.
      const known = secrets.get(d.institution)
      let secret = known && Date.now() - known.at < SECRET_TTL_MS ? known.secret : undefined
      if (secret === undefined) {
        secret = await secretOf(d.institution)
        if (secret === undefined) throw new Error('webhook removed')
        secrets.set(d.institution, { secret, at: Date.now() })
      }
      const ts = String(Math.floor(Date.now() / 1000))
      status = await post(d.url, {
        'content-type': 'application/json', 'idempotency-key': d.id, 'x-xinshu-event': 'alert',
        [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(secret, ts, d.body), 'user-agent': 'xinshu-webhook/1',
      }, d.body, timeoutMs, policy, pool.of)
      if (status < 200 || status >= 300) error = `HTTP ${status}`
    } catch (err) {
      error = String((err as Error).message ?? err).slice(0, 500)
    }
    const ok = error === null
    const gaveUp = !ok && (d.attempts >= maxAttempts || error === 'webhook removed')
    return {
      id: d.id, n: d.attempts, httpStatus: status, error, durationMs: Date.now() - started,
      outcome: ok ? 'delivered' : gaveUp ? 'failed' : 'retry', retryInSeconds: backoffSeconds(d.attempts, base),
    }
  }

  return {
    /**
     * Sends what is due now until nothing is due, and logs every attempt before it resolves; returns how many
     * attempts it made. What fails meanwhile waits for its back-off, not for this call.
     */
    async sendDue(): Promise<number> {
      secrets.clear()
      const log = attemptLog(deps.db, repo)
      const queue: DeliveryRow[] = []
      let claimed = 0
      let drained = false
      // Wake-ups so far: a short answer to a claim that began before the last one does not mean nothing is due.
      let wakes = 0
      let claimFailure: unknown
      let claiming: Promise<void> | undefined
      // One claim at a time, for what the queue has room for; a short answer means nothing more is due now.
      const refill = (): Promise<void> => {
        if (claiming) return claiming
        const room = ahead - queue.length
        if (room <= 0 || drained) return Promise.resolve()
        return claiming = claim(room)
      }
      const claim = async (room: number): Promise<void> => {
        try {
          const before = wakes
          const due = await repo.claimDue(deps.db, room, leaseSeconds)
          queue.push(...due)
          claimed += due.length
          if (due.length < room && before === wakes) drained = true
        } catch (err) {
          claimFailure ??= err
          drained = true
        } finally {
          claiming = undefined
        }
      }
      const lane = async (): Promise<void> => {
        for (;;) {
          // Claim the next group while this one is sent.
          if (queue.length <= concurrency && !drained) void refill()
          const d = queue.shift()
          if (d) {
            log.add(await attempt(d))
            continue
          }
          if (drained && !claiming) return
          await refill()
        }
      }
      const lanes = new Set<Promise<void>>()
      const open = () => {
        while (lanes.size < concurrency) {
          const l: Promise<void> = lane().finally(() => lanes.delete(l))
          lanes.add(l)
        }
      }
      const run = {
        wake: () => {
          wakes++
          drained = false
          open()
        },
      }
      running = run
      try {
        open()
        while (lanes.size) await Promise.all([...lanes])
      } finally {
        if (running === run) running = undefined
      }
      await log.flush()
      if (claimFailure !== undefined) throw claimFailure
      return claimed
    },
    /**
     * New deliveries were written: a call of {@link sendDue} still sending claims them too (true); false when none is
     * running, and the caller starts one.
     */
    wake(): boolean {
      if (!running) return false
      running.wake()
      return true
    },
    /** When the next pending delivery comes due, or null. */
    nextDue: () => repo.nextDue(deps.db),
    /** Closes the kept-alive connections. */
    close(): void {
      pool.destroy()
    },
  }
}

/** How long a webhook's secret is used as read before it is read again. */
const SECRET_TTL_MS = 1000

/** Groups claimed ahead of the one being sent, per lane. */
const AHEAD = 4

export type WebhookSender = ReturnType<typeof createWebhookSender>

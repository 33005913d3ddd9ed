import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import type { Database } from '../core/index.js'
import { hmacSm3, unseal } from '../core/index.js'
import { createMonitoringRepository, type DeliveryRow } from './monitoring.repository.js'
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

/** One POST; resolves to the HTTP status, or throws the network's error. Redirects are not followed. */
function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, policy: UrlPolicy): Promise<number> {
  const u = new URL(url)
  const host = u.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) && !policy.allowPrivate && isPrivateAddress(host)) return Promise.reject(new Error(`refused: private address ${host}`))
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(u, {
      method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(policy), timeout: timeoutMs,
    }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Sends the outbox's due deliveries: each claimed for one attempt (a lease, so two senders never send one
 * delivery at once and a dead sender's claim comes due again), POSTed signed with its Idempotency-Key, its attempt
 * logged; a failure is retried with exponential back-off until `maxAttempts`. At least once: a receiver may see a
 * delivery again (after a lost answer) and deduplicates by the key.
 */
export function createWebhookSender(deps: { db: Database; dataKey: Buffer }, opts: SenderOptions = {}) {
  const repo = createMonitoringRepository()
  const concurrency = opts.concurrency ?? 8
  const maxAttempts = opts.maxAttempts ?? 10
  const base = opts.baseDelaySeconds ?? 5
  const timeoutMs = opts.timeoutMs ?? 10_000
  const policy = opts.urlPolicy ?? {}
  const leaseSeconds = Math.ceil(timeoutMs / 1000) + 30
  const secrets = new Map<string, string>()

  async function secretOf(institution: string): Promise<string | undefined> {
    const row = await repo.webhook(deps.db, institution)
    if (!row) return undefined
    return unseal(deps.dataKey, row.secret)
  }

  async function attempt(d: DeliveryRow): Promise<void> {
    const started = Date.now()
    let status: number | null = null
    let error: string | null = null
    try {
      // The secret of now: a webhook set again since the delivery was written signs with its new secret.
      const secret = secrets.get(d.institution) ?? (await secretOf(d.institution))
      if (secret === undefined) throw new Error('webhook removed')
      secrets.set(d.institution, secret)
      const ts = String(Math.floor(Date.now() / 1000))
      status = await post(d.url, {
        'content-type': 'application/json', 'idempotency-key': d.id, 'x-xinshu-event': 'alert',
        [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signWebhook(secret, ts, d.body), 'user-agent': 'xinshu-webhook/1',
      }, d.body, timeoutMs, policy)
      if (status < 200 || status >= 300) error = `HTTP ${status}`
    } catch (err) {
      error = String((err as Error).message ?? err).slice(0, 500)
    }
    const ok = error === null
    const gaveUp = !ok && (d.attempts >= maxAttempts || error === 'webhook removed')
    await repo.recordAttempt(deps.db, {
      id: d.id, n: d.attempts, httpStatus: status, error, durationMs: Date.now() - started,
      outcome: ok ? 'delivered' : gaveUp ? 'failed' : 'retry', retryInSeconds: backoffSeconds(d.attempts, base),
    })
  }

  return {
    /** Sends what is due now, `concurrency` at a time, until nothing is due; returns how many attempts it made. */
    async sendDue(): Promise<number> {
      secrets.clear()
      let n = 0
      for (;;) {
        const limit = concurrency * 4
        const due = await repo.claimDue(deps.db, limit, leaseSeconds)
        if (due.length === 0) return n
        n += due.length
        let next = 0
        await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, async () => {
          while (next < due.length) await attempt(due[next++]!)
        }))
        // A short claim took everything due; what failed meanwhile waits for its back-off, not for this loop.
        if (due.length < limit) return n
      }
    },
    /** When the next pending delivery comes due, or null. */
    nextDue: () => repo.nextDue(deps.db),
  }
}

export type WebhookSender = ReturnType<typeof createWebhookSender>

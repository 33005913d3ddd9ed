import { MonitoringErrors } from './monitoring.errors.js'

/**
 * How many live alert streams one account may hold open at once: a few browser tabs. Each stream holds a socket, a
 * subscriber and a timer for as long as the client keeps it, so without a bound one caller could hold thousands.
 */
export const STREAM_LIMITS = { perAccount: 5 } as const

/**
 * Open live streams per account. `take` refuses past the bound (before the response is hijacked, so the refusal is
 * an ordinary problem+json answer) and returns the release, which is safe to call more than once.
 */
export function createStreamSlots(perAccount: number = STREAM_LIMITS.perAccount) {
  const open = new Map<string, number>()
  return {
    take(account: string): () => void {
      const n = open.get(account) ?? 0
      if (n >= perAccount) throw MonitoringErrors.TOO_MANY_STREAMS(perAccount)
      open.set(account, n + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (open.get(account) ?? 1) - 1
        if (left > 0) open.set(account, left)
        else open.delete(account)
      }
    },
  }
}

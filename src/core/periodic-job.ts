/**
 * Runs `job` every `seconds` (first after `firstAfterMs`) in the background of a server process, never twice at once:
 * a run still going when the next is due makes that one skip. Timers are unref'd (they keep no process alive); the
 * returned stop clears them and waits for a run under way. `seconds <= 0` turns the job off.
 *
 * @example
 * const stop = startPeriodicJob(() => repairs.sweep(), { seconds: 3600, firstAfterMs: 5_000, done: (r) => …, failed: (e) => … })
 * await stop()
 */
export function startPeriodicJob<T>(job: () => Promise<T>, opts: {
  seconds: number
  firstAfterMs: number
  /** Told each run's result (e.g. to log what it did). */
  done: (result: T) => void
  /** Told each run's error; the job keeps its schedule. */
  failed: (err: unknown) => void
}): () => Promise<void> {
  if (opts.seconds <= 0) return async () => {}
  let running: Promise<void> | undefined
  const run = () => {
    if (running) return
    running = job().then(opts.done, opts.failed).finally(() => { running = undefined })
  }
  const first = setTimeout(run, opts.firstAfterMs)
  const every = setInterval(run, opts.seconds * 1000)
  first.unref()
  every.unref()
  return async () => {
    clearTimeout(first)
    clearInterval(every)
    await running
  }
}

/** An error's message, for a log line. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err))

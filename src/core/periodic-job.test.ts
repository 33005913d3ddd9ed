import { afterEach, describe, expect, it, vi } from 'vitest'
import { startPeriodicJob } from './periodic-job.js'

describe('startPeriodicJob', () => {
  afterEach(() => { vi.useRealTimers() })

  it('runs first after the delay, then every period, never two runs at once, and stop waits for the run under way', async () => {
    vi.useFakeTimers()
    let started = 0
    let release!: () => void
    const done: number[] = []
    const stop = startPeriodicJob(async () => {
      started++
      await new Promise<void>((r) => (release = r))
      return started
    }, { seconds: 10, firstAfterMs: 1_000, done: (n) => done.push(n), failed: () => {} })
    await vi.advanceTimersByTimeAsync(999)
    expect(started).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(started).toBe(1)
    // Two periods pass while the first run is still going: neither starts another.
    await vi.advanceTimersByTimeAsync(20_000)
    expect(started).toBe(1)
    release()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(done).toEqual([1])
    expect(started).toBe(2)
    const stopped = stop()
    let finished = false
    void stopped.then(() => { finished = true })
    await vi.advanceTimersByTimeAsync(0)
    expect(finished).toBe(false)
    release()
    await stopped
    expect(done).toEqual([1, 2])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(started).toBe(2)
  })

  it('reports a failed run and keeps its schedule', async () => {
    vi.useFakeTimers()
    const failures: string[] = []
    let runs = 0
    const stop = startPeriodicJob(async () => { runs++; throw new Error(`run ${runs}`) }, {
      seconds: 5, firstAfterMs: 0, done: () => {}, failed: (e) => failures.push((e as Error).message),
    })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(failures).toEqual(['run 1', 'run 2', 'run 3'])
    await stop()
  })

  it('does nothing when the period is zero', async () => {
    vi.useFakeTimers()
    const job = vi.fn(async () => 1)
    const stop = startPeriodicJob(job, { seconds: 0, firstAfterMs: 0, done: () => {}, failed: () => {} })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(job).not.toHaveBeenCalled()
    await stop()
  })
})

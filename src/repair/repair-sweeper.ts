import type { RepairService } from './repair.service.js'

/**
 * Runs the repair sweep every `seconds` (first run a few seconds after start), one run at a time, so that publicity
 * ends on its day without anyone pressing a button. Returns the function that stops it. `seconds = 0` runs nothing.
 *
 * @example
 * const stop = startRepairSweeper(x.repairs, config.repair.sweepSeconds, console.log)
 */
export function startRepairSweeper(repairs: Pick<RepairService, 'sweep'>, seconds: number, log: (line: string) => void): () => Promise<void> {
  if (seconds <= 0) return async () => {}
  let running: Promise<void> | undefined
  const run = () => {
    if (running) return
    running = repairs.sweep().then(
      (r) => { if (r.ended) log(`信用修复：${r.ended} 条失信信息公示期满，已终止公示 / repair sweep: publicity ended for ${r.ended} records`) },
      (err: unknown) => log(`信用修复检查失败 / repair sweep failed: ${err instanceof Error ? err.message : String(err)}`),
    ).finally(() => { running = undefined })
  }
  const first = setTimeout(run, 5_000)
  const every = setInterval(run, seconds * 1000)
  first.unref()
  every.unref()
  return async () => {
    clearTimeout(first)
    clearInterval(every)
    await running
  }
}

import { messageOf, startPeriodicJob } from '../core/index.js'
import type { RepairService } from './repair.service.js'

/**
 * Runs the repair sweep every `seconds` (first run a few seconds after start), one run at a time, so that publicity
 * ends on its day without anyone pressing a button. Returns the function that stops it. `seconds = 0` runs nothing.
 *
 * @example
 * const stop = startRepairSweeper(x.repairs, config.repair.sweepSeconds, console.log)
 */
export function startRepairSweeper(repairs: Pick<RepairService, 'sweep'>, seconds: number, log: (line: string) => void): () => Promise<void> {
  return startPeriodicJob(() => repairs.sweep(), {
    seconds, firstAfterMs: 5_000,
    done: (r) => { if (r.ended) log(`信用修复：${r.ended} 条失信信息公示期满，已终止公示 / repair sweep: publicity ended for ${r.ended} records`) },
    failed: (err) => log(`信用修复检查失败 / repair sweep failed: ${messageOf(err)}`),
  })
}

import type { EvaluationService } from './evaluation.service.js'

/**
 * Runs the evaluation's sweep of lapsed relation flags every `seconds` (first run a minute after start), one run at a
 * time, beside the API as the repair sweeper runs: a related party's publicity ends on its day, and the grade shown
 * must rise then even when no record changes to drive the follower. Returns the function that stops it. `seconds = 0`
 * runs nothing.
 *
 * @example
 * const stop = startLapseSweeper(x.evaluation, config.relations.lapseSweepSeconds, console.log)
 */
export function startLapseSweeper(evaluation: Pick<EvaluationService, 'sweepLapsed'>, seconds: number, log: (line: string) => void): () => Promise<void> {
  if (seconds <= 0) return async () => {}
  let running: Promise<void> | undefined
  const run = () => {
    if (running) return
    running = evaluation.sweepLapsed().then(
      (r) => { if (r.lapsed) log(`关联分析：${r.lapsed} 个主体的关联方公示期满，已重算，${r.rescored} 个主体重新评分 / relations: ${r.lapsed} adjustments past their parties' publicity recomputed, ${r.rescored} subjects rescored${r.more ? ' (more left for the next run)' : ''}`) },
      (err: unknown) => log(`关联方公示期满检查失败 / lapsed relation flags sweep failed: ${err instanceof Error ? err.message : String(err)}`),
    ).finally(() => { running = undefined })
  }
  const first = setTimeout(run, 60_000)
  const every = setInterval(run, seconds * 1000)
  first.unref()
  every.unref()
  return async () => {
    clearTimeout(first)
    clearInterval(every)
    await running
  }
}

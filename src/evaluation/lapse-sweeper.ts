import { messageOf, startPeriodicJob } from '../core/index.js'
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
  return startPeriodicJob(() => evaluation.sweepLapsed(), {
    seconds, firstAfterMs: 60_000,
    done: (r) => { if (r.lapsed) log(`关联分析：${r.lapsed} 个主体的关联方公示期满，已重算，${r.rescored} 个主体重新评分 / relations: ${r.lapsed} adjustments past their parties' publicity recomputed, ${r.rescored} subjects rescored${r.more ? ' (more left for the next run)' : ''}`) },
    failed: (err) => log(`关联方公示期满检查失败 / lapsed relation flags sweep failed: ${messageOf(err)}`),
  })
}

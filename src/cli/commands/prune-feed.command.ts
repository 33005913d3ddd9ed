import type { Command } from 'commander'
import { auditCommand, commandGroup, reachHub, runCommand } from '../cli-context.js'
import type { PruneResult } from '../../records/index.js'

function print(r: PruneResult, asJson: boolean): void {
  if (asJson) {
    console.log(JSON.stringify({ deleted: r.deleted, batches: r.batches, before: r.before.toISOString(), bound: r.bound, pruned: r.pruned && { ...r.pruned, at: r.pruned.at.toISOString() } }))
    return
  }
  console.log(`删除变更 ${r.deleted} 条（早于 ${r.before.toISOString()} 且已被评价、监测处理）；累计清理 ${r.pruned?.deleted ?? 0} 条\n` +
    `deleted ${r.deleted} changes (committed before ${r.before.toISOString()} and read by evaluation and monitoring); ${r.pruned?.deleted ?? 0} pruned in all`)
}

/**
 * `xinshu feed prune`: deletes records changes older than the feed's retention window (XINSHU_FEED_RETENTION_DAYS)
 * that the product's own consumers have read (the server runs the same every XINSHU_FEED_PRUNE_SECONDS). It needs
 * the database alone: with the embedded database, stop the server first (the server prunes on its own schedule).
 */
export function registerPruneFeedCommand(program: Command): void {
  commandGroup(program, 'feed', '共享数据变更流 / the records change feed')
    .command('prune')
    .description('清理超出保留期且已处理的记录变更 / prune changes past retention that every consumer has read')
    .option('--json', '输出 JSON / print JSON')
    .action(runCommand(async (opts: { json?: boolean }) => {
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') throw new Error('unreachable: the server is refused above')
      try {
        await auditCommand(reach.x, 'feed prune', {})
        print(await reach.x.changeRetention.prune(), Boolean(opts.json))
      } finally {
        await reach.done()
      }
    }))
}

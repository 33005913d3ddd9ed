import type { Command } from 'commander'
import { reachHub, runCommand } from '../cli-context.js'

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)

/** `xinshu quality [--provider UNIT] [--json]`: data quality per provider and item (operator). */
export function registerQualityCommand(program: Command): void {
  program
    .command('quality')
    .description('数据质量：完整性、有效率、重复率、及时性 / data quality per provider and item (operator)')
    .option('--provider <unit>', '只看一个单位 / one provider only')
    .option('--item <key>', '只看一个信息项 / one item only')
    .option('--json', '输出 JSON / print JSON')
    .action(runCommand(async (opts: { provider?: string; item?: string; json?: boolean }) => {
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') return
      try {
        const rows = await reach.x.quality.report({ ...(opts.provider ? { provider: opts.provider } : {}), ...(opts.item ? { itemKey: opts.item } : {}) })
        if (opts.json) return void console.log(JSON.stringify(rows))
        console.log(['单位', '信息项', '批次', '接收', '有效率', '完整性', '重复率', '最近报送', '逾期'].join('\t'))
        for (const r of rows) console.log([r.provider, r.itemName, r.batches, r.received, pct(r.validity), pct(r.completeness), pct(r.duplicateRate), r.lastDelivery?.slice(0, 10) ?? '从未报送', r.overdue ? '是' : ''].join('\t'))
      } finally {
        await reach.done()
      }
    }))
}

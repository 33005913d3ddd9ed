import type { Command } from 'commander'
import { commandGroup, operatorCommand, runCommand } from '../cli-context.js'

/**
 * `xinshu relations rebuild`: rebuilds the relationship graph (关联分析) from every subject's current records — for
 * data loaded before the graph existed, or after the propagation rules' items changed. The running evaluation
 * follower keeps it current otherwise. Needs the database alone (stop the server when it holds the data folder).
 */
export function registerRelationsCommand(program: Command): void {
  commandGroup(program, 'relations', '关联分析 / relationship graph (operator)')
    .command('rebuild')
    .description('按现有记录重建全部企业的关联关系（股东、法定代表人、分支机构、对外投资）/ rebuild every subject\'s edges from current records')
    .option('--page-size <n>', '每批主体数 / subjects per page', '1000')
    .option('--json', '输出 JSON / print JSON')
    .action(runCommand(async (opts: { pageSize: string; json?: boolean }) => {
      const pageSize = Math.max(1, Math.min(100_000, Number.parseInt(opts.pageSize, 10) || 1000))
      await operatorCommand('relations rebuild', { pageSize }, async (x) => {
        const r = await x.relations.rebuildAll({ pageSize })
        // The grades shown of the subjects whose flags moved are stored now; like a full run, a rebuild alerts no one.
        for (let i = 0; i < r.adjusted.length; i += pageSize) await x.evaluation.rescore(r.adjusted.slice(i, i + pageSize), undefined, { report: false })
        const c = await x.relations.counts()
        if (opts.json) console.log(JSON.stringify({ subjects: r.subjects, edges: r.edges, adjusted: r.adjusted.length, stored: c }))
        else console.log(`已重建 ${r.subjects} 个主体的关联关系，共 ${c.edges} 条关联边，${r.adjusted.length} 个主体的关联调整已更新 / rebuilt ${r.subjects} subjects, ${c.edges} edges stored, ${r.adjusted.length} adjustments moved`)
      })
    }))
}

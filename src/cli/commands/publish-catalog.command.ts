import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { auditCommand, cliOperator, reachHub, runCommand, CliError } from '../cli-context.js'
import type { CatalogDocument } from '../../catalog/index.js'

/** `xinshu catalog list` and `xinshu catalog publish FILE`: the sharing list's versions (operator). */
export function registerCatalogCommands(program: Command): void {
  const catalog = program.command('catalog').description('共享清单版本管理 / sharing list versions (operator)')
  catalog.command('list').description('列出版本 / list versions').action(runCommand(async () => {
    const reach = await reachHub({ allowServer: false })
    if (reach.kind !== 'direct') return
    try {
      for (const v of await reach.x.catalog.list()) console.log(`v${v.version}\t${v.label}\t${new Date(v.published_at).toISOString()}\t${v.published_by}\t${v.note ?? ''}`)
    } finally {
      await reach.done()
    }
  }))
  catalog
    .command('publish')
    .description('发布新版本（只能新增信息项或字段）/ publish a new version (additions only)')
    .argument('<file>', '共享清单 JSON 文档 / the catalog JSON document')
    .option('--label <label>', '版本标签 / label')
    .option('--note <note>', '说明 / note')
    .action(runCommand(async (file: string, opts: { label?: string; note?: string }) => {
      let doc: CatalogDocument
      try {
        doc = JSON.parse(readFileSync(file, 'utf8')) as CatalogDocument
      } catch (err) {
        throw new CliError(`无法读取共享清单文档 ${file}：${(err as Error).message}\nCannot read catalog document ${file}`)
      }
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') return
      try {
        await auditCommand(reach.x, 'catalog publish', { file, label: opts.label ?? null, note: opts.note ?? null })
        const c = await reach.x.catalog.publish(doc, { publishedBy: cliOperator(), ...(opts.label ? { label: opts.label } : {}), ...(opts.note ? { note: opts.note } : {}) })
        console.log(`已发布共享清单 v${c.version}（${c.items.size} 个信息项）/ published catalog v${c.version}`)
      } finally {
        await reach.done()
      }
    }))
}

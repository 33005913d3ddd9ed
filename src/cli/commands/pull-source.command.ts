import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { auditCommand, cliOperator, reachHub, runCommand, CliError } from '../cli-context.js'
import { pullTableSource, registerTableSource, type TableSourceConfig, pullNationalSource, registerNationalSource, type NationalSourceConfig, type PullSummary, findSource } from '../../ingest/index.js'

function printSummary(s: PullSummary, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(s))
    return
  }
  console.log(`数据源 / source ${s.sourceId}   批次 / batch ${s.batchId}${s.resumed ? '（续拉 / resumed）' : ''}`)
  console.log(`信息项 / item ${s.itemKey}   报送单位 / provider ${s.provider}   方式 / method ${s.method}   页数 / pages ${s.pages}`)
  console.log(`接收 received ${s.received}   入库 stored ${s.stored}   重复 duplicates ${s.duplicates}   隔离 quarantined ${s.quarantined}`)
  console.log(`水位 / watermark ${JSON.stringify(s.from)} → ${JSON.stringify(s.watermark)}`)
  for (const w of s.warnings) console.log(`提示 / note: ${w}`)
}

/**
 * `xinshu source add CONFIG.json` — registers a 库表 (table) or 通过国家平台调用 (national) source; the JSON is a
 * TableSourceConfig (with `driver`) or a NationalSourceConfig (with `baseUrl`). Passwords and tokens are sealed
 * with the data key.
 *
 * `xinshu source pull ID [--chunk-size N] [--json]` — pulls what is new since the last pull; an interrupted pull is
 * continued. Meant for a scheduler (cron, systemd timer): exit 1 when the pull failed, and the next run resumes.
 *
 * Both need the database directly (on the embedded database: stop the server first).
 */
export function registerPullSourceCommand(program: Command): void {
  const source = program.command('source').description('库表与国家平台数据源 / table and national-platform sources (operator)')

  source
    .command('add')
    .description('登记或改配数据源 / register or reconfigure a source')
    .argument('<config>', 'JSON 配置文件 / JSON configuration file')
    .action(runCommand(async (file: string) => {
      let config: Record<string, unknown>
      try {
        config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
      } catch (err) {
        throw new CliError(`无法读取配置文件 ${file}：${(err as Error).message}\nCannot read the configuration ${file}: ${(err as Error).message}`)
      }
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') return
      try {
        const opts = { dataKey: reach.x.config.dataKey, catalog: reach.x.catalog.current() }
        // The configuration may hold a password or a token: only what names the source is logged.
        await auditCommand(reach.x, 'source add', { file, id: config.id ?? null, itemKey: config.itemKey ?? null, kind: 'driver' in config ? 'table' : 'national' })
        const r = 'driver' in config
          ? await registerTableSource(reach.x.db, config as unknown as TableSourceConfig, opts)
          : await registerNationalSource(reach.x.db, config as unknown as NationalSourceConfig, opts)
        console.log(`${r.created ? '已登记 / registered' : '已改配 / reconfigured'} ${r.id}${r.watermarkReset ? '（将从头拉取 / will be pulled from the start）' : ''}`)
      } finally {
        await reach.done()
      }
    }))

  source
    .command('pull')
    .description('拉取数据源的新增数据 / pull what is new from a source')
    .argument('<id>', '数据源 / source id')
    .option('--chunk-size <n>', '每次提交的记录数 / records per committed chunk', (v) => Number(v))
    .option('--json', '输出一个 JSON 对象 / print one JSON object')
    .action(runCommand(async (id: string, opts: { chunkSize?: number; json?: boolean }) => {
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') return
      try {
        const { x } = reach
        const row = await findSource(x.db, id)
        if (!row) throw new CliError(`数据源不存在：${id}\nNo such source: ${id}`)
        await auditCommand(x, 'source pull', { id, method: row.method })
        const deps = { db: x.db, catalog: x.catalog.current(), dataKey: x.config.dataKey, chunks: x.chunks }
        const pullOpts = { createdBy: cliOperator(), ...(opts.chunkSize && opts.chunkSize > 0 ? { chunkSize: opts.chunkSize } : {}) }
        const summary = row.method === 'table' ? await pullTableSource(deps, id, pullOpts) : await pullNationalSource(deps, id, pullOpts)
        printSummary(summary, Boolean(opts.json))
      } finally {
        await reach.done()
      }
    }))
}

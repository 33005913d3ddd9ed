import { openAsBlob, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from 'commander'
import cliProgress from 'cli-progress'
import { auditCommand, cliOperator, reachHub, runCommand, CliError } from '../cli-context.js'
import type { BatchSummary } from '../../ingest/index.js'

interface IngestOptions {
  item: string
  provider?: string
  encoding?: string
  json?: boolean
}

function printSummary(s: BatchSummary & { format?: string; encoding?: string }, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(s))
    return
  }
  console.log(`批次 / batch ${s.batchId}${s.resumed ? '（续传 / resumed）' : ''}`)
  console.log(`信息项 / item ${s.itemKey}   报送单位 / provider ${s.provider}   清单版本 / catalog v${s.catalogVersion}`)
  console.log(`接收 received ${s.received}   入库 stored ${s.stored}   重复 duplicates ${s.duplicates}   隔离 quarantined ${s.quarantined}` +
    (s.quarantineRepeats ? `（其中 ${s.quarantineRepeats} 条此前已在隔离区 / ${s.quarantineRepeats} already there）` : ''))
  for (const w of s.warnings) console.log(`提示 / note: ${w}`)
  if (s.quarantined > 0) console.log(`隔离记录可在 /api/ingest/quarantine?batchId=${s.batchId} 查看和修正 / review and correct them there`)
}

/** Hands the file to the running server, streamed from disk, as the server's own local operator session. */
async function viaServer(url: string, token: string, file: string, opts: IngestOptions): Promise<BatchSummary> {
  const form = new FormData()
  form.set('file', await openAsBlob(file), basename(file))
  const q = new URLSearchParams({ ...(opts.provider ? { provider: opts.provider } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}) })
  const res = await fetch(`${url}/api/ingest/items/${encodeURIComponent(opts.item)}/files?${q}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const body = (await res.json()) as BatchSummary & { detail?: string; detail_en?: string; code?: string }
  if (!res.ok) throw new CliError(`错误 [${body.code}]：${body.detail}\nError: ${body.detail_en}`)
  return body
}

/**
 * `xinshu ingest FILE --item ITEM_KEY [--provider UNIT] [--encoding gb18030] [--json]` — collects a file.
 * Exits 0 when the file was processed (quarantined rows included), 1 when it could not be read at all.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('归集文件（CSV、XLSX、JSON Lines）到数据中心 / collect a file into the hub (operator)')
    .argument('<file>', 'CSV (UTF-8, UTF-8 BOM, GB18030/GBK), XLSX or JSON Lines')
    .requiredOption('--item <key>', '信息项代码 / item key, e.g. administrative_penalty')
    .option('--provider <unit>', '报送单位（默认为信息项的第一个责任单位）/ provider (default: the item\'s first responsible unit)')
    .option('--encoding <name>', '文本编码：utf8、gb18030、gbk（默认自动识别）/ text encoding (detected by default)')
    .option('--json', '输出一个 JSON 对象 / print one JSON object')
    .action(runCommand(async (file: string, opts: IngestOptions) => {
      let size: number
      try {
        size = statSync(file).size
      } catch {
        throw new CliError(`无法读取文件 ${file}：文件不存在或无权读取\nCannot read ${file}: no such file or no permission`)
      }
      const reach = await reachHub({ allowServer: true })
      if (reach.kind === 'server') {
        if (!opts.json) console.error(`信枢服务正在运行，文件交由服务处理 / the server is running: handing the file to it (${reach.server.url})`)
        printSummary(await viaServer(reach.server.url!, reach.server.token!, file, opts), Boolean(opts.json))
        return
      }
      const showBar = !opts.json && process.stderr.isTTY && size > 5 * 1024 * 1024
      const bar = showBar ? new cliProgress.SingleBar({ format: '归集 {bar} {value} 行  {rate} 行/秒  隔离 {quarantined}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined
      // Without a terminal (logs, scripts), a long job still tells how far it got: one line per committed chunk.
      const logProgress = !bar && size > 5 * 1024 * 1024
      const started = Date.now()
      bar?.start(0, 0, { rate: 0, quarantined: 0 })
      try {
        await auditCommand(reach.x, 'ingest', { file, itemKey: opts.item, provider: opts.provider ?? null, encoding: opts.encoding ?? null })
        const summary = await reach.x.ingest.ingestFile({
          path: file, itemKey: opts.item, createdBy: cliOperator(),
          ...(opts.provider ? { provider: opts.provider } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}),
          onProgress: (s) => {
            bar?.setTotal(s.received)
            bar?.update(s.received, { rate: Math.round(s.received / ((Date.now() - started) / 1000)), quarantined: s.quarantined })
            if (logProgress) console.error(`归集进度 / progress: batch ${s.batchId} received ${s.received} stored ${s.stored} duplicates ${s.duplicates} quarantined ${s.quarantined}`)
          },
        })
        bar?.stop()
        printSummary(summary, Boolean(opts.json))
      } finally {
        bar?.stop()
        await reach.done()
      }
    }))
}

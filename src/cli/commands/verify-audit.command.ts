import type { Command } from 'commander'
import { CliError, reachHub, runCommand } from '../cli-context.js'
import { parsePublishedHead, PUBLISHED_HEAD, publishedHead, type ChainReport } from '../../audit/index.js'

function print(r: ChainReport, asJson: boolean): void {
  if (asJson) {
    console.log(JSON.stringify(r, null, 2))
  } else if (r.ok) {
    console.log(`审计日志完整：已校验 ${r.checked} 条。链头（可公布，日后以 --published 核对）：${r.head ? publishedHead(r.head) : '—'}\n` +
      `audit chain intact: ${r.checked} entries checked; head to publish (check later with --published): ${r.head ? publishedHead(r.head) : '—'}`)
  } else {
    console.log(`审计日志链断裂：第一条有问题的记录是 #${r.broken!.seq}（${r.broken!.zh}）；此前 ${r.checked} 条完好\n` +
      `audit chain BROKEN at entry #${r.broken!.seq}: ${r.broken!.en}; ${r.checked} entries before it verify`)
  }
  if (!r.ok) process.exitCode = 2
}

/**
 * `xinshu audit verify`: walks the whole SM3 chain of the audit log and names the first broken entry (operator).
 * Exit code 0 when intact, 2 when broken. When the server holds the embedded database, the server checks it.
 * `--published SEQ:HASH` also checks a head printed (and published) by an earlier run: a log cut short or
 * rewritten after that entry fails too, which the chain alone cannot show.
 */
export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('审计日志 / audit log (operator)')
    .command('verify')
    .description('校验审计日志哈希链，指出第一条被篡改或缺失的记录 / verify the hash chain; names the first broken entry')
    .option('--published <head>', '此前公布的链头 SEQ:HASH，核对其仍在链中 / a head published earlier (SEQ:HASH), checked to be still there')
    .option('--json', '输出 JSON / print JSON')
    .action(runCommand(async (opts: { json?: boolean; published?: string }) => {
      if (opts.published !== undefined && !PUBLISHED_HEAD.test(opts.published.trim())) {
        throw new CliError(`--published 应为“序号:哈希”（64 位十六进制），如 27001:5f3c…：${opts.published}\n--published takes SEQ:HASH (64 hex digits): ${opts.published}`)
      }
      const published = opts.published ? parsePublishedHead(opts.published) : undefined
      const reach = await reachHub({ allowServer: true })
      if (reach.kind === 'server') {
        const q = published ? `?published=${publishedHead(published)}` : ''
        const res = await fetch(`${reach.server.url}/api/audit/chain${q}`, { headers: { authorization: `Bearer ${reach.server.token}` } })
        if (!res.ok) throw new Error(`服务返回 / server answered ${res.status}: ${await res.text()}`)
        print((await res.json()) as ChainReport, Boolean(opts.json))
        return
      }
      try {
        print(await reach.x.audit.verifyChain(published ? { published } : {}), Boolean(opts.json))
      } finally {
        await reach.done()
      }
    }))
}

import type { Command } from 'commander'
import { auditCommand, cliActor, reachHub, runCommand } from '../cli-context.js'

function print(r: { checked: number; ended: number }, asJson: boolean): void {
  if (asJson) console.log(JSON.stringify(r))
  else console.log(`检查失信记录 ${r.checked} 条，公示期满自动终止公示 ${r.ended} 条\nchecked ${r.checked} 失信 records; publicity ended for ${r.ended}`)
}

/**
 * `xinshu repair sweep`: ends the publicity of every 失信 record whose maximum period has passed (the server runs
 * the same sweep every XINSHU_REPAIR_SWEEP_SECONDS). When the server holds the embedded database, the server sweeps.
 */
export function registerRepairCommand(program: Command): void {
  program
    .command('repair')
    .description('信用修复 / credit repair (operator)')
    .command('sweep')
    .description('最长公示期届满的失信信息自动终止公示，并通知接收方 / end publicity whose maximum has passed, and tell recipients')
    .option('--json', '输出 JSON / print JSON')
    .action(runCommand(async (opts: { json?: boolean }) => {
      const reach = await reachHub({ allowServer: true })
      if (reach.kind === 'server') {
        const res = await fetch(`${reach.server.url}/api/repairs/sweep`, { method: 'POST', headers: { authorization: `Bearer ${reach.server.token}` } })
        if (!res.ok) throw new Error(`服务返回 / server answered ${res.status}: ${await res.text()}`)
        print((await res.json()) as { checked: number; ended: number }, Boolean(opts.json))
        return
      }
      try {
        await auditCommand(reach.x, 'repair sweep', {})
        print(await reach.x.repairs.sweep({ actor: cliActor() }), Boolean(opts.json))
      } finally {
        await reach.done()
      }
    }))
}

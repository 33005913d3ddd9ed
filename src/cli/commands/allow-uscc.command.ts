import type { Command } from 'commander'
import { auditCommand, cliOperator, reachHub, runCommand } from '../cli-context.js'

/** `xinshu allowlist add CODE --reason …`: admit a real code that fails the GB 32100 check (operator). */
export function registerAllowlistCommand(program: Command): void {
  program
    .command('allowlist')
    .description('统一社会信用代码例外名单 / USCC allowlist (operator)')
    .command('add')
    .argument('<uscc>', '校验不通过的真实代码 / a real code that fails the check')
    .requiredOption('--reason <text>', '理由，如核实来源 / why it is admitted')
    .action(runCommand(async (uscc: string, opts: { reason: string }) => {
      const reach = await reachHub({ allowServer: false })
      if (reach.kind !== 'direct') return
      try {
        await auditCommand(reach.x, 'allowlist add', { uscc, reason: opts.reason })
        const r = await reach.x.registry.allow(uscc, opts.reason, cliOperator())
        console.log(`已加入例外名单 / allowlisted ${r.uscc} (fails ${r.failure})`)
      } finally {
        await reach.done()
      }
    }))
}

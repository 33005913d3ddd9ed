import type { Command } from 'commander'
import { commandGroup, operatorCommand, runCommand } from '../cli-context.js'
import type { Role } from '../../access/index.js'

/** `xinshu account list [--role R] [--organization O]`: accounts, newest first (operator). */
export function registerListAccountsCommand(program: Command): void {
  commandGroup(program, 'account', '账号 / accounts (operator)')
    .command('list')
    .description('账号列表 / list accounts')
    .option('--role <role>', '按角色 / by role')
    .option('--organization <org>', '按所属单位 / by organisation')
    .option('--json', '以 JSON 输出 / print JSON')
    .action(runCommand(async (opts: { role?: string; organization?: string; json?: boolean }) => {
      await operatorCommand('account list', { role: opts.role ?? null, organization: opts.organization ?? null }, async (x) => {
        const r = await x.accounts.listAccounts({ role: opts.role as Role | undefined, organization: opts.organization, limit: 200, offset: 0 })
        if (opts.json) return void console.log(JSON.stringify(r, null, 2))
        for (const a of r.rows) console.log([a.username, a.role, a.organization ?? '—', a.status, `keys:${a.activeKeys}`, a.displayName].join('\t'))
        console.log(`共 ${r.total} 个账号 / ${r.total} accounts${r.total > r.rows.length ? `（显示前 ${r.rows.length} 个 / first ${r.rows.length} shown）` : ''}`)
      })
    }))
}

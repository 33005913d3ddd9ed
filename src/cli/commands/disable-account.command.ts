import type { Command } from 'commander'
import { cliActor, commandGroup, operatorCommand, runCommand } from '../cli-context.js'

/** `xinshu account disable USERNAME --reason …`: shut an account out at once; `--enable` lets it back in (operator). */
export function registerDisableAccountCommand(program: Command): void {
  commandGroup(program, 'account', '账号 / accounts (operator)')
    .command('disable')
    .description('停用账号（立即退出登录，API 密钥失效）/ disable an account (its sessions end, its keys stop working)')
    .argument('<username>', '登录名 / login name')
    .option('--reason <text>', '理由（记入审计日志）/ why (written to the audit log)')
    .option('--enable', '改为启用 / enable instead')
    .action(runCommand(async (username: string, opts: { reason?: string; enable?: boolean }) => {
      const command = opts.enable ? 'account enable' : 'account disable'
      await operatorCommand(command, { username, reason: opts.reason ?? null }, async (x) => {
        const a = await x.accounts.accountByUsername(username)
        const r = await x.accounts.setAccountDisabled(cliActor(), a.id, !opts.enable, opts.reason)
        console.log(`${opts.enable ? '已启用 / enabled' : '已停用 / disabled'}: ${r.username}（${r.status}）`)
      })
    }))
}

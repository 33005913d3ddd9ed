import type { Command } from 'commander'
import { commandGroup, operatorCommand, runCommand } from '../cli-context.js'

/** `xinshu key list USERNAME`: an account's keys, without their secrets (operator). */
export function registerListKeysCommand(program: Command): void {
  commandGroup(program, 'key', 'API 密钥 / API keys (operator)')
    .command('list')
    .description('账号的 API 密钥（不含密钥全文）/ an account\'s API keys (never their secrets)')
    .argument('<username>', '账号登录名 / the account')
    .option('--json', '以 JSON 输出 / print JSON')
    .action(runCommand(async (username: string, opts: { json?: boolean }) => {
      await operatorCommand('key list', { username }, async (x) => {
        const keys = await x.accounts.listKeys((await x.accounts.accountByUsername(username)).id)
        if (opts.json) return void console.log(JSON.stringify(keys, null, 2))
        for (const k of keys) console.log([k.id, k.status, k.label, k.scopes.join(','), k.expiresAt, k.lastUsedAt ?? '—'].join('\t'))
        console.log(`共 ${keys.length} 个密钥 / ${keys.length} keys`)
      })
    }))
}

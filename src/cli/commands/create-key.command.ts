import type { Command } from 'commander'
import { cliActor, commandGroup, operatorCommand, runCommand } from '../cli-context.js'
import { API_SCOPE_NAMES } from '../../access/index.js'
import { untilEndOfBeijingDay } from '../../core/index.js'

/** `xinshu key create USERNAME --label L --scopes a,b --expires YYYY-MM-DD`: issue an API key, shown once (operator). */
export function registerCreateKeyCommand(program: Command): void {
  commandGroup(program, 'key', 'API 密钥 / API keys (operator)')
    .command('create')
    .description('为账号签发 API 密钥（全文仅显示一次）/ issue an API key for an account (shown once)')
    .argument('<username>', '账号登录名 / the account')
    .requiredOption('--label <text>', '用途，如“征管系统” / what system uses it')
    .requiredOption('--scopes <list>', `权限，逗号分隔 / scopes, comma-separated: ${API_SCOPE_NAMES.join(', ')}`)
    .requiredOption('--expires <date>', '到期日 YYYY-MM-DD（两年内，当日 24 时止，北京时间）/ expiry date, within two years')
    .action(runCommand(async (username: string, opts: { label: string; scopes: string; expires: string }) => {
      const scopes = opts.scopes.split(',').map((s) => s.trim()).filter(Boolean)
      await operatorCommand('key create', { username, label: opts.label, scopes, expires: opts.expires }, async (x) => {
        const a = await x.accounts.accountByUsername(username)
        const expiresAt = untilEndOfBeijingDay(opts.expires)
        const r = await x.accounts.createKey(cliActor(), a.id, { label: opts.label, scopes, expiresAt })
        console.log(`已签发 / issued ${r.apiKey.id}（${r.apiKey.scopes.join(', ')}，至 / until ${r.apiKey.expiresAt}）`)
        console.log(`API 密钥（仅显示这一次，请妥善交付）/ API key (shown once): ${r.key}`)
      })
    }))
}

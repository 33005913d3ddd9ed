import type { Command } from 'commander'
import { cliActor, commandGroup, operatorCommand, runCommand } from '../cli-context.js'

/** `xinshu key revoke KEY_ID`: the key stops working at once (operator). */
export function registerRevokeKeyCommand(program: Command): void {
  commandGroup(program, 'key', 'API 密钥 / API keys (operator)')
    .command('revoke')
    .description('吊销 API 密钥（立即生效）/ revoke an API key (at once)')
    .argument('<keyId>', '密钥编号（xs_ 后的 12 位）/ the key id (12 hex digits after xs_)')
    .action(runCommand(async (keyId: string) => {
      await operatorCommand('key revoke', { keyId }, async (x) => {
        const k = await x.accounts.revokeKey(cliActor(), keyId)
        console.log(`已吊销 / revoked ${k.id}（${k.label}）`)
      })
    }))
}

import type { Command } from 'commander'
import { cliActor, commandGroup, operatorCommand, runCommand } from '../cli-context.js'
import { ROLES, type Role } from '../../access/index.js'
import { CliError } from '../cli-context.js'

/** `xinshu account create USERNAME --role R --organization O --name N`: open an account (operator). */
export function registerCreateAccountCommand(program: Command): void {
  commandGroup(program, 'account', '账号 / accounts (operator)')
    .command('create')
    .description('开设账号；不指定 --password 时生成初始密码并仅显示一次 / create an account; without --password one is made and shown once')
    .argument('<username>', '登录名 / login name')
    .requiredOption('--role <role>', `角色 / role: ${ROLES.join(', ')}`)
    .requiredOption('--name <displayName>', '显示名称 / display name')
    .option('--organization <org>', '所属单位：机构名称或企业统一社会信用代码 / organisation name or USCC')
    .option('--password <password>', '初始密码 / initial password')
    .action(runCommand(async (username: string, opts: { role: string; name: string; organization?: string; password?: string }) => {
      if (!ROLES.includes(opts.role as Role)) throw new CliError(`未知角色 / unknown role: ${opts.role}`)
      await operatorCommand('account create', { username, role: opts.role, organization: opts.organization ?? null }, async (x) => {
        const r = await x.accounts.createAccount(cliActor(), { username, displayName: opts.name, role: opts.role as Role, organization: opts.organization, password: opts.password })
        console.log(`已开设账号 / account created: ${r.account.username}（${r.account.role}，${r.account.organization ?? '—'}）id ${r.account.id}`)
        if (r.initialPassword) console.log(`初始密码（仅显示这一次）/ initial password (shown once): ${r.initialPassword}`)
      })
    }))
}

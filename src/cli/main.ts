import { Command } from 'commander'
import { registerIngestCommand } from './commands/ingest-file.command.js'
import { registerCatalogCommands } from './commands/publish-catalog.command.js'
import { registerAllowlistCommand } from './commands/allow-uscc.command.js'
import { registerDemoCommand } from './commands/generate-demo.command.js'
import { registerQualityCommand } from './commands/show-quality.command.js'
import { registerPullSourceCommand } from './commands/pull-source.command.js'
import { registerAuditCommand } from './commands/verify-audit.command.js'
import { registerCreateAccountCommand } from './commands/create-account.command.js'
import { registerListAccountsCommand } from './commands/list-accounts.command.js'
import { registerDisableAccountCommand } from './commands/disable-account.command.js'
import { registerCreateKeyCommand } from './commands/create-key.command.js'
import { registerListKeysCommand } from './commands/list-keys.command.js'
import { registerRevokeKeyCommand } from './commands/revoke-key.command.js'
import { registerRepairCommand } from './commands/sweep-repairs.command.js'
import { registerRelationsCommand } from './commands/rebuild-relations.command.js'
import { registerPruneFeedCommand } from './commands/prune-feed.command.js'

/**
 * `npx xinshu …`. Commands act as the hub operator of this machine: whoever can read the data folder's keys (or
 * holds XINSHU_DATA_KEY for a server database) is the operator here, and each command says so in its help.
 */
const program = new Command('xinshu')
  .description('信枢 Xinshu — 宁夏信用信息共享应用体系 命令行 / command line of the credit information hub')
  .showHelpAfterError()

registerIngestCommand(program)
registerCatalogCommands(program)
registerAllowlistCommand(program)
registerDemoCommand(program)
registerQualityCommand(program)
registerPullSourceCommand(program)
registerAuditCommand(program)
registerCreateAccountCommand(program)
registerListAccountsCommand(program)
registerDisableAccountCommand(program)
registerCreateKeyCommand(program)
registerListKeysCommand(program)
registerRevokeKeyCommand(program)
registerRepairCommand(program)
registerRelationsCommand(program)
registerPruneFeedCommand(program)

await program.parseAsync(process.argv)

/** `npx xinshu …`: the commands, for the audit's chain check run from its tests. */
export { registerAuditCommand } from './commands/verify-audit.command.js'

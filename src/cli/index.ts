export { registerAuditCommand } from './commands/verify-audit.command.js'

import type { Command } from 'commander'
import { loadConfig, type Config, AppError } from '../core/index.js'
import { createXinshu, type Xinshu, acquireLock, readLock, type LockInfo } from '../app/index.js'
import type { AuditActor } from '../audit/index.js'

/** Thrown for a condition the person at the terminal must act on; printed without a stack. */
export class CliError extends Error {}

/**
 * How a command reaches the hub. On the embedded database only one process may hold the data folder: when the
 * server holds it, the command hands its work to the server over HTTP; when another command holds it, it says so
 * and stops. On a PostgreSQL server it opens the database directly.
 */
export type Reach = { kind: 'direct'; x: Xinshu; config: Config; done(): Promise<void> } | { kind: 'server'; server: LockInfo; config: Config }

export async function reachHub(opts: { allowServer: boolean }): Promise<Reach> {
  const config = loadConfig()
  if (config.databaseUrl) {
    const x = await createXinshu(config)
    return { kind: 'direct', x, config, done: () => x.close() }
  }
  const held = readLock(config.dataDir)
  if (held?.kind === 'server' && held.url && held.token) {
    if (opts.allowServer) return { kind: 'server', server: held, config }
    throw new CliError(`信枢服务正在使用数据目录 ${config.dataDir}（进程 ${held.pid}）。此命令需要独占数据库：请先停止服务（Ctrl+C）再运行。\n` +
      `The Xinshu server (pid ${held.pid}) is using ${config.dataDir}; this command needs the database alone: stop the server first.`)
  }
  const lock = acquireLock(config.dataDir, { kind: 'cli' })
  if ('heldBy' in lock) {
    throw new CliError(`数据目录 ${config.dataDir} 正被另一个命令（进程 ${lock.heldBy.pid}）使用，请等它结束后再试。\n` +
      `The data folder ${config.dataDir} is in use by another command (pid ${lock.heldBy.pid}); wait for it to finish.`)
  }
  const x = await createXinshu(config)
  return { kind: 'direct', x, config, done: async () => { await x.close(); lock.release() } }
}

/** The operator at this machine's command line, as batches and the audit log name them. */
export const cliOperator = (): string => `cli:${process.env.USER ?? 'operator'}`

export const cliActor = (): AuditActor => ({ accountId: null, username: cliOperator(), role: 'operator', organization: null })

/**
 * Logs an operator's command in the audit log before it acts, so that even a command that fails or is killed
 * leaves its trace: which command, on what. Callers pass what identifies the action, never secrets (a source's
 * password stays out). A command handed to the running server is logged there, as any operator request is.
 */
export async function auditCommand(x: Xinshu, command: string, details: Record<string, unknown>): Promise<void> {
  await x.audit.append({ actor: cliActor(), action: 'operator.command', details: { command, ...details } })
}

/**
 * The parent of a group of commands (`xinshu account …`, `xinshu key …`), made on first use so that each verb can
 * live in its own `<verb>-<noun>.command.ts`.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description)
}

/**
 * Runs `fn` on the hub opened directly (never through the running server: these commands change who may log in,
 * and must be done by whoever holds the data folder or the database), logging the command first.
 */
export async function operatorCommand(command: string, details: Record<string, unknown>, fn: (x: Xinshu) => Promise<void>): Promise<void> {
  const reach = await reachHub({ allowServer: false })
  if (reach.kind !== 'direct') return
  try {
    await auditCommand(reach.x, command, details)
    await fn(reach.x)
  } finally {
    await reach.done()
  }
}

/** Runs a command body and turns known errors into a plain message and exit code 1. */
export function runCommand<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args)
    } catch (err) {
      if (err instanceof AppError) console.error(`错误 [${err.code}]：${err.zh}\nError: ${err.en}`)
      else if (err instanceof CliError) console.error(err.message)
      else console.error(`错误 / error: ${(err as Error).stack ?? err}`)
      process.exitCode = 1
    }
  }
}

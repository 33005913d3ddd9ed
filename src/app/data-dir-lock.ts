import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'

/** What a process holding the embedded database tells others: who it is and, for a server, where it listens. */
export interface LockInfo {
  pid: number
  kind: 'server' | 'cli'
  url?: string
  /** A local operator token for the CLI to hand work to the server (the lock file is mode 0600). */
  token?: string
  startedAt: string
}

const lockPath = (dataDir: string) => join(dataDir, 'xinshu.lock')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The live holder of the data folder, if any; a lock left by a dead process is removed. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo
    if (alive(info.pid)) return info
    rmSync(lockPath(dataDir), { force: true })
  } catch {
    /* no lock, or an unreadable one from a crash: treat as free */
  }
  return undefined
}

/**
 * PGlite admits one process at a time: two opening one data folder would corrupt it. The lock is a file created
 * with O_EXCL; a crashed holder's lock is noticed by its dead pid and taken over.
 */
export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): { release(): void; update(more: Partial<LockInfo>): void } | { heldBy: LockInfo } {
  mkdirSync(dataDir, { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    const held = readLock(dataDir)
    if (held) return { heldBy: held }
    let full: LockInfo = { ...info, pid: process.pid, startedAt: new Date().toISOString() }
    try {
      const fd = openSync(lockPath(dataDir), 'wx', 0o600)
      writeSync(fd, JSON.stringify(full))
      closeSync(fd)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw err
    }
    const release = () => {
      if (readLock(dataDir)?.pid === process.pid) rmSync(lockPath(dataDir), { force: true })
    }
    process.once('exit', release)
    return {
      release,
      update(more) {
        full = { ...full, ...more }
        const fd = openSync(lockPath(dataDir), 'w', 0o600)
        writeSync(fd, JSON.stringify(full))
        closeSync(fd)
      },
    }
  }
  return { heldBy: readLock(dataDir)! }
}

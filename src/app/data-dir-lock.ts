import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** What a process holding the embedded database tells others: who it is and, for a server, where it listens. */
export interface LockInfo {
  pid: number
  kind: 'server' | 'cli'
  url?: string
  /** A local operator token for the CLI to hand work to the server (the lock file is mode 0600). */
  token?: string
  startedAt: string
  /**
   * When the holder process started, in clock ticks since boot (Linux /proc/<pid>/stat, field 22): together with
   * the pid it names one process, so a pid reused by another process after a crash does not hold the folder.
   */
  procStart?: string
}

const lockPath = (dataDir: string) => join(dataDir, 'xinshu.lock')

type Holder = 'alive' | 'dying' | 'gone'

/** Where the kernel shows a process, or undefined off Linux (no /proc). */
function procStat(pid: number | 'self'): { state: string; start: string } | undefined | null {
  if (!existsSync('/proc/self/stat')) return undefined
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: the fields after it start at the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: rest[0]!, start: rest[19]! }
  } catch {
    return null
  }
}

/** A SIGKILL already delivered to the process but not yet acted on: it runs no more code of its own. */
function killPending(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((m) => (BigInt('0x' + m[1]) & 0x100n) !== 0n)
  } catch {
    return false
  }
}

/**
 * Whether the process that wrote a lock still holds it. A killed process lingers after `kill -9`: first while the
 * kernel tears it down (the signal pending), then as a zombie until its parent reaps it; neither can touch the
 * database again, so neither holds the folder. A pid now worn by another process (its start time differs) does
 * not either.
 */
function holderOf(info: LockInfo): Holder {
  const stat = procStat(info.pid)
  if (stat === undefined) {
    try {
      process.kill(info.pid, 0)
      return 'alive'
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'gone'
    }
  }
  if (stat === null || stat.state === 'Z' || stat.state === 'X') return 'gone'
  if (info.procStart !== undefined && info.procStart !== stat.start) return 'gone'
  return killPending(info.pid) ? 'dying' : 'alive'
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * The live holder of the data folder, if any; a lock left by a dead process is removed. A holder that is being
 * killed is given a moment to be gone, and is then treated as dead whether or not its parent has reaped it yet.
 */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo
    let holder = holderOf(info)
    for (let waited = 0; holder === 'dying' && waited < DYING_WAIT_MS; waited += 50) {
      sleepSync(50)
      holder = holderOf(info)
    }
    if (holder === 'alive') return info
    rmSync(lockPath(dataDir), { force: true })
  } catch {
    /* no lock, or an unreadable one from a crash: treat as free */
  }
  return undefined
}

/** How long a holder with SIGKILL pending is waited for before its lock is taken over all the same. */
const DYING_WAIT_MS = 2000

/**
 * PGlite admits one process at a time: two opening one data folder would corrupt it. The lock is a file created
 * with O_EXCL and names its holder by pid and start time; the lock of a holder that is dead, a zombie, being
 * killed, or whose pid now belongs to another process is taken over (see {@link readLock}).
 */
export function acquireLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): { release(): void; update(more: Partial<LockInfo>): void } | { heldBy: LockInfo } {
  mkdirSync(dataDir, { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    const held = readLock(dataDir)
    if (held) return { heldBy: held }
    const self = procStat('self')
    let full: LockInfo = { ...info, pid: process.pid, startedAt: new Date().toISOString(), ...(self ? { procStart: self.start } : {}) }
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

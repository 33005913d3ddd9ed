import { readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PREFIX = 'xinshu-upload-'

/**
 * The prefix of an upload's temporary folder. It names the process, so that folders left behind by a process that
 * died (killed, out of memory) can be told from those of a live one and removed at the next start.
 */
export const uploadDirPrefix = () => `${PREFIX}${process.pid}-`

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes upload folders of processes that no longer run; returns how many. Called when the server starts. */
export function sweepOrphanUploads(dir = tmpdir()): number {
  let removed = 0
  for (const name of readdirSync(dir)) {
    const m = /^xinshu-upload-(\d+)-/.exec(name)
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue
    rmSync(join(dir, name), { recursive: true, force: true })
    removed++
  }
  return removed
}

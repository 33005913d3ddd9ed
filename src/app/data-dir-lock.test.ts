import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireLock, readLock } from './data-dir-lock.js'

const onLinux = process.platform === 'linux'

describe('the data folder lock', () => {
  const dirs: string[] = []
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), 'xinshu-lock-unit-'))
    dirs.push(d)
    return d
  }
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('is held by a live process, named by its pid and start time', () => {
    const dir = folder()
    const lock = acquireLock(dir, { kind: 'cli' })
    expect('release' in lock).toBe(true)
    const info = JSON.parse(readFileSync(join(dir, 'xinshu.lock'), 'utf8')) as { pid: number; procStart?: string }
    expect(info.pid).toBe(process.pid)
    if (onLinux) expect(info.procStart).toMatch(/^\d+$/)
    expect(readLock(dir)?.pid).toBe(process.pid)
    if ('release' in lock) lock.release()
    expect(readLock(dir)).toBeUndefined()
  })

  it.runIf(onLinux)('is taken over when its pid now belongs to another process (started at another time)', () => {
    const dir = folder()
    // This very process stands in for the stranger that got the dead holder's pid.
    writeFileSync(join(dir, 'xinshu.lock'), JSON.stringify({ pid: process.pid, kind: 'cli', startedAt: '2026-01-01T00:00:00Z', procStart: '1' }))
    const lock = acquireLock(dir, { kind: 'cli' })
    expect('release' in lock).toBe(true)
    if ('release' in lock) lock.release()
  })
})

/**
 * How fast the demo generator is, for orientation (not a test):
 *
 *   node --import tsx src/demo/speed.ts [--subjects 40000] [--seed 20221119] [--write]
 *
 * Prints records per second of wall time and of this process's CPU time (user + system); on a busy
 * machine the CPU figure is the steadier one. `--write` also times writing a CSV file (UTF-8 and
 * GB18030) to the system temp folder.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadBundledCatalog } from '../catalog/index.js'
import { catalogItems, demoItemRows, demoRecordStream } from './records.js'
import { demoSubject } from './subjects.js'
import { writeItemFile } from './write-item-file.js'

const args = process.argv.slice(2)
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback
}
const SUBJECTS = arg('subjects', 40_000)
const SEED = arg('seed', 20221119)
const { document: catalog } = loadBundledCatalog()
const license = catalogItems(catalog).find((i) => i.key === 'administrative_license')!

async function time(label: string, run: () => number | Promise<number>, unit = 'records'): Promise<void> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const n = await run()
  const wall = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(11)
  console.log(`${label.padEnd(44)} ${n.toLocaleString('en-US').padStart(10)} ${unit}  ${fmt(n / wall)} /s wall  ${fmt(n / cpuSeconds)} /s CPU`)
}

// Warm-up so the first figure is not mostly JIT compilation.
for (const _ of demoRecordStream({ seed: SEED + 1, subjects: 2000, catalog })) void _

await time(`subjects (demoSubject × ${SUBJECTS.toLocaleString('en-US')})`, () => {
  for (let i = 0; i < SUBJECTS; i++) demoSubject(SEED, i)
  return SUBJECTS
}, 'subjects')

await time(`all 37 items (demoRecordStream, ${SUBJECTS.toLocaleString('en-US')} subjects)`, () => {
  let n = 0
  for (const _ of demoRecordStream({ seed: SEED, subjects: SUBJECTS, catalog })) n++
  return n
})

await time(`administrative_license only (demoItemRows)`, () => {
  let n = 0
  for (const _ of demoItemRows({ seed: SEED, subjects: SUBJECTS * 5, item: license })) n++
  return n
})

if (args.includes('--write')) {
  const dir = mkdtempSync(join(tmpdir(), 'xinshu-speed-'))
  try {
    for (const encoding of ['utf8', 'gb18030'] as const) {
      const path = join(dir, `license-${encoding}.csv`)
      await time(`write administrative_license CSV (${encoding})`, () =>
        writeItemFile({ path, item: license, rows: demoItemRows({ seed: SEED, subjects: SUBJECTS * 5, item: license }), format: 'csv', header: 'zh', encoding }),
      )
      console.log(`  ${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

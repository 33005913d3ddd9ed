/**
 * `npm run bench:relations [-- --holders 10000] [-- --runs 30] [-- --database-url postgres://…/test] [-- --keep]`
 *
 * 关联分析 on a PostgreSQL server: a hub enterprise with `--holders` natural-person shareholders (and 20 enterprise
 * shareholders that are firms of their own), loaded through the product's ingest path into a scratch database; then:
 *  - the rebuild of the hub's edges from its records (one subject, `--holders` + 20 edges);
 *  - graph reads of the hub at depth 1, 2 and 3 (bounded: `truncated`), and of a small firm at depth 2: p50 / p99, the
 *    event loop's longest delay during the reads, the heap growth;
 *  - baseline in the same run: the registry read of the same subject (`registry.get`: its row and names), the ratio of
 *    each read against it.
 * Figures go to stdout and bench/.data/relations.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { openDatabase } from '../src/core/db/open-database.js'
import { createXinshu } from '../src/app/xinshu.js'
import { ingestRows, seedFirm } from '../test/fixtures/access.fixtures.js'
import { scratchDatabase } from './scratch-database.js'

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}
const HOLDERS = Number(arg('holders', '10000'))
const RUNS = Number(arg('runs', '30'))
const ADMIN_URL = arg('database-url', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
const OPERATOR = { accountId: 'bench', username: 'bench', displayName: '压测', role: 'operator' as const, organization: null, via: 'session' as const, scopes: [] }
const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜'

async function main(): Promise<void> {
  const scratch = await scratchDatabase(ADMIN_URL, 'relations')
  const db = await openDatabase({ databaseUrl: scratch.url })
  const x = await createXinshu({ dataKey: Buffer.alloc(16, 0x5b) }, db)
  try {
    const hub = await seedFirm(x)
    const small = await seedFirm(x)
    const investors = []
    for (let i = 0; i < 20; i++) investors.push(await seedFirm(x))
    const row = (holder: string, type: string, ratio: number) => ({
      entity_name: hub.name, uscc: hub.uscc, shareholder_name: holder, shareholder_type: type, contribution_ratio: ratio,
      contribution_amount: '1000.00', contribution_method: '货币', subscribed_contribution_amount: '1000.00',
    })
    const rows = [
      ...Array.from({ length: HOLDERS }, (_, i) => row(`${SURNAMES[i % SURNAMES.length]}某${i}`, '自然人股东', 50 / HOLDERS)),
      ...investors.map((f) => row(f.name, '企业法人', 2.5)),
    ]
    await ingestRows(x, 'shareholder_contribution', rows, '自治区市场监管厅')
    await ingestRows(x, 'shareholder_contribution', [{ ...row(hub.name, '企业法人', 30), entity_name: small.name, uscc: small.uscc }], '自治区市场监管厅')
    for (const f of [...investors, small]) await x.relations.rebuild([f.uscc])

    let t = performance.now()
    const edges = await x.relations.rebuild([hub.uscc])
    const rebuildMs = performance.now() - t
    console.log(`hub: ${HOLDERS.toLocaleString()} natural-person and ${investors.length} enterprise shareholders`)
    console.log(`  rebuild of the hub's edges            ${fmt(rebuildMs, 1).padStart(9)} ms  (${edges.toLocaleString()} edges)`)

    const measure = async (label: string, fn: () => Promise<unknown>) => {
      for (let i = 0; i < 10; i++) await fn()
      const lat: number[] = []
      const loop = monitorEventLoopDelay({ resolution: 5 })
      global.gc?.()
      const heap0 = process.memoryUsage().heapUsed
      loop.enable()
      let last: unknown
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now()
        last = await fn()
        lat.push(performance.now() - s)
      }
      loop.disable()
      const heap = (process.memoryUsage().heapUsed - heap0) / 1048576
      lat.sort((a, b) => a - b)
      const r = { label, p50: lat[Math.floor(lat.length / 2)]!, p99: lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.99))]!, loopMaxMs: loop.max / 1e6, heapMb: heap }
      return { r, last }
    }
    const base = await measure('registry.get (baseline)', () => x.registry.get(hub.uscc))
    const out = [base.r]
    const shapes: Array<{ label: string; code: string; depth: number }> = [
      { label: 'hub graph, depth 1', code: hub.uscc, depth: 1 },
      { label: 'hub graph, depth 2', code: hub.uscc, depth: 2 },
      { label: 'hub graph, depth 3', code: hub.uscc, depth: 3 },
      { label: 'small firm graph, depth 2', code: small.uscc, depth: 2 },
    ]
    const rows2: Array<Record<string, unknown>> = []
    for (const s of shapes) {
      const m = await measure(s.label, () => x.relations.graph(OPERATOR, s.code, { depth: s.depth }))
      const g = m.last as { nodes: unknown[]; edges: unknown[]; truncated: boolean }
      out.push(m.r)
      rows2.push({ ...m.r, nodes: g.nodes.length, edges: g.edges.length, truncated: g.truncated, ratio: m.r.p50 / base.r.p50 })
    }
    console.log(`  ${'read'.padEnd(30)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'× base'.padStart(8)} ${'loop max ms'.padStart(12)} ${'heap MB'.padStart(8)}  nodes / edges`)
    console.log(`  ${base.r.label.padEnd(30)} ${fmt(base.r.p50).padStart(9)} ${fmt(base.r.p99).padStart(9)} ${'1.00'.padStart(8)} ${fmt(base.r.loopMaxMs, 1).padStart(12)} ${fmt(base.r.heapMb, 1).padStart(8)}`)
    for (const r of rows2) {
      console.log(`  ${String(r.label).padEnd(30)} ${fmt(r.p50 as number).padStart(9)} ${fmt(r.p99 as number).padStart(9)} ${fmt(r.ratio as number).padStart(8)} ${fmt(r.loopMaxMs as number, 1).padStart(12)} ${fmt(r.heapMb as number, 1).padStart(8)}  ${r.nodes} / ${r.edges}${r.truncated ? ' (truncated)' : ''}`)
    }
    mkdirSync('bench/.data', { recursive: true })
    writeFileSync('bench/.data/relations.json', JSON.stringify({ at: new Date().toISOString(), holders: HOLDERS, runs: RUNS, rebuildMs, edges, baseline: base.r, reads: rows2 }, null, 2))
  } finally {
    await x.close()
    if (process.argv.includes('--keep')) console.log(`kept database ${scratch.name}`)
    else await scratch.drop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

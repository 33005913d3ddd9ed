import { describe, expect, it } from 'vitest'
import { loadBundledCatalog, CatalogIndex } from '../catalog/index.js'
import { TEST_DATA_KEY } from '../../test/databases.js'
import { factory } from '../../test/factory.js'
import { chunksOf, createChunkBuilder, MAX_CHUNK_BYTES, type Chunk } from './chunk-builder.js'

const resolved = new CatalogIndex(1, loadBundledCatalog().document).get('administrative_penalty')!
const plan = { skip: 0, chunkSize: 10_000, dataKey: TEST_DATA_KEY, usccAllowlist: new Set<string>() }
const rawOf = (values: Record<string, unknown>, position: number) => ({ position, values })

async function collect(records: Iterable<{ position: number; values: Record<string, unknown> }>, opts: Partial<typeof plan> = {}): Promise<Chunk[]> {
  const out: Chunk[] = []
  for await (const c of chunksOf(records, createChunkBuilder(resolved, { ...plan, ...opts }))) out.push(c)
  return out
}

describe('chunk builder', () => {
  it('cuts chunks by count, each saying how far into the source it reaches', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => rawOf(factory.penaltyRow(i % 10 === 0 ? { decision_date: '2023-02-30' } : {}), i + 2))
    const chunks = await collect(rows, { chunkSize: 10 })
    expect(chunks.map((c) => [c.received, c.valid, c.quarantined, c.position])).toEqual([[10, 9, 1, 10], [10, 9, 1, 20], [5, 4, 1, 25]])
    expect(Buffer.from(chunks[0]!.records).toString('utf8').split('\n').filter(Boolean)).toHaveLength(9)
    expect(Buffer.from(chunks[0]!.quarantine).toString('utf8')).toContain('FIELD_DATE_INVALID')
  })

  it('ends a chunk early when its records are long, so that memory stays bounded whatever the records hold', async () => {
    const long = '未按规定公示年度报告，'.repeat(1700) // 18,700 characters, under the 20,000 a text field may hold
    const rows = Array.from({ length: 2000 }, (_, i) => rawOf(factory.penaltyRow({ violation_facts: long }), i + 2))
    const chunks = await collect(rows)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks[0]!.received).toBeLessThan(2000)
    for (const c of chunks.slice(0, -1)) expect(c.records.byteLength).toBeLessThan(MAX_CHUNK_BYTES + 200_000)
    expect(chunks.reduce((n, c) => n + c.valid, 0)).toBe(2000)
    expect(chunks.at(-1)!.position).toBe(2000)
  })

  it('skips what an earlier run committed, and still closes a batch that has nothing new', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => rawOf(factory.penaltyRow(), i + 2))
    expect((await collect(rows, { skip: 3 })).map((c) => [c.received, c.position])).toEqual([[2, 5]])
    expect((await collect(rows, { skip: 5 })).map((c) => [c.received, c.position])).toEqual([[0, 5]])
  })
})

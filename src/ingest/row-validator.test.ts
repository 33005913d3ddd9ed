import { describe, expect, it } from 'vitest'
import { CatalogIndex, loadBundledCatalog } from '../catalog/index.js'
import { TEST_DATA_KEY } from '../../test/databases.js'
import { factory } from '../../test/factory.js'
import { createRowValidator, type RowResult } from './row-validator.js'
import { chunksOf, createChunkBuilder } from './chunk-builder.js'

const resolved = new CatalogIndex(1, loadBundledCatalog().document).get('administrative_penalty')!
const opts = { dataKey: TEST_DATA_KEY, usccAllowlist: new Set<string>() }
const codes = (r: RowResult) => (r.ok ? [] : r.issues.map((i) => `${i.field}:${i.code}`))

describe('row validator clock', () => {
  // A decision dated 2027-06-01 is "more than a year in the future" before 2026-06-01 (Beijing), and fine after.
  const row = factory.penaltyRow({ decision_date: '2027-06-01' })

  it('judges future dates by the injected clock, not by the machine', () => {
    expect(codes(createRowValidator(resolved, { ...opts, now: () => new Date('2026-01-15T02:00:00Z') })(row))).toEqual(['decision_date:FIELD_DATE_OUT_OF_RANGE'])
    expect(createRowValidator(resolved, { ...opts, now: () => new Date('2026-07-01T02:00:00Z') })(row).ok).toBe(true)
  })

  it('reads the Beijing date of the clock on every row, so a validator that outlives a midnight moves on', () => {
    let at = new Date('2026-05-31T15:59:59Z') // 23:59:59 on 31 May, Beijing
    const validate = createRowValidator(resolved, { ...opts, now: () => at })
    expect(codes(validate(row))).toEqual(['decision_date:FIELD_DATE_OUT_OF_RANGE'])
    at = new Date('2026-05-31T16:00:00Z') // 00:00 on 1 June, Beijing
    expect(validate(row).ok).toBe(true)
  })

  it('is threaded through the chunk builder', async () => {
    const run = async (now: Date) => {
      let valid = 0
      for await (const c of chunksOf([{ position: 2, values: row }], createChunkBuilder(resolved, { ...opts, skip: 0, chunkSize: 10, now: () => now }))) valid += c.valid
      return valid
    }
    expect(await run(new Date('2026-01-15T02:00:00Z'))).toBe(0)
    expect(await run(new Date('2026-07-01T02:00:00Z'))).toBe(1)
  })
})

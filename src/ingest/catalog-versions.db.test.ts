import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Xinshu } from '../app/index.js'
import type { CatalogDocument } from '../catalog/index.js'
import { TEST_DIALECTS } from '../../test/databases.js'
import { openTestXinshu } from '../../test/xinshu.js'
import { factory } from '../../test/factory.js'
import { batchRow, expectAppError, rejection, storedOf } from '../../test/ingest-helpers.js'

/**
 * Collection under a versioned sharing list: a new version may add fields, and records collected under it say so;
 * records collected before keep their version. A version that removes or retypes a field, or is not a valid
 * document, is refused with the reasons.
 */

const ITEM = 'administrative_penalty'
const PROVIDER = '银川市市场监督管理局'
const NEW_FIELD = { key: 'disclosure_channel', name: '公示渠道', type: 'string' as const, sensitivity: 'public' as const }

function withPenalty(doc: CatalogDocument, change: (fields: CatalogDocument['categories'][number]['items'][number]['fields']) => void): CatalogDocument {
  const next = structuredClone(doc)
  const item = next.categories.flatMap((c) => c.items).find((i) => i.key === ITEM)!
  change(item.fields)
  return next
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: catalog versions and collection`, () => {
    let x: Xinshu
    const dir = factory.tempDir()

    beforeAll(async () => {
      x = await openTestXinshu(dialect)
    })
    afterAll(async () => {
      await x?.close()
      dir.remove()
    })

    it('stores a field added by a new version, marks new records with version 2 and leaves older records at version 1', async () => {
      expect(x.catalog.current().version).toBe(1)
      const old = factory.penaltyRow()
      const before = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [old] })
      const early = factory.penaltyRow({ 公示渠道: '信用中国（宁夏）' })
      const earlyFile = await x.ingest.ingestFile({ path: factory.writeText(dir.file('early.csv'), factory.csv(ITEM, [early])), itemKey: ITEM, provider: PROVIDER })
      expect(earlyFile.warnings.join(' ')).toContain('公示渠道')
      expect((await storedOf(x.db, earlyFile.batchId))[0]!.data).not.toHaveProperty('disclosure_channel')

      const v2 = await x.catalog.publish(withPenalty(x.catalog.current().document, (f) => f.push(NEW_FIELD)), { publishedBy: 'op', label: '2023 增补' })
      expect(v2.version).toBe(2)
      expect(x.catalog.current().version).toBe(2)

      const row = factory.penaltyRow({ 公示渠道: '信用中国（宁夏）' })
      const s = await x.ingest.ingestFile({ path: factory.writeText(dir.file('v2.csv'), factory.csv(ITEM, [row])), itemKey: ITEM, provider: PROVIDER })
      expect(s).toMatchObject({ stored: 1, quarantined: 0, catalogVersion: 2, warnings: [] })
      const [rec] = await storedOf(x.db, s.batchId)
      expect(rec).toMatchObject({ catalog_version: 2 })
      expect(rec!.data.disclosure_channel).toBe('信用中国（宁夏）')
      expect((await batchRow(x.db, s.batchId)).catalog_version).toBe(2)

      const [kept] = await storedOf(x.db, before.batchId)
      expect(kept).toMatchObject({ catalog_version: 1, superseded_at: null })
      expect((await batchRow(x.db, before.batchId)).catalog_version).toBe(1)
    })

    it('treats a record re-sent under the new version without the new field as a duplicate, not a new version', async () => {
      const row = factory.penaltyRow()
      await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [row] })
      const again = await x.ingest.ingestRecords({ itemKey: ITEM, provider: PROVIDER, records: [{ ...row, disclosure_channel: '' }] })
      expect(again).toMatchObject({ stored: 0, duplicates: 1 })
    })

    it('refuses a version that removes a field, with CATALOG_INCOMPATIBLE_CHANGE naming it, and keeps the current version', async () => {
      const current = x.catalog.current().version
      const doc = withPenalty(x.catalog.current().document, (f) => f.splice(f.findIndex((g) => g.key === 'fine_amount'), 1))
      const e = expectAppError(await rejection(x.catalog.publish(doc, { publishedBy: 'op' })), 'CATALOG_INCOMPATIBLE_CHANGE')
      expect(e.type).toBe('conflict')
      expect(e.en).toContain('administrative_penalty.fine_amount')
      expect(x.catalog.current().version).toBe(current)
      expect((await x.catalog.list()).length).toBe(current)
    })

    it('refuses a version that changes a field\'s type', async () => {
      const doc = withPenalty(x.catalog.current().document, (f) => {
        f.find((g) => g.key === 'fine_amount')!.type = 'string'
      })
      const e = expectAppError(await rejection(x.catalog.publish(doc, { publishedBy: 'op' })), 'CATALOG_INCOMPATIBLE_CHANGE')
      expect(e.en).toContain('fine_amount from money to string')
    })

    it('refuses an invalid document and lists its problems', async () => {
      const doc = withPenalty(x.catalog.current().document, (f) => {
        f.push({ key: 'Bad Key', name: '坏字段', type: 'string', sensitivity: 'public' })
        f.push({ key: 'blob_field', name: '二进制', type: 'blob' as never, sensitivity: 'public' })
        f.push({ ...NEW_FIELD })
      })
      const err = await rejection(x.catalog.publish(doc, { publishedBy: 'op' }))
      const e = expectAppError(err, 'CATALOG_DOCUMENT_INVALID')
      const problems = (e as unknown as { details: string[] }).details
      expect(problems.length).toBeGreaterThanOrEqual(3)
      expect(problems.join('\n')).toContain('snake_case')
      expect(problems.join('\n')).toContain('unknown type blob')
      expect(problems.join('\n')).toContain('duplicate field key disclosure_channel')
      expectAppError(await rejection(x.catalog.publish({ nonsense: true } as unknown as CatalogDocument, { publishedBy: 'op' })), 'CATALOG_DOCUMENT_INVALID')
    })
  })
}

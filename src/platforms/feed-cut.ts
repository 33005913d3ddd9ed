import { isSealed, unseal } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import { liveCoverage, disclose, maskIdentifier, MODES_FOR, type Grant, type MaskingPolicy } from '../access/index.js'
import type { StoredRecordVersion as RecordVersion } from '../records/index.js'
import type { SnapshotRecord } from './platforms.types.js'

/** What a platform is sent of one record version (a snapshot record), and the non-public fields shown in it. */
export interface CutRecord extends SnapshotRecord {
  /** `item.field` of every non-public field shown: what the page's audit entry names. */
  nonPublic: string[]
}

/**
 * The one cut of a record for a platform, shared by the feed and the snapshot so that both hand out the same: public
 * fields always; restricted fields only under a live `view` grant of the subject to this platform covering the item;
 * personal identifiers masked. Undefined when the platform may see nothing of the record.
 */
export function platformCut(deps: { catalog: Pick<CatalogService, 'current'>; dataKey: Buffer; masking: MaskingPolicy }) {
  const { catalog, dataKey, masking } = deps

  function cut(rec: RecordVersion, grantsOf: readonly Grant[] | undefined): CutRecord | undefined {
    const resolved = catalog.current().get(rec.itemKey)
    if (!resolved) return undefined
    const { item, category } = resolved
    const coverage = grantsOf ? liveCoverage(grantsOf, MODES_FOR.view) : undefined
    const grant = coverage?.covering(item.key, category.key)
    const hasPublic = item.fields.some((f) => f.sensitivity === 'public')
    const byKey = new Map(item.fields.map((f) => [f.key, f]))
    const values: Record<string, unknown> = {}
    const masked: string[] = []
    const withheld: string[] = []
    const nonPublic: string[] = []
    let restrictedShown = false
    for (const [key, raw] of Object.entries(rec.data)) {
      const sensitivity = byKey.get(key)?.sensitivity ?? 'restricted'
      // A platform reads as an institution does: restricted fields under its own grant, identifiers never whole.
      const d = disclose(sensitivity, { basis: 'institution', itemHasPublicFields: hasPublic, granted: grant !== undefined, revealed: false })
      if (d === 'withhold') {
        withheld.push(key)
        continue
      }
      let v = raw
      // Sealed values are natural persons' ID numbers; an organisation's USCC in an ID-or-USCC field is public.
      if (isSealed(v)) {
        v = maskIdentifier(unseal(dataKey, v), masking)
        masked.push(key)
      }
      if (sensitivity !== 'public') nonPublic.push(`${item.key}.${key}`)
      if (sensitivity === 'restricted') restrictedShown = true
      values[key] = v
    }
    if (Object.keys(values).length === 0) return undefined
    return {
      subject: rec.subjectKey, item: rec.itemKey, recordKey: rec.recordKey, version: rec.version,
      provider: rec.provider, receivedAt: rec.receivedAt, values,
      ...(masked.length ? { masked } : {}), ...(withheld.length ? { withheld } : {}),
      grantId: restrictedShown && grant ? grant.id : null,
      nonPublic,
    }
  }

  /** Whether a tombstone may be sent: the platform could ever have seen something of a record of this item. */
  function mayTombstone(itemKey: string, grantsOf: readonly Grant[] | undefined): boolean {
    const resolved = catalog.current().get(itemKey)
    if (!resolved) return false
    if (resolved.item.fields.some((f) => f.sensitivity === 'public')) return true
    // Only a grant that was once in force let the platform see the record (a request or a refusal never did).
    return (grantsOf ?? []).some((g) => (g.status === 'active' || g.status === 'revoked' || g.status === 'expired') && (g.items.includes(itemKey) || g.categories.includes(resolved.category.key)))
  }

  /** The restricted fields of an item: what a platform deletes when its grant to them ends. */
  function restrictedFields(itemKey: string): string[] {
    return catalog.current().get(itemKey)?.item.fields.filter((f) => f.sensitivity === 'restricted').map((f) => f.key) ?? []
  }

  /** Whether some live grant in `grantsOf` still covers the item. */
  function covered(itemKey: string, grantsOf: readonly Grant[] | undefined): boolean {
    const resolved = catalog.current().get(itemKey)
    if (!resolved || !grantsOf) return false
    return liveCoverage(grantsOf, MODES_FOR.view).covering(itemKey, resolved.category.key) !== undefined
  }

  return { cut, mayTombstone, restrictedFields, covered }
}

export type PlatformCut = ReturnType<typeof platformCut>

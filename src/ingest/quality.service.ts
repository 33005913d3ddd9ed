import type { Database } from '../core/index.js'
import type { CatalogService, CatalogItem } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import { createBatchRepository } from './batch.repository.js'

const PERIOD_DAYS: Record<NonNullable<CatalogItem['frequency']>, number> = { weekly: 7, monthly: 31, quarterly: 92, yearly: 366 }
/** Units the list names collectively: they expect no delivery of their own. */
const COLLECTIVE_UNITS = new Set(['各有关部门（单位）', '各市、县（区）'])

export interface QualityRow {
  provider: string
  itemKey: string
  itemName: string
  batches: number
  received: number
  stored: number
  duplicates: number
  quarantined: number
  /** Share of valid records among those received (0–1), null before any delivery. */
  validity: number | null
  /** Share of the item's fields filled in valid records (0–1). */
  completeness: number | null
  /** Share of received records that were already held (0–1). */
  duplicateRate: number | null
  lastDelivery: string | null
  frequency: string
  /** When the next delivery is due at the latest; past it, the delivery is overdue. */
  dueBy: string | null
  overdue: boolean
  /**
   * Distinct subject names this provider's records of the item gave that the subject's registration never did
   * (not written to the subject; listed by GET /api/quality/name-mismatches).
   */
  nameMismatches: number
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null)

/**
 * Data quality (数据准确性、完整性和及时性) per provider and item, from the batches' own counters: cheap enough for
 * a dashboard however large the record table grows. A responsible unit that never delivered shows as overdue.
 */
export function createQualityService(deps: { db: Database; catalog: CatalogService; registry: Pick<RegistryService, 'nameMismatchCounts' | 'nameMismatches'> }) {
  const batches = createBatchRepository()
  return {
    async report(f: { provider?: string; itemKey?: string; sinceDays?: number; now?: Date } = {}): Promise<QualityRow[]> {
      const now = f.now ?? new Date()
      const rows = await batches.quality(deps.db, { now, sinceDays: f.sinceDays ?? 365, provider: f.provider ?? null, itemKey: f.itemKey ?? null })
      const mismatches = new Map((await deps.registry.nameMismatchCounts({ provider: f.provider, itemKey: f.itemKey })).map((m) => [`${m.provider}\u0000${m.itemKey}`, m.n]))
      const catalog = deps.catalog.current()
      const seen = new Map(rows.map((r) => [`${r.provider}\u0000${r.item_key}`, r]))
      const out: QualityRow[] = []
      const pairs = new Set<string>([...seen.keys(), ...mismatches.keys()])
      for (const { item } of catalog.items.values()) {
        if (f.itemKey && item.key !== f.itemKey) continue
        for (const unit of item.responsibleUnits) {
          if (COLLECTIVE_UNITS.has(unit) || (f.provider && unit !== f.provider)) continue
          pairs.add(`${unit}\u0000${item.key}`)
        }
      }
      for (const pair of pairs) {
        const [provider, itemKey] = pair.split('\u0000') as [string, string]
        const item = catalog.get(itemKey)?.item
        const r = seen.get(pair)
        const frequency = item?.frequency ?? 'quarterly'
        const period = PERIOD_DAYS[frequency]
        const last = r?.last_delivery ? new Date(r.last_delivery) : null
        const due = last ? new Date(last.getTime() + period * 1.5 * 86_400_000) : null
        const valid = r ? r.received - r.quarantined : 0
        out.push({
          provider, itemKey, itemName: item?.name ?? itemKey,
          batches: r?.batches ?? 0, received: r?.received ?? 0, stored: r?.stored ?? 0, duplicates: r?.duplicates ?? 0, quarantined: r?.quarantined ?? 0,
          validity: r ? ratio(valid, r.received) : null,
          completeness: r && item ? ratio(Number(r.filled), valid * item.fields.length) : null,
          duplicateRate: r ? ratio(r.duplicates, r.received) : null,
          lastDelivery: last ? last.toISOString() : null,
          frequency,
          dueBy: due ? due.toISOString() : null,
          overdue: !due || due < now,
          nameMismatches: mismatches.get(pair) ?? 0,
        })
      }
      return out.sort((a, b) => (a.provider === b.provider ? a.itemKey.localeCompare(b.itemKey) : a.provider.localeCompare(b.provider, 'zh-CN')))
    },

    /** The names behind {@link QualityRow.nameMismatches}. */
    nameMismatches: (f: { provider?: string | undefined; itemKey?: string | undefined; limit: number; offset: number }) => deps.registry.nameMismatches(f),
  }
}

export type QualityService = ReturnType<typeof createQualityService>

import type { CatalogCategory, CatalogDocument, CatalogField, CatalogItem } from './catalog.types.js'

/** Header text a provider may write for a field: its key or its printed Chinese name, compared loosely. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC') // full-width brackets and letters → half-width
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase()
}

export interface ResolvedItem {
  item: CatalogItem
  category: CatalogCategory
  fieldsByHeader: ReadonlyMap<string, CatalogField>
  /** Field of the subject's code (USCC or ID number), if the item has one. */
  subjectCodeField: CatalogField | undefined
  subjectNameField: CatalogField | undefined
  identity: readonly string[]
}

/**
 * One published catalog version, indexed for the hot paths: item by key, field by key or Chinese header.
 */
export class CatalogIndex {
  readonly items: ReadonlyMap<string, ResolvedItem>

  constructor(
    readonly version: number,
    readonly document: CatalogDocument,
  ) {
    const items = new Map<string, ResolvedItem>()
    for (const category of document.categories) {
      for (const item of category.items) {
        const fieldsByHeader = new Map<string, CatalogField>()
        for (const f of item.fields) {
          fieldsByHeader.set(normalizeHeader(f.key), f)
          fieldsByHeader.set(normalizeHeader(f.name), f)
        }
        const byKey = (k: string | undefined) => (k ? item.fields.find((f) => f.key === k) : undefined)
        items.set(item.key, {
          item,
          category,
          fieldsByHeader,
          subjectCodeField: byKey(item.subject?.code ?? (item.fields.some((f) => f.key === 'uscc') ? 'uscc' : undefined)),
          subjectNameField: byKey(item.subject?.name ?? item.fields.find((f) => f.key === 'entity_name' || f.key === 'entity_name_zh')?.key),
          identity: item.identity ?? [],
        })
      }
    }
    this.items = items
  }

  get(itemKey: string): ResolvedItem | undefined {
    return this.items.get(itemKey)
  }

  /** Items a provider is responsible for, by the provider's exact unit name. */
  itemsOf(provider: string): CatalogItem[] {
    return [...this.items.values()].filter((r) => r.item.responsibleUnits.includes(provider)).map((r) => r.item)
  }

  /** Every responsible unit named anywhere in the sharing list. */
  providers(): string[] {
    return [...new Set([...this.items.values()].flatMap((r) => r.item.responsibleUnits))].sort()
  }
}

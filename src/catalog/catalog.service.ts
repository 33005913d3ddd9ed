import { type Database, type Sql, sm3 } from '../core/index.js'
import { CatalogIndex } from './catalog-index.js'
import { createCatalogRepository } from './catalog.repository.js'
import { CatalogErrors } from './catalog.errors.js'
import { incompatibleChanges, loadBundledCatalog, validateCatalogDocument } from './catalog-document.js'
import type { CatalogDocument } from './catalog.types.js'

/** 附件1 as published beside the sharing list (data/catalog/credit-directory.json): its header, and the rest as loaded. */
export interface CatalogDirectory { title?: string; source?: string; version?: string; [key: string]: unknown }

/** Stable text of a document for its checksum: keys sorted, so that formatting does not make a new version. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * The sharing list as the hub runs it: versions in the database, the newest one in memory.
 * Records are collected under `current()` and keep its version number.
 */
export function createCatalogService(deps: { db: Database }) {
  const repo = createCatalogRepository()
  let current: CatalogIndex | undefined
  const byVersion = new Map<number, CatalogIndex>()

  async function load(version: number): Promise<CatalogIndex> {
    const cached = byVersion.get(version)
    if (cached) return cached
    const row = await repo.get(deps.db, version)
    if (!row) throw CatalogErrors.VERSION_NOT_FOUND(String(version))
    const index = new CatalogIndex(row.version, row.document)
    byVersion.set(version, index)
    return index
  }

  const service = {
    /** Publishes the bundled catalog unless a version with the same content exists; then loads the newest. */
    async init(): Promise<CatalogIndex> {
      const { document, directory } = loadBundledCatalog()
      const checksum = sm3(canonical(document))
      if ((await repo.findByChecksum(deps.db, checksum)) === undefined) {
        const latest = await repo.latest(deps.db)
        // Never downgrade: an operator's newer version stays in force when an older bundle starts up.
        if (!latest) await repo.insert(deps.db, { label: document.version, document, directory, checksum, publishedBy: 'system', note: '宁政办发〔2022〕68号 附件2' })
      }
      const latest = await repo.latest(deps.db)
      current = await load(latest!.version)
      return current
    },

    current(): CatalogIndex {
      if (!current) throw new Error('catalog not initialised: call init() first')
      return current
    },

    version: load,
    list: () => repo.list(deps.db),

    /** The directory (附件1) published with the current sharing list, or null. */
    async directory(): Promise<CatalogDirectory | null> {
      if (!current) throw new Error('catalog not initialised: call init() first')
      return ((await repo.directory(deps.db, current.version)) as CatalogDirectory | undefined) ?? null
    },

    /**
     * Publishes a new version after checking it: valid on its own, and only adding to the current one.
     *
     * @example
     * const doc = structuredClone(catalog.current().document)
     * doc.categories[0].items.push(newItem)
     * await catalog.publish(doc, { publishedBy: 'operator:zhang', label: '2023' })
     */
    async publish(document: CatalogDocument, opts: { publishedBy: string; label?: string; note?: string }): Promise<CatalogIndex> {
      const problems = validateCatalogDocument(document)
      if (problems.length) throw Object.assign(CatalogErrors.DOCUMENT_INVALID(problems.slice(0, 5).join('; ')), { details: problems })
      const now = service.current()
      const breaking = incompatibleChanges(now.document, document)
      if (breaking.length) throw Object.assign(CatalogErrors.INCOMPATIBLE_CHANGE(breaking.slice(0, 5).join('; ')), { details: breaking })
      const checksum = sm3(canonical(document))
      if ((await repo.findByChecksum(deps.db, checksum)) !== undefined) throw CatalogErrors.UNCHANGED()
      const version = await repo.insert(deps.db, { label: opts.label ?? document.version, document, directory: undefined, checksum, publishedBy: opts.publishedBy, ...(opts.note ? { note: opts.note } : {}) })
      current = await load(version)
      return current
    },
  }
  return service
}

export type CatalogService = ReturnType<typeof createCatalogService>

/**
 * The newest published sharing list, read from the database, for work that runs without a catalog service (a
 * source registered or pulled from the CLI); undefined before the first start has published one.
 *
 * @example
 * const catalog = await latestCatalog(db) ?? fail('no catalog yet')
 */
export async function latestCatalog(db: Sql): Promise<CatalogIndex | undefined> {
  const row = await createCatalogRepository().latest(db)
  return row ? new CatalogIndex(row.version, row.document) : undefined
}

export { createCatalogService, type CatalogService } from './catalog.service.js'
export type { CatalogIndex } from './catalog-index.js'
export type { CatalogDocument, CatalogField, CatalogItem, FieldType } from './catalog.types.js'

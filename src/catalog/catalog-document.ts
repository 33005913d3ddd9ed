import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CatalogDocument, CatalogField, CatalogItem, FieldType, Sensitivity, ShareMethod } from './catalog.types.js'

const DATA_DIR = fileURLToPath(new URL('../../data/catalog/', import.meta.url))

const FIELD_TYPES: ReadonlySet<FieldType> = new Set(['string', 'uscc', 'id_number', 'date', 'datetime', 'integer', 'decimal', 'money', 'boolean', 'enum', 'text'])
const SENSITIVITIES: ReadonlySet<Sensitivity> = new Set(['public', 'restricted', 'sensitive'])
const SHARE_METHODS: ReadonlySet<ShareMethod> = new Set(['table', 'api', 'file', 'national', 'api_or_table'])
const KEY_PATTERN = /^[a-z][a-z0-9_]*$/

/**
 * The sharing list as shipped in `data/catalog/`: 附件2 with the identity and subject rules of `item-rules.json`
 * folded into each item. This is version 1 of every new hub.
 */
export function loadBundledCatalog(): { document: CatalogDocument; directory: unknown } {
  const document = JSON.parse(readFileSync(DATA_DIR + 'credit-catalog.json', 'utf8')) as CatalogDocument
  const directory = JSON.parse(readFileSync(DATA_DIR + 'credit-directory.json', 'utf8')) as unknown
  const rules = JSON.parse(readFileSync(DATA_DIR + 'item-rules.json', 'utf8')) as { items: Record<string, Pick<CatalogItem, 'identity' | 'subject'>> }
  for (const category of document.categories) {
    for (const item of category.items) {
      const rule = rules.items[item.key]
      if (rule) Object.assign(item, rule)
    }
  }
  return { document, directory }
}

/**
 * Everything wrong with a catalog document, as sentences; empty when it can be published.
 * It checks what the hub relies on: unique keys, known types, sensitivities and share methods, and that identity and
 * subject rules name fields the item has.
 */
export function validateCatalogDocument(doc: unknown): string[] {
  const problems: string[] = []
  const d = doc as Partial<CatalogDocument> | null
  if (!d || typeof d !== 'object' || !Array.isArray(d.categories)) return ['categories 必须是数组 / categories must be an array']
  if (typeof d.version !== 'string' || d.version === '') problems.push('version 必须是非空字符串 / version must be a non-empty string')
  const itemKeys = new Set<string>()
  d.categories.forEach((cat, ci) => {
    const at = `categories[${ci}]`
    if (!cat || typeof cat.name !== 'string' || !KEY_PATTERN.test(String(cat.key))) problems.push(`${at}: 需要 key 和 name / needs a snake_case key and a name`)
    if (!Array.isArray(cat?.items)) return void problems.push(`${at}.items 必须是数组 / must be an array`)
    cat.items.forEach((item, ii) => {
      const ia = `${at}.items[${ii}]`
      if (!item || !KEY_PATTERN.test(String(item.key))) return void problems.push(`${ia}: key 必须是 snake_case / key must be snake_case`)
      if (itemKeys.has(item.key)) problems.push(`${ia}: 信息项 key 重复 / duplicate item key ${item.key}`)
      itemKeys.add(item.key)
      if (typeof item.name !== 'string' || item.name === '') problems.push(`${ia} (${item.key}): 缺少名称 / name is missing`)
      if (!SHARE_METHODS.has(item.shareMethod)) problems.push(`${ia} (${item.key}): 未知的共享方式 / unknown shareMethod ${String(item.shareMethod)}`)
      if (!Array.isArray(item.responsibleUnits) || item.responsibleUnits.length === 0) problems.push(`${ia} (${item.key}): 缺少责任单位 / responsibleUnits is empty`)
      if (!Array.isArray(item.fields) || item.fields.length === 0) return void problems.push(`${ia} (${item.key}): 缺少共享内容 / fields is empty`)
      const fieldKeys = new Set<string>()
      item.fields.forEach((f: CatalogField, fi) => {
        const fa = `${item.key}.fields[${fi}]`
        if (!f || !KEY_PATTERN.test(String(f.key))) return void problems.push(`${fa}: key 必须是 snake_case / key must be snake_case`)
        if (fieldKeys.has(f.key)) problems.push(`${fa}: 字段 key 重复 / duplicate field key ${f.key}`)
        fieldKeys.add(f.key)
        if (typeof f.name !== 'string' || f.name === '') problems.push(`${fa} (${f.key}): 缺少名称 / name is missing`)
        if (!FIELD_TYPES.has(f.type)) problems.push(`${fa} (${f.key}): 未知的类型 / unknown type ${String(f.type)}`)
        if (!SENSITIVITIES.has(f.sensitivity)) problems.push(`${fa} (${f.key}): 未知的分级 / unknown sensitivity ${String(f.sensitivity)}`)
      })
      for (const k of [...(item.identity ?? []), ...Object.values(item.subject ?? {})]) {
        if (!fieldKeys.has(k)) problems.push(`${item.key}: 规则引用了不存在的字段 / a rule names a missing field ${k}`)
      }
      if (!fieldKeys.has('uscc') && !item.subject) problems.push(`${item.key}: 没有统一社会信用代码字段时必须说明主体字段 / an item without a uscc field needs a subject rule`)
    })
  })
  return problems
}

/**
 * What a new version would break for records already collected: removed items or fields, or changed field types.
 * Adding is always allowed.
 */
export function incompatibleChanges(prev: CatalogDocument, next: CatalogDocument): string[] {
  const nextItems = new Map(next.categories.flatMap((c) => c.items).map((i) => [i.key, i]))
  const problems: string[] = []
  for (const item of prev.categories.flatMap((c) => c.items)) {
    const n = nextItems.get(item.key)
    if (!n) {
      problems.push(`删除了信息项 / removes item ${item.key}`)
      continue
    }
    const nf = new Map(n.fields.map((f) => [f.key, f]))
    for (const f of item.fields) {
      const g = nf.get(f.key)
      if (!g) problems.push(`删除了字段 / removes field ${item.key}.${f.key}`)
      else if (g.type !== f.type) problems.push(`改变了字段类型 / changes the type of ${item.key}.${f.key} from ${f.type} to ${g.type}`)
    }
  }
  return problems
}

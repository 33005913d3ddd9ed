import type { CatalogField, Issue } from '../../api/types'

const norm = (s: string) => s.replace(/[\s（）()【】\[\]：:，,、_-]/g, '').toLowerCase()

/** A raw cell as text for an input: numbers and booleans as written, objects as JSON, nothing as ''. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v)
}

/**
 * The form's starting values: each catalog field's value in the raw row, found by the header the provider used
 * (the field's Chinese name or its key, spacing and brackets ignored).
 */
export function initialValues(fields: readonly CatalogField[], raw: Record<string, unknown>): Record<string, string> {
  const byHeader = new Map<string, unknown>()
  for (const [k, v] of Object.entries(raw ?? {})) byHeader.set(norm(k), v)
  const out: Record<string, string> = {}
  for (const f of fields) {
    const v = raw?.[f.key] ?? raw?.[f.name] ?? byHeader.get(norm(f.name)) ?? byHeader.get(norm(f.key))
    out[f.key] = cellText(v)
  }
  return out
}

/** Field key → the header the provider used for it in the raw row (a Chinese name, a key, a variant spelling). */
export function rawHeaders(fields: readonly CatalogField[], raw: Record<string, unknown>): Map<string, string> {
  const byNorm = new Map<string, string>()
  for (const k of Object.keys(raw ?? {})) byNorm.set(norm(k), k)
  const out = new Map<string, string>()
  for (const f of fields) {
    const h = byNorm.get(norm(f.key)) ?? byNorm.get(norm(f.name))
    if (h !== undefined) out.set(f.key, h)
  }
  return out
}

/**
 * What to resubmit: the fields that have a value, keyed as the provider sent them (the server takes keys and
 * Chinese names alike, and gives a masked ID number left untouched its original value back by that header).
 */
export function resubmitValues(values: Record<string, string | undefined>, headers: ReadonlyMap<string, string> = new Map()): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(values)) {
    const s = (v ?? '').trim()
    if (s !== '') out[headers.get(k) ?? k] = s
  }
  return out
}

/** Issues by field key; record-level issues ('*') under '*'. */
export function issuesByField(issues: readonly Issue[]): Map<string, Issue[]> {
  const m = new Map<string, Issue[]>()
  for (const i of issues ?? []) {
    const list = m.get(i.field) ?? []
    list.push(i)
    m.set(i.field, list)
  }
  return m
}

/** The text after the field label in an issue ("统一社会信用代码(uscc)：校验位错误" → "校验位错误"), for a form hint. */
export function issueHint(issue: Issue): string {
  const i = issue.zh.indexOf('：')
  return i >= 0 ? issue.zh.slice(i + 1) : issue.zh
}

/**
 * The raw row for display, in the item's field order (the database keeps JSON keys in its own order), each header
 * with the field it maps to; columns the item does not have come last.
 */
export function rawEntries(raw: Record<string, unknown>, item: { fields: readonly CatalogField[] }): Array<{ header: string; value: unknown; field: CatalogField | undefined }> {
  const order = new Map<string, number>()
  item.fields.forEach((f, i) => {
    order.set(norm(f.key), i)
    order.set(norm(f.name), i)
  })
  return Object.entries(raw ?? {})
    .map(([header, value]) => {
      const i = order.get(norm(header))
      return { header, value, field: i === undefined ? undefined : item.fields[i], i: i ?? Number.MAX_SAFE_INTEGER }
    })
    .sort((a, b) => a.i - b.i)
    .map(({ header, value, field }) => ({ header, value, field }))
}

import type { Catalog, GrantMode } from '../../api/types'

/**
 * A grant's scope (授权范围) as the form shows it: a tree of 信息种类 → 信息项, where checking a whole category
 * grants the category (and so every item it will ever hold) and checking single items grants those items.
 * Tree values carry a prefix so a category and an item of the same name (纳税信息 / 纳税信息) never clash.
 */
export const CATEGORY = 'c:'
export const ITEM = 'i:'

export interface ScopeNode {
  value: string
  title: string
  /** Items with fields that need a grant (有条件共享); public-only items are visible to any institution anyway. */
  restricted: boolean
  children?: ScopeNode[]
}

export interface Scope {
  categories: string[]
  items: string[]
}

export function scopeTree(catalog: Catalog | undefined): ScopeNode[] {
  return (catalog?.categories ?? []).map((c) => ({
    value: `${CATEGORY}${c.key}`,
    title: `${c.no}. ${c.name}`,
    restricted: c.items.some((i) => i.sensitivities.includes('restricted')),
    children: c.items.map((i) => ({ value: `${ITEM}${i.key}`, title: i.name, restricted: i.sensitivities.includes('restricted') })),
  }))
}

/** Checked tree values (a fully checked category comes as the category alone) → the API's categories and items. */
export function scopeOf(values: readonly string[]): Scope {
  const categories: string[] = []
  const items: string[] = []
  for (const v of values) {
    if (v.startsWith(CATEGORY)) categories.push(v.slice(CATEGORY.length))
    else if (v.startsWith(ITEM)) items.push(v.slice(ITEM.length))
  }
  return { categories: [...new Set(categories)].sort(), items: [...new Set(items)].sort() }
}

/** The other way, for a form prefilled from a link (申请授权 from a withheld item). */
export function valuesOf(scope: Partial<Scope>): string[] {
  return [...(scope.categories ?? []).map((c) => `${CATEGORY}${c}`), ...(scope.items ?? []).map((i) => `${ITEM}${i}`)]
}

/** A scope in words: 纳税信息（整类）、住房公积金缴纳情况. Keys the catalog does not know are shown as they are. */
export function scopeNames(catalog: Catalog | undefined, scope: Partial<Scope>, wholeCategory: (name: string) => string): string[] {
  const cats = new Map((catalog?.categories ?? []).map((c) => [c.key, c.name]))
  const items = new Map((catalog?.categories ?? []).flatMap((c) => c.items.map((i) => [i.key, i.name] as const)))
  return [
    ...(scope.categories ?? []).map((k) => wholeCategory(cats.get(k) ?? k)),
    ...(scope.items ?? []).map((k) => items.get(k) ?? k),
  ]
}

/** Whether a scope covers an item, directly or through its category (as the server's grantCovers decides). */
export function covers(scope: Partial<Scope>, itemKey: string, categoryKey: string): boolean {
  return (scope.items ?? []).includes(itemKey) || (scope.categories ?? []).includes(categoryKey)
}

/** The modes in the order the form offers them: view is the widest (it includes yes/no verification). */
export const MODES: readonly GrantMode[] = ['view', 'verify', 'model']

/** Longest grant the server accepts (MAX_GRANT_DAYS in src/access/grant.service.ts). */
export const MAX_GRANT_DAYS = 1096

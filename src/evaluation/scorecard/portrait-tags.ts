import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CatalogIndex } from '../../catalog/index.js'
import { evaluateRules, validateRules, type EligibilityFacts, type EligibilityRule } from '../../financing/index.js'

/**
 * The portrait's tags (高新技术企业, 纳税A级, 涉诉, 经营异常 …) as data: `data/evaluation/portrait-tags.json`, each
 * a rule in the eligibility-rule language products already use (checked against the sharing list, bounded,
 * explained in Chinese), so one language says "who is what" everywhere.
 */
export interface PortraitTagDef { key: string; zh: string; tone: 'positive' | 'negative' | 'neutral'; rule: EligibilityRule }

export interface PortraitTag { key: string; zh: string; tone: PortraitTagDef['tone']; /** The rule in Chinese. */ rule: string; /** Why, with the subject's own value: for the subject itself and the hub only. */ reason?: string }

const FILE = fileURLToPath(new URL('../../../data/evaluation/portrait-tags.json', import.meta.url))

/** The shipped tags, each checked against the catalog; a bad rule is refused naming the tag and the rule's path. */
export function loadPortraitTags(catalog: CatalogIndex, text = readFileSync(FILE, 'utf8')): PortraitTagDef[] {
  const doc = JSON.parse(text) as { tags: PortraitTagDef[] }
  const seen = new Set<string>()
  for (const [i, t] of doc.tags.entries()) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(t.key) || seen.has(t.key)) throw new Error(`tags[${i}]: key ${t.key} must be unique snake_case`)
    seen.add(t.key)
    if (!['positive', 'negative', 'neutral'].includes(t.tone)) throw new Error(`tags[${i}] (${t.key}): unknown tone ${t.tone}`)
    const problems = validateRules([t.rule], catalog)
    if (problems.length) throw new Error(`tags[${i}] (${t.key}): ${problems[0]!.path.replace(/^rules\[0\]/, 'rule')}: ${problems[0]!.zh}`)
  }
  return doc.tags
}

/** The items a rule reads, and the fields it names (for deciding whether it reads public fields only). */
function reads(r: EligibilityRule, out: Array<{ item: string; fields: string[] }>): void {
  switch (r.kind) {
    case 'all': case 'any': for (const c of r.rules) reads(c, out); return
    case 'not': reads(r.rule, out); return
    case 'field': out.push({ item: r.item, fields: [r.field, ...(r.latestBy ? [r.latestBy] : [])] }); return
    case 'years_since': out.push({ item: r.item, fields: [r.field] }); return
    case 'no_record': out.push({ item: r.item, fields: r.dateField ? [r.dateField] : [] }); return
    case 'aggregate': out.push({ item: r.item, fields: [r.field, ...(r.dateField ? [r.dateField] : [])] }); return
    case 'credit_grade': out.push({ item: '', fields: [''] })
  }
}

/**
 * Whether a tag reads public fields only: then anyone who may see the subject may see the tag. A rule on a
 * record's mere presence reads the item as public when the item has public fields (the profile shows it so).
 */
export function tagIsPublic(t: PortraitTagDef, catalog: CatalogIndex): boolean {
  const out: Array<{ item: string; fields: string[] }> = []
  reads(t.rule, out)
  return out.every(({ item, fields }) => {
    const it = catalog.get(item)?.item
    if (!it) return false
    if (fields.length === 0) return it.fields.some((f) => f.sensitivity === 'public')
    return fields.every((k) => it.fields.find((f) => f.key === k)?.sensitivity === 'public')
  })
}

/** The tags a subject carries: those whose rule passes (an unknown outcome is no tag). */
export function tagsOf(defs: readonly PortraitTagDef[], facts: EligibilityFacts, catalog: CatalogIndex, withReasons: boolean): PortraitTag[] {
  const results = evaluateRules(defs.map((d) => d.rule), facts, catalog, { explain: true })
  const out: PortraitTag[] = []
  defs.forEach((d, i) => {
    const r = results[i]!
    if (r.outcome !== 'pass') return
    out.push({ key: d.key, zh: d.zh, tone: d.tone, rule: r.rule, ...(withReasons ? { reason: r.reason } : {}) })
  })
  return out
}

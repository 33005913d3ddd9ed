import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** 轻微 / 一般 / 严重 失信 information. */
export type DishonestyClass = 'minor' | 'general' | 'serious'

export const CLASS_NAMES_ZH: Record<DishonestyClass, string> = { minor: '轻微', general: '一般', serious: '严重' }

export interface Period {
  minMonths: number
  maxMonths: number
}

export interface RuleSet {
  id: string
  name: string
  /** The regulation and its periods, in words: where the figures come from. */
  source: string
  /** ISO date from which it applies to decisions. */
  effectiveFrom: string
  classes: Record<DishonestyClass, Period>
}

type Condition = { field: string; matches: string } | { field: string; atLeast: number } | { field: string; atMost: number }

export interface ItemRule {
  /** The record's field holding the decision date, from which publicity runs. */
  startField: string
  /** First matching rule gives the class. */
  classify: Array<{ class: DishonestyClass; any?: Condition[]; all?: Condition[] }>
  default: DishonestyClass
}

export interface RepairRules {
  ruleSets: RuleSet[]
  items: Record<string, ItemRule>
}

/** How a record stands under the rules: its class, the rule set, and when publicity may end early and must end. */
export interface Publicity {
  class: DishonestyClass
  ruleSet: RuleSet
  start: string
  /** From this date the subject may apply for repair. */
  minEnd: string
  /** On this date publicity ends by itself. */
  maxEnd: string
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/
const CLASSES: readonly DishonestyClass[] = ['minor', 'general', 'serious']

/** `date` plus `months` calendar months; the 31st of a shorter month falls on its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number]
  const total = y * 12 + (m - 1) + months
  const year = Math.floor(total / 12)
  const month = total % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return null
}

function holds(c: Condition, data: Record<string, unknown>): boolean {
  const v = data[c.field]
  if ('matches' in c) return typeof v === 'string' && new RegExp(c.matches).test(v)
  const n = num(v)
  if (n === null) return false
  return 'atLeast' in c ? n >= c.atLeast : n <= c.atMost
}

/** Checks a rules document; throws naming what is wrong and where. */
export function checkRepairRules(doc: RepairRules): RepairRules {
  if (!Array.isArray(doc.ruleSets) || doc.ruleSets.length === 0) throw new Error('repair rules: ruleSets is empty')
  doc.ruleSets.forEach((r, i) => {
    if (!ISO_DATE.test(r.effectiveFrom)) throw new Error(`repair rules: ruleSets[${i}].effectiveFrom is not a date`)
    if (!r.source) throw new Error(`repair rules: ruleSets[${i}] names no source`)
    for (const c of CLASSES) {
      const p = r.classes?.[c]
      if (!p || !(p.minMonths >= 0) || !(p.maxMonths >= p.minMonths)) throw new Error(`repair rules: ruleSets[${i}].classes.${c} needs 0 ≤ minMonths ≤ maxMonths`)
    }
  })
  for (const [key, item] of Object.entries(doc.items)) {
    if (!item.startField) throw new Error(`repair rules: items.${key}.startField is missing`)
    if (!CLASSES.includes(item.default)) throw new Error(`repair rules: items.${key}.default is not a class`)
    item.classify.forEach((rule, i) => {
      if (!CLASSES.includes(rule.class)) throw new Error(`repair rules: items.${key}.classify[${i}].class is not a class`)
      for (const c of [...(rule.any ?? []), ...(rule.all ?? [])]) if ('matches' in c) new RegExp(c.matches)
    })
  }
  return { ruleSets: [...doc.ruleSets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)), items: doc.items }
}

/** The rules shipped in `data/repair/rules.json`. */
export function loadRepairRules(path = fileURLToPath(new URL('../../data/repair/rules.json', import.meta.url))): RepairRules {
  return checkRepairRules(JSON.parse(readFileSync(path, 'utf8')) as RepairRules)
}

/** The rule set in force on `date`. */
export function ruleSetOn(rules: RepairRules, date: string): RuleSet {
  let found = rules.ruleSets[0]!
  for (const r of rules.ruleSets) if (r.effectiveFrom <= date) found = r
  return found
}

/** Whether records of this item are 失信 information that repair applies to. */
export const isDishonestyItem = (rules: RepairRules, itemKey: string): boolean => Object.hasOwn(rules.items, itemKey)

/**
 * The class and publicity window of a 失信 record, or null when its item is not 失信 information or it carries no
 * decision date.
 *
 * @example
 * publicityOf(rules, 'administrative_penalty', { decision_date: '2026-05-01', penalty_content: '警告', fine_amount: '0', confiscation_amount: '0' })
 * // { class: 'minor', minEnd: '2026-05-01', maxEnd: '2026-08-01', … }
 */
export function publicityOf(rules: RepairRules, itemKey: string, data: Record<string, unknown>): Publicity | null {
  const item = rules.items[itemKey]
  if (!item) return null
  const start = data[item.startField]
  if (typeof start !== 'string' || !ISO_DATE.test(start)) return null
  const cls = item.classify.find((r) => (r.any ? r.any.some((c) => holds(c, data)) : true) && (r.all ? r.all.every((c) => holds(c, data)) : true) && (r.any || r.all))?.class ?? item.default
  const ruleSet = ruleSetOn(rules, start.slice(0, 10))
  const p = ruleSet.classes[cls]
  return { class: cls, ruleSet, start: start.slice(0, 10), minEnd: addMonths(start, p.minMonths), maxEnd: addMonths(start, p.maxMonths) }
}

/** The smallest maximum period of any class in any rule set: records decided later than today minus this cannot be due. */
export function shortestMaxMonths(rules: RepairRules): number {
  return Math.min(...rules.ruleSets.flatMap((r) => CLASSES.map((c) => r.classes[c].maxMonths)))
}

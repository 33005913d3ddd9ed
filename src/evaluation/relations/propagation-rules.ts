import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DishonestyEntry } from './relations.types.js'
import { RelationsErrors } from './relations.errors.js'

/** The rules shipped with the product. */
export const BUNDLED_RULES_PATH = fileURLToPath(new URL('../../../data/evaluation/propagation-rules.json', import.meta.url))

/**
 * How a rule walks from a subject to a related party, one hop each:
 * - `shareholder`: the party holds at least `minRatio` % of the current node;
 * - `investment`: the current node holds at least `minRatio` % of the party (the reverse of a shareholder edge);
 * - `legal_representative`: the party is the current enterprise's legal representative (a natural person);
 * - `represented`: the current node is a person and the party an enterprise it represents;
 * - `shared_legal_representative`: the party is another enterprise with the same legal representative;
 * - `branch_parent`: the party is the enterprise the current one is a branch of;
 * - `branch`: the party is a branch of the current enterprise.
 */
export const LINKS = ['shareholder', 'investment', 'legal_representative', 'represented', 'shared_legal_representative', 'branch_parent', 'branch'] as const
export type Link = (typeof LINKS)[number]

const CLASSES = ['minor', 'general', 'serious'] as const
const KEY = /^[a-z][a-z0-9_]{0,59}$/
export const MAX_RULE_HOPS = 3

export interface PropagationRule {
  key: string
  zh: string
  en: string
  maxHops: number
  links: Array<{ link: Link; minRatio?: number }>
  party: {
    items: string[]
    classes: Array<(typeof CLASSES)[number]>
    /** Only while publicity runs (before the repair rules' maximum end). */
    inPublicity: boolean
    /** A record with any of these fields filled does not count (e.g. removal_date: taken off the list). */
    unlessFilled: string[]
  }
  effect: { flag: string; gradeSteps: number; floor: string | null }
}

export interface PropagationRules {
  version: number
  rules: PropagationRule[]
}

const fail = (rule: string, field: string, zh: string, en: string): never => {
  throw RelationsErrors.RULES_INVALID(rule, field, `${zh} / ${en}`)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a rules document and returns it typed, or throws RELATIONS_RULES_INVALID naming the rule (its key, or its
 * position when the key is what is wrong) and the field. `knownItems`: the catalog items a party's records may come
 * from (those the repair rules class as 失信), when given.
 *
 * @example
 * checkPropagationRules({ version: 1, rules: [{ key: 'x', zh: '…', maxHops: 4, … }] }) // throws: rule x, field maxHops
 */
export function checkPropagationRules(doc: unknown, opts: { knownItems?: ReadonlySet<string> } = {}): PropagationRules {
  if (!isObject(doc)) return fail('-', '(document)', '须为 JSON 对象', 'must be a JSON object')
  if (!Number.isInteger(doc.version) || (doc.version as number) < 1) fail('-', 'version', '须为正整数', 'must be a positive integer')
  if (!Array.isArray(doc.rules)) return fail('-', 'rules', '须为数组', 'must be an array')
  const seen = new Set<string>()
  const rules = doc.rules.map((raw, i): PropagationRule => {
    const at = `#${i + 1}`
    if (!isObject(raw)) return fail(at, '(rule)', '须为对象', 'must be an object')
    if (typeof raw.key !== 'string' || !KEY.test(raw.key)) fail(at, 'key', '须为小写字母开头的标识（a-z、0-9、_）', 'must be an identifier of a-z, 0-9 and _')
    const key = raw.key as string
    if (seen.has(key)) fail(key, 'key', '与前面的规则重复', 'repeats an earlier rule')
    seen.add(key)
    if (typeof raw.zh !== 'string' || raw.zh.trim() === '') fail(key, 'zh', '须写明中文名称', 'needs a Chinese name')
    if (raw.en !== undefined && typeof raw.en !== 'string') fail(key, 'en', '须为文本', 'must be text')
    if (!Number.isInteger(raw.maxHops) || (raw.maxHops as number) < 1 || (raw.maxHops as number) > MAX_RULE_HOPS) {
      fail(key, 'maxHops', `须为 1–${MAX_RULE_HOPS} 的整数`, `must be an integer from 1 to ${MAX_RULE_HOPS}`)
    }
    if (!Array.isArray(raw.links) || raw.links.length === 0) fail(key, 'links', '须列出至少一种关联方式', 'must list at least one link')
    const links = (raw.links as unknown[]).map((l, j) => {
      const field = `links[${j}]`
      if (!isObject(l) || typeof l.link !== 'string' || !(LINKS as readonly string[]).includes(l.link)) {
        return fail(key, `${field}.link`, `须为以下之一：${LINKS.join('、')}`, `must be one of ${LINKS.join(', ')}`)
      }
      const link = l.link as Link
      if (l.minRatio !== undefined) {
        if (link !== 'shareholder' && link !== 'investment') fail(key, `${field}.minRatio`, '仅持股和对外投资可设最低比例', 'only shareholder and investment links take a minimum ratio')
        if (typeof l.minRatio !== 'number' || !(l.minRatio >= 0 && l.minRatio <= 100)) fail(key, `${field}.minRatio`, '须为 0–100 的数（百分比）', 'must be a number from 0 to 100 (per cent)')
        return { link, minRatio: l.minRatio as number }
      }
      return { link }
    })
    const party = raw.party
    if (!isObject(party)) return fail(key, 'party', '须说明关联方须有哪些记录', 'must say which records of the party count')
    if (!Array.isArray(party.items) || party.items.length === 0 || !party.items.every((x) => typeof x === 'string')) {
      fail(key, 'party.items', '须列出至少一个信息项', 'must list at least one catalog item')
    }
    for (const item of party.items as string[]) {
      if (opts.knownItems && !opts.knownItems.has(item)) fail(key, 'party.items', `${item} 不是信用修复规则所列的失信信息项`, `${item} is not a 失信 item of the repair rules`)
    }
    const classes = party.classes ?? [...CLASSES]
    if (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => (CLASSES as readonly unknown[]).includes(c))) {
      fail(key, 'party.classes', '须为 minor、general、serious 中的一个或几个', 'must be some of minor, general, serious')
    }
    if (party.inPublicity !== undefined && typeof party.inPublicity !== 'boolean') fail(key, 'party.inPublicity', '须为 true 或 false', 'must be true or false')
    const unlessFilled = party.unlessFilled ?? []
    if (!Array.isArray(unlessFilled) || !unlessFilled.every((f) => typeof f === 'string' && f !== '')) fail(key, 'party.unlessFilled', '须为字段名数组', 'must be an array of field keys')
    const effect = raw.effect
    if (!isObject(effect)) return fail(key, 'effect', '须说明标记和降级', 'must give the flag and the grade steps')
    if (typeof effect.flag !== 'string' || !KEY.test(effect.flag)) fail(key, 'effect.flag', '须为小写字母开头的标识', 'must be an identifier')
    if (!Number.isInteger(effect.gradeSteps) || (effect.gradeSteps as number) < 0 || (effect.gradeSteps as number) > 3) fail(key, 'effect.gradeSteps', '须为 0–3 的整数（0：只标记不降级）', 'must be an integer from 0 to 3 (0: flag only)')
    if (effect.floor !== undefined && effect.floor !== null && (typeof effect.floor !== 'string' || effect.floor === '')) fail(key, 'effect.floor', '须为评价等级（如 D）', 'must be a grade (e.g. D)')
    return {
      key, zh: (raw.zh as string).trim(), en: (raw.en as string | undefined) ?? '', maxHops: raw.maxHops as number, links,
      party: {
        items: party.items as string[], classes: classes as PropagationRule['party']['classes'],
        inPublicity: (party.inPublicity as boolean | undefined) ?? true, unlessFilled: unlessFilled as string[],
      },
      effect: { flag: effect.flag as string, gradeSteps: effect.gradeSteps as number, floor: (effect.floor as string | undefined) ?? null },
    }
  })
  return { version: doc.version as number, rules }
}

/** Reads and checks a rules file (the bundled one by default). */
export function loadPropagationRules(path = BUNDLED_RULES_PATH, opts: { knownItems?: ReadonlySet<string> } = {}): PropagationRules {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    return fail('-', '(file)', `无法读取为 JSON：${(e as Error).message}`, `cannot be read as JSON: ${(e as Error).message}`)
  }
  return checkPropagationRules(doc, opts)
}

/** Whether one 失信 record of a party counts under a rule's party condition on `today` (ISO date). */
export function entryCounts(rule: PropagationRule, e: DishonestyEntry, today: string): boolean {
  if (!rule.party.items.includes(e.item)) return false
  if (!rule.party.classes.includes(e.class)) return false
  if (rule.party.inPublicity && !(today < e.maxEnd)) return false
  return !rule.party.unlessFilled.some((f) => e.filled.includes(f))
}

/** Every field a rule tests for being filled: what a stored 失信 entry must remember of its record. */
export function testedFields(rules: PropagationRules): string[] {
  return [...new Set(rules.rules.flatMap((r) => r.party.unlessFilled))]
}

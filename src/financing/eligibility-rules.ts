import type { CatalogField, CatalogIndex, FieldType } from '../catalog/index.js'

/**
 * Eligibility rules as data (准入规则): a product states who may borrow as a small JSON document over the catalog's
 * items and fields, checked against the catalog when the product is submitted and evaluated the same way every time.
 * There are no expressions, loops or references: a rule is one of the kinds below, and only `all` / `any` / `not`
 * nest, to a bounded depth and count, so no document can make evaluation slow.
 */
export type CompareOp = 'eq' | 'ne' | 'in' | 'not_in' | 'gt' | 'gte' | 'lt' | 'lte'

export type EligibilityRule =
  | { kind: 'all'; rules: EligibilityRule[] }
  | { kind: 'any'; rules: EligibilityRule[] }
  | { kind: 'not'; rule: EligibilityRule }
  /** A field of the subject's newest record of an item (newest by `latestBy`, else by arrival). */
  | { kind: 'field'; item: string; field: string; op: CompareOp; value: Scalar | Scalar[]; latestBy?: string }
  /** Whole years from a date field of the newest record to today (e.g. years in business). */
  | { kind: 'years_since'; item: string; field: string; op: 'gte' | 'lt'; years: number }
  /** No record of an item at all, or none dated within the last N months. */
  | { kind: 'no_record'; item: string; withinMonths?: number; dateField?: string }
  /** A numeric field summed / averaged / … over the records dated within the last N months, compared. */
  | { kind: 'aggregate'; item: string; field: string; fn: AggregateFn; withinMonths?: number; dateField?: string; op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq'; value: number }
  /** The subject's credit grade from the evaluation context: unknown until that context exists. */
  | { kind: 'credit_grade'; op: 'in'; value: string[] }

export type Scalar = string | number | boolean
export type AggregateFn = 'sum' | 'avg' | 'max' | 'min' | 'count'
export type Outcome = 'pass' | 'fail' | 'unknown'

/** Bounds that keep every rule document small and every evaluation cheap. */
export const RULE_LIMITS = { maxDepth: 4, maxRules: 40, maxValues: 20, maxString: 100, maxMonths: 120, maxYears: 100 } as const

/** Each kind with its Chinese explanation, as shown to the enterprise beside the outcome. */
export const RULE_KINDS: Record<EligibilityRule['kind'], { zh: string; template: string }> = {
  all: { zh: '同时满足', template: '同时满足以下全部条件' },
  any: { zh: '满足其一', template: '满足以下任一条件' },
  not: { zh: '不满足', template: '不满足以下条件' },
  field: { zh: '信息项取值', template: '{item}的{field}{op}{value}' },
  years_since: { zh: '年限', template: '{item}的{field}距今{op}{years}年' },
  no_record: { zh: '无记录', template: '{window}无{item}记录' },
  aggregate: { zh: '汇总值', template: '{window}{item}的{field}{fn}{op}{value}' },
  credit_grade: { zh: '信用评价等级', template: '信用评价等级为{value}之一' },
}

const OP_ZH: Record<CompareOp, string> = { eq: '为', ne: '不为', in: '属于', not_in: '不属于', gt: '大于', gte: '不少于', lt: '小于', lte: '不超过' }
const FN_ZH: Record<AggregateFn, string> = { sum: '合计', avg: '平均', max: '最大值', min: '最小值', count: '记录数' }
const NUMERIC: readonly FieldType[] = ['integer', 'decimal', 'money']
const DATEISH: readonly FieldType[] = ['date', 'datetime']
const KIND_KEYS: Record<EligibilityRule['kind'], readonly string[]> = {
  all: ['kind', 'rules'], any: ['kind', 'rules'], not: ['kind', 'rule'],
  field: ['kind', 'item', 'field', 'op', 'value', 'latestBy'],
  years_since: ['kind', 'item', 'field', 'op', 'years'],
  no_record: ['kind', 'item', 'withinMonths', 'dateField'],
  aggregate: ['kind', 'item', 'field', 'fn', 'withinMonths', 'dateField', 'op', 'value'],
  credit_grade: ['kind', 'op', 'value'],
}

export interface RuleProblem {
  /** Where in the document, e.g. `rules[1].rules[0].field`. */
  path: string
  zh: string
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isScalar = (v: unknown): v is Scalar => (typeof v === 'string' && v.length <= RULE_LIMITS.maxString) || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean'

/**
 * Checks a rule list against the catalog: known kinds only, known items and fields, operators that fit the field's
 * type, bounded sizes. Stops at the first problem of each rule; never descends past the depth limit, so a document
 * built to be deep is refused after a few steps, whatever its size.
 *
 * @example
 * validateRules([{ kind: 'field', item: 'tax_credit_rating', field: 'tax_credit_grade', op: 'in', value: ['A', 'B'] }], catalog.current()) // []
 */
export function validateRules(rules: unknown, catalog: CatalogIndex): RuleProblem[] {
  const problems: RuleProblem[] = []
  let count = 0
  if (!Array.isArray(rules)) return [{ path: 'rules', zh: '准入规则须为数组' }]

  const fieldOf = (path: string, item: unknown, field: unknown, types?: readonly FieldType[]): FieldType | undefined => {
    if (typeof item !== 'string' || !catalog.get(item)) { problems.push({ path: `${path}.item`, zh: `信息项不存在：${String(item).slice(0, 60)}` }); return undefined }
    const f = catalog.get(item)!.item.fields.find((x) => x.key === field)
    if (!f) { problems.push({ path: `${path}.field`, zh: `信息项 ${item} 没有字段：${String(field).slice(0, 60)}` }); return undefined }
    if (types && !types.includes(f.type)) { problems.push({ path: `${path}.field`, zh: `字段 ${item}.${f.key} 的类型（${f.type}）不适用于此规则` }); return undefined }
    return f.type
  }
  const months = (path: string, r: Record<string, unknown>) => {
    if (r.withinMonths === undefined && r.dateField === undefined) return
    if (!Number.isInteger(r.withinMonths) || (r.withinMonths as number) < 1 || (r.withinMonths as number) > RULE_LIMITS.maxMonths) problems.push({ path: `${path}.withinMonths`, zh: `时间窗口须为 1–${RULE_LIMITS.maxMonths} 个月` })
    else fieldOf(path, r.item, r.dateField, DATEISH) ?? problems.push({ path: `${path}.dateField`, zh: '时间窗口须指定日期字段' })
  }

  function walk(r: unknown, path: string, depth: number): void {
    if (++count > RULE_LIMITS.maxRules) { if (count === RULE_LIMITS.maxRules + 1) problems.push({ path, zh: `规则总数不得超过 ${RULE_LIMITS.maxRules} 条` }); return }
    if (!isObj(r)) { problems.push({ path, zh: '规则须为对象' }); return }
    const kind = r.kind as EligibilityRule['kind']
    if (typeof kind !== 'string' || !Object.hasOwn(KIND_KEYS, kind)) { problems.push({ path: `${path}.kind`, zh: `未知的规则类型：${String(r.kind).slice(0, 40)}` }); return }
    const extra = Object.keys(r).filter((k) => !KIND_KEYS[kind].includes(k))
    if (extra.length) { problems.push({ path: `${path}.${extra[0]}`, zh: `规则类型 ${kind} 不接受属性 ${extra[0]!.slice(0, 40)}` }); return }
    switch (kind) {
      case 'all': case 'any': {
        if (depth >= RULE_LIMITS.maxDepth) { problems.push({ path, zh: `规则嵌套不得超过 ${RULE_LIMITS.maxDepth} 层` }); return }
        if (!Array.isArray(r.rules) || r.rules.length === 0) { problems.push({ path: `${path}.rules`, zh: '须列出至少一条子规则' }); return }
        if (r.rules.length > RULE_LIMITS.maxRules) { problems.push({ path: `${path}.rules`, zh: `规则总数不得超过 ${RULE_LIMITS.maxRules} 条` }); return }
        r.rules.forEach((c, i) => walk(c, `${path}.rules[${i}]`, depth + 1))
        return
      }
      case 'not':
        if (depth >= RULE_LIMITS.maxDepth) { problems.push({ path, zh: `规则嵌套不得超过 ${RULE_LIMITS.maxDepth} 层` }); return }
        walk(r.rule, `${path}.rule`, depth + 1)
        return
      case 'field': {
        const t = fieldOf(path, r.item, r.field)
        if (!t) return
        if (r.latestBy !== undefined && !fieldOf(path, r.item, r.latestBy, [...DATEISH, 'integer'])) return
        const op = r.op as CompareOp
        if (typeof op !== 'string' || !Object.hasOwn(OP_ZH, op)) { problems.push({ path: `${path}.op`, zh: `未知的比较方式：${String(r.op).slice(0, 20)}` }); return }
        const list = op === 'in' || op === 'not_in'
        if (list) {
          if (!Array.isArray(r.value) || r.value.length === 0 || r.value.length > RULE_LIMITS.maxValues || !r.value.every(isScalar)) problems.push({ path: `${path}.value`, zh: `“属于/不属于”须给出 1–${RULE_LIMITS.maxValues} 个取值` })
          return
        }
        if (!isScalar(r.value)) { problems.push({ path: `${path}.value`, zh: '比较值须为单个字符串、数字或布尔值' }); return }
        const ordered = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte'
        if (ordered && NUMERIC.includes(t) && typeof r.value !== 'number') problems.push({ path: `${path}.value`, zh: `数值字段须与数字比较（金额以分计）` })
        else if (ordered && DATEISH.includes(t) && !(typeof r.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(r.value))) problems.push({ path: `${path}.value`, zh: '日期字段须与 YYYY-MM-DD 日期比较' })
        else if (ordered && !NUMERIC.includes(t) && !DATEISH.includes(t)) problems.push({ path: `${path}.op`, zh: `字段类型（${t}）不能比较大小` })
        else if (t === 'boolean' && typeof r.value !== 'boolean') problems.push({ path: `${path}.value`, zh: '布尔字段须与 true/false 比较' })
        return
      }
      case 'years_since':
        if (!fieldOf(path, r.item, r.field, DATEISH)) return
        if (r.op !== 'gte' && r.op !== 'lt') { problems.push({ path: `${path}.op`, zh: '年限规则的比较方式须为 gte 或 lt' }); return }
        if (!Number.isInteger(r.years) || (r.years as number) < 0 || (r.years as number) > RULE_LIMITS.maxYears) problems.push({ path: `${path}.years`, zh: `年限须为 0–${RULE_LIMITS.maxYears} 的整数` })
        return
      case 'no_record':
        if (typeof r.item !== 'string' || !catalog.get(r.item)) { problems.push({ path: `${path}.item`, zh: `信息项不存在：${String(r.item).slice(0, 60)}` }); return }
        months(path, r)
        return
      case 'aggregate': {
        if (!fieldOf(path, r.item, r.field, r.fn === 'count' ? undefined : NUMERIC)) return
        if (typeof r.fn !== 'string' || !Object.hasOwn(FN_ZH, r.fn)) { problems.push({ path: `${path}.fn`, zh: `未知的汇总方式：${String(r.fn).slice(0, 20)}` }); return }
        if (!['gt', 'gte', 'lt', 'lte', 'eq'].includes(r.op as string)) { problems.push({ path: `${path}.op`, zh: '汇总规则的比较方式须为 gt、gte、lt、lte 或 eq' }); return }
        if (typeof r.value !== 'number' || !Number.isFinite(r.value)) { problems.push({ path: `${path}.value`, zh: '汇总规则的比较值须为数字（金额以分计）' }); return }
        months(path, r)
        return
      }
      case 'credit_grade':
        if (r.op !== 'in') { problems.push({ path: `${path}.op`, zh: '信用评价等级规则的比较方式须为 in' }); return }
        if (!Array.isArray(r.value) || r.value.length === 0 || r.value.length > RULE_LIMITS.maxValues || !r.value.every((v) => typeof v === 'string' && v.length <= 10)) problems.push({ path: `${path}.value`, zh: `须给出 1–${RULE_LIMITS.maxValues} 个等级` })
        return
    }
  }
  if (rules.length > RULE_LIMITS.maxRules) return [{ path: 'rules', zh: `规则总数不得超过 ${RULE_LIMITS.maxRules} 条` }]
  rules.forEach((r, i) => walk(r, `rules[${i}]`, 1))
  return problems
}

/** A subject's data as rules read it: current records per item, and the evaluation result once it exists. */
export interface EligibilityFacts {
  /** Today, Beijing date: windows and years count from it, so a result is the same for the same facts and day. */
  today: string
  records: ReadonlyMap<string, ReadonlyArray<{ values: Readonly<Record<string, unknown>>; receivedAt: string }>>
  /** The credit grade from the evaluation context; undefined while that context does not exist or never scored it. */
  creditGrade?: CreditGradeFact | undefined
}

/**
 * The grade shown (what `credit_grade` decides on) and, when a propagation rule lowered it, the indicators' base
 * grade and the names of the rules that lowered it (关联方严重失信): the reason says why, without naming the party.
 */
export interface CreditGradeFact {
  grade: string
  baseGrade: string
  loweredBy: readonly string[]
}

export interface RuleResult {
  path: string
  kind: EligibilityRule['kind']
  outcome: Outcome
  /** The rule in Chinese, from its kind's template. */
  rule: string
  /** Why, in Chinese, with the subject's own value where there is one. */
  reason: string
  children?: RuleResult[]
}

const FIELDS = new WeakMap<CatalogIndex, Map<string, Map<string, CatalogField>>>()

/** Fields by item and key, per catalog version (a linear search per rule costs more than the rule). */
function fieldsOf(catalog: CatalogIndex): Map<string, Map<string, CatalogField>> {
  let m = FIELDS.get(catalog)
  if (!m) {
    m = new Map([...catalog.items.values()].map((r) => [r.item.key, new Map(r.item.fields.map((f) => [f.key, f]))]))
    FIELDS.set(catalog, m)
  }
  return m
}

/** `'1250000.00'` (元, as providers write money) → 125000000 分; numbers pass through. */
export function moneyToFen(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 100) : undefined
  if (typeof v !== 'string') return undefined
  const m = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/.exec(v.replace(/,/g, ''))
  if (!m) return undefined
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'))
  return m[1] ? -fen : fen
}

function numberOf(v: unknown, type: FieldType): number | undefined {
  if (type === 'money') return moneyToFen(v)
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) ? n : undefined
}

function monthsBefore(date: string, months: number): string {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 - months
  const yy = y + Math.floor(m / 12)
  const mm = ((m % 12) + 12) % 12
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate()
  const d = Math.min(Number(date.slice(8, 10)), last)
  return `${yy}-${String(mm + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function wholeYears(from: string, to: string): number {
  let years = Number(to.slice(0, 4)) - Number(from.slice(0, 4))
  if (to.slice(5) < from.slice(5, 10)) years--
  return years
}

/** Built once: a NumberFormat per call would cost more than the whole evaluation. */
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

const YUAN_SEEN = new Map<number, string>()

/** Money in 元 as people read it; formatting costs more than judging, and a shelf's thresholds repeat, so once each. */
function yuanText(fen: number): string {
  let text = YUAN_SEEN.get(fen)
  if (text === undefined) {
    text = `${YUAN.format(fen / 100)} 元`
    if (YUAN_SEEN.size >= 100_000) YUAN_SEEN.clear()
    YUAN_SEEN.set(fen, text)
  }
  return text
}

const fmt = (v: unknown, type?: FieldType): string => {
  if (Array.isArray(v)) return v.map((x) => fmt(x, type)).join('、')
  if (type === 'money' && typeof v === 'number') return yuanText(v)
  if (typeof v === 'boolean') return v ? '是' : '否'
  return String(v)
}

function compare(a: Scalar, op: CompareOp, b: Scalar | Scalar[]): boolean {
  switch (op) {
    case 'eq': return a === b
    case 'ne': return a !== b
    case 'in': return (b as Scalar[]).includes(a)
    case 'not_in': return !(b as Scalar[]).includes(a)
    case 'gt': return a > (b as Scalar)
    case 'gte': return a >= (b as Scalar)
    case 'lt': return a < (b as Scalar)
    case 'lte': return a <= (b as Scalar)
  }
}

interface Ctx {
  facts: EligibilityFacts
  catalog: CatalogIndex
  fields: Map<string, Map<string, CatalogField>>
  explain: boolean
  /**
   * Windows and sums already worked out in this evaluation: a shelf states the same window or the same sum against
   * many thresholds (VAT ≥ 10 万, ≥ 50 万 …), and the facts do not change within one call.
   */
  windows: Map<string, ReadonlyArray<{ values: Readonly<Record<string, unknown>>; receivedAt: string }>>
  sums: Map<string, { n: number; sum: number; max: number; min: number }>
}

// The helpers below are module functions, not closures made per call: matching judges thousands of products per need,
// and a closure per rule (and the name the TypeScript loader gives each) cost more than the rules themselves.

function itemNameOf(ctx: Ctx, k: string): string {
  return ctx.catalog.get(k)?.item.name ?? k
}

function windowOf(r: { withinMonths?: number }): string {
  return r.withinMonths ? `近 ${r.withinMonths} 个月内` : ''
}

/** A rule's window or sum as a key, built once per rule object (a key per judgement would be garbage per need). */
const KEYS = new WeakMap<object, string>()
function keyOf(r: { item: string; field?: string; withinMonths?: number; dateField?: string }): string {
  let key = KEYS.get(r)
  if (key === undefined) {
    key = `${r.item}\u0000${r.field ?? ''}\u0000${r.withinMonths ?? ''}\u0000${r.dateField ?? ''}`
    KEYS.set(r, key)
  }
  return key
}

function inWindow(ctx: Ctx, r: { item: string; withinMonths?: number; dateField?: string }) {
  const list = ctx.facts.records.get(r.item) ?? []
  if (!r.withinMonths || !r.dateField || list.length === 0) return list
  const key = keyOf(r)
  const seen = ctx.windows.get(key)
  if (seen) return seen
  const since = monthsBefore(ctx.facts.today, r.withinMonths)
  // A record without its date cannot be placed outside the window, so it counts (the careful reading for a lender).
  const within = list.filter((x) => { const d = x.values[r.dateField!]; return typeof d !== 'string' || d.slice(0, 10) >= since })
  ctx.windows.set(key, within)
  return within
}

/** Count, sum, max and min of a numeric field over a rule's window (records whose value cannot be read left out). */
function statsOf(ctx: Ctx, r: { item: string; field: string; withinMonths?: number; dateField?: string }, type: FieldType) {
  const key = keyOf(r)
  let st = ctx.sums.get(key)
  if (!st) {
    st = { n: 0, sum: 0, max: Number.NEGATIVE_INFINITY, min: Number.POSITIVE_INFINITY }
    for (const rec of inWindow(ctx, r)) {
      const num = numberOf(rec.values[r.field], type)
      if (num === undefined) continue
      st.n++
      st.sum += num
      if (num > st.max) st.max = num
      if (num < st.min) st.min = num
    }
    ctx.sums.set(key, st)
  }
  return st
}

function newestOf(ctx: Ctx, item: string, latestBy?: string) {
  const list = ctx.facts.records.get(item) ?? []
  if (list.length <= 1) return list[0]
  const numeric = latestBy !== undefined && ctx.fields.get(item)?.get(latestBy)?.type === 'integer'
  let best = list[0]!
  for (const x of list) {
    const a = latestBy ? String(x.values[latestBy] ?? '') : x.receivedAt
    const b = latestBy ? String(best.values[latestBy] ?? '') : best.receivedAt
    if (numeric ? Number(a) > Number(b) : a > b) best = x
  }
  return best
}

function result(ctx: Ctx, r: EligibilityRule, path: string, outcome: Outcome, rule: string, reason: string, children?: RuleResult[]): RuleResult {
  return children ? { path, kind: r.kind, outcome, rule, reason, children } : { path, kind: r.kind, outcome, rule, reason }
}

function judge(ctx: Ctx, r: EligibilityRule, path: string): RuleResult {
  const x = ctx.explain
  switch (r.kind) {
    case 'all': case 'any': {
      const children = r.rules.map((c, i) => judge(ctx, c, x ? `${path}.rules[${i}]` : ''))
      let pass = 0
      let fail = 0
      for (const c of children) if (c.outcome === 'pass') pass++; else if (c.outcome === 'fail') fail++
      const unknown = children.length - pass - fail
      const outcome: Outcome = r.kind === 'all' ? (fail ? 'fail' : unknown ? 'unknown' : 'pass') : (pass ? 'pass' : unknown ? 'unknown' : 'fail')
      return result(ctx, r, path, outcome, x ? RULE_KINDS[r.kind].template : '', x ? `${children.length} 项条件中满足 ${pass} 项` : '', children)
    }
    case 'not': {
      const c = judge(ctx, r.rule, x ? `${path}.rule` : '')
      const outcome: Outcome = c.outcome === 'unknown' ? 'unknown' : c.outcome === 'pass' ? 'fail' : 'pass'
      return result(ctx, r, path, outcome, x ? `${RULE_KINDS.not.template}：${c.rule}` : '', c.reason, [c])
    }
    case 'field': {
      const f = ctx.fields.get(r.item)!.get(r.field)!
      const rule = x ? `${itemNameOf(ctx, r.item)}的${f.name}${OP_ZH[r.op]}${fmt(r.value, f.type)}` : ''
      const raw = newestOf(ctx, r.item, r.latestBy)?.values[r.field]
      if (raw === undefined || raw === null || raw === '') return result(ctx, r, path, 'unknown', rule, x ? `平台暂无${itemNameOf(ctx, r.item)}的${f.name}记录` : '')
      const v: Scalar | undefined = NUMERIC.includes(f.type) ? numberOf(raw, f.type) : f.type === 'boolean' ? (raw === true || raw === 'true' || raw === '是') : String(raw).slice(0, DATEISH.includes(f.type) ? 10 : undefined)
      if (v === undefined) return result(ctx, r, path, 'unknown', rule, x ? `${f.name}的记录值无法识别` : '')
      return result(ctx, r, path, compare(v, r.op, r.value) ? 'pass' : 'fail', rule, x ? `${f.name}为${fmt(v, f.type)}` : '')
    }
    case 'years_since': {
      const f = ctx.fields.get(r.item)!.get(r.field)!
      const rule = x ? `${itemNameOf(ctx, r.item)}的${f.name}距今${r.op === 'gte' ? '满' : '不足'} ${r.years} 年` : ''
      const d = newestOf(ctx, r.item)?.values[r.field]
      if (typeof d !== 'string' || !ISO_DAY.test(d)) return result(ctx, r, path, 'unknown', rule, x ? `平台暂无${f.name}记录` : '')
      const years = wholeYears(d.slice(0, 10), ctx.facts.today)
      const ok = r.op === 'gte' ? years >= r.years : years < r.years
      return result(ctx, r, path, ok ? 'pass' : 'fail', rule, x ? `${f.name}为 ${d.slice(0, 10)}，距今 ${years} 年` : '')
    }
    case 'no_record': {
      const n = inWindow(ctx, r).length
      if (!x) return result(ctx, r, path, n === 0 ? 'pass' : 'fail', '', '')
      const w = windowOf(r)
      const name = itemNameOf(ctx, r.item)
      return result(ctx, r, path, n === 0 ? 'pass' : 'fail', `${w}无${name}记录`, n === 0 ? `平台未归集到${w ? w + '的' : ''}${name}记录` : `平台归集到 ${n} 条${w ? w + '的' : ''}${name}记录`)
    }
    case 'aggregate': {
      const f = ctx.fields.get(r.item)!.get(r.field)!
      const shownType: FieldType = r.fn === 'count' ? 'integer' : f.type
      const rule = x ? `${windowOf(r)}${itemNameOf(ctx, r.item)}的${f.name}${FN_ZH[r.fn]}${OP_ZH[r.op]}${fmt(r.value, shownType)}` : ''
      let v: number
      if (r.fn === 'count') v = inWindow(ctx, r).length
      else {
        const { n, sum, max, min } = statsOf(ctx, r, f.type)
        if (n === 0) return result(ctx, r, path, 'unknown', rule, x ? `平台暂无${windowOf(r)}的${f.name}记录` : '')
        v = r.fn === 'sum' ? sum : r.fn === 'avg' ? sum / n : r.fn === 'max' ? max : min
      }
      return result(ctx, r, path, compare(v, r.op, r.value) ? 'pass' : 'fail', rule, x ? `${FN_ZH[r.fn]}为${fmt(r.fn === 'avg' && f.type === 'money' ? Math.round(v) : v, shownType)}` : '')
    }
    case 'credit_grade': {
      const rule = x ? `信用评价等级为${r.value.join('、')}之一` : ''
      const g = ctx.facts.creditGrade
      if (g === undefined) return result(ctx, r, path, 'unknown', rule, x ? '尚无信用评价' : '')
      return result(ctx, r, path, r.value.includes(g.grade) ? 'pass' : 'fail', rule, x ? `信用评价等级为 ${g.grade}${loweredWhy(g)}` : '')
    }
  }
}

/** `（基础等级 B，因关联方严重失信下调）` when the grade shown differs from the indicators' grade, else nothing. */
function loweredWhy(g: CreditGradeFact): string {
  if (g.grade === g.baseGrade) return ''
  return `（基础等级 ${g.baseGrade}，${g.loweredBy.length ? `因${g.loweredBy.join('、')}下调` : '经关联分析调整'}）`
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/

/**
 * Evaluates validated rules against a subject's facts, rule by rule, with the reason for each in Chinese. Three
 * outcomes: `pass`, `fail`, and `unknown` when the hub holds nothing to decide on (no record of the item, or no
 * credit evaluation yet). `all` fails on any failure, else is unknown on any unknown; `any` passes on any pass.
 * `explain: false` gives the outcomes without the sentences (and paths), for ranking many products.
 *
 * @example
 * evaluateRules(rules, { today: '2026-06-01', records }, catalog.current())[0].outcome // 'pass'
 */
export function evaluateRules(rules: readonly EligibilityRule[], facts: EligibilityFacts, catalog: CatalogIndex, opts: { explain?: boolean } = {}): RuleResult[] {
  const ctx: Ctx = { facts, catalog, fields: fieldsOf(catalog), explain: opts.explain ?? true, windows: new Map(), sums: new Map() }
  const out: RuleResult[] = new Array(rules.length)
  for (let i = 0; i < rules.length; i++) out[i] = judge(ctx, rules[i]!, ctx.explain ? `rules[${i}]` : '')
  return out
}

/** The outcome of a rule list: every rule must pass; an unknown anywhere (and no failure) leaves it unknown. */
export function overallOutcome(results: readonly RuleResult[]): Outcome {
  if (results.some((r) => r.outcome === 'fail')) return 'fail'
  return results.some((r) => r.outcome === 'unknown') ? 'unknown' : 'pass'
}

/** The items a rule list reads, so the caller fetches only those. */
export function itemsOf(rules: readonly EligibilityRule[]): string[] {
  const out = new Set<string>()
  const walk = (r: EligibilityRule) => {
    if (r.kind === 'all' || r.kind === 'any') r.rules.forEach(walk)
    else if (r.kind === 'not') walk(r.rule)
    else if (r.kind !== 'credit_grade') out.add(r.item)
  }
  rules.forEach(walk)
  return [...out]
}

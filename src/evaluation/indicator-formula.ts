/**
 * The indicator formula language of the credit evaluation (信用评价指标公式). One formula computes one indicator of
 * one subject from its current records, for example
 *
 *   count(administrative_penalty)
 *   recent(administrative_penalty.decision_date)                      records dated within the indicator's window
 *   latest(tax_credit_rating.tax_credit_grade, tax_credit_rating.rating_year)
 *   div(latest(annual_report.total_liabilities, annual_report.report_year), latest(annual_report.total_assets, annual_report.report_year))
 *   years_since(latest(business_license.establishment_date))
 *   @tax_paid_12m / 10000                                             another indicator, divided by a constant
 *
 * Grammar:
 *
 *   expr    := or;  or := and ('or' and)*;  and := not ('and' not)*;  not := 'not' not | compare
 *   compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
 *   sum     := product (('+' | '-') product)*;  product := unary (('*' | '/') unary)*;  unary := '-' unary | primary
 *   primary := number | 'text' | true | false | @indicator | name '(' args ')' | '(' expr ')'
 *
 * Aggregates (`count exists recent count_eq latest sum max min avg any`) read an item's current records and are the
 * only place items and fields appear; everything else works on their results. Missing data is a value of its own:
 * an aggregate over no records is missing (count and exists are 0 and false: no record is the fact), missing
 * spreads through arithmetic and comparisons, and each indicator scores it in its own bin. Division by anything
 * but a non-zero constant is refused: `div(a, b)` is the guarded division, missing when b is 0 or missing.
 */

export type ValueType = 'number' | 'string' | 'boolean' | 'date'

export type AggregateOp = 'count' | 'exists' | 'recent' | 'count_eq' | 'latest' | 'sum' | 'max' | 'min' | 'avg' | 'any'

/** One aggregate over one item's current records, as the records context computes it per subject. */
export interface AggregateSpec {
  op: AggregateOp
  item: string
  field?: string
  /** `count_eq`: the value compared with (as text). */
  value?: string
  /** `latest`: the field that orders the records (newest first); received time otherwise. */
  order?: string
  /** `recent`: records dated within this many months of the as-of date. */
  months?: number
}

export type Node =
  | { k: 'lit'; v: number | string | boolean; at: number }
  | { k: 'ref'; key: string; at: number }
  | { k: 'agg'; spec: AggregateSpec; type: ValueType; slot: number; at: number }
  | { k: 'call'; fn: 'div' | 'if' | 'coalesce' | 'years_since' | 'months_since' | 'abs' | 'round'; args: Node[]; at: number }
  | { k: 'un'; op: '-' | 'not'; e: Node; at: number }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or'; l: Node; r: Node; at: number }

/** A problem found in a formula: `at` is the 1-based character in the formula. */
export interface FormulaIssue {
  at: number
  code: string
  zh: string
  en: string
}

export class FormulaError extends Error {
  constructor(readonly issue: FormulaIssue) {
    super(`${issue.zh} / ${issue.en}`)
  }
}

const fail = (at: number, code: string, zh: string, en: string): never => {
  throw new FormulaError({ at, code, zh, en })
}

/** What the formula may name: the catalog's items and their fields with types. */
export interface FormulaCatalog {
  fieldType(item: string, field: string): ValueType | 'identifier' | undefined
  hasItem(item: string): boolean
}

export const MAX_FORMULA_LENGTH = 1000

type Tok = { t: 'num' | 'str' | 'id' | 'op' | 'end'; v: string; at: number }

function lex(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue }
    const at = i + 1
    const rest = src.slice(i)
    const num = /^\d+(?:\.\d+)?/.exec(rest)
    if (num) { out.push({ t: 'num', v: num[0], at }); i += num[0].length; continue }
    const id = /^@?[A-Za-z_][A-Za-z0-9_]*/.exec(rest)
    if (id) { out.push({ t: 'id', v: id[0], at }); i += id[0].length; continue }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1)
      if (end < 0) fail(at, 'FORMULA_UNCLOSED_STRING', `第 ${at} 个字符开始的字符串没有结束引号`, `the string starting at character ${at} has no closing quote`)
      out.push({ t: 'str', v: src.slice(i + 1, end), at })
      i = end + 1
      continue
    }
    const op = /^(<=|>=|==|!=|[-+*/<>(),.])/.exec(rest)
    if (op) { out.push({ t: 'op', v: op[0], at }); i += op[0].length; continue }
    fail(at, 'FORMULA_UNEXPECTED_CHARACTER', `第 ${at} 个字符“${c}”无法识别`, `at character ${at}: unexpected character "${c}"`)
  }
  out.push({ t: 'end', v: '', at: src.length + 1 })
  return out
}

const AGGREGATES: ReadonlySet<string> = new Set(['count', 'exists', 'recent', 'count_eq', 'latest', 'sum', 'max', 'min', 'avg', 'any'])
const FUNCTIONS: Record<string, number[]> = { div: [2], if: [3], coalesce: [2], years_since: [1], months_since: [1], abs: [1], round: [1] }

/** The parsed formula with its type, the aggregates it reads and the indicators it references. */
export interface ParsedFormula {
  root: Node
  type: ValueType
  refs: Array<{ key: string; at: number }>
}

/**
 * Parses and checks one formula against the catalog. `windowMonths` is the indicator's window (needed by
 * `recent`); `refType` gives the type of another indicator (undefined: no such indicator).
 *
 * @example
 * parseFormula('count(administrative_penalty)', catalog, { windowMonths: 36, refType: () => undefined, slot: () => 0 })
 */
export function parseFormula(src: string, catalog: FormulaCatalog, ctx: { windowMonths: number | undefined; refType: (key: string) => ValueType | undefined; slot: (spec: AggregateSpec) => number }): ParsedFormula {
  if (!src.trim()) fail(1, 'FORMULA_EMPTY', '公式为空', 'the formula is empty')
  if (src.length > MAX_FORMULA_LENGTH) fail(1, 'FORMULA_TOO_LONG', `公式过长（最多 ${MAX_FORMULA_LENGTH} 个字符）`, `the formula is too long (at most ${MAX_FORMULA_LENGTH} characters)`)
  const toks = lex(src)
  let p = 0
  const refs: Array<{ key: string; at: number }> = []
  const peek = () => toks[p]!
  const next = () => toks[p++]!
  const isOp = (v: string) => peek().t === 'op' && peek().v === v
  const isWord = (v: string) => peek().t === 'id' && peek().v === v
  const expect = (v: string) => {
    const t = next()
    if (t.t !== 'op' || t.v !== v) unexpected(t, `“${v}”`)
  }
  function unexpected(t: Tok, wanted: string): never {
    if (t.t === 'end') return fail(t.at, 'FORMULA_UNEXPECTED_END', `公式不完整：第 ${t.at} 个字符处缺少 ${wanted}`, `the formula ends too early: ${wanted} expected at character ${t.at}`)
    return fail(t.at, 'FORMULA_UNEXPECTED_TOKEN', `第 ${t.at} 个字符处不应出现“${t.v}”（应为 ${wanted}）`, `at character ${t.at}: "${t.v}" was not expected (${wanted} expected)`)
  }
  const typed = new Map<Node, ValueType>()
  const typeOf = (n: Node) => typed.get(n)!
  const mk = <N extends Node>(n: N, t: ValueType): N => { typed.set(n, t); return n }
  const need = (n: Node, t: ValueType | ValueType[], what: string) => {
    const ts = Array.isArray(t) ? t : [t]
    if (!ts.includes(typeOf(n))) fail(n.at, 'FORMULA_TYPE', `第 ${n.at} 个字符：${what} 需要 ${ts.join('/')}，这里是 ${typeOf(n)}`, `at character ${n.at}: ${what} needs ${ts.join('/')}, got ${typeOf(n)}`)
  }

  function orExpr(): Node {
    let l = andExpr()
    while (isWord('or')) {
      const at = next().at
      const r = andExpr()
      need(l, 'boolean', 'or'); need(r, 'boolean', 'or')
      l = mk({ k: 'bin', op: 'or', l, r, at }, 'boolean')
    }
    return l
  }
  function andExpr(): Node {
    let l = notExpr()
    while (isWord('and')) {
      const at = next().at
      const r = notExpr()
      need(l, 'boolean', 'and'); need(r, 'boolean', 'and')
      l = mk({ k: 'bin', op: 'and', l, r, at }, 'boolean')
    }
    return l
  }
  function notExpr(): Node {
    if (isWord('not')) {
      const at = next().at
      const e = notExpr()
      need(e, 'boolean', 'not')
      return mk({ k: 'un', op: 'not', e, at }, 'boolean')
    }
    return compare()
  }
  function compare(): Node {
    const l = sum()
    const t = peek()
    if (t.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(t.v)) {
      next()
      const r = sum()
      const op = t.v as '<' | '<=' | '>' | '>=' | '==' | '!='
      if (typeOf(l) !== typeOf(r)) fail(t.at, 'FORMULA_TYPE', `第 ${t.at} 个字符：“${op}”两边类型不一致（${typeOf(l)} 与 ${typeOf(r)}）`, `at character ${t.at}: the two sides of "${op}" differ in type (${typeOf(l)} and ${typeOf(r)})`)
      if (op !== '==' && op !== '!=') need(l, ['number', 'date'], op)
      return mk({ k: 'bin', op, l, r, at: t.at }, 'boolean')
    }
    return l
  }
  function sum(): Node {
    let l = product()
    while (isOp('+') || isOp('-')) {
      const t = next()
      const r = product()
      need(l, 'number', t.v); need(r, 'number', t.v)
      l = mk({ k: 'bin', op: t.v as '+' | '-', l, r, at: t.at }, 'number')
    }
    return l
  }
  function product(): Node {
    let l = unary()
    while (isOp('*') || isOp('/')) {
      const t = next()
      const r = unary()
      need(l, 'number', t.v); need(r, 'number', t.v)
      if (t.v === '/') {
        // Only a constant divisor is allowed with '/': it can be checked here, once, for zero.
        if (r.k !== 'lit') fail(r.at, 'FORMULA_UNGUARDED_DIVISION', `第 ${r.at} 个字符：除数不是常数，可能为 0；请写 div(被除数, 除数)，除数为 0 或缺失时结果为缺失`, `at character ${r.at}: the divisor is not a constant and may be 0; write div(a, b), which is missing when b is 0 or missing`)
        if (r.k === 'lit' && Number(r.v) === 0) fail(r.at, 'FORMULA_DIVISION_BY_ZERO', `第 ${r.at} 个字符：除数为 0`, `at character ${r.at}: division by zero`)
      }
      l = mk({ k: 'bin', op: t.v as '*' | '/', l, r, at: t.at }, 'number')
    }
    return l
  }
  function unary(): Node {
    if (isOp('-')) {
      const at = next().at
      const e = unary()
      need(e, 'number', '-')
      if (e.k === 'lit') return mk({ k: 'lit', v: -Number(e.v), at }, 'number')
      return mk({ k: 'un', op: '-', e, at }, 'number')
    }
    return primary()
  }
  function fieldRef(fn: string): { item: string; field: string; type: ValueType; at: number } {
    const t = next()
    if (t.t !== 'id' || t.v.startsWith('@')) unexpected(t, '信息项.字段 / item.field')
    if (!catalog.hasItem(t.v)) fail(t.at, 'FORMULA_UNKNOWN_ITEM', `第 ${t.at} 个字符：目录中没有信息项“${t.v}”`, `at character ${t.at}: the catalog has no item "${t.v}"`)
    if (!isOp('.')) fail(peek().at, 'FORMULA_FIELD_NEEDED', `第 ${peek().at} 个字符：${fn}() 需要 信息项.字段`, `at character ${peek().at}: ${fn}() needs item.field`)
    next()
    const f = next()
    if (f.t !== 'id') unexpected(f, '字段名 / a field name')
    const type = catalog.fieldType(t.v, f.v)
    if (type === undefined) fail(f.at, 'FORMULA_UNKNOWN_FIELD', `第 ${f.at} 个字符：信息项 ${t.v} 没有字段“${f.v}”`, `at character ${f.at}: item ${t.v} has no field "${f.v}"`)
    if (type === 'identifier') fail(f.at, 'FORMULA_IDENTIFIER_FIELD', `第 ${f.at} 个字符：字段 ${t.v}.${f.v} 是证件号码，不能用于评价`, `at character ${f.at}: field ${t.v}.${f.v} is a personal identifier and cannot be used`)
    return { item: t.v, field: f.v, type: type as ValueType, at: t.at }
  }
  function itemRef(): { item: string; at: number } {
    const t = next()
    if (t.t !== 'id' || t.v.startsWith('@')) unexpected(t, '信息项 / an item')
    if (!catalog.hasItem(t.v)) fail(t.at, 'FORMULA_UNKNOWN_ITEM', `第 ${t.at} 个字符：目录中没有信息项“${t.v}”`, `at character ${t.at}: the catalog has no item "${t.v}"`)
    return { item: t.v, at: t.at }
  }
  function aggregate(fn: string, at: number): Node {
    let spec: AggregateSpec
    let type: ValueType
    switch (fn) {
      case 'count':
      case 'exists': {
        const r = itemRef()
        spec = { op: fn, item: r.item }
        type = fn === 'count' ? 'number' : 'boolean'
        break
      }
      case 'recent': {
        const f = fieldRef(fn)
        if (f.type !== 'date') fail(f.at, 'FORMULA_TYPE', `第 ${f.at} 个字符：recent() 需要日期字段，${f.item}.${f.field} 是 ${f.type}`, `at character ${f.at}: recent() needs a date field, ${f.item}.${f.field} is ${f.type}`)
        if (!ctx.windowMonths) fail(at, 'FORMULA_WINDOW_NEEDED', `第 ${at} 个字符：recent() 需要指标的时间窗口（window.months）`, `at character ${at}: recent() needs the indicator's window (window.months)`)
        spec = { op: 'recent', item: f.item, field: f.field, months: ctx.windowMonths! }
        type = 'number'
        break
      }
      case 'count_eq': {
        const f = fieldRef(fn)
        expect(',')
        const v = next()
        if (v.t !== 'str' && v.t !== 'num' && !(v.t === 'id' && (v.v === 'true' || v.v === 'false'))) unexpected(v, '常量 / a constant')
        spec = { op: 'count_eq', item: f.item, field: f.field, value: v.v }
        type = 'number'
        break
      }
      case 'latest': {
        const f = fieldRef(fn)
        spec = { op: 'latest', item: f.item, field: f.field }
        if (isOp(',')) {
          next()
          const o = fieldRef(fn)
          if (o.item !== f.item) fail(o.at, 'FORMULA_FOREIGN_ORDER', `第 ${o.at} 个字符：latest() 的排序字段须属于 ${f.item}`, `at character ${o.at}: the order field of latest() must belong to ${f.item}`)
          spec.order = o.field
        }
        type = f.type
        break
      }
      case 'any': {
        const f = fieldRef(fn)
        if (f.type !== 'boolean') fail(f.at, 'FORMULA_TYPE', `第 ${f.at} 个字符：any() 需要是/否字段`, `at character ${f.at}: any() needs a yes/no field`)
        spec = { op: 'any', item: f.item, field: f.field }
        type = 'boolean'
        break
      }
      default: {
        const f = fieldRef(fn)
        if (f.type !== 'number') fail(f.at, 'FORMULA_TYPE', `第 ${f.at} 个字符：${fn}() 需要数值字段，${f.item}.${f.field} 是 ${f.type}`, `at character ${f.at}: ${fn}() needs a numeric field, ${f.item}.${f.field} is ${f.type}`)
        spec = { op: fn as AggregateOp, item: f.item, field: f.field }
        type = 'number'
      }
    }
    expect(')')
    return mk({ k: 'agg', spec, type, slot: ctx.slot(spec), at }, type)
  }
  function primary(): Node {
    const t = next()
    if (t.t === 'num') return mk({ k: 'lit', v: Number(t.v), at: t.at }, 'number')
    if (t.t === 'str') return mk({ k: 'lit', v: t.v, at: t.at }, /^\d{4}-\d{2}-\d{2}$/.test(t.v) ? 'date' : 'string')
    if (t.t === 'op' && t.v === '(') {
      const e = orExpr()
      expect(')')
      return e
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return mk({ k: 'lit', v: t.v === 'true', at: t.at }, 'boolean')
      if (t.v.startsWith('@')) {
        const key = t.v.slice(1)
        const type = ctx.refType(key)
        if (type === undefined) fail(t.at, 'FORMULA_UNKNOWN_INDICATOR', `第 ${t.at} 个字符：没有指标“${key}”`, `at character ${t.at}: there is no indicator "${key}"`)
        refs.push({ key, at: t.at })
        return mk({ k: 'ref', key, at: t.at }, type!)
      }
      if (!isOp('(')) {
        if (catalog.hasItem(t.v)) fail(t.at, 'FORMULA_ITEM_NOT_VALUE', `第 ${t.at} 个字符：“${t.v}”是信息项，只能在 count()/latest() 等汇总函数中使用`, `at character ${t.at}: "${t.v}" is an item: use it inside count(), latest() and the other aggregates`)
        fail(t.at, 'FORMULA_UNKNOWN_NAME', `第 ${t.at} 个字符：无法识别“${t.v}”`, `at character ${t.at}: unknown name "${t.v}"`)
      }
      next()
      if (AGGREGATES.has(t.v)) return aggregate(t.v, t.at)
      const arity = FUNCTIONS[t.v]
      if (!arity) fail(t.at, 'FORMULA_UNKNOWN_FUNCTION', `第 ${t.at} 个字符：未知函数 ${t.v}()`, `at character ${t.at}: unknown function ${t.v}()`)
      const args: Node[] = []
      if (!isOp(')')) {
        args.push(orExpr())
        while (isOp(',')) { next(); args.push(orExpr()) }
      }
      expect(')')
      if (!arity!.includes(args.length)) fail(t.at, 'FORMULA_ARGUMENTS', `第 ${t.at} 个字符：${t.v}() 需要 ${arity!.join('/')} 个参数，给了 ${args.length} 个`, `at character ${t.at}: ${t.v}() takes ${arity!.join('/')} arguments, got ${args.length}`)
      const fn = t.v as Extract<Node, { k: 'call' }>['fn']
      let type: ValueType = 'number'
      if (fn === 'div') { need(args[0]!, 'number', 'div'); need(args[1]!, 'number', 'div') }
      if (fn === 'abs' || fn === 'round') need(args[0]!, 'number', fn)
      if (fn === 'years_since' || fn === 'months_since') need(args[0]!, 'date', fn)
      if (fn === 'if') {
        need(args[0]!, 'boolean', 'if')
        if (typeOf(args[1]!) !== typeOf(args[2]!)) fail(t.at, 'FORMULA_TYPE', `第 ${t.at} 个字符：if() 的两个结果类型不一致`, `at character ${t.at}: the two branches of if() differ in type`)
        type = typeOf(args[1]!)
      }
      if (fn === 'coalesce') {
        if (typeOf(args[0]!) !== typeOf(args[1]!)) fail(t.at, 'FORMULA_TYPE', `第 ${t.at} 个字符：coalesce() 的两个参数类型不一致`, `at character ${t.at}: the arguments of coalesce() differ in type`)
        type = typeOf(args[0]!)
      }
      return mk({ k: 'call', fn, args, at: t.at }, type)
    }
    return unexpected(t, '值 / a value')
  }
  const root = orExpr()
  if (peek().t !== 'end') unexpected(peek(), '公式结束 / the end of the formula')
  return { root, type: typeOf(root), refs }
}

/** A value of an indicator: null is missing (缺失), never zero. */
export type Value = number | string | boolean | null

const MS_PER_DAY = 86_400_000

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0)
}

/** What a compiled formula reads: the subject's aggregate values, the indicator values so far, the as-of date. */
export interface FormulaContext {
  aggregates: readonly Value[]
  /** Indicator values by position (see `compileFormula`'s `positionOf`). */
  values: readonly Value[]
  /** YYYY-MM-DD (Beijing) and the same as epoch milliseconds, parsed once per subject rather than per call. */
  asOf: string
  asOfMs: number
}

export type CompiledFormula = (c: FormulaContext) => Value

/**
 * Compiles a parsed formula once into nested closures, so that scoring 300,000 subjects walks no syntax tree and
 * looks nothing up by name: `@indicator` becomes a read of `values[positionOf(key)]`. Gives exactly what
 * {@link evaluateFormula} gives (tested against it).
 */
export function compileFormula(n: Node, positionOf: (key: string) => number): CompiledFormula {
  switch (n.k) {
    case 'lit': {
      const v = n.v
      return () => v
    }
    case 'ref': {
      const at = positionOf(n.key)
      return (c) => c.values[at] ?? null
    }
    case 'agg': {
      const slot = n.slot
      return (c) => c.aggregates[slot] ?? null
    }
    case 'un': {
      const e = compileFormula(n.e, positionOf)
      if (n.op === '-') return (c) => { const v = e(c); return v === null ? null : -(v as number) }
      return (c) => { const v = e(c); return v === null ? null : !v }
    }
    case 'bin': {
      const l = compileFormula(n.l, positionOf)
      const r = compileFormula(n.r, positionOf)
      const strict = <T>(f: (a: T, b: T) => Value): CompiledFormula => (c) => {
        const a = l(c)
        if (a === null) return null
        const b = r(c)
        return b === null ? null : f(a as T, b as T)
      }
      switch (n.op) {
        case 'and': return (c) => {
          const a = l(c)
          if (a === false) return false
          const b = r(c)
          return b === false ? false : a === null || b === null ? null : true
        }
        case 'or': return (c) => {
          const a = l(c)
          if (a === true) return true
          const b = r(c)
          return b === true ? true : a === null || b === null ? null : false
        }
        case '+': return strict<number>((a, b) => a + b)
        case '-': return strict<number>((a, b) => a - b)
        case '*': return strict<number>((a, b) => a * b)
        case '/': return strict<number>((a, b) => a / b)
        case '<': return strict<number | string>((a, b) => a < b)
        case '<=': return strict<number | string>((a, b) => a <= b)
        case '>': return strict<number | string>((a, b) => a > b)
        case '>=': return strict<number | string>((a, b) => a >= b)
        case '==': return strict<Value>((a, b) => a === b)
        case '!=': return strict<Value>((a, b) => a !== b)
      }
      return () => null
    }
    case 'call': {
      const args = n.args.map((a) => compileFormula(a, positionOf))
      const a0 = args[0]!
      switch (n.fn) {
        case 'if': {
          const [, yes, no] = args as [CompiledFormula, CompiledFormula, CompiledFormula]
          return (c) => { const v = a0(c); return v === null ? null : v ? yes(c) : no(c) }
        }
        case 'coalesce': {
          const b = args[1]!
          return (c) => { const v = a0(c); return v !== null ? v : b(c) }
        }
        case 'div': {
          const b = args[1]!
          return (c) => {
            const x = a0(c)
            if (x === null) return null
            const y = b(c)
            return y === null || y === 0 ? null : (x as number) / (y as number)
          }
        }
        case 'abs': return (c) => { const v = a0(c); return v === null ? null : Math.abs(v as number) }
        case 'round': return (c) => { const v = a0(c); return v === null ? null : Math.round(v as number) }
        case 'months_since': return (c) => {
          const v = a0(c)
          return v !== null && DATE_PREFIX.test(v as string) ? monthsBetween((v as string).slice(0, 10), c.asOf) : null
        }
        case 'years_since': return (c) => {
          const v = a0(c)
          if (v === null || !DATE_PREFIX.test(v as string)) return null
          const days = (c.asOfMs - Date.parse((v as string).slice(0, 10))) / MS_PER_DAY
          return Math.floor((days / 365.25) * 10) / 10
        }
      }
    }
  }
  return () => null
}

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/

/**
 * Evaluates a parsed formula by walking its tree: the reference for {@link compileFormula}, and enough for one-off
 * evaluations. `aggregates[slot]` are the subject's aggregate values, `indicator(key)` the values of
 * the indicators it references, `asOf` the evaluation's date (YYYY-MM-DD, Beijing).
 */
export function evaluateFormula(n: Node, env: { aggregates: readonly Value[]; indicator: (key: string) => Value; asOf: string }): Value {
  switch (n.k) {
    case 'lit': return n.v
    case 'ref': return env.indicator(n.key)
    case 'agg': return env.aggregates[n.slot] ?? null
    case 'un': {
      const v = evaluateFormula(n.e, env)
      if (v === null) return null
      return n.op === '-' ? -(v as number) : !v
    }
    case 'bin': {
      const l = evaluateFormula(n.l, env)
      if (n.op === 'and' && l === false) return false
      if (n.op === 'or' && l === true) return true
      const r = evaluateFormula(n.r, env)
      if (n.op === 'and') return r === false ? false : l === null || r === null ? null : true
      if (n.op === 'or') return r === true ? true : l === null || r === null ? null : false
      if (l === null || r === null) return null
      switch (n.op) {
        case '+': return (l as number) + (r as number)
        case '-': return (l as number) - (r as number)
        case '*': return (l as number) * (r as number)
        case '/': return (l as number) / (r as number)
        case '<': return l < r
        case '<=': return l <= r
        case '>': return l > r
        case '>=': return l >= r
        case '==': return l === r
        case '!=': return l !== r
      }
      return null
    }
    case 'call': {
      if (n.fn === 'if') {
        const c = evaluateFormula(n.args[0]!, env)
        if (c === null) return null
        return evaluateFormula(n.args[c ? 1 : 2]!, env)
      }
      if (n.fn === 'coalesce') {
        const a = evaluateFormula(n.args[0]!, env)
        return a !== null ? a : evaluateFormula(n.args[1]!, env)
      }
      const a = evaluateFormula(n.args[0]!, env)
      if (a === null) return null
      switch (n.fn) {
        case 'div': {
          const b = evaluateFormula(n.args[1]!, env)
          return b === null || b === 0 ? null : (a as number) / (b as number)
        }
        case 'abs': return Math.abs(a as number)
        case 'round': return Math.round(a as number)
        case 'months_since': return /^\d{4}-\d{2}-\d{2}/.test(a as string) ? monthsBetween((a as string).slice(0, 10), env.asOf) : null
        case 'years_since': {
          if (!/^\d{4}-\d{2}-\d{2}/.test(a as string)) return null
          const days = (Date.parse(env.asOf) - Date.parse((a as string).slice(0, 10))) / MS_PER_DAY
          return Math.floor((days / 365.25) * 10) / 10
        }
      }
    }
  }
  return null
}

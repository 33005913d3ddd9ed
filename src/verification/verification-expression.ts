import type { CatalogIndex, CatalogField, FieldType } from '../catalog/index.js'
import type { AppError } from '../core/index.js'
import { VerificationErrors as E } from './verification.errors.js'

/**
 * The verification language (核验, "可用不可见"): yes/no questions over catalog fields, for example
 *
 *   tax_payment.vat_paid_last_12_months >= 1000000
 *   not exists(dishonest_judgment_debtor)
 *   housing_fund_contribution.avg_monthly_contributors_last_12_months >= 10
 *     and housing_fund_contribution.consecutive_normal_payment_months_last_12_months >= 12
 *   count(administrative_penalty, decision_date >= months_ago(24)) <= 1
 *
 * Grammar (keywords in lower case; `&&`, `||`, `!` also work):
 *
 *   expr    := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := operand (('>=' | '<=' | '>' | '<' | '==' | '=' | '!=') operand)?
 *   operand := number | 'string' | true | false | null | item.field | call | '(' expr ')'
 *   call    := exists(item [, condition]) | count(item [, condition]) | months_ago(n) | days_ago(n) | today() | date('YYYY-MM-DD')
 *
 * Numbers may carry 万 or 亿 (`100万`). A bare `item.field` needs an item with one current record per subject
 * (tax, social insurance, housing fund, …); items with many records (penalties, judgments) are asked through
 * exists/count, whose condition uses that item's fields by their plain names. Personal identifiers cannot be
 * used. Everything is checked against the catalog before anything runs.
 *
 * Logic is three-valued: a comparison with a missing value is unknown, `not unknown` is unknown, and an unknown
 * answer is reported as false with `complete: false`.
 */

export type ValueType = 'number' | 'string' | 'date' | 'boolean' | 'null'

export type Expr =
  | { kind: 'literal'; type: ValueType; value: number | string | boolean | null; at: number }
  | { kind: 'field'; item: string; field: string; type: ValueType; at: number }
  | { kind: 'not'; expr: Expr; at: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr; at: number }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; at: number }
  | { kind: 'exists' | 'count'; item: string; where: Expr | null; at: number }
  | { kind: 'date'; fn: 'today' | 'months_ago' | 'days_ago'; n: number; at: number }

export type CompareOp = '>=' | '<=' | '>' | '<' | '==' | '!='

export const MAX_EXPRESSION_LENGTH = 2000

// ---------------------------------------------------------------------------------------------------------------
// Lexer

type Token =
  | { t: 'num'; v: number; at: number; text: string }
  | { t: 'str'; v: string; at: number; text: string }
  | { t: 'id'; v: string; at: number; text: string }
  | { t: 'op'; v: string; at: number; text: string }
  | { t: 'end'; at: number; text: string }

const KEYWORD_OPS: Record<string, string> = { and: 'and', or: 'or', not: 'not' }

function lex(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const at = i + 1
    const num = /^(\d[\d_]*(?:\.\d+)?)(万|亿)?/.exec(src.slice(i))
    if (num) {
      const scale = num[2] === '万' ? 1e4 : num[2] === '亿' ? 1e8 : 1
      out.push({ t: 'num', v: Number(num[1]!.replace(/_/g, '')) * scale, at, text: num[0] })
      i += num[0].length
      continue
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))
    if (id) {
      const word = id[0]
      const lower = word.toLowerCase()
      if (KEYWORD_OPS[lower]) out.push({ t: 'op', v: KEYWORD_OPS[lower]!, at, text: word })
      else out.push({ t: 'id', v: word, at, text: word })
      i += word.length
      continue
    }
    if (c === "'" || c === '"' || c === '“' || c === '‘') {
      const close = c === '“' ? '”' : c === '‘' ? '’' : c
      const end = src.indexOf(close, i + 1)
      if (end < 0) throw E.UNCLOSED_STRING(at)
      out.push({ t: 'str', v: src.slice(i + 1, end), at, text: src.slice(i, end + 1) })
      i = end + 1
      continue
    }
    const two = src.slice(i, i + 2)
    if (['>=', '<=', '==', '!=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two === '&&' ? 'and' : two === '||' ? 'or' : two, at, text: two })
      i += 2
      continue
    }
    if ('><=!(),.'.includes(c)) {
      out.push({ t: 'op', v: c === '=' ? '==' : c === '!' ? 'not' : c, at, text: c })
      i++
      continue
    }
    throw E.UNEXPECTED_CHARACTER(at, c)
  }
  out.push({ t: 'end', at: src.length + 1, text: '' })
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (untyped tree), then the checker gives every node its type against the catalog.

type Raw =
  | { kind: 'num'; v: number; at: number }
  | { kind: 'str'; v: string; at: number }
  | { kind: 'bool'; v: boolean; at: number }
  | { kind: 'null'; at: number }
  | { kind: 'ref'; parts: string[]; at: number }
  | { kind: 'call'; fn: string; args: Raw[]; at: number }
  | { kind: 'not'; expr: Raw; at: number }
  | { kind: 'logic'; op: 'and' | 'or'; left: Raw; right: Raw; at: number }
  | { kind: 'compare'; op: CompareOp; left: Raw; right: Raw; at: number }

function parse(tokens: Token[]): Raw {
  let pos = 0
  const peek = () => tokens[pos]!
  const next = () => tokens[pos++]!
  const isOp = (v: string) => peek().t === 'op' && (peek() as { v: string }).v === v
  const unexpected = (tok: Token): AppError => (tok.t === 'end' ? E.UNEXPECTED_END() : E.UNEXPECTED_TOKEN(tok.at, tok.text))
  const expectOp = (v: string) => {
    const tok = next()
    if (tok.t !== 'op' || tok.v !== v) throw unexpected(tok)
  }

  function expr(): Raw {
    let left = and()
    while (isOp('or')) {
      const at = next().at
      left = { kind: 'logic', op: 'or', left, right: and(), at }
    }
    return left
  }
  function and(): Raw {
    let left = not()
    while (isOp('and')) {
      const at = next().at
      left = { kind: 'logic', op: 'and', left, right: not(), at }
    }
    return left
  }
  function not(): Raw {
    if (isOp('not')) {
      const at = next().at
      return { kind: 'not', expr: not(), at }
    }
    return compare()
  }
  function compare(): Raw {
    const left = operand()
    const tok = peek()
    if (tok.t === 'op' && ['>=', '<=', '>', '<', '==', '!='].includes(tok.v)) {
      next()
      return { kind: 'compare', op: tok.v as CompareOp, left, right: operand(), at: tok.at }
    }
    return left
  }
  function operand(): Raw {
    const tok = next()
    if (tok.t === 'num') return { kind: 'num', v: tok.v, at: tok.at }
    if (tok.t === 'str') return { kind: 'str', v: tok.v, at: tok.at }
    if (tok.t === 'op' && tok.v === '(') {
      const inner = expr()
      expectOp(')')
      return inner
    }
    if (tok.t === 'id') {
      const lower = tok.v.toLowerCase()
      if (lower === 'true' || lower === 'false') return { kind: 'bool', v: lower === 'true', at: tok.at }
      if (lower === 'null') return { kind: 'null', at: tok.at }
      if (isOp('(')) {
        next()
        const args: Raw[] = []
        if (!isOp(')')) {
          args.push(expr())
          while (isOp(',')) {
            next()
            args.push(expr())
          }
        }
        expectOp(')')
        return { kind: 'call', fn: lower, args, at: tok.at }
      }
      const parts = [tok.v]
      while (isOp('.')) {
        next()
        const part = next()
        if (part.t !== 'id') throw unexpected(part)
        parts.push(part.v)
      }
      return { kind: 'ref', parts, at: tok.at }
    }
    throw unexpected(tok)
  }

  const tree = expr()
  if (peek().t !== 'end') throw unexpected(peek())
  return tree
}

// ---------------------------------------------------------------------------------------------------------------
// Checker

const TYPE_OF: Record<FieldType, ValueType | undefined> = {
  integer: 'number', decimal: 'number', money: 'number', date: 'date', datetime: 'date', boolean: 'boolean',
  string: 'string', enum: 'string', text: 'string', uscc: 'string', id_number: undefined,
}

const DATE_LITERAL = /^\d{4}-\d{2}(-\d{2})?$/

function isValidDate(s: string): boolean {
  if (!DATE_LITERAL.test(s)) return false
  const d = new Date(s.length === 7 ? `${s}-01T00:00:00Z` : `${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
}

/** A checked question: its typed tree and the fields and items it reads. */
export interface CheckedExpression {
  source: string
  tree: Expr
  /** Item keys read, each with the fields read (`*` for existence only). */
  reads: Map<string, Set<string>>
}

/**
 * Parses and checks an expression against a catalog version. Throws an AppError (zh + en) naming the problem and
 * where it is; nothing has touched the data at that point.
 *
 * @example
 * const q = checkExpression('tax_payment.vat_paid_last_12_months >= 100万', catalog.current())
 * [...q.reads.keys()] // ['tax_payment']
 */
export function checkExpression(source: string, catalog: CatalogIndex): CheckedExpression {
  if (!source.trim()) throw E.EXPRESSION_EMPTY()
  if (source.length > MAX_EXPRESSION_LENGTH) throw E.EXPRESSION_TOO_LONG(MAX_EXPRESSION_LENGTH)
  const raw = parse(lex(source))
  const reads = new Map<string, Set<string>>()
  const note = (item: string, field: string) => {
    const set = reads.get(item) ?? new Set<string>()
    set.add(field)
    reads.set(item, set)
  }

  function fieldOf(itemKey: string, fieldKey: string): CatalogField {
    const resolved = catalog.get(itemKey)
    if (!resolved) throw E.UNKNOWN_ITEM(itemKey)
    const f = resolved.item.fields.find((x) => x.key === fieldKey)
    if (!f) throw E.UNKNOWN_FIELD(itemKey, fieldKey)
    if (f.sensitivity === 'sensitive' || TYPE_OF[f.type] === undefined) throw E.SENSITIVE_FIELD(`${itemKey}.${fieldKey}`)
    return f
  }

  const describe = (e: Expr) => (e.kind === 'field' ? `${e.item}.${e.field}（${e.type}）` : e.kind === 'literal' ? `${String(e.value)}（${e.type}）` : e.kind)

  function typeOf(e: Expr): ValueType {
    switch (e.kind) {
      case 'literal': return e.type
      case 'field': return e.type
      case 'date': return 'date'
      case 'count': return 'number'
      default: return 'boolean'
    }
  }

  function requireBoolean(e: Expr, where: string): void {
    const t = typeOf(e)
    if (t !== 'boolean') throw E.NOT_BOOLEAN(where, `${describe(e)}`)
  }

  /** `scope`: inside exists/count(item, …), the item whose fields may be named plainly. */
  function check(r: Raw, scope: string | null): Expr {
    switch (r.kind) {
      case 'num': return { kind: 'literal', type: 'number', value: r.v, at: r.at }
      case 'str': return { kind: 'literal', type: 'string', value: r.v, at: r.at }
      case 'bool': return { kind: 'literal', type: 'boolean', value: r.v, at: r.at }
      case 'null': return { kind: 'literal', type: 'null', value: null, at: r.at }
      case 'ref': {
        let itemKey: string
        let fieldKey: string
        if (r.parts.length === 1) {
          if (!scope) {
            if (catalog.get(r.parts[0]!)) throw E.ITEM_NOT_VALUE(r.parts[0]!, r.parts[0]!, r.parts[0]!)
            throw E.FIELD_NEEDS_ITEM(r.parts[0]!)
          }
          itemKey = scope
          fieldKey = r.parts[0]!
        } else if (r.parts.length === 2) {
          itemKey = r.parts[0]!
          fieldKey = r.parts[1]!
        } else {
          throw E.UNKNOWN_FIELD(r.parts[0]!, r.parts.slice(1).join('.'))
        }
        if (!catalog.get(itemKey)) throw E.UNKNOWN_ITEM(itemKey)
        if (scope && itemKey !== scope) throw E.FOREIGN_FIELD(scope, scope, `${itemKey}.${fieldKey}`)
        const f = fieldOf(itemKey, fieldKey)
        if (!scope && (catalog.get(itemKey)!.identity.length > 0)) throw E.MULTI_RECORD_ITEM(itemKey, itemKey, itemKey)
        note(itemKey, fieldKey)
        return { kind: 'field', item: itemKey, field: fieldKey, type: TYPE_OF[f.type]!, at: r.at }
      }
      case 'call': {
        if (r.fn === 'exists' || r.fn === 'count') {
          const [target, cond, ...rest] = r.args
          if (!target || target.kind !== 'ref' || target.parts.length !== 1 || rest.length) throw E.FUNCTION_ARGUMENTS(r.fn, `${r.fn}(item[, condition])`)
          const itemKey = target.parts[0]!
          if (!catalog.get(itemKey)) throw E.UNKNOWN_ITEM(itemKey)
          note(itemKey, '*')
          const where = cond ? check(cond, itemKey) : null
          if (where) requireBoolean(where, `${r.fn}(${itemKey}, …)`)
          return { kind: r.fn, item: itemKey, where, at: r.at }
        }
        if (r.fn === 'today') {
          if (r.args.length) throw E.FUNCTION_ARGUMENTS('today', 'today()')
          return { kind: 'date', fn: 'today', n: 0, at: r.at }
        }
        if (r.fn === 'months_ago' || r.fn === 'days_ago') {
          const [n, ...rest] = r.args
          if (!n || n.kind !== 'num' || rest.length || !Number.isInteger(n.v) || n.v > 1200) throw E.FUNCTION_ARGUMENTS(r.fn, `${r.fn}(n), n = 0…1200`)
          return { kind: 'date', fn: r.fn, n: n.v, at: r.at }
        }
        if (r.fn === 'date') {
          const [s, ...rest] = r.args
          if (!s || s.kind !== 'str' || rest.length) throw E.FUNCTION_ARGUMENTS('date', "date('YYYY-MM-DD')")
          if (!isValidDate(s.v)) throw E.BAD_DATE(s.v)
          return { kind: 'literal', type: 'date', value: s.v, at: r.at }
        }
        throw E.UNKNOWN_FUNCTION(r.fn)
      }
      case 'not': {
        const inner = check(r.expr, scope)
        requireBoolean(inner, 'not')
        return { kind: 'not', expr: inner, at: r.at }
      }
      case 'logic': {
        const left = check(r.left, scope)
        const right = check(r.right, scope)
        requireBoolean(left, r.op)
        requireBoolean(right, r.op)
        return { kind: 'logic', op: r.op, left, right, at: r.at }
      }
      case 'compare': {
        let left = check(r.left, scope)
        let right = check(r.right, scope)
        // A quoted date next to a date is a date.
        const asDate = (a: Expr, b: Expr): Expr => {
          if (typeOf(b) === 'date' && a.kind === 'literal' && a.type === 'string') {
            if (!isValidDate(String(a.value))) throw E.BAD_DATE(String(a.value))
            return { ...a, type: 'date' }
          }
          return a
        }
        left = asDate(left, right)
        right = asDate(right, left)
        const lt = typeOf(left)
        const rt = typeOf(right)
        const equality = r.op === '==' || r.op === '!='
        if (lt !== rt && !(equality && (lt === 'null' || rt === 'null'))) throw E.TYPE_MISMATCH(r.op, lt, rt)
        if (!equality && lt !== 'number' && lt !== 'date') throw E.NOT_ORDERED(r.op, lt)
        return { kind: 'compare', op: r.op, left, right, at: r.at }
      }
    }
  }

  const tree = check(raw, null)
  requireBoolean(tree, 'the question / 核验问题')
  return { source, tree, reads }
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

/** The current records of one subject, by item, newest first. */
export type SubjectData = ReadonlyMap<string, ReadonlyArray<Record<string, unknown>>>

type Value = number | string | boolean | null
type Truth = boolean | null

function shiftDate(today: string, fn: 'today' | 'months_ago' | 'days_ago', n: number): string {
  const d = new Date(`${today}T00:00:00Z`)
  if (fn === 'days_ago') d.setUTCDate(d.getUTCDate() - n)
  if (fn === 'months_ago') {
    const day = d.getUTCDate()
    d.setUTCDate(1)
    d.setUTCMonth(d.getUTCMonth() - n)
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
    d.setUTCDate(Math.min(day, last))
  }
  return d.toISOString().slice(0, 10)
}

function fieldValue(raw: unknown, type: ValueType): Value {
  if (raw === null || raw === undefined || raw === '') return null
  if (type === 'number') {
    const n = typeof raw === 'number' ? raw : Number(raw)
    return Number.isFinite(n) ? n : null
  }
  if (type === 'boolean') return typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : null
  return String(raw)
}

/**
 * Answers a checked question over one subject's data. `today` (YYYY-MM-DD, Beijing time) anchors months_ago and
 * days_ago. Returns `null` when the data does not decide the question.
 */
export function evaluate(q: CheckedExpression, data: SubjectData, today: string): Truth {
  function value(e: Expr, row: Record<string, unknown> | null): Value {
    switch (e.kind) {
      case 'literal': return e.value
      case 'date': return shiftDate(today, e.fn, e.n)
      case 'field': {
        const rec = row ?? data.get(e.item)?.[0] ?? null
        return rec ? fieldValue(rec[e.field], e.type) : null
      }
      case 'count': {
        const rows = data.get(e.item) ?? []
        return e.where ? rows.filter((r) => truth(e.where!, r) === true).length : rows.length
      }
      default: return truth(e, row)
    }
  }

  function truth(e: Expr, row: Record<string, unknown> | null): Truth {
    switch (e.kind) {
      case 'not': {
        const t = truth(e.expr, row)
        return t === null ? null : !t
      }
      case 'logic': {
        const l = truth(e.left, row)
        if (e.op === 'and' && l === false) return false
        if (e.op === 'or' && l === true) return true
        const r = truth(e.right, row)
        if (e.op === 'and') return r === false ? false : l === null || r === null ? null : true
        return r === true ? true : l === null || r === null ? null : false
      }
      case 'exists': {
        const rows = data.get(e.item) ?? []
        if (!e.where) return rows.length > 0
        let unknown = false
        for (const r of rows) {
          const t = truth(e.where, r)
          if (t === true) return true
          if (t === null) unknown = true
        }
        return unknown ? null : false
      }
      case 'compare': {
        const l = value(e.left, row)
        const r = value(e.right, row)
        if (e.op === '==' || e.op === '!=') {
          // Comparing with the literal null asks whether a value is there; otherwise a missing value is unknown.
          const isNullLiteral = (x: Expr) => x.kind === 'literal' && x.type === 'null'
          if (isNullLiteral(e.left) || isNullLiteral(e.right)) {
            const missing = (isNullLiteral(e.left) ? r : l) === null
            return e.op === '==' ? missing : !missing
          }
          if (l === null || r === null) return null
          return e.op === '==' ? l === r : l !== r
        }
        if (l === null || r === null) return null
        switch (e.op) {
          case '>=': return l >= r
          case '<=': return l <= r
          case '>': return l > r
          case '<': return l < r
        }
        return null
      }
      case 'field':
      case 'literal': {
        const v = value(e, row)
        return v === null ? null : Boolean(v)
      }
      default:
        return null
    }
  }

  return truth(q.tree, null)
}

import { FormulaError, parseFormula, type AggregateSpec, type FormulaCatalog, type Node, type ValueType } from './indicator-formula.js'

/**
 * The indicator system (信用评价指标体系) as data: dimensions after the national public-credit report and
 * GB/T 45255-2025, indicators each with a formula over catalog fields, a window, bins with points and an explicit
 * bin for missing data, and the grade scale. The operator publishes versions; a score names the version it used.
 */
export interface IndicatorSystemDocument {
  name: string
  /** The score before any indicator's points. */
  base: number
  dimensions: Array<{ key: string; name: string }>
  /** Highest first: a score at or above `min` gets the grade; the last grade has no `min` (everything below). */
  grades: Array<{ grade: string; name: string; min?: number }>
  indicators: IndicatorDocument[]
}

export interface IndicatorDocument {
  key: string
  name: string
  dimension: string
  /** The window that `recent()` counts in. */
  window?: { months: number }
  formula: string
  /** Numbers: ranges [from, to) in order, the first without `from`, the last without `to`. Others: `is` lists, then `else`. */
  bins: BinDocument[]
  /** Points when the value is missing (缺失): its own bin, never read as zero. */
  missing: { points: number; label?: string }
  note?: string
}

export interface BinDocument {
  from?: number
  to?: number
  is?: Array<string | number | boolean>
  else?: true
  points: number
  label?: string
}

/** A problem in a submitted indicator system, with where it is in the submitted text. */
export interface SystemIssue {
  line: number
  column: number
  indicator: string | null
  code: string
  zh: string
  en: string
}

export interface CompiledIndicator {
  key: string
  name: string
  dimension: string
  type: ValueType
  root: Node
  bins: BinDocument[]
  missing: { points: number; label: string }
  minPoints: number
  maxPoints: number
}

export interface CompiledSystem {
  document: IndicatorSystemDocument
  /** Indicators in evaluation order: each after those it references. */
  indicators: CompiledIndicator[]
  /** Position of each indicator in the document's order (how values are stored). */
  order: string[]
  aggregates: AggregateSpec[]
  /** The value type each aggregate slot yields. */
  aggregateTypes: ValueType[]
  minScore: number
  maxScore: number
}

const KEY = /^[a-z][a-z0-9_]{0,62}$/
export const MAX_INDICATORS = 200

/** Where things are in the submitted text: line and column of each formula, and of each indicator's key. */
function locator(source: string) {
  const lineStarts = [0]
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1)
  const pos = (offset: number) => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 }
  }
  const formulas: number[] = []
  for (const m of source.matchAll(/"formula"\s*:\s*"/g)) formulas.push(m.index! + m[0].length)
  const keys = new Map<string, number>()
  for (const m of source.matchAll(/"key"\s*:\s*"([^"]*)"/g)) if (!keys.has(m[1]!)) keys.set(m[1]!, m.index!)
  return {
    /** The formula of the i-th indicator, character `at` (1-based) within it. */
    formula(i: number, at: number) {
      const start = formulas[i]
      return start === undefined ? { line: 1, column: 1 } : pos(start + at - 1)
    },
    indicator(key: string) {
      const at = keys.get(key)
      return at === undefined ? { line: 1, column: 1 } : pos(at)
    },
    offset: pos,
  }
}

export class SystemInvalid extends Error {
  constructor(readonly issues: SystemIssue[]) {
    super(issues.map((i) => `${i.line}:${i.column} ${i.zh}`).join('; '))
  }
}

/**
 * Reads, checks and compiles an indicator system from its JSON text. Every problem is reported with the line and
 * column of the submitted text it comes from: unknown items and fields, division by zero or by a value that may be
 * zero without `div()`, indicators that reference each other in a loop, bins with gaps or without a missing bin,
 * a grade scale out of order. Throws {@link SystemInvalid} with all the issues found.
 *
 * @example
 * const system = compileSystem(readFileSync('data/evaluation/indicators.json', 'utf8'), catalogForFormulas(index))
 */
export function compileSystem(source: string, catalog: FormulaCatalog): CompiledSystem {
  const where = locator(source)
  const issues: SystemIssue[] = []
  const issue = (at: { line: number; column: number }, indicator: string | null, code: string, zh: string, en: string) =>
    issues.push({ line: at.line, column: at.column, indicator, code, zh, en })
  let doc: IndicatorSystemDocument
  try {
    doc = JSON.parse(source) as IndicatorSystemDocument
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message)
    const at = m ? where.offset(Number(m[1])) : { line: 1, column: 1 }
    throw new SystemInvalid([{ ...at, indicator: null, code: 'JSON', zh: `不是有效的 JSON：${(e as Error).message}`, en: `not valid JSON: ${(e as Error).message}` }])
  }
  const top = { line: 1, column: 1 }
  if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.indicators) || !Array.isArray(doc.dimensions) || !Array.isArray(doc.grades)) {
    throw new SystemInvalid([{ ...top, indicator: null, code: 'SHAPE', zh: '指标体系须有 dimensions、grades、indicators 三个列表', en: 'an indicator system needs the lists dimensions, grades and indicators' }])
  }
  if (typeof doc.name !== 'string' || !doc.name.trim()) issue(top, null, 'SHAPE', '指标体系须有名称（name）', 'the system needs a name')
  if (typeof doc.base !== 'number' || !Number.isFinite(doc.base)) issue(top, null, 'SHAPE', '基础分（base）须为数值', 'base must be a number')
  if (doc.indicators.length === 0 || doc.indicators.length > MAX_INDICATORS) issue(top, null, 'SHAPE', `指标数须在 1 到 ${MAX_INDICATORS} 之间`, `between 1 and ${MAX_INDICATORS} indicators`)
  const dims = new Set<string>()
  for (const d of doc.dimensions) {
    if (!d || typeof d.key !== 'string' || !KEY.test(d.key) || typeof d.name !== 'string') issue(where.indicator(String(d?.key)), null, 'DIMENSION', `维度 ${JSON.stringify(d?.key)} 须有 key（小写字母、数字、下划线）和 name`, `dimension ${JSON.stringify(d?.key)} needs a key (a-z, 0-9, _) and a name`)
    else if (dims.has(d.key)) issue(where.indicator(d.key), null, 'DUPLICATE', `维度 ${d.key} 重复`, `dimension ${d.key} appears twice`)
    else dims.add(d.key)
  }

  // Indicators by key, each parsed on first need so that a reference finds its type, and a loop is seen where it closes.
  const byKey = new Map<string, { doc: IndicatorDocument; index: number }>()
  doc.indicators.forEach((ind, index) => {
    if (!ind || typeof ind.key !== 'string' || !KEY.test(ind.key)) {
      issue(where.formula(index, 1), null, 'KEY', `第 ${index + 1} 个指标的 key 须为小写字母、数字、下划线`, `indicator ${index + 1}: key must be a-z, 0-9, _`)
      return
    }
    if (byKey.has(ind.key)) issue(where.indicator(ind.key), ind.key, 'DUPLICATE', `指标 ${ind.key} 重复`, `indicator ${ind.key} appears twice`)
    else byKey.set(ind.key, { doc: ind, index })
  })
  const slots = new Map<string, number>()
  const aggregates: AggregateSpec[] = []
  const aggregateTypes: ValueType[] = []
  const compiled = new Map<string, CompiledIndicator | null>()
  const ordered: CompiledIndicator[] = []
  const visiting: string[] = []

  function compile(key: string): CompiledIndicator | null {
    if (compiled.has(key)) return compiled.get(key)!
    const entry = byKey.get(key)!
    const ind = entry.doc
    visiting.push(key)
    let out: CompiledIndicator | null = null
    try {
      if (typeof ind.formula !== 'string') throw new FormulaError({ at: 1, code: 'FORMULA_EMPTY', zh: '指标须有公式（formula）', en: 'the indicator needs a formula' })
      const windowMonths = ind.window === undefined ? undefined : ind.window.months
      if (windowMonths !== undefined && (!Number.isInteger(windowMonths) || windowMonths < 1 || windowMonths > 240)) {
        issue(where.indicator(key), key, 'WINDOW', `指标 ${key} 的时间窗口须为 1 到 240 个月`, `indicator ${key}: the window must be 1 to 240 months`)
      }
      const parsed = parseFormula(ind.formula, catalog, {
        windowMonths,
        slot: (spec) => {
          const sig = JSON.stringify(spec)
          let s = slots.get(sig)
          if (s === undefined) {
            s = aggregates.length
            slots.set(sig, s)
            aggregates.push(spec)
            aggregateTypes.push('number')
          }
          return s
        },
        refType: (ref) => {
          if (!byKey.has(ref)) return undefined
          if (visiting.includes(ref)) {
            const loop = [...visiting.slice(visiting.indexOf(ref)), ref].join(' → ')
            throw new FormulaError({ at: ind.formula.indexOf(`@${ref}`) + 1, code: 'FORMULA_CYCLE', zh: `指标循环引用：${loop}`, en: `indicators reference each other in a loop: ${loop}` })
          }
          const target = compile(ref)
          if (!target) throw new FormulaError({ at: ind.formula.indexOf(`@${ref}`) + 1, code: 'FORMULA_BAD_REFERENCE', zh: `引用的指标 ${ref} 本身有误`, en: `the referenced indicator ${ref} has errors` })
          return target.type
        },
      })
      // The aggregate's own result type, for reading the values the database returns.
      const mark = (n: Node): void => {
        if (n.k === 'agg') aggregateTypes[n.slot] = n.type
        if (n.k === 'un') mark(n.e)
        if (n.k === 'bin') { mark(n.l); mark(n.r) }
        if (n.k === 'call') n.args.forEach(mark)
      }
      mark(parsed.root)
      out = checkIndicator(ind, parsed.type, parsed.root)
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e
      // A loop is reported once, at the indicator where it closes; the others on it only fail as references.
      if (e.issue.code !== 'FORMULA_BAD_REFERENCE' || !issues.some((i) => i.code === 'FORMULA_CYCLE')) {
        issue(where.formula(entry.index, Math.max(1, e.issue.at)), key, e.issue.code, `指标 ${key}：${e.issue.zh}`, `indicator ${key}: ${e.issue.en}`)
      }
    }
    visiting.pop()
    compiled.set(key, out)
    if (out) ordered.push(out)
    return out
  }

  function checkIndicator(ind: IndicatorDocument, type: ValueType, root: Node): CompiledIndicator | null {
    const at = where.indicator(ind.key)
    const before = issues.length
    const bad = (code: string, zh: string, en: string) => issue(at, ind.key, code, `指标 ${ind.key}：${zh}`, `indicator ${ind.key}: ${en}`)
    if (typeof ind.name !== 'string' || !ind.name.trim()) bad('NAME', '须有名称', 'needs a name')
    if (!dims.has(ind.dimension)) bad('DIMENSION', `维度“${ind.dimension}”不在 dimensions 中`, `dimension "${ind.dimension}" is not among the dimensions`)
    if (!ind.missing || typeof ind.missing.points !== 'number' || !Number.isFinite(ind.missing.points)) bad('MISSING_BIN', '须有缺失分档（missing.points）：缺失数据单独计分，不按 0 处理', 'needs a missing bin (missing.points): missing data is scored on its own, never as zero')
    const bins = Array.isArray(ind.bins) ? ind.bins : []
    if (bins.length === 0) bad('BINS', '须有分档（bins）', 'needs bins')
    for (const b of bins) if (typeof b?.points !== 'number' || !Number.isFinite(b.points)) bad('BINS', '每个分档须有分值（points）', 'every bin needs points')
    if (type === 'number') {
      bins.forEach((b, i) => {
        if (b.is !== undefined || b.else) bad('BINS', `数值指标的第 ${i + 1} 档须用 from/to 区间`, `bin ${i + 1} of a numeric indicator must use from/to`)
        if (i === 0 && b.from !== undefined) bad('BINS', '第一档不能有下限（from）：须覆盖所有更小的值', 'the first bin must have no from: it covers every smaller value')
        if (i === bins.length - 1 && b.to !== undefined) bad('BINS', '最后一档不能有上限（to）：须覆盖所有更大的值', 'the last bin must have no to: it covers every larger value')
        if (i > 0 && b.from !== bins[i - 1]!.to) bad('BINS', `第 ${i + 1} 档的下限 ${b.from} 须等于上一档的上限 ${bins[i - 1]!.to}（区间不得有空隙或重叠）`, `bin ${i + 1}: from ${b.from} must equal the previous bin's to ${bins[i - 1]!.to} (no gaps or overlaps)`)
        if (b.from !== undefined && b.to !== undefined && !(b.from < b.to)) bad('BINS', `第 ${i + 1} 档的区间为空`, `bin ${i + 1} is empty`)
      })
    } else {
      bins.forEach((b, i) => {
        if (b.from !== undefined || b.to !== undefined) bad('BINS', `非数值指标的第 ${i + 1} 档须用 is 列表或 else`, `bin ${i + 1} of a non-numeric indicator must use is or else`)
        if (b.else && i !== bins.length - 1) bad('BINS', 'else 档须在最后', 'the else bin must come last')
      })
      if (!bins[bins.length - 1]?.else) bad('BINS', '非数值指标的最后一档须为 else（其他值）', 'the last bin of a non-numeric indicator must be else')
    }
    if (issues.length > before) return null
    const points = [...bins.map((b) => b.points), ind.missing.points]
    return {
      key: ind.key, name: ind.name, dimension: ind.dimension, type, root, bins,
      missing: { points: ind.missing.points, label: ind.missing.label ?? '无数据' },
      minPoints: Math.min(...points), maxPoints: Math.max(...points),
    }
  }

  for (const key of byKey.keys()) compile(key)

  const grades = doc.grades
  grades.forEach((g, i) => {
    const last = i === grades.length - 1
    if (!g || typeof g.grade !== 'string' || !g.grade || typeof g.name !== 'string') issue(top, null, 'GRADES', `第 ${i + 1} 个等级须有 grade 和 name`, `grade ${i + 1} needs grade and name`)
    else if (last && g.min !== undefined) issue(where.indicator(g.grade), null, 'GRADES', `最低等级 ${g.grade} 不能有下限（min）：它接住其余所有分数`, `the lowest grade ${g.grade} must have no min: it takes every other score`)
    else if (!last && (typeof g.min !== 'number' || (i > 0 && !(g.min < (grades[i - 1]!.min ?? Infinity))))) issue(top, null, 'GRADES', `等级 ${g.grade} 的下限须为数值，且低于上一等级`, `grade ${g.grade}: min must be a number below the previous grade's`)
  })
  if (grades.length < 2) issue(top, null, 'GRADES', '至少需要两个等级', 'at least two grades')
  if (issues.length) throw new SystemInvalid(issues.sort((a, b) => a.line - b.line || a.column - b.column))

  const inDocOrder = doc.indicators.map((i) => i.key)
  const minScore = doc.base + ordered.reduce((s, i) => s + i.minPoints, 0)
  const maxScore = doc.base + ordered.reduce((s, i) => s + i.maxPoints, 0)
  return { document: doc, indicators: ordered, order: inDocOrder, aggregates, aggregateTypes, minScore, maxScore }
}

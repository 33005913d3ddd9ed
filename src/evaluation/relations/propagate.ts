import { entryCounts, type Link, type PropagationRule, type PropagationRules } from './propagation-rules.js'
import type { DishonestyEntry, EdgeKind, GradeAdjustment, PathStep, RelationFlag } from './relations.types.js'

/** A node as the walk sees it: what it is, how it is shown, and its 失信 records (subjects the hub holds). */
export interface WalkNode {
  id: string
  kind: 'subject' | 'enterprise' | 'person' | 'branch'
  label: string
  dishonesty: readonly DishonestyEntry[]
}

/** An edge in its stored direction: holder → enterprise, legal representative → enterprise, parent → branch. */
export interface WalkEdge {
  id: string
  from: string
  to: string
  kind: EdgeKind
  ratio: number | null
}

export interface WalkGraph {
  nodes: ReadonlyMap<string, WalkNode>
  edges: readonly WalkEdge[]
}

const CLASS_ZH: Record<DishonestyEntry['class'], string> = { minor: '轻微', general: '一般', serious: '严重' }
const pct = (r: number | null) => (r === null ? '' : `${Number(r.toFixed(2))}%`)

/** The edges at each node, both ways, built once per walk. */
function index(g: WalkGraph): { out: Map<string, WalkEdge[]>; into: Map<string, WalkEdge[]> } {
  const out = new Map<string, WalkEdge[]>()
  const into = new Map<string, WalkEdge[]>()
  for (const e of g.edges) {
    const o = out.get(e.from)
    if (o) o.push(e); else out.set(e.from, [e])
    const i = into.get(e.to)
    if (i) i.push(e); else into.set(e.to, [e])
  }
  return { out, into }
}

/** The parties one link reaches from `at`, each with the steps walked (one, or two for a shared legal representative). */
function reach(ix: ReturnType<typeof index>, at: string, link: { link: Link; minRatio?: number }): Array<{ party: string; steps: PathStep[] }> {
  const min = link.minRatio ?? 0
  const into = ix.into.get(at) ?? []
  const out = ix.out.get(at) ?? []
  const step = (e: WalkEdge, forward: boolean, label: string): PathStep => ({ from: forward ? e.from : e.to, to: forward ? e.to : e.from, edge: e.id, label })
  switch (link.link) {
    case 'shareholder':
      return into.filter((e) => e.kind === 'shareholder' && (e.ratio ?? 0) >= min).map((e) => ({ party: e.from, steps: [step(e, false, `股东持股${pct(e.ratio)}`)] }))
    case 'investment':
      return out.filter((e) => e.kind === 'shareholder' && (e.ratio ?? 0) >= min).map((e) => ({ party: e.to, steps: [step(e, true, `对外投资${pct(e.ratio)}`)] }))
    case 'legal_representative':
      return into.filter((e) => e.kind === 'legal_representative').map((e) => ({ party: e.from, steps: [step(e, false, '法定代表人')] }))
    case 'represented':
      return out.filter((e) => e.kind === 'legal_representative').map((e) => ({ party: e.to, steps: [step(e, true, '任法定代表人')] }))
    case 'shared_legal_representative':
      return into.filter((e) => e.kind === 'legal_representative').flatMap((e1) =>
        (ix.out.get(e1.from) ?? []).filter((e2) => e2.kind === 'legal_representative' && e2.to !== at)
          .map((e2) => ({ party: e2.to, steps: [step(e1, false, '法定代表人'), step(e2, true, '同一人任法定代表人')] })))
    case 'branch_parent':
      return into.filter((e) => e.kind === 'branch').map((e) => ({ party: e.from, steps: [step(e, false, '总公司')] }))
    case 'branch':
      return out.filter((e) => e.kind === 'branch').map((e) => ({ party: e.to, steps: [step(e, true, '分支机构')] }))
  }
}

/**
 * The flags one rule raises for `root`: a breadth-first walk over the rule's links up to its hops, each node once
 * (so cycles — A holds B holds A, a firm holding itself — end), flagging each party whose 失信 records count under
 * the rule, with the shortest path found. Pure; `itemName` names items in the status text.
 */
export function flagsOfRule(rule: PropagationRule, g: WalkGraph, root: string, today: string, itemName: (item: string) => string = (i) => i): RelationFlag[] {
  const ix = index(g)
  const label = (id: string) => g.nodes.get(id)?.label ?? id
  const seen = new Set([root])
  let frontier: Array<{ at: string; path: PathStep[] }> = [{ at: root, path: [] }]
  const flags: RelationFlag[] = []
  for (let hop = 1; hop <= rule.maxHops && frontier.length > 0; hop++) {
    const next: typeof frontier = []
    for (const f of frontier) {
      for (const link of rule.links) {
        for (const r of reach(ix, f.at, link)) {
          // A shared legal representative passes through the person: the person itself is not reached by that link.
          if (seen.has(r.party)) continue
          seen.add(r.party)
          const path = [...f.path, ...r.steps]
          next.push({ at: r.party, path })
          const node = g.nodes.get(r.party)
          const counting = (node?.dishonesty ?? []).filter((e) => entryCounts(rule, e, today))
          if (counting.length === 0) continue
          const worst = [...counting].sort((a, b) => b.maxEnd.localeCompare(a.maxEnd))[0]!
          const status = `${itemName(worst.item)}（${CLASS_ZH[worst.class]}失信，公示至 ${worst.maxEnd}）`
          const pathText = [label(root), ...path.map((s) => ` —${s.label}→ ${label(s.to)}`), ` —${itemName(worst.item)}`].join('')
          flags.push({ rule: rule.key, flag: rule.effect.flag, zh: rule.zh, party: r.party, partyLabel: label(r.party), status, path, pathText, gradeSteps: rule.effect.gradeSteps })
        }
      }
    }
    frontier = next
  }
  return flags
}

/** Each link read the other way: a party `l` reaches from X is a node from which X is reached by `INVERSE[l]`. */
const INVERSE: Record<Link, Link> = {
  shareholder: 'investment', investment: 'shareholder', legal_representative: 'represented', represented: 'legal_representative',
  shared_legal_representative: 'shared_legal_representative', branch_parent: 'branch', branch: 'branch_parent',
}

/**
 * The nodes from which some rule reaches `party` (within its hops, over its links): whose flags may move when the
 * party's 失信 records or edges change. Walks the rules' links backwards from the party, breadth first, each node
 * once; a superset when a rule mixes links (any order of the inverse links is walked). Pure.
 */
export function reachingNodes(rules: PropagationRules, g: WalkGraph, party: string): Set<string> {
  const ix = index(g)
  const out = new Set<string>()
  for (const rule of rules.rules) {
    const inverse = rule.links.map((l) => ({ ...l, link: INVERSE[l.link] }))
    const seen = new Set([party])
    let frontier = [party]
    for (let hop = 1; hop <= rule.maxHops && frontier.length > 0; hop++) {
      const next: string[] = []
      for (const at of frontier) {
        for (const link of inverse) {
          for (const r of reach(ix, at, link)) {
            if (seen.has(r.party)) continue
            seen.add(r.party)
            out.add(r.party)
            next.push(r.party)
          }
        }
      }
      frontier = next
    }
  }
  return out
}

/** Every rule's flags for `root`, in rule order. */
export function flagsOf(rules: PropagationRules, g: WalkGraph, root: string, today: string, itemName?: (item: string) => string): RelationFlag[] {
  return rules.rules.flatMap((r) => flagsOfRule(r, g, root, today, itemName))
}

/**
 * The grade a caller sees: each rule that raised a flag lowers the grade by its steps once (however many parties it
 * found), never below its floor (a grade already below the floor stays). `grades` best first (A, B, C, D).
 */
export function adjustGrade(rules: PropagationRules, baseGrade: string, grades: readonly string[], flags: readonly RelationFlag[]): GradeAdjustment {
  let at = grades.indexOf(baseGrade)
  const reasons: string[] = []
  let steps = 0
  if (at >= 0) {
    for (const rule of rules.rules) {
      const fired = flags.filter((f) => f.rule === rule.key)
      if (fired.length === 0) continue
      const more = fired.length > 1 ? `等 ${fired.length} 个关联方` : ''
      if (rule.effect.gradeSteps === 0) {
        reasons.push(`${rule.zh}：${fired[0]!.pathText}${more}（仅提示，不调整等级）`)
        continue
      }
      const floorAt = rule.effect.floor !== null && grades.includes(rule.effect.floor) ? grades.indexOf(rule.effect.floor) : grades.length - 1
      const to = Math.max(at, Math.min(at + rule.effect.gradeSteps, floorAt))
      if (to === at) {
        reasons.push(`${rule.zh}：${fired[0]!.pathText}${more}；等级已为 ${grades[at]}，不再下调（最低 ${grades[floorAt]}）`)
        continue
      }
      reasons.push(`${rule.zh}：${fired[0]!.pathText}${more}；等级由 ${grades[at]} 下调 ${to - at} 级至 ${grades[to]}`)
      steps += to - at
      at = to
    }
  }
  return { baseGrade, grade: at >= 0 ? grades[at]! : baseGrade, steps, reasons, flags: [...flags] }
}

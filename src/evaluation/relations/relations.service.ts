import type { Database, Sql } from '../../core/index.js'
import { beijingDate, hmacSm3, sm3, unseal } from '../../core/index.js'
import { maskPersonName, type GrantService, type Principal } from '../../access/index.js'
import { actorOf, type AuditService } from '../../audit/index.js'
import type { CatalogService } from '../../catalog/index.js'
import { readRangeAggregates, readSubjectBoundaries, readSubjectBundle } from '../../records/index.js'
import type { RegistryService } from '../../registry/index.js'
import { publicityOf, type RepairRules } from '../../repair/index.js'
import { findLiveGrant } from '../scorecard/live-grant.js'
import { dishonestyOf, edgesOf, EDGE_ITEMS, ID_ITEMS, type PersonKeys, type SourceRecord } from './edges.js'
import { adjustGrade, flagsOf, reachingNodes, type WalkEdge, type WalkGraph, type WalkNode } from './propagate.js'
import { entryCounts, loadPropagationRules, testedFields, type PropagationRules } from './propagation-rules.js'
import { createRelationsRepository, type EdgeRow } from './relations.repository.js'
import { RelationsErrors } from './relations.errors.js'
import { RELATION_LIMITS } from './relations.limits.js'
import type { DishonestyEntry, GradeAdjustment, GraphEdge, GraphNode, RelationFlag, RelationGraph, StoredEdge } from './relations.types.js'


/** A node while walking: internal id `kind|ref` (ref: subject key, person key, enterprise name, branch code). */
interface Held {
  id: string
  kind: 'subject' | 'enterprise' | 'person' | 'branch'
  ref: string
  name: string | null
  depth: number
  dishonesty: DishonestyEntry[]
  /** Added beyond the bounds, because it holds 失信 records next to a node the walk kept (flags see it; the view not). */
  beyond?: boolean
}

/** A walk: nodes and edges (internal ids), and the first hop at which a bound cut it (null: nothing was cut). */
interface Walked { nodes: Map<string, Held>; edges: Map<string, WalkEdge & { owner: string }>; cutAt: number | null }

const pct = (r: number | null) => (r === null ? '' : `${Number(r.toFixed(2))}%`)
const EDGE_LABEL = { shareholder: (r: number | null) => `持股${pct(r)}`, legal_representative: () => '法定代表人', branch: () => '分支机构' }
const CLASS_ZH = { minor: '轻微失信', general: '一般失信', serious: '严重失信' } as const

/**
 * 关联分析 (§十二): the relationship graph of enterprises, their shareholders, legal representatives, branches and
 * investments, built from current records and kept current from the records change feed; the propagation rules
 * (data/evaluation/propagation-rules.json) that flag a subject whose related party is 失信, with the path; the grade
 * adjustment of each flagged subject, stored and kept current from the change feed, which the evaluation applies to
 * the base grade to give the grade shown.
 *
 * @example
 * const relations = createRelationsService({ db, dataKey, registry, grants, audit, catalog, repairRules })
 * await relations.rebuildAll()
 * await relations.graph(operator, '91640100MA76XQ0A8A', { depth: 2 }) // nodes, edges, flags with paths, truncated
 */
export function createRelationsService(deps: {
  db: Database
  dataKey: Buffer
  registry: Pick<RegistryService, 'subjectKeyOf' | 'get'>
  grants: Pick<GrantService, 'between'>
  audit: Pick<AuditService, 'append'>
  catalog: Pick<CatalogService, 'current'>
  repairRules: RepairRules
  rules?: PropagationRules
  now?: () => Date
  limits?: Partial<Record<keyof typeof RELATION_LIMITS, number>>
}) {
  const { db } = deps
  const now = deps.now ?? (() => new Date())
  const limits = { ...RELATION_LIMITS, ...deps.limits }
  const repairItems = new Set(Object.keys(deps.repairRules.items))
  const rules = deps.rules ?? loadPropagationRules(undefined, { knownItems: repairItems })
  const tested = testedFields(rules)
  const repo = createRelationsRepository()
  /** Every item whose records the graph reads: edges, the legal representative's ID, 失信 records. */
  const ITEMS = [...new Set<string>([...EDGE_ITEMS, ...ID_ITEMS, ...repairItems])]
  const itemSet = new Set(ITEMS)
  // Shared legal representatives are two edges (enterprise — person — enterprise): a rule hop may be two graph hops.
  const maxRuleHops = Math.max(1, ...rules.rules.map((r) => r.maxHops))
  const ruleDepth = 2 * maxRuleHops

  const personKeys: PersonKeys = {
    ofSealedId(sealed) {
      try {
        const key = deps.registry.subjectKeyOf(unseal(deps.dataKey, sealed))
        return key.startsWith('P:') ? key : null
      } catch {
        return null
      }
    },
    ofName: (subjectKey, name) => 'PN:' + hmacSm3(deps.dataKey, `relations|${subjectKey}|${name}`).slice(0, 40),
  }
  const classify = (item: string, data: Record<string, unknown>) => {
    const p = publicityOf(deps.repairRules, item, data)
    return p ? { class: p.class, start: p.start, maxEnd: p.maxEnd } : null
  }
  const itemName = (item: string) => deps.catalog.current().get(item)?.item.name ?? item

  /** Rebuilds the edges and subject rows of some subjects from their current records, in the caller's transaction. */
  async function rebuildWithin(tx: Sql, subjectKeys: readonly string[]): Promise<{ edges: number; moved: string[] }> {
    const keys = [...new Set(subjectKeys)].filter((k) => !k.startsWith('N:'))
    const state = async () => {
      const [e, s] = [await repo.edgesOf(tx, keys), await repo.subjects(tx, keys)]
      const by = new Map<string, string>()
      for (const r of e) by.set(r.subject_key, (by.get(r.subject_key) ?? '') + JSON.stringify([r.item_key, r.record_key, r.kind, r.peer_kind, r.peer_key, r.peer_name, r.ratio]))
      // Only the 失信 entries a rule counts today can move a flag (a minor listing, or one whose publicity ended, cannot).
      const today = beijingDate(now())
      for (const [k, r] of s) by.set(k, (by.get(k) ?? '') + JSON.stringify([r.name, r.dishonesty.filter((e) => rules.rules.some((rule) => entryCounts(rule, e, today)))]))
      return by
    }
    const before = await state()
    const edges: StoredEdge[] = []
    const subjects: Array<{ subjectKey: string; name: string | null; dishonesty: DishonestyEntry[] }> = []
    for (const key of keys) {
      const b = await readSubjectBundle(tx, key, { items: ITEMS })
      if (!b) continue
      const records: SourceRecord[] = b.records.map((r) => ({ itemKey: r.item_key, recordKey: r.record_key, data: r.data, receivedAt: r.received_at }))
      edges.push(...edgesOf(key, records, personKeys))
      const name = b.subject.kind === 'organization' ? b.subject.name : null
      const dishonesty = dishonestyOf(records, classify, tested)
      if (name !== null || dishonesty.length > 0) subjects.push({ subjectKey: key, name, dishonesty })
    }
    await repo.replace(tx, keys, edges, subjects, now())
    const after = await state()
    // Only a subject whose edges, name or 失信 records moved can move anyone's flags (most record changes do not).
    const moved = keys.filter((k) => before.get(k) !== after.get(k))
    return { edges: edges.length, moved }
  }

  const cut = (w: Walked, level: number) => {
    if (w.cutAt === null) w.cutAt = level
  }
  const ensure = (w: Walked, id: string, level: number, init: () => Omit<Held, 'id'>, beyond = false): boolean => {
    if (w.nodes.has(id)) return true
    if (beyond) {
      w.nodes.set(id, { id, ...init(), beyond: true })
      return true
    }
    if (w.nodes.size >= limits.maxNodes) {
      cut(w, level)
      return false
    }
    w.nodes.set(id, { id, ...init() })
    return true
  }

  /**
   * Walks from a subject `depth` hops over the stored edges, breadth first, one bounded query per hop (and two small
   * ones resolving names and codes), keeping at most `maxNodes` nodes: what a hub's graph cannot blow up.
   * `complete`: where a bound cut a hop, the hop's edges to nodes holding 失信 records are added too, whatever the
   * bounds (one more set-based query), so that the flags look at every related party next to a node kept — not only
   * at the first `maxEdgesPerLevel` edges. Those nodes are marked `beyond` and are not shown as the graph.
   */
  async function walk(sql: Sql, rootKey: string, rootName: string | null, depth: number, complete = false, prune = false): Promise<Walked> {
    const w: Walked = { nodes: new Map(), edges: new Map(), cutAt: null }
    const rootRow = (await repo.subjects(sql, [rootKey])).get(rootKey)
    const rootId = `subject|${rootKey}`
    w.nodes.set(rootId, { id: rootId, kind: 'subject', ref: rootKey, name: rootRow?.name ?? rootName, depth: 0, dishonesty: rootRow?.dishonesty ?? [] })
    let frontier = [rootId]
    for (let level = 1; level <= depth && frontier.length > 0; level++) {
      const subjects: string[] = []
      const keys: string[] = []
      const names: string[] = []
      for (const id of frontier) {
        const n = w.nodes.get(id)!
        if (n.kind === 'subject') {
          subjects.push(n.ref)
          keys.push(n.ref)
          if (n.name) names.push(n.name)
        } else if (n.kind === 'person') keys.push(n.ref)
        else if (n.kind === 'enterprise') names.push(n.ref)
        else if (!n.ref.startsWith('name:')) keys.push(n.ref)
      }
      let rows: EdgeRow[] = await repo.neighbours(sql, { subjects, keys, names, limit: limits.maxEdgesPerLevel + 1 })
      let extra: EdgeRow[] = []
      if (rows.length > limits.maxEdgesPerLevel) {
        cut(w, level)
        rows = rows.slice(0, limits.maxEdgesPerLevel)
        if (complete) extra = await repo.dishonestNeighbours(sql, { subjects, keys, names })
      }
      const both = [...rows, ...extra]
      const resolved = await repo.byName(sql, [...new Set(both.filter((r) => r.peer_kind === 'enterprise' && r.peer_name).map((r) => r.peer_name!))])
      const branchCodes = [...new Set(both.filter((r) => r.peer_kind === 'branch' && r.peer_key).map((r) => r.peer_key!))]
      const knownBranches = await repo.subjects(sql, branchCodes)
      const added: string[] = []
      const subjectNode = (key: string, name: string | null): [string, () => Omit<Held, 'id'>] => [`subject|${key}`, () => ({ kind: 'subject', ref: key, name, depth: level, dishonesty: [] })]
      const place = (r: EdgeRow, beyond: boolean) => {
        const [ownerId, ownerInit] = subjectNode(r.subject_key, null)
        let peer: [string, () => Omit<Held, 'id'>]
        if (r.peer_kind === 'person') peer = [`person|${r.peer_key}`, () => ({ kind: 'person', ref: r.peer_key!, name: r.peer_name, depth: level, dishonesty: [] })]
        else if (r.peer_kind === 'enterprise') {
          const key = resolved.get(r.peer_name ?? '')
          peer = key ? subjectNode(key, r.peer_name) : [`enterprise|${r.peer_name}`, () => ({ kind: 'enterprise', ref: r.peer_name ?? '', name: r.peer_name, depth: level, dishonesty: [] })]
        } else if (r.peer_key && knownBranches.has(r.peer_key)) peer = subjectNode(r.peer_key, knownBranches.get(r.peer_key)!.name ?? r.peer_name)
        else {
          const ref = r.peer_key ?? `name:${r.peer_name}`
          peer = [`branch|${ref}`, () => ({ kind: 'branch', ref, name: r.peer_name, depth: level, dishonesty: [] })]
        }
        for (const [id, init] of [[ownerId, ownerInit], peer] as const) {
          if (w.nodes.has(id)) continue
          if (ensure(w, id, level, init, beyond)) added.push(id)
        }
        if (!w.nodes.has(ownerId) || !w.nodes.has(peer[0])) return
        const [from, to] = r.kind === 'branch' ? [ownerId, peer[0]] : [peer[0], ownerId]
        // Hashed only for what is shown (edgeId): a record key may hold a name.
        const id = `${r.subject_key}\u001f${r.item_key}\u001f${r.record_key}\u001f${r.kind}`
        if (!w.edges.has(id)) w.edges.set(id, { id, from, to, kind: r.kind, ratio: r.ratio === null ? null : Number(r.ratio), owner: r.subject_key })
      }
      for (const r of rows) place(r, false)
      // The parties on a 失信 list beyond the cut: the frontier's nodes are all kept, so these are the other ends.
      for (const r of extra) place(r, true)
      // Names and 失信 records of the subjects (and persons on file as subjects) just reached.
      const rowsOf = await repo.subjects(sql, added.map((id) => w.nodes.get(id)!).filter((n) => n.kind === 'subject' || n.kind === 'person').map((n) => n.ref))
      for (const id of added) {
        const n = w.nodes.get(id)!
        const s = rowsOf.get(n.ref)
        if (!s) continue
        n.dishonesty = s.dishonesty
        if (n.kind === 'subject' && s.name) n.name = s.name
      }
      // `prune` (walks for the rules only): a graph hop is a rule hop except the shared legal representative's two,
      // which pass through a person; so a node other than a person at depth d has used at least ⌈d/2⌉ rule hops, and
      // is not expanded once that leaves none — a firm next to a hub does not read the hub's 10,000 edges for nothing.
      frontier = prune ? added.filter((id) => w.nodes.get(id)!.kind === 'person' || Math.ceil(level / 2) < maxRuleHops) : added
    }
    return w
  }

  /** Labels as the caller may see them: persons masked, unless on the caller's own enterprise's records. */
  function labelsOf(w: Walked, ownKey: string | null): Map<string, string> {
    const visible = new Set<string>()
    if (ownKey) for (const e of w.edges.values()) if (e.owner === ownKey) visible.add(e.from).add(e.to)
    const out = new Map<string, string>()
    for (const n of w.nodes.values()) {
      const name = n.name ?? (n.kind === 'subject' ? n.ref : '')
      out.set(n.id, n.kind === 'person' && !visible.has(n.id) ? maskPersonName(name) || '自然人' : name || '（未具名）')
    }
    return out
  }

  // A secret derived once from the data key: a person's id is SM3 over it and the person's key (one hash per node, not
  // an HMAC's two), which nobody without the data key can link to an ID number or a registry key.
  const nodeSecret = hmacSm3(deps.dataKey, 'relations-node')
  const personId = (key: string) => `person:${sm3(`${nodeSecret}|${key}`).slice(0, 20)}`
  const edgeId = (internal: string) => 'e' + sm3(internal).slice(0, 16)

  /** The id a caller sees: codes of organisations as they are; persons by a keyed hash that reveals nothing. */
  function externalId(n: Held): string {
    switch (n.kind) {
      case 'subject': return n.ref.startsWith('P:') ? personId(n.ref) : `S:${n.ref}`
      case 'person': return personId(n.ref)
      case 'enterprise': return `org:${sm3(n.ref).slice(0, 20)}`
      case 'branch': return n.ref.startsWith('name:') ? `branch:${sm3(n.ref).slice(0, 20)}` : `branch:${n.ref}`
    }
  }

  function walkGraph(w: Walked, labels: Map<string, string>): WalkGraph {
    const nodes = new Map<string, WalkNode>()
    for (const n of w.nodes.values()) nodes.set(n.id, { id: n.id, kind: n.kind, label: labels.get(n.id)!, dishonesty: n.dishonesty })
    return { nodes, edges: [...w.edges.values()] }
  }

  /** A flag as shown and stored: node and edge ids as the graph shows them (no internal key, persons masked). */
  function shownFlag(f: RelationFlag, ext: (id: string) => string): RelationFlag {
    return { ...f, party: ext(f.party), path: f.path.map((s) => ({ ...s, from: ext(s.from), to: ext(s.to), edge: edgeId(s.edge) })) }
  }

  /**
   * A subject's flags over a complete walk deep enough for every rule (persons masked: the flags are shown to
   * institutions), with what they depend on: the subjects whose records state an edge of a path or are its party
   * (`via`), and the day the first flag lapses by itself (`validUntil`, the party's publicity end).
   */
  async function flagsFor(sql: Sql, rootKey: string): Promise<{ flags: RelationFlag[]; via: string[]; validUntil: string | null }> {
    const today = beijingDate(now())
    const w = await walk(sql, rootKey, null, ruleDepth, true, true)
    const raw = flagsOf(rules, walkGraph(w, labelsOf(w, null)), `subject|${rootKey}`, today, itemName)
    const via = new Set<string>()
    let validUntil: string | null = null
    for (const f of raw) {
      const party = w.nodes.get(f.party)!
      via.add(party.ref)
      for (const step of f.path) via.add(step.edge.split('\u001f')[0]!)
      const rule = rules.rules.find((r) => r.key === f.rule)!
      const ends = party.dishonesty.filter((e) => entryCounts(rule, e, today)).map((e) => e.maxEnd).sort()
      const lapses = ends[ends.length - 1]
      if (rule.party.inPublicity && lapses && (validUntil === null || lapses < validUntil)) validUntil = lapses
    }
    const ext = (id: string) => externalId(w.nodes.get(id)!)
    return { flags: raw.map((f) => shownFlag(f, ext)), via: [...via].sort(), validUntil }
  }

  /** What decides whether a subject's flags moved. */
  const flagSignature = (flags: readonly RelationFlag[]) => flags.map((f) => `${f.rule}|${f.party}|${f.status}|${f.pathText}`).sort().join('\n')

  /**
   * Recomputes the stored adjustment of some subjects (organisations; natural persons are not graded through the
   * graph) and returns those whose flags moved. Keeps a row only for a subject a rule flagged.
   */
  async function readjust(tx: Sql, subjectKeys: Iterable<string>): Promise<string[]> {
    const keys = [...new Set(subjectKeys)].filter((k) => !k.startsWith('P:') && !k.startsWith('N:'))
    if (keys.length === 0) return []
    const stored = await repo.adjustments(tx, keys)
    const moved: string[] = []
    const gone: string[] = []
    for (const key of keys) {
      const f = await flagsFor(tx, key)
      const before = stored.get(key)
      if (f.flags.length === 0) {
        if (before) gone.push(key)
      } else await repo.putAdjustment(tx, { subjectKey: key, ...f }, now())
      if (flagSignature(before ?? []) !== flagSignature(f.flags)) moved.push(key)
    }
    await repo.deleteAdjustments(tx, gone)
    return moved
  }

  /**
   * The subjects whose flags may move when `keys` changed: those from which a rule reaches one of them (walked
   * backwards over the rules' links, within the walk's bounds), and those whose stored flags pass through one of them.
   */
  async function reachedFrom(tx: Sql, keys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>(await repo.adjustedVia(tx, keys))
    for (const key of keys) {
      const w = await walk(tx, key, null, ruleDepth, false, true)
      for (const id of reachingNodes(rules, walkGraph(w, new Map([...w.nodes.keys()].map((k) => [k, k]))), `subject|${key}`)) {
        const n = w.nodes.get(id)!
        if (n.kind === 'subject') out.add(n.ref)
      }
    }
    return out
  }

  /** The part of a walk within `depth` hops: nodes that far, the edges between them, and whether a bound cut it. */
  function within(w: Walked, depth: number): { nodes: Held[]; edges: Array<WalkEdge & { owner: string }>; truncated: boolean } {
    const nodes = [...w.nodes.values()].filter((n) => n.depth <= depth && !n.beyond)
    const ids = new Set(nodes.map((n) => n.id))
    return { nodes, edges: [...w.edges.values()].filter((e) => ids.has(e.from) && ids.has(e.to)), truncated: w.cutAt !== null && w.cutAt <= depth }
  }

  async function authorize(p: Principal, subjectKey: string, grantId: string | undefined): Promise<{ own: boolean; grant: { id: string; mode: string } | null; purpose: string }> {
    const own = p.role === 'enterprise' && p.organization !== null && deps.registry.subjectKeyOf(p.organization) === subjectKey
    if (own) return { own, grant: null, purpose: '信用主体自查' }
    if (p.role === 'operator') return { own, grant: null, purpose: '数据中心运营管理' }
    if (p.role !== 'institution' || !p.organization) throw RelationsErrors.NOT_ALLOWED()
    const g = await findLiveGrant(deps.grants, p.organization, subjectKey, grantId)
    if (!g) throw RelationsErrors.GRANT_REQUIRED()
    return { own, grant: { id: g.id, mode: g.mode }, purpose: g.purpose }
  }

    /**
   * Recomputes every adjustment: of the subjects holding one, and of those a rule reaches a subject with 失信
   * records from. Page by page (a transaction each). Returns the subjects whose flags moved.
   */
  async function readjustAll(opts: { pageSize?: number } = {}): Promise<string[]> {
    const size = opts.pageSize ?? 200
    const moved: string[] = []
    for (const next of [repo.adjustedAfter, repo.dishonestSubjects]) {
      for (let after = ''; ;) {
        const page = await next(db, after, size)
        if (page.length === 0) break
        after = page[page.length - 1]!
        moved.push(...await db.transaction(async (tx) => readjust(tx, next === repo.adjustedAfter ? page : [...page, ...(await reachedFrom(tx, page))])))
      }
    }
    return [...new Set(moved)]
  }

  return {
    rules: () => rules,
    /** The items whose changes the graph follows. */
    items: (): readonly string[] => ITEMS,

    /** Rebuilds some subjects' edges now (in `within`, or a transaction of its own); returns the edges stored. */
    async rebuild(subjectKeys: readonly string[], within?: Sql): Promise<number> {
      const run = async (tx: Sql) => {
        const r = await rebuildWithin(tx, subjectKeys)
        await readjust(tx, [...r.moved, ...(await reachedFrom(tx, r.moved))])
        return r.edges
      }
      return within ? run(within) : db.transaction(run)
    },

    /**
     * The evaluation's follower hands each page of record changes here, inside its transaction, before it rescores:
     * the subjects whose graph items changed are rebuilt, and the adjustments of every subject a rule reaches them
     * from are recomputed — plus up to `maxLapsedPerStep` adjustments whose party's publicity has ended. Returns the
     * subjects whose flags moved, for the evaluation to rescore with the changed ones (so their grade shown is
     * stored, and a drop alerts, in this same transaction). A page with no changes only looks at lapsed flags.
     */
    async recordsChanged(tx: Sql, changes: ReadonlyArray<{ subjectKey: string; itemKey: string }>): Promise<string[]> {
      const keys = [...new Set(changes.filter((c) => itemSet.has(c.itemKey)).map((c) => c.subjectKey))]
      const moved = keys.length > 0 ? (await rebuildWithin(tx, keys)).moved : []
      const todo = moved.length > 0 ? new Set([...moved, ...(await reachedFrom(tx, moved))]) : new Set<string>()
      for (const k of await repo.lapsed(tx, beijingDate(now()), limits.maxLapsedPerStep)) todo.add(k)
      return readjust(tx, todo)
    },

    /**
     * Recomputes up to `limit` adjustments whose `valid_until` has come (a party's publicity ended), in the caller's
     * transaction, without any record change: what an idle system needs, since a follower step only runs when the feed
     * has changes. Returns the lapsed subjects looked at and those whose flags moved (for the evaluation to rescore).
     * A recomputed adjustment's `valid_until` is after today or gone, so repeated calls move through the backlog.
     */
    async readjustLapsed(tx: Sql, limit: number): Promise<{ lapsed: string[]; moved: string[] }> {
      const lapsed = await repo.lapsed(tx, beijingDate(now()), limit)
      return { lapsed, moved: await readjust(tx, lapsed) }
    },

    /** The stored flags of some subjects (absent: none), as the evaluation applies them. */
    storedFlags: (sql: Sql, keys: readonly string[]) => repo.adjustments(sql, keys),

    /** The stored flags of the subjects in a key range (a page of the evaluation's full run). */
    storedFlagsInRange: (sql: Sql, after: string, last: string) => repo.adjustmentsInRange(sql, after, last),

    readjustAll,

    /**
     * Rebuilds every subject holding records of the graph's items, page by page in key order (one range read of
     * which subjects hold them, then each one's records), for data loaded before the graph existed.
     */
    async rebuildAll(opts: { pageSize?: number; onPage?: (done: number) => void } = {}): Promise<{ subjects: number; edges: number; adjusted: string[] }> {
      const cuts = await readSubjectBoundaries(db, opts.pageSize ?? 1000)
      const ranges = [...cuts, null].map((upTo, i) => ({ after: i === 0 ? '' : cuts[i - 1]!, upTo }))
      const aggregates = ITEMS.map((item) => ({ op: 'exists' as const, item }))
      let subjects = 0
      let edges = 0
      for (const range of ranges) {
        const rows = await readRangeAggregates(db, { ...range, aggregates, asOf: beijingDate(now()) })
        // Subjects holding none of the items any more (withdrawn) are rebuilt too: their old edges must go.
        const keys = rows.map((r) => r.subjectKey).filter((k) => !k.startsWith('N:'))
        const holding = new Set(rows.filter((r) => r.values.some(Boolean)).map((r) => r.subjectKey))
        const known = await repo.subjects(db, keys.filter((k) => !holding.has(k)))
        const todo = keys.filter((k) => holding.has(k) || known.has(k))
        if (todo.length === 0) continue
        edges += (await db.transaction((tx) => rebuildWithin(tx, todo))).edges
        subjects += todo.length
        opts.onPage?.(subjects)
      }
      // Adjustments after the whole graph is rebuilt: a page's subjects may be parties of another page's.
      return { subjects, edges, adjusted: await readjustAll() }
    },

    /** How many edges and subjects the graph holds (for the CLI and tests). */
    counts: () => repo.counts(db),

    /**
     * A subject's relationship graph for the caller, on the portrait's footing: the enterprise itself, the operator,
     * an institution under a live grant (any mode: the graph is derived). Bounded by depth (1–3) and node count,
     * with `truncated` when the bound cut it; persons masked unless on the enterprise's own records; audited.
     */
    async graph(p: Principal, code: string, opts: { depth?: number; grantId?: string | undefined } = {}): Promise<RelationGraph> {
      const depth = Math.max(1, Math.min(limits.maxDepth, Math.trunc(opts.depth ?? 1)))
      const subjectKey = deps.registry.subjectKeyOf(code)
      if (subjectKey.startsWith('P:')) throw RelationsErrors.SUBJECT_NOT_FOUND(code)
      const who = await authorize(p, subjectKey, opts.grantId)
      const subject = await deps.registry.get(code).catch(() => { throw RelationsErrors.SUBJECT_NOT_FOUND(code) })
      const ownKey = who.own ? subjectKey : null
      // One walk serves the graph and the flags: as deep as the caller asked or the rules need, shown to the depth
      // asked (breadth first, so the nodes within that depth are those a walk of that depth alone would keep).
      const today = beijingDate(now())
      const w = await walk(db, subjectKey, subject.name, Math.max(depth, ruleDepth), true)
      const labels = labelsOf(w, ownKey)
      const rawFlags = flagsOf(rules, walkGraph(w, labels), `subject|${subjectKey}`, today, itemName)
      const shown = within(w, depth)
      const ext = new Map<string, string>()
      for (const n of w.nodes.values()) ext.set(n.id, externalId(n))
      const nodes: GraphNode[] = shown.nodes.map((n) => ({
        id: ext.get(n.id)!, kind: n.kind, label: labels.get(n.id)!,
        code: n.kind === 'subject' && !n.ref.startsWith('P:') ? n.ref : n.kind === 'branch' && !n.ref.startsWith('name:') ? n.ref : null,
        depth: n.depth, root: n.depth === 0,
        statuses: [...new Set(n.dishonesty.filter((e) => rules.rules.some((r) => entryCounts(r, e, today))).map((e) => `${CLASS_ZH[e.class]}·${itemName(e.item)}`))],
      }))
      const edges: GraphEdge[] = shown.edges.map((e) => ({ id: edgeId(e.id), from: ext.get(e.from)!, to: ext.get(e.to)!, kind: e.kind, label: EDGE_LABEL[e.kind](e.ratio), ratio: e.ratio }))
      const flags = rawFlags.map((f) => shownFlag(f, (id) => ext.get(id)!))
      const e = await deps.audit.append({
        actor: actorOf(p), action: 'relations.read', subjectKey, grantId: who.grant?.id ?? null, purpose: who.purpose,
        details: { depth, nodes: nodes.length, edges: edges.length, truncated: shown.truncated, flags: [...new Set(flags.map((f) => f.flag))], ...(who.grant ? { mode: who.grant.mode } : {}) },
      })
      return {
        subject: { subjectKey, code: subject.uscc ?? null, name: subject.name ?? null }, depth, nodes, edges, truncated: shown.truncated, flags, flagsOnWhole: true,
        limits: { maxDepth: limits.maxDepth, maxNodes: limits.maxNodes }, audit: { seq: e.seq, hash: e.hash }, grant: who.grant,
      }
    },

    /**
     * The grade shown for a base grade and a subject's stored flags: lowered by the rules that raised them, with their
     * reasons in Chinese (persons masked: reasons go to institutions too). `grades` best first.
     */
    adjust(baseGrade: string, grades: readonly string[], flags: readonly RelationFlag[]): GradeAdjustment {
      return adjustGrade(rules, baseGrade, grades, flags)
    },

    /** A subject's flags computed now over the current graph (what `storedFlags` must equal; tests, diagnostics). */
    flagsNow: async (subjectKey: string): Promise<RelationFlag[]> => (await flagsFor(db, subjectKey)).flags,
  }
}

export type RelationsService = ReturnType<typeof createRelationsService>

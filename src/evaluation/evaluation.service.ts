import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Database, Sql } from '../core/index.js'
import { beijingDate } from '../core/index.js'
import type { CatalogIndex, CatalogService } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import type { AuditService } from '../audit/index.js'
import { actorOf } from '../audit/index.js'
import type { GrantService, Principal } from '../access/index.js'
import { CHANGE_FEED_START, currentChangeCursor, readRangeAggregates, readRecordChanges, readSubjectAggregates, readSubjectBoundaries, watchRecordChanges, type SubjectAggregates } from '../records/index.js'
import type { FormulaCatalog, Value, ValueType } from './indicator-formula.js'
import { compileSystem, SystemInvalid, type CompiledSystem, type SystemIssue } from './indicator-system.js'
import { scoreSubject, valueOfAggregate, type SubjectScore } from './scoring.js'
import { createEvaluationRepository, type ScoreRow, type SystemVersionRow } from './evaluation.repository.js'
import { EvaluationErrors } from './evaluation.errors.js'
import type { EvaluationPorts, EvaluationView, GradeChange, IndicatorView, PublishedSystem, RelationsHook } from './evaluation.types.js'
import type { GradeAdjustment, RelationFlag } from './relations/relations.types.js'
import { RELATION_LIMITS } from './relations/relations.limits.js'

/** The indicator system shipped with the product, published as version 1 on first start. */
export const BUNDLED_SYSTEM_PATH = new URL('../../data/evaluation/indicators.json', import.meta.url)

import { MAX_SYSTEM_BYTES } from './evaluation.limits.js'

const FOLLOWER = 'evaluation.rescore'

/** The catalog as the formula language sees it: item keys, field types, identifiers refused. */
export function catalogForFormulas(index: CatalogIndex): FormulaCatalog {
  return {
    hasItem: (item) => index.get(item) !== undefined,
    fieldType(item, field) {
      const f = index.get(item)?.item.fields.find((x) => x.key === field)
      if (!f) return undefined
      if (f.type === 'id_number' || f.sensitivity === 'sensitive') return 'identifier'
      const t: Record<string, ValueType> = { integer: 'number', decimal: 'number', money: 'number', boolean: 'boolean', date: 'date', datetime: 'date' }
      return t[f.type] ?? 'string'
    },
  }
}

interface Loaded {
  version: number
  row: SystemVersionRow
  system: CompiledSystem
}

/** Scores the values the database returned for one subject. */
function scoreOf(system: CompiledSystem, a: SubjectAggregates, asOf: string): SubjectScore {
  const values: Value[] = a.values.map((v, i) => valueOfAggregate(system.aggregateTypes[i]!, v))
  return scoreSubject(system, values, asOf)
}

/** What decides whether a new score differs: the SQL of `repo.signatures` builds the same text. */
const signature = (s: { version: number; score: number; grade: string; bins: readonly number[]; shown: string }) => `${s.version}|${Number(s.score).toFixed(2)}|${s.grade}|${s.bins.join(',')}|${s.shown}`
const shownOf = (r: Pick<ScoreRow, 'grade' | 'shown_grade'>) => r.shown_grade ?? r.grade

/**
 * 信用评价 (§十二): the indicator system's versions, the full run over every subject, the rescoring of subjects whose
 * records changed (driven by the records change feed), and the reads of a score with its reasons, cut to who asks.
 *
 * @example
 * const evaluation = createEvaluationService({ db, catalog, registry, grants, audit })
 * await evaluation.init()
 * await evaluation.runAll('system')
 * await evaluation.read(enterprisePrincipal, '91640100MA76XQ0A8A') // score, grade, reasons, indicators
 */
export function createEvaluationService(deps: {
  db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; grants: Pick<GrantService, 'between'>
  now?: () => Date
  /** The relationship graph: rebuilt with the scores from the change feed; its stored flags adjust the grade shown. */
  relations?: RelationsHook
  ports?: EvaluationPorts
}) {
  const { db, catalog, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createEvaluationRepository()
  const compiled = new Map<number, Loaded>()
  let latest: Loaded | null = null
  let running = false

  function compile(source: string): CompiledSystem {
    return compileSystem(source, catalogForFormulas(catalog.current()))
  }

  function load(row: SystemVersionRow): Loaded {
    let l = compiled.get(row.version)
    if (!l) {
      l = { version: row.version, row, system: compile(row.source) }
      compiled.set(row.version, l)
    }
    return l
  }

  function current(): Loaded {
    if (!latest) throw EvaluationErrors.NO_SYSTEM()
    return latest
  }

  function invalid(issues: SystemIssue[]) {
    const first = issues.slice(0, 3).map((i) => `第 ${i.line} 行第 ${i.column} 列 ${i.zh}`).join('；')
    const e = EvaluationErrors.SYSTEM_INVALID(issues.length, first)
    return Object.assign(e, { details: { issues } })
  }

  /** The grade shown for a base grade under a subject's stored flags (none: the base grade). */
  function shown(l: Loaded, baseGrade: string, flags: readonly RelationFlag[] | undefined): { grade: string; adjustment: GradeAdjustment | null } {
    if (!deps.relations || !flags || flags.length === 0) return { grade: baseGrade, adjustment: null }
    const a = deps.relations.adjust(baseGrade, l.system.document.grades.map((g) => g.grade), flags)
    return { grade: a.grade, adjustment: a }
  }

  /**
   * Scores the subjects and stores those whose score or grade shown changed; returns every new score. The grade
   * shown is the base grade under the subject's stored flags (the relations' adjustment). A grade shown that moved
   * against the subject's previous score under the same version is reported through `ports.onGradeChanged`, in `tx`
   * (unless `report` is false: a rebuild of the graph, like a full run, is not news about the subject).
   */
  async function rescoreWithin(tx: Sql, subjectKeys: readonly string[], report = true): Promise<Map<string, SubjectScore & { changed: boolean; shownGrade: string }>> {
    const l = current()
    const asOf = beijingDate(now())
    const keys = [...new Set(subjectKeys)]
    const aggregates = await readSubjectAggregates(tx, { subjects: keys, aggregates: l.system.aggregates, asOf })
    const before = new Map((await repo.latest(tx, keys)).map((r) => [r.subject_key, r]))
    const flags = deps.relations ? await deps.relations.storedFlags(tx, keys) : new Map<string, RelationFlag[]>()
    const out = new Map<string, SubjectScore & { changed: boolean; shownGrade: string }>()
    const changed: Array<Omit<ScoreRow, 'scored_at'>> = []
    const moves: GradeChange[] = []
    for (const a of aggregates) {
      const s = scoreOf(l.system, a, asOf)
      const view = shown(l, s.grade, flags.get(a.subjectKey))
      const prev = before.get(a.subjectKey)
      const isNew = (prev ? signature({ ...prev, shown: shownOf(prev) }) : undefined) !== signature({ version: l.version, ...s, shown: view.grade })
      out.set(a.subjectKey, { ...s, changed: isNew, shownGrade: view.grade })
      if (isNew) changed.push({ subject_key: a.subjectKey, version: l.version, score: s.score, grade: s.grade, shown_grade: view.grade === s.grade ? null : view.grade, values: s.values, bins: s.bins, dimensions: s.dimensions, reasons: s.reasons, as_of: asOf })
      // Grades of another version are on another scale: a model change is not news about the subject.
      if (prev && prev.version === l.version && shownOf(prev) !== view.grade) {
        const rank = (g: string) => l.system.document.grades.findIndex((x) => x.grade === g)
        moves.push({
          subjectKey: a.subjectKey, from: shownOf(prev), to: view.grade, lower: rank(view.grade) > rank(shownOf(prev)), version: l.version,
          scheme: l.system.document.name, key: `${a.subjectKey}@${prev.scored_at.toISOString()}`,
          baseFrom: prev.grade, baseTo: s.grade, reasons: view.adjustment?.steps ? view.adjustment.reasons : [],
        })
      }
    }
    await repo.store(tx, changed, now())
    if (report && deps.ports?.onGradeChanged) for (const m of moves) await deps.ports.onGradeChanged(tx, m)
    return out
  }

  function indicatorsOf(l: Loaded, r: Pick<ScoreRow, 'values' | 'bins'>): IndicatorView[] {
    const byKey = new Map(l.system.indicators.map((i) => [i.key, i]))
    return l.system.order.map((key, k) => {
      const ind = byKey.get(key)!
      const bin = r.bins[k] ?? -1
      const points = bin < 0 ? ind.missing.points : ind.bins[bin]!.points
      return {
        key, name: ind.name, dimension: ind.dimension, value: r.values[k] ?? null,
        bin: bin < 0 ? 'missing' : bin + 1, binLabel: bin < 0 ? ind.missing.label : ind.bins[bin]!.label ?? null,
        points, maxPoints: ind.maxPoints, minPoints: ind.minPoints,
      }
    })
  }

  async function versionOf(version: number): Promise<Loaded> {
    if (latest && latest.version === version) return latest
    const hit = compiled.get(version)
    if (hit) return hit
    const row = (await repo.versions(db)).find((v) => v.version === version)
    if (!row) throw EvaluationErrors.VERSION_NOT_FOUND(version)
    return load(row)
  }

  async function view(r: ScoreRow, subject: { subjectKey: string; name: string | null }, flags: readonly RelationFlag[] | undefined): Promise<EvaluationView> {
    const l = await versionOf(r.version)
    const doc = l.system.document
    // The grade shown is the one stored with the score (what financing and alerts use); the flags give its reasons.
    const grade = shownOf(r)
    const adjustment = shown(l, r.grade, flags).adjustment
    return {
      subject,
      version: r.version, systemName: doc.name, score: r.score, grade,
      gradeName: doc.grades.find((g) => g.grade === grade)?.name ?? grade, baseGrade: r.grade, adjustment,
      scoreRange: { min: l.system.minScore, max: l.system.maxScore },
      grades: doc.grades.map((g) => ({ grade: g.grade, name: g.name, min: g.min ?? null })),
      scoredAt: r.scored_at.toISOString(), asOf: r.as_of,
      dimensions: doc.dimensions.filter((d) => r.dimensions[d.key] !== undefined).map((d) => ({ key: d.key, name: d.name, value: r.dimensions[d.key]! })),
      reasons: r.reasons,
      indicators: indicatorsOf(l, r),
      grant: null,
      audit: null,
    }
  }

  /** Who may see a subject's evaluation: the enterprise itself, the operator, an institution under a live grant. */
  async function authorize(p: Principal, subjectKey: string, grantId: string | undefined): Promise<{ grant: { id: string; mode: string } | null; purpose: string }> {
    if (p.role === 'enterprise') {
      if (!p.organization || deps.registry.subjectKeyOf(p.organization) !== subjectKey) throw EvaluationErrors.NOT_ALLOWED('enterprise（非本企业）')
      return { grant: null, purpose: '信用主体自查' }
    }
    if (p.role === 'operator') return { grant: null, purpose: '数据中心运营管理' }
    if (p.role !== 'institution' || !p.organization) throw EvaluationErrors.NOT_ALLOWED(p.role)
    // Any live grant: a score and derived indicators are what a `model` grant is for, and `verify`/`view` are wider.
    const live = (await deps.grants.between(p.organization, subjectKey)).filter((g) => g.status === 'active' && ['model', 'verify', 'view'].includes(g.mode))
    if (grantId) {
      const g = live.find((x) => x.id === grantId)
      if (!g) throw EvaluationErrors.GRANT_NOT_LIVE(grantId)
      return { grant: { id: g.id, mode: g.mode }, purpose: g.purpose }
    }
    const g = live[0]
    if (!g) throw EvaluationErrors.GRANT_REQUIRED()
    return { grant: { id: g.id, mode: g.mode }, purpose: g.purpose }
  }

  const service = {
    /** Loads the published versions; publishes the bundled system as version 1 when none exists. */
    async init(): Promise<void> {
      const rows = await repo.versions(db)
      if (rows.length === 0) {
        await service.publish({ username: 'system' }, readFileSync(BUNDLED_SYSTEM_PATH, 'utf8'))
        return
      }
      latest = load(rows[0]!)
    },

    /** The version scores are computed with now. */
    current(): { version: number; system: CompiledSystem } {
      const l = current()
      return { version: l.version, system: l.system }
    },

    /** Checks a draft without publishing: the issues with their lines, or the compiled figures. */
    validate(source: string): { ok: true; indicators: number; aggregates: number; scoreRange: { min: number; max: number } } | { ok: false; issues: SystemIssue[] } {
      if (Buffer.byteLength(source) > MAX_SYSTEM_BYTES) throw EvaluationErrors.SYSTEM_TOO_LARGE(MAX_SYSTEM_BYTES)
      try {
        const s = compile(source)
        return { ok: true, indicators: s.indicators.length, aggregates: s.aggregates.length, scoreRange: { min: s.minScore, max: s.maxScore } }
      } catch (e) {
        if (e instanceof SystemInvalid) return { ok: false, issues: e.issues }
        throw e
      }
    },

    /** Publishes a new version (refused, with every issue and its line, when invalid). Scores move to it on the next run. */
    async publish(by: { username: string }, source: string): Promise<PublishedSystem> {
      const checked = service.validate(source)
      if (!checked.ok) throw invalid(checked.issues)
      const system = compile(source)
      const at = now()
      const version = await db.transaction((tx) => repo.insertVersion(tx, { name: system.document.name, source, document: system.document, at, by: by.username }))
      latest = load({ version, name: system.document.name, source, document: system.document, published_at: at, published_by: by.username })
      return { version, name: system.document.name, publishedAt: at.toISOString(), publishedBy: by.username, indicators: system.indicators.length, scoreRange: { min: system.minScore, max: system.maxScore } }
    },

    async versions(): Promise<Array<PublishedSystem & { source: string; document: unknown; current: boolean }>> {
      const rows = await repo.versions(db)
      return rows.map((r) => {
        const l = load(r)
        return {
          version: r.version, name: r.name, publishedAt: r.published_at.toISOString(), publishedBy: r.published_by,
          indicators: l.system.indicators.length, scoreRange: { min: l.system.minScore, max: l.system.maxScore },
          source: r.source, document: r.document, current: latest?.version === r.version,
        }
      })
    },

    /**
     * Scores every subject holding records, page by page in key order (one set-based read of the page's
     * aggregates, scoring in JavaScript, one write of the changed scores), in bounded memory. On the server the next
     * page is read while the current one is scored and written.
     */
    async runAll(by: string, opts: { pageSize?: number; onPage?: (done: number) => void } = {}): Promise<{ runId: string; version: number; subjects: number; changed: number }> {
      if (running) throw EvaluationErrors.RUN_IN_PROGRESS()
      running = true
      try {
        const l = current()
        const asOf = beijingDate(now())
        const runId = randomUUID()
        // Changes committed from here on are the follower's; those before are in this run.
        const feedCursor = await currentChangeCursor(db)
        // Flags whose party's publicity has ended lapse first — all of them, batch by batch — so that the grades shown
        // stored below are current (the run rescores every subject, so nothing is rescored here).
        const lapseBatch = RELATION_LIMITS.maxLapsedPerStep
        for (let full = deps.relations !== undefined; full;) {
          full = (await db.transaction((tx) => deps.relations!.readjustLapsed(tx, lapseBatch))).lapsed.length === lapseBatch
        }
        await repo.startRun(db, { id: runId, kind: 'full', version: l.version, at: now(), by })
        // Key ranges of about a page each, cut in one pass; then each range is one range scan, scored and written.
        const cuts = await readSubjectBoundaries(db, opts.pageSize ?? 2000)
        const ranges = [...cuts, null].map((upTo, i) => ({ after: i === 0 ? '' : cuts[i - 1]!, upTo }))
        let subjects = 0
        let changed = 0
        const one = async (range: { after: string; upTo: string | null }) => {
          // In a transaction of its own: the read's planner settings are local to it.
          const rows = await db.transaction((tx) => readRangeAggregates(tx, { ...range, aggregates: l.system.aggregates, asOf }))
          if (rows.length === 0) return
          const last = rows.reduce((m, r) => (r.subjectKey > m ? r.subjectKey : m), '')
          const before = await repo.signatures(db, { after: range.after, last })
          // Sparse: only flagged subjects have stored flags, so this is a small range read.
          const flags = deps.relations ? await deps.relations.storedFlagsInRange(db, range.after, last) : new Map<string, RelationFlag[]>()
          const out: Array<Omit<ScoreRow, 'scored_at'>> = []
          for (const a of rows) {
            if (a.subjectKey.startsWith('N:')) continue
            const s = scoreOf(l.system, a, asOf)
            const grade = shown(l, s.grade, flags.get(a.subjectKey)).grade
            if (before.get(a.subjectKey) === signature({ version: l.version, ...s, shown: grade })) continue
            out.push({ subject_key: a.subjectKey, version: l.version, score: s.score, grade: s.grade, shown_grade: grade === s.grade ? null : grade, values: s.values, bins: s.bins, dimensions: s.dimensions, reasons: s.reasons, as_of: asOf })
          }
          await db.transaction((tx) => repo.store(tx, out, now()))
          subjects += rows.length
          changed += out.length
          opts.onPage?.(subjects)
        }
        // On the server, two ranges at a time: one is read by the database while the other is scored here. PGlite
        // has one connection.
        const lanes = db.kind === 'postgres' ? 2 : 1
        let next = 0
        await Promise.all(Array.from({ length: lanes }, async () => {
          while (next < ranges.length) await one(ranges[next++]!)
        }))
        await repo.startCursor(db, FOLLOWER, feedCursor, now())
        await repo.finishRun(db, { id: runId, at: now(), subjects, changed })
        return { runId, version: l.version, subjects, changed }
      } finally {
        running = false
      }
    },

    /**
     * Rescores some subjects now (a record changed, or a read found no score yet); stores changed scores. `report:
     * false` raises no grade change (after a rebuild of the relationship graph, which is not news about a subject).
     */
    async rescore(subjectKeys: readonly string[], within?: Sql, opts: { report?: boolean } = {}): Promise<Map<string, SubjectScore & { changed: boolean; shownGrade: string }>> {
      if (within) return rescoreWithin(within, subjectKeys, opts.report ?? true)
      return db.transaction((tx) => rescoreWithin(tx, subjectKeys, opts.report ?? true))
    },

    /**
     * Follows the records change feed: rescores the subjects of the next changes and moves the cursor in the same
     * transaction as the scores, so a crash replays the batch rather than losing it. Returns how many changes it read.
     */
    async follow(opts: { limit?: number } = {}): Promise<{ changes: number; subjects: number; cursor: string; more: boolean; pending: boolean }> {
      return db.transaction(async (tx) => {
        // The feed is read first: a transaction that already holds an xid would hold the feed's horizon back for itself.
        const after = (await repo.cursor(tx, FOLLOWER)) ?? CHANGE_FEED_START
        const page = await readRecordChanges(tx, { after, limit: opts.limit ?? 1000 })
        const subjects = [...new Set(page.changes.map((c) => c.subjectKey).filter((k) => !k.startsWith('N:')))]
        // The graph first: its edges are rebuilt and the flags of every subject a rule reaches the changed ones from
        // are recomputed; those whose flags moved are rescored with the changed ones, so their grade shown is stored
        // (and a drop alerts) in this transaction.
        const adjusted = deps.relations && page.changes.length ? await deps.relations.recordsChanged(tx, page.changes) : []
        const todo = [...new Set([...subjects, ...adjusted])]
        if (todo.length) await rescoreWithin(tx, todo)
        if (page.cursor !== after) await repo.moveCursor(tx, FOLLOWER, page.cursor, now())
        return { changes: page.changes.length, subjects: subjects.length, cursor: page.cursor, more: page.more, pending: page.pending }
      })
    },

    /**
     * Recomputes the adjustments whose party's publicity has ended (`valid_until` come) and rescores the subjects whose
     * flags moved, in batches of `batch` (a transaction each: the flags and the scores together, a grade change through
     * the usual path — a raised grade alerts nobody), at most `maxBatches` a call; `more` says a backlog is left.
     * The follower does the same for 100 at each step with changes; this is for a system with none (the server runs it
     * every XINSHU_RELATIONS_LAPSE_SECONDS).
     */
    async sweepLapsed(opts: { batch?: number; maxBatches?: number } = {}): Promise<{ lapsed: number; rescored: number; batches: number; more: boolean }> {
      const relations = deps.relations
      if (!relations) return { lapsed: 0, rescored: 0, batches: 0, more: false }
      const batch = Math.max(1, opts.batch ?? RELATION_LIMITS.maxLapsedPerStep)
      const maxBatches = Math.max(1, opts.maxBatches ?? 50)
      let lapsed = 0
      let rescored = 0
      for (let batches = 1; ; batches++) {
        const r = await db.transaction(async (tx) => {
          const step = await relations.readjustLapsed(tx, batch)
          if (step.moved.length) await rescoreWithin(tx, step.moved)
          return step
        })
        lapsed += r.lapsed.length
        rescored += r.moved.length
        const more = r.lapsed.length === batch
        if (!more || batches >= maxBatches) return { lapsed, rescored, batches, more }
      }
    },

    /**
     * Where the follower has read the records change feed to (the start when it never has): the change feed's
     * pruning keeps every change after it.
     */
    async followerCursor(): Promise<string> {
      return (await repo.cursor(db, FOLLOWER)) ?? CHANGE_FEED_START
    },

    /**
     * Keeps following the feed until stopped: woken by the feed's notification, reading again at once while there is
     * more, and shortly after when an older transaction still holds changes back. Errors wait and retry.
     */
    async startFollowing(opts: { onError?: (e: unknown) => void; retryMs?: number } = {}): Promise<() => Promise<void>> {
      let stopped = false
      let busy = false
      let again = false
      let timer: NodeJS.Timeout | undefined
      const later = (ms: number) => {
        if (!stopped && !timer) timer = setTimeout(() => { timer = undefined; void tick() }, ms)
      }
      const tick = async (): Promise<void> => {
        if (stopped) return
        if (busy) { again = true; return }
        busy = true
        try {
          for (;;) {
            again = false
            const r = await service.follow()
            if (stopped) break
            if (r.more || again) continue
            if (r.pending) later(30)
            break
          }
        } catch (e) {
          opts.onError?.(e)
          later(opts.retryMs ?? 1000)
        } finally {
          busy = false
        }
      }
      const unwatch = await watchRecordChanges(db, () => void tick())
      void tick()
      return async () => {
        stopped = true
        if (timer) clearTimeout(timer)
        await unwatch()
      }
    },

    /**
     * A subject's current evaluation for the caller: the enterprise itself (free), the operator, or an institution
     * under a live grant (a `model` grant is enough: scores and derived indicators, never record fields). Audited.
     */
    async read(p: Principal, code: string, opts: { grantId?: string | undefined } = {}): Promise<EvaluationView> {
      // The right first, then the lookup: a "not found" before the refusal would tell anyone who is on file.
      const subjectKey = deps.registry.subjectKeyOf(code)
      const who = await authorize(p, subjectKey, opts.grantId)
      const subject = await deps.registry.get(code)
      let row = (await repo.latest(db, [subjectKey]))[0]
      if (!row) {
        await service.rescore([subjectKey])
        row = (await repo.latest(db, [subjectKey]))[0]!
      }
      const flags = deps.relations ? (await deps.relations.storedFlags(db, [subjectKey])).get(subjectKey) : undefined
      const v = await view(row, { subjectKey, name: (subject.name as string | null) ?? null }, flags)
      v.grant = who.grant
      const e = await audit.append({
        actor: actorOf(p), action: 'evaluation.read', subjectKey, items: [], fields: [],
        grantId: who.grant?.id ?? null, purpose: who.purpose, reason: null,
        details: { version: row.version, grade: v.grade, ...(v.grade !== row.grade ? { baseGrade: row.grade } : {}), ...(who.grant ? { mode: who.grant.mode } : {}) },
      })
      v.audit = { seq: e.seq, hash: e.hash }
      return v
    },

    /** The score history (new rows only when the score changed) and monthly snapshots, with the same access as read. */
    async trend(p: Principal, code: string, opts: { grantId?: string | undefined; months?: number } = {}): Promise<{ history: Array<{ scoredAt: string; version: number; score: number; grade: string; baseGrade?: string }>; snapshots: Array<{ month: string; score: number; grade: string; baseGrade?: string; dimensions: Record<string, number> }> }> {
      const subjectKey = deps.registry.subjectKeyOf(code)
      const who = await authorize(p, subjectKey, opts.grantId)
      await deps.registry.get(code)
      const [history, snapshots] = [await repo.history(db, subjectKey, 100), await repo.snapshots(db, subjectKey, opts.months ?? 24)]
      await audit.append({ actor: actorOf(p), action: 'evaluation.trend', subjectKey, items: [], fields: [], grantId: who.grant?.id ?? null, purpose: who.purpose, reason: null, details: {} })
      return {
        // `grade` is the grade shown; `baseGrade` is there when a propagation rule made them differ.
        history: history.map((h) => ({ scoredAt: h.scored_at.toISOString(), version: h.version, score: h.score, grade: shownOf(h), ...(h.shown_grade ? { baseGrade: h.grade } : {}) })),
        snapshots: snapshots.map((s) => ({ month: s.month, score: s.score, grade: shownOf(s), ...(s.shown_grade ? { baseGrade: s.grade } : {}), dimensions: s.dimensions })),
      }
    },

    /** The operator's overview: subjects per grade, recent runs. */
    async overview(): Promise<{ version: number | null; grades: Array<{ grade: string; n: number }>; runs: Array<{ id: string; kind: string; version: number; startedAt: string; finishedAt: string | null; subjects: number; changed: number; startedBy: string }> }> {
      const [grades, runs] = [await repo.gradeCounts(db), await repo.runs(db, 10)]
      return {
        version: latest?.version ?? null, grades,
        runs: runs.map((r) => ({ id: r.id, kind: r.kind, version: r.version, startedAt: r.started_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, subjects: r.subjects, changed: r.changed, startedBy: r.started_by })),
      }
    },

    /** Indicator values of a stored score row, by indicator key (for scorecards and portraits). */
    async indicatorsOf(r: Pick<ScoreRow, 'version' | 'values' | 'bins'>): Promise<IndicatorView[]> {
      return indicatorsOf(await versionOf(r.version), r)
    },
  }
  return service
}

export type EvaluationService = ReturnType<typeof createEvaluationService>

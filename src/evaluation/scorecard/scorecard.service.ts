import { randomUUID } from 'node:crypto'
import type { Database } from '../../core/index.js'
import type { Principal, GrantService } from '../../access/index.js'
import { actorOf, type AuditService } from '../../audit/index.js'
import type { CatalogService } from '../../catalog/index.js'
import { beijingDate, type ApplicationService, type LoanOutcome } from '../../financing/index.js'
import { readRecordsAsOf } from '../../records/index.js'
import { beijingAt } from '../../core/index.js'
import type { RegistryService } from '../../registry/index.js'
import { checkCharacteristics, loadCharacteristicDefs, valuesOf, type Characteristic } from './characteristics.js'
import { liveGrant } from './live-grant.js'
import { claimTraining } from './training-claims.js'
import { ScorecardErrors } from './scorecard.errors.js'
import { createScorecardRepository, type SampleSummary, type StoredScorecard } from './scorecard.repository.js'
import { DEFAULT_SCALING, type Scaling } from './scaling.js'
import { reasonsOf, scoreCase, trainScorecard, type Sample } from './train.js'
import type { CharacteristicType, Value } from './binning.js'

/** Bounds of a training run: enough outcomes to learn from, and no more loans than one run reads. */
export const TRAINING_LIMITS = {
  minLoans: 10,
  minEach: 2,
  maxLoans: 20_000,
  maxCharacteristics: 12,
  /** A loan still running without ever being overdue counts as good once it has run this many days. */
  seasoningDays: 90,
} as const

export interface TrainInput {
  name: string
  characteristics: string[]
  /** Loans started from / to (YYYY-MM-DD), inclusive. */
  from?: string | undefined
  to?: string | undefined
  scaling?: Partial<Scaling> | undefined
}

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)

/** Where the evaluation's indicators come from: their list, and the stored values of some subjects. */
export interface IndicatorSource {
  list(): Array<{ key: string; name: string; type: 'number' | 'string' | 'boolean' | 'date' }>
  /** The latest stored values (a subject never scored may be scored first): scoring a live applicant. */
  latest(subjectKeys: readonly string[]): Promise<Map<string, Readonly<Record<string, unknown>>>>
  /** The values of the last score stored by each case's moment, undefined when none was: training rows. */
  asOf(cases: ReadonlyArray<{ subjectKey: string; at: Date }>): Promise<Array<Readonly<Record<string, unknown>> | undefined>>
}

/** One training row's borrower (or a live applicant) at a moment; `day` is its Beijing date, for windows and spans. */
interface AsOfCase { subjectKey: string; at: Date; day: string }

/** Characteristics that are the evaluation's indicators are named `indicator.<key>`. */
export const INDICATOR_PREFIX = 'indicator.'

/** One characteristic a card may use: derived from records (`record`) or an evaluation indicator (`indicator`). */
interface Entry { key: string; zh: string; type: CharacteristicType; derived: boolean; item: string | null; record?: Characteristic; indicator?: string }

/** An indicator's stored value as a characteristic: numbers and text as they are, yes/no as 是/否, anything else missing. */
const indicatorValue = (v: unknown): Value => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '是' : '否') : null)

/**
 * A loan's outcome as the card learns it: bad when it was ever overdue or defaulted; good when settled, or still
 * running cleanly after the seasoning period; otherwise too recent to tell (left out, and counted as such).
 */
export function outcomeOf(l: LoanOutcome, today: string): 0 | 1 | null {
  if (l.everOverdue || l.status === 'defaulted' || l.status === 'overdue') return 1
  if (l.status === 'settled') return 0
  return l.startDate <= daysBefore(today, TRAINING_LIMITS.seasoningDays) ? 0 : null
}

/**
 * Institutions' scorecards (评分卡): an institution trains a WoE/logistic card on its own loans' outcomes over
 * characteristics the hub derives from its borrowers' records (the values never leave the hub: the card keeps
 * bins and points), reads the report, and scores a subject under a live grant (audited), with the reasons.
 * A card is its institution's only: every read names the institution, and another's card is "not found".
 */
export function createScorecardService(deps: {
  db: Database
  catalog: Pick<CatalogService, 'current'>
  registry: Pick<RegistryService, 'subjectKeyOf'>
  grants: Pick<GrantService, 'between'>
  audit: AuditService
  applications: Pick<ApplicationService, 'loanOutcomes'>
  /** The evaluation's indicators, offered as characteristics `indicator.<key>` (their latest stored values). */
  indicators?: IndicatorSource
  now?: () => Date
}) {
  const { db, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createScorecardRepository()
  let chars: { index: unknown; list: Characteristic[] } | undefined
  /** The record-derived characteristics, checked against the catalog in force (again when a new version is published). */
  const recordChars = () => {
    const index = deps.catalog.current()
    if (chars?.index !== index) chars = { index, list: checkCharacteristics(loadCharacteristicDefs(), index) }
    return chars.list
  }
  /** Every characteristic a card may use: those derived from records, then the evaluation's indicators. */
  const library = (): Entry[] => [
    ...recordChars().map((c): Entry => ({ key: c.def.key, zh: c.def.zh, type: c.type, derived: c.derived, item: c.def.item, record: c })),
    ...(deps.indicators?.list() ?? []).filter((i) => i.type !== 'date').map((i): Entry => ({
      key: `${INDICATOR_PREFIX}${i.key}`, zh: `${i.name}（评价指标）`, type: i.type === 'number' ? 'numeric' : 'categorical', derived: true, item: null, indicator: i.key,
    })),
  ]

  function institutionOf(p: Principal): string {
    if (p.role !== 'institution' || !p.organization) throw ScorecardErrors.INSTITUTION_ONLY()
    return p.organization
  }

  /**
   * The chosen characteristics' values of each case, each as of its own moment (point in time): record-derived ones
   * from the versions received by then (one statement per 500 cases), their windows and spans counted back from
   * `day`; indicators from the last score stored by then (training) or the latest one (`live`: scoring today, where a
   * subject never scored is scored first). A case never sees what arrived after its moment. Missing stays null.
   */
  async function valuesAsOf(cases: readonly AsOfCase[], list: readonly Entry[], opts: { live: boolean }): Promise<Array<Record<string, Value>>> {
    const out = cases.map((): Record<string, Value> => ({}))
    const fromRecords = list.flatMap((e) => (e.record ? [e.record] : []))
    if (fromRecords.length) {
      const items = [...new Set(fromRecords.map((c) => c.def.item))]
      const records = await readRecordsAsOf(db, cases, items)
      cases.forEach((c, i) => Object.assign(out[i]!, valuesOf(fromRecords, records[i]!, c.day)))
    }
    const fromIndicators = list.filter((e) => e.indicator !== undefined)
    if (fromIndicators.length && deps.indicators) {
      const found = opts.live
        ? await deps.indicators.latest(cases.map((c) => c.subjectKey)).then((m) => cases.map((c) => m.get(c.subjectKey)))
        : await deps.indicators.asOf(cases)
      found.forEach((values, i) => {
        if (values) for (const e of fromIndicators) out[i]![e.key] = indicatorValue(values[e.indicator!])
      })
    }
    for (const v of out) for (const e of list) if (!(e.key in v)) v[e.key] = null
    return out
  }

  const service = {
    /** The characteristics a card may use, for the training form. */
    characteristics() {
      return library().map((c) => ({ key: c.key, zh: c.zh, type: c.type, derived: c.derived, item: c.item ?? 'evaluation' }))
    },

    /**
     * Trains a new version of the named card on the institution's own loans (never another's: the institution is
     * the caller's), and stores it with its report. Refuses a run with too few goods or bads to learn from.
     */
    async train(p: Principal, input: TrainInput): Promise<StoredScorecard> {
      const institution = institutionOf(p)
      const name = input.name.trim()
      if (!/^[\p{L}\p{N} _\-（）()·]{1,60}$/u.test(name)) throw ScorecardErrors.INVALID('name', '名称为 1–60 个汉字、字母、数字或空格')
      const lib = library()
      const keys = [...new Set(input.characteristics)]
      if (keys.length === 0 || keys.length > TRAINING_LIMITS.maxCharacteristics) throw ScorecardErrors.INVALID('characteristics', `须选择 1–${TRAINING_LIMITS.maxCharacteristics} 个特征`)
      const unknown = keys.filter((k) => !lib.some((c) => c.key === k))
      if (unknown.length) throw ScorecardErrors.INVALID('characteristics', `未知的特征：${unknown.slice(0, 3).join('、')}`)
      const chosen = keys.map((k) => lib.find((c) => c.key === k)!)
      for (const f of ['from', 'to'] as const) if (input[f] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input[f]!)) throw ScorecardErrors.INVALID(f, '日期格式为 YYYY-MM-DD')
      const scaling: Scaling = { ...DEFAULT_SCALING, ...(input.scaling ?? {}) }
      if (!(scaling.pdo > 0 && scaling.baseOdds > 0 && Number.isFinite(scaling.baseScore))) throw ScorecardErrors.INVALID('scaling', 'PDO 与基准好坏比须为正数')

      // Claimed before anything is awaited, so that two requests at once cannot both pass; released however it ends.
      const release = await claimTraining(db, institution)
      if (!release) throw ScorecardErrors.TRAINING_RUNNING()
      try {
        const today = beijingDate(now())
        const loans = await deps.applications.loanOutcomes(institution, { from: input.from, to: input.to, limit: TRAINING_LIMITS.maxLoans })
        const labelled = loans.map((l) => ({ l, bad: outcomeOf(l, today) }))
        const kept = labelled.filter((x) => x.bad !== null) as Array<{ l: LoanOutcome; bad: 0 | 1 }>
        const bads = kept.filter((x) => x.bad === 1).length
        const goods = kept.length - bads
        if (kept.length < TRAINING_LIMITS.minLoans || bads < TRAINING_LIMITS.minEach || goods < TRAINING_LIMITS.minEach) {
          throw ScorecardErrors.TOO_FEW_OUTCOMES(`${kept.length} 笔（正常 ${goods}，逾期/违约 ${bads}）`, TRAINING_LIMITS.minLoans, TRAINING_LIMITS.minEach)
        }
        // Each loan's borrower as the hub knew it when the day of 放款 began: nothing received later (the loan's own
        // overdue penalty, a judgment after default) may teach the card. One case per borrower and start day.
        const caseOf = new Map<string, number>()
        const cases: AsOfCase[] = []
        for (const { l } of kept) {
          const k = `${l.subjectKey}\u0000${l.startDate}`
          if (!caseOf.has(k)) { caseOf.set(k, cases.length); cases.push({ subjectKey: l.subjectKey, at: beijingAt(l.startDate), day: l.startDate }) }
        }
        const values = await valuesAsOf(cases, chosen, { live: false })
        const samples: Sample[] = kept.map(({ l, bad }) => ({ values: values[caseOf.get(`${l.subjectKey}\u0000${l.startDate}`)!]!, bad, date: l.startDate }))
        const subjects = new Set(kept.map((x) => x.l.subjectKey)).size
        const { card, report } = trainScorecard(samples, chosen.map((c) => ({ key: c.key, zh: c.zh, type: c.type })), { scaling })
        const sample: SampleSummary = {
          from: samples.length ? [...samples].sort((a, b) => a.date.localeCompare(b.date))[0]!.date : null,
          to: samples.length ? [...samples].sort((a, b) => b.date.localeCompare(a.date))[0]!.date : null,
          loans: kept.length, goods, bads, excluded: loans.length - kept.length, subjects, observedOn: today,
        }
        const id = randomUUID()
        const at = now()
        let version = 0
        await db.transaction(async (tx) => {
          version = await repo.insert(tx, { id, institution, name, characteristics: keys, card, report, sample, createdBy: p.username }, at)
          await audit.appendWithin(tx, {
            actor: actorOf(p), action: 'scorecard.train', purpose: '融资（机构评分卡建模）',
            details: { scorecardId: id, name, version, loans: kept.length, goods, bads, subjects, characteristics: keys },
          })
        })
        return { id, institution, name, version, characteristics: keys, card, report, sample, createdBy: p.username, createdAt: at.toISOString() }
      } finally {
        await release()
      }
    },

    async list(p: Principal, limit = 100) {
      return repo.list(db, institutionOf(p), Math.min(Math.max(1, limit), 200))
    },

    /** A card with its report and bin table: the caller's institution's only. */
    async get(p: Principal, id: string): Promise<StoredScorecard> {
      const institution = institutionOf(p)
      const s = /^[0-9a-f-]{36}$/i.test(id) ? await repo.get(db, institution, id) : undefined
      if (!s) throw ScorecardErrors.NOT_FOUND(id)
      return s
    },

    /**
     * Scores one subject with one of the institution's cards, under a live grant from the subject (any mode: the
     * answer is derived — a score, each characteristic's bin and points, and the reasons — never a field value).
     * Audited with the grant.
     */
    async score(p: Principal, id: string, code: string, opts: { grantId?: string | undefined } = {}) {
      const s = await service.get(p, id)
      const subjectKey = deps.registry.subjectKeyOf(code)
      const grant = await liveGrant(deps.grants, s.institution, subjectKey, '用评分卡评分', opts.grantId)
      const lib = library()
      const chosen = s.characteristics.map((k) => lib.find((c) => c.key === k)).filter((c): c is Entry => c !== undefined)
      const at = now()
      const today = beijingDate(at)
      // A live applicant as of now: the same read as training, at the present moment.
      const values = (await valuesAsOf([{ subjectKey, at, day: today }], chosen, { live: true }))[0]!
      const r = scoreCase(s.card, values)
      const reasons = reasonsOf(s.card, r.parts)
      const e = await audit.append({
        actor: actorOf(p), action: 'scorecard.score', subjectKey, grantId: grant.id, purpose: grant.purpose ?? '融资',
        details: { scorecardId: s.id, name: s.name, version: s.version, score: r.score },
      })
      return {
        scorecardId: s.id, name: s.name, version: s.version, subjectKey, score: r.score, asOf: today, grantId: grant.id,
        parts: r.parts.map((part, j) => {
          const c = s.card.characteristics[j]!
          return { key: c.key, zh: c.zh, bin: c.bins[part.bin]!.label, points: part.points }
        }),
        reasons: reasons.map((x) => ({ key: x.key, zh: x.zh, points: x.points, shortfall: x.shortfall, text: x.text })),
        audit: { seq: e.seq, hash: e.hash },
      }
    },
  }
  return service
}

export type ScorecardService = ReturnType<typeof createScorecardService>

import type { Database } from '../../core/index.js'
import type { GrantService, Principal } from '../../access/index.js'
import { actorOf, type AuditService } from '../../audit/index.js'
import type { CatalogService } from '../../catalog/index.js'
import { beijingDate } from '../../financing/index.js'
import { currentRecordsOf, recordSeries } from '../../records/index.js'
import type { RegistryService } from '../../registry/index.js'
import type { EvaluationService, EvaluationView } from '../index.js'
import { readScoreSnapshots } from '../score-reads.js'
import { findLiveGrant } from './live-grant.js'
import { loadPortraitTags, tagIsPublic, tagsOf, type PortraitTag, type PortraitTagDef } from './portrait-tags.js'
import { PortraitErrors } from './scorecard.errors.js'

/** The 企业信用画像 of one subject, cut to the caller (see {@link createPortraitService}). */
export interface Portrait {
  subject: { subjectKey: string; uscc: string | null; name: string | null; divisionCode: string | null }
  generatedAt: string
  /** `full`: the subject itself, the hub, or an institution under a live grant; `public`: an institution without one. */
  access: 'full' | 'public'
  tags: PortraitTag[]
  evaluation: Pick<EvaluationView, 'version' | 'systemName' | 'score' | 'grade' | 'gradeName' | 'baseGrade' | 'adjustment' | 'scoreRange' | 'asOf' | 'dimensions' | 'reasons' | 'indicators'> | null
  /** Monthly snapshots of the evaluation, oldest first (ECharts trend lines). */
  trend: Array<{ month: string; score: number; grade: string; dimensions: Record<string, number> }>
  /**
   * Monthly figures from the versions of the subject's records (纳税, 公积金 as the social-insurance measure, 电费), for
   * the subject itself and the operator only: these are field values as sent, which institutions don't get here.
   */
  series: Array<{ key: string; zh: string; points: Array<{ month: string; value: number | null }> }>
  grant: { id: string; mode: string } | null
  /** Why parts are missing, in Chinese (no grant, not yet evaluated). */
  notes: string[]
  audit: { seq: number; hash: string } | null
}

/** The monthly series of the portrait: numeric fields providers deliver every month. */
export const PORTRAIT_SERIES = [
  { key: 'vat_paid', zh: '近12个月实缴增值税（元）', item: 'tax_payment', field: 'vat_paid_last_12_months' },
  { key: 'housing_fund_contributors', zh: '公积金月均缴存人数', item: 'housing_fund_contribution', field: 'avg_monthly_contributors_last_12_months' },
  { key: 'electricity_cost', zh: '近3个月月均电费（元）', item: 'electricity_bill', field: 'avg_monthly_electricity_cost_last_3_months' },
] as const

/**
 * 企业信用画像 (§十二): tags and the evaluation's indicators on one page, with the monthly trend. The same access as
 * the profile: the enterprise sees its own for free; an institution sees it under a live grant of any mode (all of
 * it is derived — tags, indicators, scores — never a field as sent), and without one only the tags that read
 * public fields; the operator and supervisors see it. Every read is audited, with the grant it used.
 */
export function createPortraitService(deps: {
  db: Database
  catalog: Pick<CatalogService, 'current'>
  registry: Pick<RegistryService, 'subjectKeyOf'>
  grants: Pick<GrantService, 'between'>
  audit: AuditService
  evaluation: Pick<EvaluationService, 'read'>
  now?: () => Date
}) {
  const { db, audit } = deps
  const now = deps.now ?? (() => new Date())
  let tags: { index: unknown; defs: PortraitTagDef[]; publicKeys: Set<string> } | undefined
  const library = () => {
    const index = deps.catalog.current()
    if (tags?.index !== index) {
      const defs = loadPortraitTags(index)
      tags = { index, defs, publicKeys: new Set(defs.filter((d) => tagIsPublic(d, index)).map((d) => d.key)) }
    }
    return tags
  }

  return {
    /** The tag rules, for the operator's and the web app's legend. */
    tagDefinitions: () => library().defs.map((d) => ({ key: d.key, zh: d.zh, tone: d.tone })),

    async read(p: Principal, code: string, opts: { grantId?: string | undefined } = {}): Promise<Portrait> {
      const subjectKey = deps.registry.subjectKeyOf(code)
      // An enterprise's portrait: a natural person has none, and answering an ID number would tell anyone their name.
      if (subjectKey.startsWith('P:')) throw PortraitErrors.SUBJECT_NOT_FOUND(code)
      const own = p.role === 'enterprise' && p.organization !== null && deps.registry.subjectKeyOf(p.organization) === subjectKey
      if (p.role === 'enterprise' && !own) throw PortraitErrors.NOT_ALLOWED()
      if (!own && p.role !== 'institution' && p.role !== 'operator' && p.role !== 'supervisor') throw PortraitErrors.NOT_ALLOWED()
      if (p.role === 'institution' && !p.organization) throw PortraitErrors.NOT_ALLOWED()
      let grant: { id: string; mode: string; purpose: string } | null = null
      if (p.role === 'institution') {
        const g = await findLiveGrant(deps.grants, p.organization!, subjectKey, opts.grantId)
        if (g) grant = { id: g.id, mode: g.mode, purpose: g.purpose }
      }
      const full = p.role !== 'institution' || grant !== null
      const lib = library()
      const index = deps.catalog.current()
      const current = await currentRecordsOf(db, subjectKey)
      if (!current) throw PortraitErrors.SUBJECT_NOT_FOUND(code)
      const today = beijingDate(now())
      const records = new Map<string, Array<{ values: Record<string, unknown>; receivedAt: string }>>()
      for (const r of current.records) {
        const l = records.get(r.itemKey)
        if (l) l.push(r); else records.set(r.itemKey, [r])
      }
      const defs = full ? lib.defs : lib.defs.filter((d) => lib.publicKeys.has(d.key))
      // The reasons quote the subject's own values: for itself and the hub, not for institutions.
      const tagList = tagsOf(defs, { today, records }, index, p.role !== 'institution')
      const notes: string[] = []
      let evaluation: Portrait['evaluation'] = null
      let trend: Portrait['trend'] = []
      if (full) {
        const v = await deps.evaluation.read(p, code, grant ? { grantId: grant.id } : {})
        evaluation = { version: v.version, systemName: v.systemName, score: v.score, grade: v.grade, gradeName: v.gradeName, baseGrade: v.baseGrade, adjustment: v.adjustment, scoreRange: v.scoreRange, asOf: v.asOf, dimensions: v.dimensions, reasons: v.reasons, indicators: v.indicators }
        trend = (await readScoreSnapshots(db, subjectKey, { months: 24 })).map((s) => ({ month: s.month, score: s.score, grade: s.grade, dimensions: s.dimensions }))
        if (trend.length < 2) notes.push('月度快照不足两个月，趋势图将随每月评价逐步形成')
      } else {
        notes.push('未获得该企业的有效授权：仅显示依据公开信息的标签；信用评价、指标和趋势须企业授权（查看、核验或模型方式均可）')
      }
      let series: Portrait['series'] = []
      if (p.role !== 'institution') {
        const found = await recordSeries(db, subjectKey, PORTRAIT_SERIES, 24, now())
        series = PORTRAIT_SERIES.map((d, i) => ({ key: d.key, zh: d.zh, points: found[i]!.points })).filter((x) => x.points.length > 0)
      }
      const e = await audit.append({
        actor: actorOf(p), action: 'portrait.read', subjectKey, grantId: grant?.id ?? null,
        purpose: grant?.purpose ?? (own ? '信用主体自查' : p.role === 'institution' ? '公开信息查询' : '数据中心运营管理'),
        details: { access: full ? 'full' : 'public', tags: tagList.map((t) => t.key), series: series.map((x) => x.key), ...(grant ? { mode: grant.mode } : {}) },
      })
      return {
        subject: { subjectKey, uscc: current.subject.uscc, name: current.subject.name, divisionCode: current.subject.divisionCode },
        generatedAt: now().toISOString(), access: full ? 'full' : 'public', tags: tagList, evaluation, trend, series,
        grant: grant ? { id: grant.id, mode: grant.mode } : null, notes, audit: { seq: e.seq, hash: e.hash },
      }
    },
  }
}

export type PortraitService = ReturnType<typeof createPortraitService>

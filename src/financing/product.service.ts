import { randomUUID } from 'node:crypto'
import type { Database, Sql } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import { type AuditService, actorOf } from '../audit/index.js'
import type { Principal } from '../access/index.js'
import { NINGXIA_DIVISIONS } from '../registry/index.js'
import { validateRules } from './eligibility-rules.js'
import { FinancingErrors, onField, withDetails } from './financing.errors.js'
import { PRODUCT_STATUS_ZH, REPAYMENT_WAYS, type ProductInput, type ProductStatus, type ProductVersion } from './financing.types.js'
import { PRODUCT_TYPES } from './loan-facts.js'
import { createProductRepository, type ProductFilter } from './product.repository.js'

/** Largest amount a product may offer: 1 亿元, in 分 (the station serves small and micro enterprises). */
export const MAX_PRODUCT_AMOUNT_FEN = 10_000_000_000
/** Rates above 36 % a year are not protected by the courts; no product may offer one. */
export const MAX_RATE_BP = 3600
export const MAX_TERM_MONTHS = 360

const KNOWN_REGIONS = new Set(['640000', ...NINGXIA_DIVISIONS.map((d) => d.code)])

/** Whether a product region (province, city or county code) covers a subject's six-digit division. */
export function regionCovers(region: string, division: string | null): boolean {
  if (!division) return false
  let prefix = region
  while (prefix.endsWith('00')) prefix = prefix.slice(0, -2)
  return division.startsWith(prefix)
}

/** Refuses a product the catalog or common sense would not take, naming the field. */
export function checkProductInput(input: ProductInput, catalog: CatalogService): ProductInput & { description: string } {
  const bad = (field: string, why: string) => onField(FinancingErrors.PRODUCT_INVALID(field, why), field)
  if (!Object.hasOwn(PRODUCT_TYPES, input.type)) throw bad('type', '未知的产品类型')
  const name = input.name.trim()
  if (name.length < 2) throw bad('name', '产品名称至少 2 个字')
  const fen = (v: number) => Number.isSafeInteger(v) && v > 0 && v <= MAX_PRODUCT_AMOUNT_FEN
  if (!fen(input.amountMinFen)) throw bad('amountMinFen', `须为 1–${MAX_PRODUCT_AMOUNT_FEN} 分的整数`)
  if (!fen(input.amountMaxFen)) throw bad('amountMaxFen', `须为 1–${MAX_PRODUCT_AMOUNT_FEN} 分的整数`)
  if (input.amountMinFen > input.amountMaxFen) throw bad('amountMaxFen', '最高额度不得低于最低额度')
  if (!(input.termMinMonths >= 1 && input.termMinMonths <= input.termMaxMonths && input.termMaxMonths <= MAX_TERM_MONTHS)) throw bad('termMaxMonths', `期限须为 1–${MAX_TERM_MONTHS} 个月，且最长不短于最短`)
  if (!(input.rateMinBp >= 0 && input.rateMinBp <= input.rateMaxBp && input.rateMaxBp <= MAX_RATE_BP)) throw bad('rateMaxBp', `年利率须为 0–${MAX_RATE_BP} 个基点，且最高不低于最低`)
  if (input.repaymentWays.length === 0 || input.repaymentWays.some((w) => !Object.hasOwn(REPAYMENT_WAYS, w))) throw bad('repaymentWays', '须选择至少一种已知的还款方式')
  const unknownRegion = input.regions.find((r) => !KNOWN_REGIONS.has(r))
  if (input.regions.length === 0 || unknownRegion) throw bad('regions', unknownRegion ? `未知或非宁夏的行政区划代码：${unknownRegion}` : '须选择至少一个服务地区')
  const problems = validateRules(input.rules, catalog.current())
  if (problems.length) {
    const first = problems[0]!
    throw withDetails(FinancingErrors.RULE_INVALID(first.path, first.zh), problems.slice(0, 20).map((p) => ({ field: 'rules', path: p.path, zh: p.zh })))
  }
  return { ...input, name, description: (input.description ?? '').trim(), repaymentWays: [...new Set(input.repaymentWays)], regions: [...new Set(input.regions)].sort() }
}

/**
 * The product shelf (产品超市): an institution writes products, submits them, the operator approves or rejects with a
 * reason, the institution pauses, resumes or retires what is published. Editing a published product writes a new
 * version (draft → review → published); the old version stays live until the new one is approved, then is kept as
 * `superseded`, and applications keep pointing at the version they applied to. Every change is audited in its
 * transaction.
 *
 * @example
 * const v = await products.create(bank, { type: 'tax', name: '银税贷', ... , rules: [...] })
 * await products.submit(bank, v.id); await products.review(operator, v.id, v.version, { approve: true })
 */
export function createProductService(deps: { db: Database; catalog: CatalogService; audit: AuditService; now?: () => Date }) {
  const { db, catalog, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createProductRepository()

  function institutionOf(p: Principal): string {
    if (p.role !== 'institution' || !p.organization) throw FinancingErrors.NO_ORGANIZATION()
    return p.organization
  }

  /** Versions of a product the institution owns; another institution's product reads as absent. */
  async function ownVersions(tx: Sql, p: Principal, id: string): Promise<ProductVersion[]> {
    const versions = await repo.versions(tx, id, true)
    if (versions.length === 0 || versions[0]!.institution !== institutionOf(p)) throw FinancingErrors.PRODUCT_NOT_FOUND(id)
    return versions
  }

  const conflict = (v: ProductVersion, what: string) => FinancingErrors.PRODUCT_STATUS(PRODUCT_STATUS_ZH[v.status], what)

  async function change(p: Principal, id: string, action: string, fn: (tx: Sql, versions: ProductVersion[], at: Date) => Promise<{ version: number; details?: Record<string, unknown> }>): Promise<ProductVersion> {
    const at = now()
    const version = await db.transaction(async (tx) => {
      const versions = p.role === 'operator' ? await repo.versions(tx, id, true) : await ownVersions(tx, p, id)
      if (versions.length === 0) throw FinancingErrors.PRODUCT_NOT_FOUND(id)
      const r = await fn(tx, versions, at)
      await audit.appendWithin(tx, { actor: actorOf(p), action: `financing.product.${action}`, details: { productId: id, version: r.version, institution: versions[0]!.institution, ...(r.details ?? {}) } })
      return r.version
    })
    return (await repo.version(db, id, version))!
  }

  const service = {
    async create(p: Principal, input: ProductInput): Promise<ProductVersion> {
      const institution = institutionOf(p)
      const clean = checkProductInput(input, catalog)
      const id = randomUUID()
      const at = now()
      await db.transaction(async (tx) => {
        await repo.insertProduct(tx, id, institution, p.username, at)
        await repo.insertVersion(tx, id, 1, clean, 'draft', p.username, at)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'financing.product.create', details: { productId: id, version: 1, institution, name: clean.name } })
      })
      return (await repo.version(db, id, 1))!
    },

    /** Edits the newest version when it is a draft or was rejected; a published or paused product gets a new version. */
    update: (p: Principal, id: string, input: ProductInput) => change(p, id, 'update', async (tx, versions, at) => {
      const clean = checkProductInput(input, catalog)
      const newest = versions[0]!
      if (newest.status === 'draft' || newest.status === 'rejected') {
        await repo.updateVersion(tx, id, newest.version, clean, at)
        return { version: newest.version }
      }
      if (newest.status === 'published' || newest.status === 'paused') {
        await repo.insertVersion(tx, id, newest.version + 1, clean, 'draft', p.username, at)
        return { version: newest.version + 1, details: { from: newest.version } }
      }
      throw conflict(newest, '修改')
    }),

    submit: (p: Principal, id: string) => change(p, id, 'submit', async (tx, versions, at) => {
      const newest = versions[0]!
      if (newest.status !== 'draft' && newest.status !== 'rejected') throw conflict(newest, '提交审核')
      // The catalog may have changed since the draft was written: check its rules again.
      checkProductInput(newest, catalog)
      await repo.setStatus(tx, id, newest.version, 'submitted', at)
      return { version: newest.version }
    }),

    /** The operator approves (the version goes on the shelf, the one it replaces is superseded) or rejects with a reason. */
    review: (p: Principal, id: string, version: number, input: { approve: boolean; reason?: string | undefined }) => change(p, id, input.approve ? 'approve' : 'reject', async (tx, versions, at) => {
      const v = versions.find((x) => x.version === version)
      if (!v) throw FinancingErrors.PRODUCT_NOT_FOUND(`${id} v${version}`)
      if (v.status !== 'submitted') throw conflict(v, input.approve ? '审核通过' : '驳回')
      const reason = input.reason?.trim() || null
      if (!input.approve) {
        if (!reason) throw onField(FinancingErrors.REVIEW_REASON_REQUIRED(), 'reason')
        await repo.setStatus(tx, id, version, 'rejected', at, { reason, by: p.username })
        return { version, details: { reason } }
      }
      for (const old of versions) if (old.version !== version && (old.status === 'published' || old.status === 'paused')) await repo.setStatus(tx, id, old.version, 'superseded', at)
      await repo.setStatus(tx, id, version, 'published', at, { reason, by: p.username })
      return { version }
    }),

    pause: (p: Principal, id: string) => change(p, id, 'pause', async (tx, versions, at) => {
      const live = versions.find((x) => x.status === 'published')
      if (!live) throw conflict(versions[0]!, '暂停')
      await repo.setStatus(tx, id, live.version, 'paused', at)
      return { version: live.version }
    }),

    resume: (p: Principal, id: string) => change(p, id, 'resume', async (tx, versions, at) => {
      const paused = versions.find((x) => x.status === 'paused')
      if (!paused) throw conflict(versions[0]!, '恢复')
      await repo.setStatus(tx, id, paused.version, 'published', at)
      return { version: paused.version }
    }),

    /** Off the shelf for good: applications already made go on; no new ones. */
    retire: (p: Principal, id: string) => change(p, id, 'retire', async (tx, versions, at) => {
      const live = versions.find((x) => x.status === 'published' || x.status === 'paused')
      if (!live) throw conflict(versions[0]!, '下架')
      await repo.setStatus(tx, id, live.version, 'retired', at)
      return { version: live.version }
    }),

    /** Every version of a product: its institution and the operator and supervisor see all; others the published one. */
    async versions(p: Principal, id: string): Promise<ProductVersion[]> {
      const versions = await repo.versions(db, id)
      if (versions.length === 0) throw FinancingErrors.PRODUCT_NOT_FOUND(id)
      if (p.role === 'operator' || p.role === 'supervisor' || (p.role === 'institution' && p.organization === versions[0]!.institution)) return versions
      const shown = versions.filter((v) => v.status === 'published')
      if (shown.length === 0) throw FinancingErrors.PRODUCT_NOT_FOUND(id)
      return shown
    },

    /** One version, as `versions` decides who sees it. */
    async version(p: Principal, id: string, version: number): Promise<ProductVersion> {
      const v = (await service.versions(p, id)).find((x) => x.version === version)
      if (!v) throw FinancingErrors.PRODUCT_NOT_FOUND(`${id} v${version}`)
      return v
    },

    /** The shelf as the caller may see it: an institution its own products, operator and supervisor all, others published. */
    async list(p: Principal, f: Omit<ProductFilter, 'institution' | 'statuses'> & { status?: ProductStatus | undefined; institution?: string | undefined }): Promise<{ total: number; products: ProductVersion[] }> {
      const filter: ProductFilter = { limit: f.limit, offset: f.offset, type: f.type, text: f.text }
      if (p.role === 'institution') filter.institution = institutionOf(p)
      else if (f.institution) filter.institution = f.institution
      const mayAll = p.role === 'institution' || p.role === 'operator' || p.role === 'supervisor'
      filter.statuses = mayAll ? (f.status ? [f.status] : undefined) : ['published']
      const r = await repo.list(db, filter)
      return { total: r.total, products: r.rows }
    },

    /** Every published version, for matching. */
    published: () => repo.published(db),
  }
  return service
}

export type ProductService = ReturnType<typeof createProductService>

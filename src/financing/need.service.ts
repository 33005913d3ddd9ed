import { randomUUID } from 'node:crypto'
import type { Database } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import { type AuditService, actorOf } from '../audit/index.js'
import type { Principal, GrantService, InstitutionDirectory } from '../access/index.js'
import type { ProfileService } from '../records/index.js'
import { itemsOf, type CreditGradeFact } from './eligibility-rules.js'
import { FinancingErrors, onField } from './financing.errors.js'
import type { Need, NeedForInstitution, ProductMatch, ProductVersion } from './financing.types.js'
import { createApplicationRepository } from './application.repository.js'
import type { ProductService } from './product.service.js'
import { compileShelf, factsFromProfile, matchShelf, type Shelf } from './match.js'
import { beijingDate } from '../core/index.js'

export interface NeedInput {
  amountFen: number
  termMonths: number
  purpose: string
  /** What the enterprise can offer as guarantee or collateral; null or absent for none (信用). */
  collateral?: string | null | undefined
}

/**
 * Financing needs (融资需求) and matching: an enterprise states what it needs, and sees the published products ranked
 * with, for each, why it fits or not, rule by rule, from its own records (read through the records context, which
 * audits the read). Institutions see open needs in the regions they serve, the enterprise named only to those it
 * applied to or granted.
 */
export function createNeedService(deps: { db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; profiles: ProfileService; grants: GrantService; products: ProductService; institutions?: InstitutionDirectory; now?: () => Date
  /**
   * The subject's current grade shown (信用评价, src/evaluation) with its base grade and what lowered it, for
   * `credit_grade` rules and their reasons; none while it has no score. Read once per match, not per product.
   */
  creditGrade?: (subjectKey: string) => Promise<CreditGradeFact | undefined>
}) {
  const { db, catalog, registry, audit, profiles, grants, products, institutions } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createApplicationRepository()

  function ownSubject(p: Principal): string {
    if (p.role !== 'enterprise' || !p.organization) throw FinancingErrors.NO_ORGANIZATION()
    return registry.subjectKeyOf(p.organization)
  }

  async function ownNeed(p: Principal, id: string): Promise<Need> {
    const need = await repo.need(db, id)
    const mine = need && (p.role === 'operator' || p.role === 'supervisor' || (p.role === 'enterprise' && need.subjectKey === ownSubject(p)))
    if (!need || !mine) throw FinancingErrors.NEED_NOT_FOUND(id)
    return need
  }

  // The prepared shelf of the last request, kept while the published versions are the same ones: preparing 2,000
  // products costs more than matching a need against them. A published version's rules never change (an edit is a
  // new version), so the versions' ids and update times name the shelf.
  let prepared: { signature: string; shelf: Shelf } | undefined
  function preparedShelf(versions: readonly ProductVersion[]): Shelf {
    const signature = versions.map((v) => `${v.id}:${v.version}:${v.updatedAt}`).join('|')
    if (prepared?.signature !== signature) prepared = { signature, shelf: compileShelf(versions) }
    return prepared.shelf
  }

  const service = {
    async publish(p: Principal, input: NeedInput): Promise<Need> {
      const subjectKey = ownSubject(p)
      const bad = (field: string, why: string) => onField(FinancingErrors.NEED_INVALID(field, why), field)
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw bad('amountFen', '金额须为正整数（分）')
      if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 360) throw bad('termMonths', '期限须为 1–360 个月')
      if (input.purpose.trim().length < 2) throw bad('purpose', '请说明资金用途')
      const subject = await registry.get(subjectKey)
      const need: Need = {
        id: randomUUID(), subjectKey, amountFen: input.amountFen, termMonths: input.termMonths, purpose: input.purpose.trim(),
        collateral: input.collateral?.trim() || null, divisionCode: subject.division_code ?? null, status: 'open', createdAt: now().toISOString(),
      }
      await db.transaction(async (tx) => {
        await repo.insertNeed(tx, need, p.username)
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'financing.need.create', subjectKey, details: { needId: need.id, amountFen: need.amountFen, termMonths: need.termMonths } })
      })
      return need
    },

    async close(p: Principal, id: string): Promise<Need> {
      const need = await ownNeed(p, id)
      if (p.role !== 'enterprise') throw FinancingErrors.NEED_NOT_FOUND(id)
      if (need.status === 'closed') throw FinancingErrors.NEED_CLOSED()
      await db.transaction(async (tx) => {
        await repo.closeNeed(tx, id, now())
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'financing.need.close', subjectKey: need.subjectKey, details: { needId: id } })
      })
      return { ...need, status: 'closed' }
    },

    get: (p: Principal, id: string) => ownNeed(p, id),

    /** The enterprise's own needs; the operator and supervisor see all. */
    async list(p: Principal, q: { limit: number; offset: number }): Promise<{ total: number; needs: Need[] }> {
      const r = p.role === 'enterprise' ? await repo.needs(db, { subjectKey: ownSubject(p), limit: q.limit, offset: q.offset }) : await repo.needs(db, { limit: q.limit, offset: q.offset })
      return { total: r.total, needs: r.rows }
    },

    /** The published products ranked for one of the enterprise's needs, with the reasons for each. */
    async match(p: Principal, id: string, q: { limit: number } = { limit: 50 }): Promise<{ need: Need; evaluatedAt: string; matches: ProductMatch[] }> {
      const need = await ownNeed(p, id)
      if (p.role !== 'enterprise') throw FinancingErrors.NEED_NOT_FOUND(id)
      const shelf = await products.published()
      const items = [...new Set(shelf.flatMap((v) => itemsOf(v.rules)))]
      const t = now()
      const profile = items.length ? await profiles.read(p, need.subjectKey, { items }) : { categories: [] }
      const facts = factsFromProfile(profile, beijingDate(t))
      // The enterprise's own grade (one key read), for products with a `credit_grade` rule.
      if (deps.creditGrade) facts.creditGrade = await deps.creditGrade(need.subjectKey)
      return { need, evaluatedAt: t.toISOString(), matches: matchShelf(need, preparedShelf(shelf), facts, catalog.current(), q.limit) }
    },

    /**
     * Open needs in the institution's service regions: those the directory records for it (what the operator
     * confirmed when it joined), or, for an institution not in the directory or with no regions there, the regions
     * of its published products. The enterprise's name and code are shown only where it applied to this
     * institution or holds a live grant to it; the read is audited.
     */
    async forInstitution(p: Principal, q: { limit: number; offset: number }): Promise<{ total: number; needs: NeedForInstitution[] }> {
      if (p.role !== 'institution' || !p.organization) throw FinancingErrors.NO_ORGANIZATION()
      const institution = p.organization
      const listed = (await institutions?.get(institution))?.regions ?? []
      const regions = listed.length ? listed : (await products.list(p, { status: 'published', limit: 200, offset: 0 })).products.flatMap((v) => v.regions)
      const prefixes = [...new Set(regions.map((r) => r.replace(/(00)+$/, '')))]
      const r = await repo.needs(db, { openOnly: true, regionPrefixes: prefixes, limit: q.limit, offset: q.offset })
      const keys = [...new Set(r.rows.map((n) => n.subjectKey))]
      const known = await repo.subjectsApplyingTo(db, institution, keys)
      for (const k of keys) if (!known.has(k) && (await grants.between(institution, k)).some((g) => g.status === 'active')) known.add(k)
      const names = new Map<string, string | null>()
      for (const k of known) names.set(k, (await registry.get(k).catch(() => undefined))?.name ?? null)
      const needs: NeedForInstitution[] = r.rows.map((n) => known.has(n.subjectKey) ? { ...n, enterpriseName: names.get(n.subjectKey) ?? null, masked: false } : { ...n, subjectKey: null, enterpriseName: null, masked: true })
      await audit.append({ actor: actorOf(p), action: 'financing.need.list', details: { count: needs.length, named: needs.filter((n) => !n.masked).map((n) => n.subjectKey) } })
      return { total: r.total, needs }
    },
  }
  return service
}

export type NeedService = ReturnType<typeof createNeedService>

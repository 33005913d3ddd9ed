import { type Database, type Sql, isSealed, unseal } from '../core/index.js'
import type { SelfDeclaredService } from './self-declared.service.js'
import type { CatalogService } from '../catalog/index.js'
import type { CatalogIndex } from '../catalog/index.js'
import type { CatalogCategory, CatalogField, CatalogItem, Sensitivity } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import { RegistryErrors } from '../registry/index.js'
import type { AuditService } from '../audit/index.js'
import { actorOf } from '../audit/index.js'
// Access's modules, not its index: the web app's type check (api-types.ts) reaches this file, and the index brings
// in services whose imports reach the HTTP layer.
import { allowedOrThrow, createAuthorizer, type Authorize, type Coverage, type SubjectAccess } from '../access/index.js'
import { DEFAULT_MASKING, maskIdentifier, type MaskingPolicy } from '../access/index.js'
import type { Principal } from '../access/index.js'
import type { Grant } from '../access/index.js'
import { createProfileRepository, type CurrentRecordRow, type ProfileSubjectRow } from './profile.repository.js'
import { ProfileErrors } from './profile.errors.js'
import type { Disclosed, Profile, ProfileCategory, ProfileFieldMeta, ProfileGrantRef, ProfileItem, ProfileRecord } from './profile.types.js'

interface ItemMeta {
  item: CatalogItem
  category: CatalogCategory
  fields: CatalogField[]
  byKey: Map<string, CatalogField>
  hasPublic: boolean
  /** The cut of this item for each footing (see `cutOf`), made on first use. */
  cuts: Map<string, ItemCut>
}

/** What one viewer footing sees of one item: the same for every record of it, so decided once per catalog version. */
interface ItemCut {
  /** Field key → decision and sensitivity; keys outside the catalog are restricted. */
  decide: Map<string, FieldCut>
  /** The decision for a key outside the catalog (restricted). */
  unknown: FieldCut
  visibleFields: ProfileFieldMeta[]
  withheld: string[]
}

interface FieldCut {
  d: 'show' | 'mask' | 'withhold'
  sens: Sensitivity
  /** `item.field`, as the audit entry names it. */
  qualified: string
}

/** The decision for a field, as the authorizer makes it (identifiers masked for printed reports when asked). */
function decideField(key: string, sens: Sensitivity, m: ItemMeta, ctx: { access: SubjectAccess; granted: boolean; maskIdentifiers: boolean }): FieldCut {
  const d = ctx.access.field(sens, { itemHasPublicFields: m.hasPublic, granted: ctx.granted, maskIdentifiers: ctx.maskIdentifiers })
  return { d, sens, qualified: `${m.item.key}.${key}` }
}

function cutOf(m: ItemMeta, ctx: { access: SubjectAccess; granted: boolean; maskIdentifiers: boolean }): ItemCut {
  const key = `${ctx.access.basis}|${ctx.granted ? 1 : 0}|${ctx.access.revealed ? 1 : 0}|${ctx.maskIdentifiers ? 1 : 0}`
  let cut = m.cuts.get(key)
  if (!cut) {
    const decide = new Map<string, FieldCut>()
    const visibleFields: ProfileFieldMeta[] = []
    const withheld: string[] = []
    for (const f of m.fields) {
      const c = decideField(f.key, f.sensitivity, m, ctx)
      decide.set(f.key, c)
      if (c.d === 'withhold') withheld.push(f.key)
      else visibleFields.push({ key: f.key, name: f.name, type: f.type, sensitivity: f.sensitivity })
    }
    cut = { decide, unknown: decideField('', 'restricted', m, ctx), visibleFields, withheld }
    m.cuts.set(key, cut)
  }
  return cut
}

const META = new WeakMap<CatalogIndex, Map<string, ItemMeta>>()

/** Per catalog version, what the hot path asks of every item: its fields by key and whether any is public. */
function metaOf(index: CatalogIndex): Map<string, ItemMeta> {
  let m = META.get(index)
  if (!m) {
    m = new Map()
    for (const r of index.items.values()) {
      m.set(r.item.key, { item: r.item, category: r.category, fields: r.item.fields, byKey: new Map(r.item.fields.map((f) => [f.key, f])), hasPublic: r.item.fields.some((f) => f.sensitivity === 'public'), cuts: new Map() })
    }
    META.set(index, m)
  }
  return m
}

const grantRef = (g: Grant): ProfileGrantRef => ({ id: g.id, mode: g.mode, status: g.status, validUntil: g.validUntil.toISOString(), revokedAt: g.revokedAt?.toISOString() ?? null })

export interface ProfileOptions {
  /** Operator only: show whole identifiers, for this stated reason (audited). */
  reveal?: string | undefined
  /** Institution: use this grant only (refused at once if it is no longer live). */
  grantId?: string | undefined
  /** Only these items (reports and verifications read what they need). */
  items?: readonly string[] | undefined
  /** Mask personal identifiers even for the subject itself (printed reports travel further than screens). */
  maskIdentifiers?: boolean | undefined
  /** Read inside this transaction (a flow that records what it read with its own change). */
  within?: Sql | undefined
}

/**
 * The enterprise credit profile (画像 base): everything the hub holds on a subject, grouped by the catalog's
 * categories and items, with provenance and dates, cut to what the caller may see (see `disclose`). Every read
 * that discloses a non-public field leaves an audit entry naming those fields and the grant, before the data is
 * returned; a read the audit log cannot record is not answered.
 *
 * @example
 * const profile = await profiles.read(bankPrincipal, '91640100MA76XQ0A8A')
 * profile.categories[0].items[0].records[0].values // public fields, plus restricted ones a live grant covers
 */
export function createProfileService(deps: {
  db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; dataKey: Buffer; masking?: MaskingPolicy; now?: () => Date
  /** Who may read what (access's one authorisation function); built from the registry's key rule when not given. */
  authorize?: Authorize
  /** The subject's own statements (自愿填报, 信用承诺), shown apart from providers' records. */
  selfDeclared?: Pick<SelfDeclaredService, 'sectionFor'>
}) {
  const { db, catalog, registry, audit } = deps
  const masking = deps.masking ?? DEFAULT_MASKING
  const now = deps.now ?? (() => new Date())
  const repo = createProfileRepository()
  const authorize = deps.authorize ?? createAuthorizer({ subjectKeyOf: (c) => registry.subjectKeyOf(c) })
  /** Refusals this context names with its own codes. */
  const problems = { 'reveal-not-operator': () => ProfileErrors.REVEAL_OPERATOR_ONLY(), 'reveal-reason-missing': () => ProfileErrors.REVEAL_REASON() }

  /**
   * The viewer's footing, the grants that apply, the subject and its current records (optionally some items only),
   * in one read; refuses what the caller may not ask at all. Nothing leaves this service before the cut.
   */
  async function prepare(p: Principal, code: string, opts: ProfileOptions) {
    const subjectKey = registry.subjectKeyOf(code)
    const access = authorize(p, { kind: 'subject-data', use: 'view', subjectKey, reveal: opts.reveal, grantId: opts.grantId })
    allowedOrThrow(access, problems)
    const bundle = await repo.bundle(opts.within ?? db, subjectKey, { items: opts.items, institution: access.institution })
    if (!bundle) throw RegistryErrors.SUBJECT_NOT_FOUND(code)
    let coverage: Coverage | undefined
    if (bundle.grants) {
      const granted = access.withGrants(bundle.grants, now())
      allowedOrThrow(granted)
      coverage = granted.coverage
    }
    return { subject: bundle.subject, rows: bundle.records, access, coverage }
  }

  function reveal(value: unknown, mode: 'show' | 'mask'): unknown {
    if (typeof value !== 'string') return value
    if (isSealed(value)) {
      const plain = unseal(deps.dataKey, value)
      return mode === 'show' ? plain : maskIdentifier(plain, masking)
    }
    return value // an organisation's USCC in an ID-or-USCC field is public
  }

  /** Cuts the records to what the viewer may see and groups them; returns what was disclosed beyond public fields. */
  function shape(rows: readonly CurrentRecordRow[], ctx: { access: SubjectAccess; coverage: Coverage | undefined; maskIdentifiers: boolean }): { categories: ProfileCategory[]; disclosed: Disclosed; asOf: string | null } {
    const index = catalog.current()
    const meta = metaOf(index)
    const byItem = new Map<string, CurrentRecordRow[]>()
    for (const r of rows) {
      const list = byItem.get(r.item_key)
      if (list) list.push(r)
      else byItem.set(r.item_key, [r])
    }
    const fields = new Set<string>()
    const items = new Set<string>()
    const grantIds = new Set<string>()
    const categories: ProfileCategory[] = []
    let newest = ''
    for (const category of index.document.categories) {
      const out: ProfileItem[] = []
      let categoryAsOf = ''
      for (const catItem of category.items) {
        const list = byItem.get(catItem.key)
        if (!list) continue
        const m = meta.get(catItem.key)!
        const grant = ctx.coverage?.covering(m.item.key, m.category.key)
        const cut = cutOf(m, { access: ctx.access, granted: grant !== undefined, maskIdentifiers: ctx.maskIdentifiers })
        if (cut.visibleFields.length === 0) continue
        // Each answer gets its own copies: callers may change what they are given.
        const visibleFields = cut.visibleFields.map((f) => ({ ...f }))
        const withheld = cut.withheld.slice()
        const records: ProfileRecord[] = []
        let itemAsOf = ''
        let nonPublic = false
        let restrictedShown = false
        for (const r of list) {
          const values: Record<string, unknown> = {}
          let masked: string[] | undefined
          const data = r.data
          for (const key in data) {
            const c = cut.decide.get(key) ?? { ...cut.unknown, qualified: `${m.item.key}.${key}` }
            const d = c.d
            if (d === 'withhold') continue
            const sens = c.sens
            let v = data[key]
            if (sens === 'sensitive' || isSealed(v)) {
              const before = v
              v = reveal(v, d === 'show' ? 'show' : 'mask')
              if (d === 'mask' && v !== before) (masked ??= []).push(key)
            }
            if (sens !== 'public') {
              fields.add(c.qualified)
              nonPublic = true
              if (sens === 'restricted') restrictedShown = true
            }
            values[key] = v
          }
          const receivedAt = r.received_at
          if (receivedAt > itemAsOf) itemAsOf = receivedAt
          records.push({
            recordKey: r.record_key, version: r.version, earlierVersions: r.earlier,
            provenance: { provider: r.provider, method: r.method, batchId: r.batch_id, receivedAt, catalogVersion: r.catalog_version },
            values, ...(masked ? { masked } : {}), ...(r.state === 'objected' ? { state: 'objected' as const } : {}),
          })
        }
        if (nonPublic) items.add(m.item.key)
        if (restrictedShown && grant) grantIds.add(grant.id)
        if (itemAsOf > categoryAsOf) categoryAsOf = itemAsOf
        out.push({ key: m.item.key, name: m.item.name, asOf: itemAsOf, fields: visibleFields, withheld, grantId: grant?.id ?? null, records })
      }
      if (out.length) {
        categories.push({ no: category.no, key: category.key, name: category.name, asOf: categoryAsOf, items: out })
        if (categoryAsOf > newest) newest = categoryAsOf
      }
    }
    return { categories, disclosed: { items: [...items], fields: [...fields], grantIds: [...grantIds] }, asOf: newest || null }
  }

  const service = {
    /**
     * Builds a profile without logging it, for callers that log their own action (the credit report). Anything
     * that returns the result to a person must log `disclosed` first.
     */
    async assemble(p: Principal, code: string, opts: ProfileOptions = {}): Promise<{ profile: Profile; disclosed: Disclosed; subject: ProfileSubjectRow }> {
      const { subject, rows, access, coverage } = await prepare(p, code, opts)
      const { basis, revealed } = access
      const shaped = shape(rows, { access, coverage, maskIdentifiers: Boolean(opts.maskIdentifiers) })
      const usedGrants = coverage ? coverage.live.filter((g) => shaped.disclosed.grantIds.includes(g.id)) : []
      const profile: Profile = {
        subject: { subjectKey: subject.subject_key, uscc: subject.uscc, kind: subject.kind, name: subject.name, names: subject.names, entityType: subject.entity_type, divisionCode: subject.division_code },
        generatedAt: now().toISOString(),
        asOf: shaped.asOf,
        viewer: {
          role: p.role, organization: p.organization, basis,
          purpose: usedGrants[0]?.purpose ?? access.purpose,
          revealed,
          grants: (coverage?.live ?? []).map(grantRef),
          endedGrants: (coverage?.ended ?? []).map(grantRef),
        },
        categories: shaped.categories,
        audit: null,
      }
      if (deps.selfDeclared && !opts.items) {
        profile.selfDeclared = await deps.selfDeclared.sectionFor(subject.subject_key, { basis, maskIdentifiers: Boolean(opts.maskIdentifiers) }, opts.within)
      }
      return { profile, disclosed: shaped.disclosed, subject }
    },

    /** The profile of one subject for the caller, audited when it discloses anything beyond public fields. */
    async read(p: Principal, code: string, opts: ProfileOptions = {}): Promise<Profile> {
      const { profile, disclosed } = await service.assemble(p, code, opts)
      if (disclosed.fields.length) {
        const e = await audit.append({
          actor: actorOf(p),
          action: profile.viewer.revealed ? 'profile.reveal' : 'profile.read',
          subjectKey: profile.subject.subjectKey,
          items: disclosed.items,
          fields: disclosed.fields,
          grantId: disclosed.grantIds[0] ?? null,
          purpose: profile.viewer.purpose,
          reason: opts.reveal ?? null,
          details: disclosed.grantIds.length > 1 ? { grants: disclosed.grantIds, basis: profile.viewer.basis } : { basis: profile.viewer.basis },
        })
        profile.audit = { seq: e.seq, hash: e.hash }
      }
      return profile
    },
  }
  return service
}

export type ProfileService = ReturnType<typeof createProfileService>

import { randomUUID } from 'node:crypto'
import { beijingTime, type Database, type Sql, sm3, untilEndOfBeijingDay } from '../core/index.js'
import type { CatalogService } from '../catalog/index.js'
import type { RegistryService } from '../registry/index.js'
import { type AuditService, actorOf } from '../audit/index.js'
import type { Principal } from './access.types.js'
import { AccessErrors } from './access.errors.js'
import { GrantErrors } from './grant.errors.js'
import { createGrantRepository, grantOf, type GrantFilter } from './grant.repository.js'
import { GRANT_MODE_NAMES_ZH, type ConsentMethod, type Grant, type GrantEvent, type GrantEvidence, type GrantMode, type GrantStatus, type Notification } from './grant.types.js'

/** The longest a grant may run: 68号文 leaves it open; three years covers a loan's usual term and its review. */
export const MAX_GRANT_DAYS = 1096

export interface GrantScopeInput {
  categories?: string[] | undefined
  items?: string[] | undefined
  mode: GrantMode
  purpose: string
  /** An ISO date (the grant then ends at that day's end, Beijing time) or date-time. */
  validUntil: string
}

/** Where a consent came from, kept as evidence. */
export interface ConsentContext {
  how?: ConsentMethod | undefined
  ip?: string | undefined
  userAgent?: string | undefined
}

const STATUS_ZH: Record<GrantStatus, string> = { requested: '待企业确认', active: '有效', refused: '已拒绝', revoked: '已撤销', expired: '已到期' }

/** A date alone means the end of that day in Beijing time (UTC+8), the way a person reads "valid until 6 May". */
export function parseValidUntil(text: string): Date {
  const d = untilEndOfBeijingDay(text)
  if (Number.isNaN(d.getTime())) throw GrantErrors.VALID_UNTIL_PAST()
  return d
}

/**
 * Grants (授权): an enterprise authorises an institution to use named categories or items of its data, in one mode
 * (view / verify / model), for financing, until a date; it may revoke at any time. An institution may ask, and the
 * enterprise approves or refuses. Every change keeps its evidence (who, when, how, the consent text), is written
 * to the grant's history and to the audit log in the same transaction, and tells the other party.
 *
 * @example
 * const g = await grants.create(enterprise, { institution: '宁夏银行股份有限公司', categories: ['taxation'], mode: 'view', purpose: '融资', validUntil: '2027-06-30' })
 * await grants.revoke(enterprise, g.id, { reason: '贷款已结清' }) // the bank's next query is refused
 */
export function createGrantService(deps: { db: Database; catalog: CatalogService; registry: RegistryService; audit: AuditService; now?: () => Date }) {
  const { db, catalog, registry, audit } = deps
  const now = deps.now ?? (() => new Date())
  const repo = createGrantRepository()

  function ownSubject(p: Principal): string {
    if (!p.organization) throw GrantErrors.NO_ORGANIZATION()
    return registry.subjectKeyOf(p.organization)
  }

  /** Checks the scope against the current catalog and returns it sorted and without repeats. */
  function checkScope(input: GrantScopeInput): { categories: string[]; items: string[]; validUntil: Date } {
    const index = catalog.current()
    const categories = [...new Set(input.categories ?? [])].sort()
    const items = [...new Set(input.items ?? [])].sort()
    if (categories.length + items.length === 0) throw GrantErrors.SCOPE_EMPTY()
    const knownCategories = new Set(index.document.categories.map((c) => c.key))
    const unknown = [...categories.filter((c) => !knownCategories.has(c)), ...items.filter((i) => !index.get(i))]
    if (unknown.length) throw GrantErrors.SCOPE_UNKNOWN(unknown.join(', '))
    const validUntil = parseValidUntil(input.validUntil)
    const t = now().getTime()
    if (validUntil.getTime() <= t) throw GrantErrors.VALID_UNTIL_PAST()
    if (validUntil.getTime() - t > MAX_GRANT_DAYS * 86_400_000) throw GrantErrors.VALID_UNTIL_TOO_FAR(MAX_GRANT_DAYS)
    return { categories, items, validUntil }
  }

  function scopeText(categories: readonly string[], items: readonly string[]): string {
    const index = catalog.current()
    const names = [
      ...categories.map((c) => index.document.categories.find((x) => x.key === c)?.name ?? c),
      ...items.map((i) => index.get(i)?.item.name ?? i),
    ]
    return names.join('、')
  }

  /** How statements and notices name a subject: `宁夏某某有限公司（91640100…）`, or its code when no name is held. */
  async function subjectLabel(sql: Sql, subjectKey: string): Promise<string> {
    const name = (await registry.namesOf([subjectKey], sql)).get(subjectKey)
    return name ? `${name}（${subjectKey}）` : subjectKey
  }

  async function evidenceOf(sql: Sql, p: Principal, g: { subjectKey: string; institution: string; categories: string[]; items: string[]; mode: GrantMode; purpose: string; validUntil: Date }, ctx: ConsentContext): Promise<GrantEvidence> {
    const statement = `${await subjectLabel(sql, g.subjectKey)}同意授权${g.institution}以“${GRANT_MODE_NAMES_ZH[g.mode]}”方式使用本主体的以下公共信用信息：${scopeText(g.categories, g.items)}；` +
      `用途：${g.purpose}；有效期至 ${beijingTime(g.validUntil)}。本主体可随时撤销本授权。`
    return {
      by: p.username, accountId: p.accountId, at: now().toISOString(), how: ctx.how ?? (p.via === 'api_key' ? 'api' : 'web-consent'),
      statement, statementHash: sm3(statement),
      ...(ctx.ip ? { ip: ctx.ip } : {}), ...(ctx.userAgent ? { userAgent: ctx.userAgent } : {}),
    }
  }

  /**
   * The grant locked for a change, checked as every change checks it: it exists, it is the caller's subject's (the
   * operator, passing no subject, may change any), and it is in a status the change applies to. One guard for
   * approve, refuse and revoke, so that none of them checks less than the others.
   */
  async function lockForChange(tx: Sql, id: string, subjectKey: string | undefined, from: readonly GrantStatus[], change: string): Promise<Grant> {
    const row = await repo.getForUpdate(tx, id)
    if (!row) throw GrantErrors.NOT_FOUND(id)
    if (subjectKey !== undefined && row.subject_key !== subjectKey) throw GrantErrors.NOT_YOURS()
    const g = grantOf(row, now())
    if (!from.includes(g.status)) throw GrantErrors.STATUS_CONFLICT(STATUS_ZH[g.status], change)
    return g
  }

  async function load(id: string): Promise<Grant> {
    const row = await repo.get(db, id)
    if (!row) throw GrantErrors.NOT_FOUND(id)
    return grantOf({ ...row, subject_name: (await registry.namesOf([row.subject_key])).get(row.subject_key) ?? null }, now())
  }

  /** Who may read a grant: the two parties, and the operator. */
  function mayRead(p: Principal, g: Grant): boolean {
    if (p.role === 'operator') return true
    if (p.role === 'institution') return p.organization === g.institution
    if (p.role === 'enterprise') return p.organization !== null && registry.subjectKeyOf(p.organization) === g.subjectKey
    return false
  }

  const event = (p: Principal, action: GrantEvent['action'], how: string | null, note: string | null): Omit<GrantEvent, 'seq'> => ({
    at: now(), action, actor: p.username, actorRole: p.role, how, note,
  })

  async function createIn(tx: Sql, p: Principal, input: GrantScopeInput & { institution: string }, ctx: ConsentContext): Promise<string> {
    const subjectKey = ownSubject(p)
    const scope = checkScope(input)
    if (!(await repo.institutionExists(tx, input.institution))) throw GrantErrors.INSTITUTION_UNKNOWN(input.institution)
    const id = randomUUID()
    const g = { subjectKey, institution: input.institution, ...scope, mode: input.mode, purpose: input.purpose }
    const evidence = await evidenceOf(tx, p, g, ctx)
    const at = now()
    await repo.insert(tx, { id, ...g, status: 'active', evidence, requestedBy: null, requestNote: null, at })
    await repo.addEvent(tx, id, event(p, 'create', evidence.how, null))
    const who = await subjectLabel(tx, subjectKey)
    await repo.notify(tx, { id: randomUUID(), organization: g.institution, kind: 'grant.created', grantId: id, subjectKey, at,
      zh: `${who}已授权贵机构以“${GRANT_MODE_NAMES_ZH[g.mode]}”方式使用其信用信息，有效期至 ${beijingTime(scope.validUntil)}`,
      en: `${who} granted you ${g.mode} access to its credit data until ${scope.validUntil.toISOString()}` })
    await audit.appendWithin(tx, { actor: actorOf(p), action: 'grant.create', subjectKey, items: scope.items, grantId: id, purpose: g.purpose,
      details: { institution: g.institution, categories: scope.categories, mode: g.mode, validUntil: scope.validUntil.toISOString(), how: evidence.how, statementHash: evidence.statementHash } })
    return id
  }

  return {
    /** The enterprise grants directly (web consent or API); the grant is active at once. */
    async create(p: Principal, input: GrantScopeInput & { institution: string }, ctx: ConsentContext = {}): Promise<Grant> {
      const id = await db.transaction((tx) => createIn(tx, p, input, ctx))
      return load(id)
    },

    /**
     * The same grant, written inside the caller's transaction, for flows that grant as part of a larger step (an
     * application to a lender grants it what it needs): both stand or fall together. Returns the new grant's id.
     */
    createWithin: (tx: Sql, p: Principal, input: GrantScopeInput & { institution: string }, ctx: ConsentContext = {}): Promise<string> => createIn(tx, p, input, ctx),

    /** An institution asks a subject for a grant; the enterprise is told and decides. */
    async request(p: Principal, input: GrantScopeInput & { subject: string; note?: string | undefined }): Promise<Grant> {
      if (!p.organization) throw GrantErrors.NO_ORGANIZATION()
      const subject = await registry.get(input.subject)
      const scope = checkScope(input)
      const id = randomUUID()
      const at = now()
      await db.transaction(async (tx) => {
        await repo.insert(tx, { id, subjectKey: subject.subject_key, institution: p.organization!, ...scope, mode: input.mode, purpose: input.purpose, status: 'requested', evidence: null, requestedBy: p.username, requestNote: input.note ?? null, at })
        await repo.addEvent(tx, id, event(p, 'request', p.via === 'api_key' ? 'api' : 'web', input.note ?? null))
        await repo.notify(tx, { id: randomUUID(), organization: subject.subject_key, kind: 'grant.requested', grantId: id, subjectKey: subject.subject_key, at,
          zh: `${p.organization} 申请以“${GRANT_MODE_NAMES_ZH[input.mode]}”方式使用贵企业的信用信息（${scopeText(scope.categories, scope.items)}），用途：${input.purpose}，请确认或拒绝`,
          en: `${p.organization} asks for ${input.mode} access to your credit data for ${input.purpose}; approve or refuse it` })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'grant.request', subjectKey: subject.subject_key, items: scope.items, grantId: id, purpose: input.purpose,
          details: { categories: scope.categories, mode: input.mode, validUntil: scope.validUntil.toISOString() } })
      })
      return load(id)
    },

    /** The enterprise approves a request (optionally shortening it); the consent becomes the grant's evidence. */
    async approve(p: Principal, id: string, input: { validUntil?: string | undefined } = {}, ctx: ConsentContext = {}): Promise<Grant> {
      const subjectKey = ownSubject(p)
      await db.transaction(async (tx) => {
        const g = await lockForChange(tx, id, subjectKey, ['requested'], '批准 / approved')
        const validUntil = input.validUntil ? checkScope({ ...g, validUntil: input.validUntil }).validUntil : g.validUntil
        if (validUntil.getTime() <= now().getTime()) throw GrantErrors.VALID_UNTIL_PAST()
        const evidence = await evidenceOf(tx, p, { ...g, validUntil }, ctx)
        await repo.approve(tx, id, evidence, validUntil, now())
        await repo.addEvent(tx, id, event(p, 'approve', evidence.how, null))
        const who = await subjectLabel(tx, subjectKey)
        await repo.notify(tx, { id: randomUUID(), organization: g.institution, kind: 'grant.approved', grantId: id, subjectKey, at: now(),
          zh: `${who}已同意贵机构的授权申请，有效期至 ${beijingTime(validUntil)}`, en: `${who} approved your grant request, valid until ${validUntil.toISOString()}` })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'grant.approve', subjectKey, items: g.items, grantId: id, purpose: g.purpose,
          details: { institution: g.institution, categories: g.categories, mode: g.mode, validUntil: validUntil.toISOString(), how: evidence.how, statementHash: evidence.statementHash } })
      })
      return load(id)
    },

    async refuse(p: Principal, id: string, input: { reason?: string | undefined } = {}): Promise<Grant> {
      const subjectKey = ownSubject(p)
      await db.transaction(async (tx) => {
        const g = await lockForChange(tx, id, subjectKey, ['requested'], '拒绝 / refused')
        await repo.refuse(tx, id, input.reason ?? null, now())
        await repo.addEvent(tx, id, event(p, 'refuse', null, input.reason ?? null))
        const who = await subjectLabel(tx, subjectKey)
        await repo.notify(tx, { id: randomUUID(), organization: g.institution, kind: 'grant.refused', grantId: id, subjectKey, at: now(),
          zh: `${who}拒绝了贵机构的授权申请${input.reason ? `：${input.reason}` : ''}`, en: `${who} refused your grant request${input.reason ? `: ${input.reason}` : ''}` })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'grant.refuse', subjectKey, grantId: id, reason: input.reason ?? null, details: { institution: g.institution } })
      })
      return load(id)
    },

    /**
     * Revokes a grant at once: the institution's next query under it is refused, and the institution is notified.
     * The enterprise revokes its own grants; the operator may revoke any, with a reason (e.g. a paper request).
     */
    async revoke(p: Principal, id: string, input: { reason?: string | undefined } = {}): Promise<Grant> {
      if (p.role === 'operator' && !input.reason?.trim()) throw AccessErrors.REASON_REQUIRED()
      const subjectKey = p.role === 'operator' ? undefined : ownSubject(p)
      await db.transaction(async (tx) => {
        const g = await lockForChange(tx, id, subjectKey, ['active', 'requested'], '撤销 / revoked')
        const at = now()
        await repo.revoke(tx, id, p.username, input.reason ?? null, at)
        await repo.addEvent(tx, id, event(p, 'revoke', null, input.reason ?? null))
        const who = await subjectLabel(tx, g.subjectKey)
        await repo.notify(tx, { id: randomUUID(), organization: g.institution, kind: 'grant.revoked', grantId: id, subjectKey: g.subjectKey, at,
          zh: `${who}已于 ${beijingTime(at)} 撤销对贵机构的授权（${scopeText(g.categories, g.items)}），此后的查询将被拒绝`,
          en: `${who} revoked your grant at ${at.toISOString()}; further queries under it are refused` })
        await audit.appendWithin(tx, { actor: actorOf(p), action: 'grant.revoke', subjectKey: g.subjectKey, items: g.items, grantId: id, reason: input.reason ?? null,
          details: { institution: g.institution, categories: g.categories, mode: g.mode } })
      })
      return load(id)
    },

    /** One grant with its history, for its two parties and the operator. */
    async get(p: Principal, id: string): Promise<Grant & { history: GrantEvent[] }> {
      const g = await load(id)
      if (!mayRead(p, g)) throw GrantErrors.NOT_YOURS()
      return { ...g, history: await repo.events(db, id) }
    },

    /** Grants the caller may see: an enterprise its own, an institution its own, the operator all. */
    async list(p: Principal, f: Omit<GrantFilter, 'subjectKey' | 'institution'> & { subject?: string | undefined; institution?: string | undefined }): Promise<{ total: number; grants: Grant[] }> {
      const filter: GrantFilter = { limit: f.limit, offset: f.offset, ...(f.status ? { status: f.status } : {}) }
      if (p.role === 'enterprise') filter.subjectKey = ownSubject(p)
      else if (f.subject) filter.subjectKey = registry.subjectKeyOf(f.subject)
      if (p.role === 'institution') {
        if (!p.organization) throw GrantErrors.NO_ORGANIZATION()
        filter.institution = p.organization
      } else if (f.institution) filter.institution = f.institution
      const t = now()
      const r = await repo.list(db, filter, t)
      const names = await registry.namesOf(r.rows.map((row) => row.subject_key))
      return { total: r.total, grants: r.rows.map((row) => grantOf({ ...row, subject_name: names.get(row.subject_key) ?? null }, t)) }
    },

    /** Every grant between an institution and a subject, with its status as of now: the input of every query. */
    async between(institution: string, subjectKey: string): Promise<Grant[]> {
      const t = now()
      return (await repo.between(db, institution, subjectKey)).map((r) => grantOf(r, t))
    },

    /** Every grant between an institution (or platform) and each of `subjectKeys`, by subject, with its status as of now. */
    async betweenMany(institution: string, subjectKeys: readonly string[]): Promise<Map<string, Grant[]>> {
      const t = now()
      const out = new Map<string, Grant[]>()
      for (const r of await repo.betweenMany(db, institution, [...new Set(subjectKeys)])) {
        const g = grantOf(r, t)
        const list = out.get(g.subjectKey)
        if (list) list.push(g)
        else out.set(g.subjectKey, [g])
      }
      return out
    },

    /** Institutions and service platforms an enterprise can grant to. */
    institutions: () => repo.institutions(db),

    async notifications(p: Principal, opts: { unread: boolean; limit: number }): Promise<Notification[]> {
      if (!p.organization) return []
      const org = p.role === 'enterprise' ? registry.subjectKeyOf(p.organization) : p.organization
      return repo.notifications(db, org, opts.unread, opts.limit)
    },

    async markRead(p: Principal, id: string): Promise<void> {
      const org = p.organization ? (p.role === 'enterprise' ? registry.subjectKeyOf(p.organization) : p.organization) : ''
      if (!(await repo.markRead(db, org, id, now()))) throw GrantErrors.NOT_FOUND(id)
    },
  }
}

export type GrantService = ReturnType<typeof createGrantService>

import { randomUUID } from 'node:crypto'
import type { Database } from '../core/index.js'
import type { AuditActor, AuditService } from '../audit/index.js'
import { lookupDivision } from '../registry/index.js'
import { OnboardingErrors } from './onboarding.errors.js'
import { createInstitutionRepository, type OrganizationRow } from './institution.repository.js'
import { typesOf, type InstitutionRef, type Organization, type OrganizationKind } from './institution.types.js'

export interface OrganizationInput {
  name: string
  kind: OrganizationKind
  type: string
  regions: string[]
  contact?: { name?: string | null | undefined; phone?: string | null | undefined; email?: string | null | undefined } | undefined
}

const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id, name: r.name, kind: r.kind, type: r.type, typeName: typesOf(r.kind)[r.type] ?? r.type, regions: r.regions,
  contact: { name: r.contact_name, phone: r.contact_phone, email: r.contact_email },
  disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null, disabledReason: r.disabled_reason,
  createdAt: new Date(r.created_at).toISOString(),
})

/**
 * The directory of institutions (接入机构) and service platforms (服务平台) the operator onboards. An organisation's
 * name is its key everywhere: the same string as `organization` on its accounts, on grants and on financing rows.
 * Disabling one shuts out all its accounts and keys at once (access.service checks it on every request).
 */
export function createInstitutionService(deps: { db: Database; audit: AuditService }) {
  const { db, audit } = deps
  const repo = createInstitutionRepository()

  function checked(input: Pick<OrganizationInput, 'kind' | 'type' | 'regions'>): string[] {
    if (!Object.hasOwn(typesOf(input.kind), input.type)) throw OnboardingErrors.TYPE_UNKNOWN(input.type)
    for (const code of input.regions) if (!lookupDivision(code)) throw OnboardingErrors.REGION_UNKNOWN(code)
    return [...new Set(input.regions)].sort()
  }

  return {
    /** Onboards an institution or platform; audited in the same transaction. */
    async create(actor: AuditActor, input: OrganizationInput): Promise<Organization> {
      const regions = checked(input)
      return db.transaction(async (tx) => {
        const row = await repo.insert(tx, {
          id: randomUUID(), name: input.name.trim(), kind: input.kind, type: input.type, regions,
          contact_name: input.contact?.name ?? null, contact_phone: input.contact?.phone ?? null, contact_email: input.contact?.email ?? null,
        })
        if (!row) throw OnboardingErrors.ORGANIZATION_EXISTS(input.name)
        await audit.appendWithin(tx, { actor, action: 'institution.create', details: { name: row.name, kind: row.kind, type: row.type, regions } })
        return toOrganization(row)
      })
    },

    /** Changes type, regions or contact; the name stays, since accounts and grants are tied to it. */
    async update(actor: AuditActor, name: string, input: Omit<OrganizationInput, 'name' | 'kind'>): Promise<Organization> {
      return db.transaction(async (tx) => {
        const before = await repo.get(tx, name)
        if (!before) throw OnboardingErrors.ORGANIZATION_NOT_FOUND(name)
        const regions = checked({ kind: before.kind, type: input.type, regions: input.regions })
        const row = (await repo.update(tx, name, {
          type: input.type, regions, contact_name: input.contact?.name ?? null, contact_phone: input.contact?.phone ?? null, contact_email: input.contact?.email ?? null,
        }))!
        await audit.appendWithin(tx, { actor, action: 'institution.update', details: { name, type: row.type, regions } })
        return toOrganization(row)
      })
    },

    /** Disables (with a reason) or enables an organisation: its accounts cannot log in or use keys while disabled. */
    async setDisabled(actor: AuditActor, name: string, disabled: boolean, reason?: string | null): Promise<Organization> {
      return db.transaction(async (tx) => {
        const row = await repo.setDisabled(tx, name, disabled, disabled ? reason ?? null : null)
        if (!row) throw OnboardingErrors.ORGANIZATION_NOT_FOUND(name)
        await audit.appendWithin(tx, { actor, action: disabled ? 'institution.disable' : 'institution.enable', reason: reason ?? null, details: { name } })
        return toOrganization(row)
      })
    },

    async find(name: string): Promise<Organization | undefined> {
      const row = await repo.get(db, name)
      return row ? toOrganization(row) : undefined
    },

    async list(f: { kind?: OrganizationKind | undefined; q?: string | undefined; status?: 'enabled' | 'disabled' | undefined; type?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: Organization[] }> {
      const r = await repo.list(db, f)
      return { total: r.total, rows: r.rows.map(toOrganization) }
    },

    /**
     * What other contexts read of an institution or platform, by the name on its accounts
     * (`Principal.organization`); `undefined` when it is not in the directory.
     *
     * @example
     * const bank = await x.institutions.get('宁夏银行股份有限公司') // { type: 'bank', typeName: '银行', regions: ['640000'], … }
     */
    async get(name: string, tx?: Parameters<typeof repo.get>[0]): Promise<InstitutionRef | undefined> {
      const r = await repo.get(tx ?? db, name)
      return r ? { name: r.name, kind: r.kind, type: r.type, typeName: typesOf(r.kind)[r.type] ?? r.type, regions: r.regions, enabled: r.disabled_at === null } : undefined
    },
  }
}

export type InstitutionService = ReturnType<typeof createInstitutionService>

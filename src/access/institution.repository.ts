import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface OrganizationRow {
  id: string
  name: string
  kind: 'institution' | 'platform'
  type: string
  regions: string[]
  contact_name: string | null
  contact_phone: string | null
  contact_email: string | null
  disabled_at: Date | null
  disabled_reason: string | null
  created_at: Date
}

/** The filters of the institution list: kind, name contains, enabled or disabled, type. */
const LIST_WHERE = `($1::text is null or kind = $1) and ($2::text is null or strpos(name, $2) > 0)
        and ($3::text is null or ($3 = 'enabled') = (disabled_at is null)) and ($4::text is null or type = $4)`

const SQL = statements('access.institution', {
  insert: `insert into access.institution (id, name, kind, type, regions, contact_name, contact_phone, contact_email)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (name) do nothing returning *`,
  update: `update access.institution set type = $2, regions = $3, contact_name = $4, contact_phone = $5, contact_email = $6, updated_at = now()
         where name = $1 returning *`,
  setDisabled: `update access.institution set disabled_at = case when $2 then coalesce(disabled_at, now()) end,
           disabled_reason = case when $2 then $3 end, updated_at = now() where name = $1 returning *`,
  get: 'select * from access.institution where name = $1',
  count: `select count(*)::int as n from access.institution where ${LIST_WHERE}`,
  list: `select * from access.institution where ${LIST_WHERE} order by kind, name limit $5 offset $6`,
})

/** SQL of access.institution (migration 0020). */
export function createInstitutionRepository() {
  return {
    async insert(db: Sql, r: Omit<OrganizationRow, 'disabled_at' | 'disabled_reason' | 'created_at'>): Promise<OrganizationRow | undefined> {
      return (await db.query<OrganizationRow>(
        SQL.insert,
        [r.id, r.name, r.kind, r.type, r.regions, r.contact_name, r.contact_phone, r.contact_email],
      ))[0]
    },

    async update(db: Sql, name: string, r: Pick<OrganizationRow, 'type' | 'regions' | 'contact_name' | 'contact_phone' | 'contact_email'>): Promise<OrganizationRow | undefined> {
      return (await db.query<OrganizationRow>(
        SQL.update,
        [name, r.type, r.regions, r.contact_name, r.contact_phone, r.contact_email],
      ))[0]
    },

    async setDisabled(db: Sql, name: string, disabled: boolean, reason: string | null): Promise<OrganizationRow | undefined> {
      return (await db.query<OrganizationRow>(
        SQL.setDisabled,
        [name, disabled, reason],
      ))[0]
    },

    async get(db: Sql, name: string): Promise<OrganizationRow | undefined> {
      return (await db.query<OrganizationRow>(SQL.get, [name]))[0]
    },

    async list(db: Sql, f: { kind?: string | undefined; q?: string | undefined; status?: 'enabled' | 'disabled' | undefined; type?: string | undefined; limit: number; offset: number }): Promise<{ total: number; rows: OrganizationRow[] }> {
      const params = [f.kind ?? null, f.q ?? null, f.status ?? null, f.type ?? null]
      const total = (await db.query<{ n: number }>(SQL.count, params))[0]!.n
      const rows = await db.query<OrganizationRow>(SQL.list, [...params, f.limit, f.offset])
      return { total, rows }
    },
  }
}

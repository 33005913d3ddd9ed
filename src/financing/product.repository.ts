import type { Sql } from '../core/index.js'
import type { ProductInput, ProductStatus, ProductVersion } from './financing.types.js'
import { statements } from '../core/index.js'

interface VersionRow {
  product_id: string
  version: number
  institution: string
  status: ProductStatus
  product_type: ProductVersion['type']
  name: string
  description: string
  amount_min_fen: number
  amount_max_fen: number
  term_min_months: number
  term_max_months: number
  rate_min_bp: number
  rate_max_bp: number
  repayment_ways: string[]
  regions: string[]
  guarantee_required: boolean
  rules: ProductVersion['rules']
  review_reason: string | null
  reviewed_by: string | null
  reviewed_at: Date | null
  created_at: Date
  updated_at: Date
}

const SELECT = `select v.*, p.institution from financing.product_version v join financing.product p on p.id = v.product_id`

function versionOf(r: VersionRow): ProductVersion {
  return {
    id: r.product_id, version: r.version, institution: r.institution, status: r.status, type: r.product_type, name: r.name, description: r.description,
    amountMinFen: Number(r.amount_min_fen), amountMaxFen: Number(r.amount_max_fen), termMinMonths: r.term_min_months, termMaxMonths: r.term_max_months,
    rateMinBp: r.rate_min_bp, rateMaxBp: r.rate_max_bp, repaymentWays: r.repayment_ways as ProductVersion['repaymentWays'], regions: r.regions,
    guaranteeRequired: r.guarantee_required, rules: r.rules, reviewReason: r.review_reason, reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  }
}

export interface ProductFilter {
  institution?: string | undefined
  statuses?: readonly ProductStatus[] | undefined
  type?: string | undefined
  text?: string | undefined
  limit: number
  offset: number
}

/** The filters of the product list: institution, statuses, type, name contains (a LIKE pattern, escaped). */
const LIST_WHERE = `($1::text is null or p.institution = $1) and ($2::text[] is null or v.status = any($2)) and ($3::text is null or v.product_type = $3)
  and ($4::text is null or v.name like $4)`

const SQL = statements('financing.product', {
  insertProduct: 'insert into financing.product (id, institution, created_by, created_at) values ($1, $2, $3, $4)',
  insertVersion: `insert into financing.product_version (product_id, version, status, product_type, name, amount_min_fen, amount_max_fen, term_min_months, term_max_months,
           rate_min_bp, rate_max_bp, repayment_ways, regions, guarantee_required, description, rules, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
  updateVersion: `update financing.product_version set product_type = $3, name = $4, amount_min_fen = $5, amount_max_fen = $6, term_min_months = $7, term_max_months = $8,
           rate_min_bp = $9, rate_max_bp = $10, repayment_ways = $11, regions = $12, guarantee_required = $13, description = $14, rules = $15, updated_at = $16,
           status = 'draft', review_reason = null, reviewed_by = null, reviewed_at = null
         where product_id = $1 and version = $2`,
  setStatus: 'update financing.product_version set status = $3, updated_at = $4, review_reason = $5, reviewed_by = $6, reviewed_at = $4 where product_id = $1 and version = $2',
  setStatus2: 'update financing.product_version set status = $3, updated_at = $4 where product_id = $1 and version = $2',
  versions: 'select id from financing.product where id = $1 for update',
  versions2: `${SELECT} where v.product_id = $1 order by v.version desc`,
  version: `${SELECT} where v.product_id = $1 and v.version = $2`,
  published: `${SELECT} where v.status = 'published' order by v.product_id`,
  countList: `select count(*)::int as n from financing.product_version v join financing.product p on p.id = v.product_id where ${LIST_WHERE}`,
  list: `${SELECT} where ${LIST_WHERE} order by v.updated_at desc, v.product_id, v.version desc limit $5 offset $6`,
})

/** SQL of products and their versions; nothing else. */
export function createProductRepository() {
  return {
    async insertProduct(sql: Sql, id: string, institution: string, by: string, at: Date): Promise<void> {
      await sql.query(SQL.insertProduct, [id, institution, by, at])
    },

    async insertVersion(sql: Sql, id: string, version: number, input: ProductInput & { description: string }, status: ProductStatus, by: string, at: Date): Promise<void> {
      await sql.query(
        SQL.insertVersion,
        [id, version, status, input.type, input.name, input.amountMinFen, input.amountMaxFen, input.termMinMonths, input.termMaxMonths, input.rateMinBp, input.rateMaxBp,
          input.repaymentWays, input.regions, input.guaranteeRequired, input.description, JSON.stringify(input.rules), by, at],
      )
    },

    async updateVersion(sql: Sql, id: string, version: number, input: ProductInput & { description: string }, at: Date): Promise<void> {
      await sql.query(
        SQL.updateVersion,
        [id, version, input.type, input.name, input.amountMinFen, input.amountMaxFen, input.termMinMonths, input.termMaxMonths, input.rateMinBp, input.rateMaxBp,
          input.repaymentWays, input.regions, input.guaranteeRequired, input.description, JSON.stringify(input.rules), at],
      )
    },

    async setStatus(sql: Sql, id: string, version: number, status: ProductStatus, at: Date, review?: { reason: string | null; by: string }): Promise<void> {
      if (review) {
        await sql.query(SQL.setStatus, [id, version, status, at, review.reason, review.by])
      } else {
        await sql.query(SQL.setStatus2, [id, version, status, at])
      }
    },

    /** Every version of a product, newest first; locks them when asked (one change at a time per product). */
    async versions(sql: Sql, id: string, forUpdate = false): Promise<ProductVersion[]> {
      if (forUpdate) await sql.query(SQL.versions, [id])
      return (await sql.query<VersionRow>(SQL.versions2, [id])).map(versionOf)
    },

    async version(sql: Sql, id: string, version: number): Promise<ProductVersion | undefined> {
      const rows = await sql.query<VersionRow>(SQL.version, [id, version])
      return rows[0] ? versionOf(rows[0]) : undefined
    },

    async list(sql: Sql, f: ProductFilter): Promise<{ total: number; rows: ProductVersion[] }> {
      const text = f.text ? `%${f.text.replace(/[\\%_]/g, (c) => '\\' + c)}%` : null
      const params = [f.institution || null, f.statuses ?? null, f.type || null, text]
      const total = await sql.query<{ n: number }>(SQL.countList, params)
      const rows = await sql.query<VersionRow>(SQL.list, [...params, f.limit, f.offset])
      return { total: total[0]?.n ?? 0, rows: rows.map(versionOf) }
    },

    /** Every published version: the shelf matching reads. */
    async published(sql: Sql): Promise<ProductVersion[]> {
      return (await sql.query<VersionRow>(SQL.published)).map(versionOf)
    },
  }
}

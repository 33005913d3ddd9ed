import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface IssuedRow {
  code: string
  report_no: string
  subject_key: string
  subject_name: string | null
  issued_at: Date
  requester_username: string
  requester_role: string
  requester_org: string | null
  content: string
}

const SQL = statements('reports.report', {
  insert: `insert into reports.issued (code, report_no, subject_key, subject_name, issued_at, requester_username, requester_role, requester_org, content)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  byCode: 'select * from reports.issued where code = $1',
  byNumber: 'select * from reports.issued where report_no = $1',
})

/** Issued reports, written once and never changed (the table's trigger refuses updates and deletes). */
export function createReportRepository() {
  return {
    async insert(db: Sql, r: Omit<IssuedRow, 'issued_at'> & { issued_at: string }): Promise<void> {
      await db.query(
        SQL.insert,
        [r.code, r.report_no, r.subject_key, r.subject_name, r.issued_at, r.requester_username, r.requester_role, r.requester_org, r.content],
      )
    },
    async byCode(db: Sql, code: string): Promise<IssuedRow | undefined> {
      return (await db.query<IssuedRow>(SQL.byCode, [code]))[0]
    },
    async byNumber(db: Sql, reportNo: string): Promise<IssuedRow | undefined> {
      return (await db.query<IssuedRow>(SQL.byNumber, [reportNo]))[0]
    },
  }
}

import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface SelfDeclaredRow {
  id: string
  subject_key: string
  item_key: string
  data: Record<string, unknown>
  declared_by: string
  declared_at: Date
  withdrawn_at: Date | null
}

export interface CommitmentRow {
  id: string
  subject_key: string
  type: string
  text: string
  text_sm3: string
  signer: string
  signed_on: string
  signed_by: string
  created_at: Date
}

const SQL = statements('records.self-declared', {
  insert: `insert into records.self_declared (id, subject_key, item_key, data, declared_by) values ($1, $2, $3, $4::jsonb, $5) returning *`,
  ofSubject: `select * from records.self_declared where subject_key = $1 and ($2 or withdrawn_at is null) order by item_key, declared_at desc`,
  withdraw: `update records.self_declared set withdrawn_at = coalesce(withdrawn_at, now()) where subject_key = $1 and id = $2 returning *`,
  insertCommitment: `insert into records.credit_commitment (id, subject_key, type, text, text_sm3, signer, signed_on, signed_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
  commitments: 'select * from records.credit_commitment where subject_key = $1 order by signed_on desc, created_at desc',
})

/** SQL of records.self_declared and records.credit_commitment (migration 0021); every read is by subject first. */
export function createSelfDeclaredRepository() {
  return {
    async insert(db: Sql, r: Pick<SelfDeclaredRow, 'id' | 'subject_key' | 'item_key' | 'declared_by'> & { data: string }): Promise<SelfDeclaredRow> {
      return (await db.query<SelfDeclaredRow>(
        SQL.insert,
        [r.id, r.subject_key, r.item_key, r.data, r.declared_by],
      ))[0]!
    },

    async ofSubject(db: Sql, subjectKey: string, opts: { withdrawn?: boolean } = {}): Promise<SelfDeclaredRow[]> {
      return db.query<SelfDeclaredRow>(
        SQL.ofSubject,
        [subjectKey, opts.withdrawn ?? false],
      )
    },

    async withdraw(db: Sql, subjectKey: string, id: string): Promise<SelfDeclaredRow | undefined> {
      return (await db.query<SelfDeclaredRow>(
        SQL.withdraw,
        [subjectKey, id],
      ))[0]
    },

    async insertCommitment(db: Sql, r: Omit<CommitmentRow, 'created_at'>): Promise<CommitmentRow> {
      return (await db.query<CommitmentRow>(
        SQL.insertCommitment,
        [r.id, r.subject_key, r.type, r.text, r.text_sm3, r.signer, r.signed_on, r.signed_by],
      ))[0]!
    },

    async commitments(db: Sql, subjectKey: string): Promise<CommitmentRow[]> {
      return db.query<CommitmentRow>(SQL.commitments, [subjectKey])
    },
  }
}

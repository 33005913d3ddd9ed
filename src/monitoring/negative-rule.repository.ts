import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

export interface NegativeRuleRow {
  item_key: string
  item_name: string
  kind: string
  condition: Record<string, unknown> | string
  updated_at: Date | string
  updated_by: string | null
}

export interface NegativeRuleEventRow {
  seq: number | string
  at: Date | string
  changed_by: string
  kind: string
  condition: Record<string, unknown> | string
  previous_kind: string | null
  previous_condition: Record<string, unknown> | string | null
}

const SQL = statements('monitoring.negative_rule', {
  list: 'select item_key, item_name, kind, condition, updated_at, updated_by from monitoring.negative_rule order by item_key',
  forUpdate: 'select item_key, item_name, kind, condition, updated_at, updated_by from monitoring.negative_rule where item_key = $1 for update',
  upsert: `insert into monitoring.negative_rule (item_key, item_name, kind, condition, updated_at, updated_by) values ($1, $2, $3, $4::jsonb, $5, $6)
         on conflict (item_key) do update set item_name = excluded.item_name, kind = excluded.kind, condition = excluded.condition,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning item_key, item_name, kind, condition, updated_at, updated_by`,
  addEvent: `insert into monitoring.negative_rule_event (item_key, at, changed_by, kind, condition, previous_kind, previous_condition)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7::jsonb)`,
  history: `select seq, at, changed_by, kind, condition, previous_kind, previous_condition from monitoring.negative_rule_event
         where item_key = $1 order by seq desc limit $2`,
})

/** The operator's side of the negative-record rules: read, change with the change kept, history. */
export function createNegativeRuleRepository() {
  return {
    list: (db: Sql) => db.query<NegativeRuleRow>(SQL.list),

    async forUpdate(tx: Sql, itemKey: string): Promise<NegativeRuleRow | undefined> {
      return (await tx.query<NegativeRuleRow>(SQL.forUpdate, [itemKey]))[0]
    },

    async put(tx: Sql, r: { itemKey: string; itemName: string; kind: string; condition: object; at: Date; by: string }, previous: NegativeRuleRow | undefined): Promise<NegativeRuleRow> {
      const [row] = await tx.query<NegativeRuleRow>(SQL.upsert, [r.itemKey, r.itemName, r.kind, JSON.stringify(r.condition), r.at, r.by])
      await tx.query(SQL.addEvent, [r.itemKey, r.at, r.by, r.kind, JSON.stringify(r.condition), previous?.kind ?? null, previous ? (typeof previous.condition === 'string' ? previous.condition : JSON.stringify(previous.condition)) : null])
      return row!
    },

    history: (db: Sql, itemKey: string, limit: number) => db.query<NegativeRuleEventRow>(SQL.history, [itemKey, limit]),
  }
}

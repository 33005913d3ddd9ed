import type { Sql } from '../core/index.js'
import { statements } from '../core/index.js'

const SQL = statements('records.change_retention', {
  // One batch in one statement (its own short transaction): the oldest `$3` changes at or below the bound, of which the
  // run older than `$4` from the start is deleted, and the position of the last one deleted recorded in the same
  // statement. A change not older than `$4` stops the run, so what stays is always a suffix of the feed's order:
  // the pruned position alone tells whether a cursor may have lost changes.
  pruneBatch: `with batch as (
           select subject_key, seq, txid, at from records.change
           where (txid, seq) <= ($1::xid8, $2::bigint)
           order by txid, seq
           limit $3
         ),
         stop as (select txid, seq from batch where at >= $4::timestamptz order by txid, seq limit 1),
         doomed as (
           select b.subject_key, b.seq from batch b
           where not exists (select 1 from stop) or (b.txid, b.seq) < (select s.txid, s.seq from stop s)
         ),
         gone as (
           delete from records.change c using doomed d
           where c.subject_key = d.subject_key and c.seq = d.seq
           returning c.txid, c.seq, c.at
         ),
         last as (select txid, seq, at from gone order by txid desc, seq desc limit 1),
         mark as (
           insert into records.change_retention (singleton, pruned_txid, pruned_seq, pruned_at, deleted, updated_at)
           select true, txid, seq, at, (select count(*) from gone), now() from last
           on conflict (singleton) do update set pruned_txid = excluded.pruned_txid, pruned_seq = excluded.pruned_seq,
             pruned_at = excluded.pruned_at, deleted = records.change_retention.deleted + excluded.deleted, updated_at = excluded.updated_at
           returning 1
         )
         select (select count(*) from gone)::int as deleted, (select count(*) from batch)::int as looked,
                exists (select 1 from stop) as stopped, (select count(*) from mark)::int as marked`,
  pruned: 'select pruned_txid::text as txid, pruned_seq::text as seq, pruned_at, deleted::text as deleted from records.change_retention',
})

export interface PrunedRow {
  txid: string
  seq: string
  pruned_at: Date
  deleted: string
}

/** SQL of records.change_retention (migration 0155): how far the change feed has been pruned, and the pruning itself. */
export function createChangeRetentionRepository() {
  return {
    /**
     * Deletes at most `limit` of the oldest changes at or below (txid, seq) committed before `before`, stopping at the
     * first that is not; records the last position deleted. `stopped`: a change too young was met (nothing older waits
     * beyond it in order); `looked < limit`: the bound was reached.
     */
    async pruneBatch(db: Sql, o: { txid: string; seq: number; limit: number; before: Date }): Promise<{ deleted: number; looked: number; stopped: boolean }> {
      const r = (await db.query<{ deleted: number; looked: number; stopped: boolean }>(SQL.pruneBatch, [o.txid, o.seq, o.limit, o.before]))[0]!
      return { deleted: r.deleted, looked: r.looked, stopped: r.stopped }
    },

    async pruned(db: Sql): Promise<PrunedRow | undefined> {
      return (await db.query<PrunedRow>(SQL.pruned))[0]
    },
  }
}

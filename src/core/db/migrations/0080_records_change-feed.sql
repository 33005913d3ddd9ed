-- records: the change feed. One row per change of a record (a new record, a correction, a withdrawal …), written
-- in the same transaction as the change itself, so a rolled-back write leaves no change and a committed one
-- always has its row. Monitoring, evaluation, credit repair and the platform feed read it in order from a cursor
-- (records/change-feed.ts).
--
-- Ordering: `seq` comes from a sequence when the row is written, but transactions commit in another order, so a
-- reader paging by `seq` alone would skip a lower seq that commits after a higher one it has already read. Each
-- row therefore carries the writing transaction's id (`txid`, xid8), and readers read only rows whose
-- transaction is older than every transaction still in progress (`txid < pg_snapshot_xmin(pg_current_snapshot())`):
-- that set never grows below the horizon, so paging it by (txid, seq) never skips a row. A cursor is that pair.
--
-- Citus: subject_key leads the primary key, so the table can be distributed like records.record.
create sequence records.change_seq;

create table records.change (
  subject_key text not null,
  seq         bigint not null default nextval('records.change_seq'),
  txid        xid8 not null default pg_current_xact_id(),
  item_key    text not null,
  -- the record's identity: records.record (subject_key, item_key, record_key, version); for a self-declared
  -- record, its id and version 1
  record_key  text not null,
  version     integer not null,
  -- inserted | corrected | withdrawn | restored | declared | declaration_withdrawn … (records/change-feed.ts)
  kind        text not null,
  source      text not null,
  batch_id    uuid,
  provider    text,
  details     jsonb,
  at          timestamptz not null default now(),
  primary key (subject_key, seq)
);
create index change_order_idx on records.change (txid, seq);

-- Whoever waits for changes LISTENs on records_change; a notification is delivered at commit only, never for a
-- rolled-back write, and one per statement is enough (readers read everything new from their cursor).
create function records.notify_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('records_change', '');
  return null;
end
$$;
create trigger change_notify after insert on records.change for each statement execute function records.notify_change();

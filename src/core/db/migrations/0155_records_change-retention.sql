-- records: retention of the change feed. records.change grew forever; a pruning job (records/change-retention.ts)
-- now deletes changes older than the feed's retention window that every in-process consumer (evaluation's follower,
-- monitoring's consumer) has already read, oldest first in (txid, seq) order, in small batches.
--
-- One row says how far it has pruned: the position of the last change deleted. A reader whose cursor is below it
-- may have lost changes (a platform's feed answers PLATFORM_CURSOR_EXPIRED and sends it to the snapshot) rather
-- than skipping them silently. It is written in the statement that deletes, so a reader that sees a gap also sees it.
create table records.change_retention (
  singleton    boolean primary key default true check (singleton),
  pruned_txid  xid8 not null,
  pruned_seq   bigint not null,
  -- when the last change deleted was committed (its `at`), for the message to a platform that fell behind
  pruned_at    timestamptz not null,
  deleted      bigint not null default 0,
  updated_at   timestamptz not null default now()
);

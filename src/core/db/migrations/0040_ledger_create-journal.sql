-- ledger: the double-entry journal of the financing funds (risk compensation pools, interest subsidy). Money is
-- integer 分. A line's amount is positive for a debit and negative for a credit; every entry's lines sum to zero,
-- so the balances of all accounts always sum to zero. Entries are immutable: a correction is a reversing entry.
-- Small tables (thousands of entries a year per fund): local tables on Citus, not distributed.
create schema if not exists ledger;

-- One account per (fund, kind, party). The balance is kept here, updated in the same transaction as the lines,
-- and the floor is the database's own check: an account that must not go below zero (a fund's pool, its
-- commitments) cannot, whatever the code above it does. Balances stay within JavaScript's safe integers.
create table ledger.account (
  code        text primary key,
  fund_id     uuid,
  kind        text not null,
  party       text,
  floor_zero  boolean not null,
  balance_fen bigint not null default 0,
  created_at  timestamptz not null default now(),
  check (not floor_zero or balance_fen >= 0),
  check (balance_fen between -9007199254740991 and 9007199254740991)
);
create index account_fund_idx on ledger.account (fund_id, kind);

create table ledger.entry (
  id              uuid primary key,
  -- the posting's idempotency key: a retried payout finds its first entry here and pays nothing twice
  idempotency_key text not null unique,
  fund_id         uuid,
  kind            text not null,
  memo            text not null,
  ref_type        text,
  ref_id          text,
  -- the entry this one reverses; an entry is reversed at most once
  reverses        uuid unique references ledger.entry (id),
  created_by      text not null,
  created_at      timestamptz not null default now()
);
create index entry_fund_idx on ledger.entry (fund_id, created_at desc);
create index entry_ref_idx on ledger.entry (ref_type, ref_id);

create table ledger.line (
  entry_id     uuid not null references ledger.entry (id),
  seq          integer not null,
  account_code text not null references ledger.account (code),
  amount_fen   bigint not null check (amount_fen <> 0 and amount_fen between -9007199254740991 and 9007199254740991),
  primary key (entry_id, seq)
);
create index line_account_idx on ledger.line (account_code);

create function ledger.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '账簿分录不可修改或删除，更正请记一笔冲销分录 / ledger entries are immutable; post a reversal (% refused)', tg_op
    using errcode = 'insufficient_privilege';
end
$$;
create trigger entry_immutable before update or delete on ledger.entry for each row execute function ledger.refuse_change();
create trigger entry_no_truncate before truncate on ledger.entry for each statement execute function ledger.refuse_change();
create trigger line_immutable before update or delete on ledger.line for each row execute function ledger.refuse_change();
create trigger line_no_truncate before truncate on ledger.line for each statement execute function ledger.refuse_change();

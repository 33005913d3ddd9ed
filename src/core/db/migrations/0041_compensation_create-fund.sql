-- compensation: risk compensation funds (风险缓释补偿, 68号文 §十四), their rule versions, the loans they cover,
-- claims and interest-subsidy programmes. Money moves only through the ledger (migration 0040); these tables hold
-- what was decided and why. Small tables: local on Citus, except loan and subsidy_payment, keyed by loan.
create schema if not exists compensation;

create table compensation.fund (
  id          uuid primary key,
  name        text not null unique,
  owner       text not null,
  regions     text[] not null default '{}',
  year        integer not null,
  -- which rule version judges a claim: the one in force at the loan's start, or at the claim's filing
  rule_basis  text not null check (rule_basis in ('loan_start', 'claim_date')),
  created_by  text not null,
  created_at  timestamptz not null default now()
);

-- Rule documents are never edited: a change is a new version from a later date.
create table compensation.rule_version (
  fund_id        uuid not null references compensation.fund (id),
  version        integer not null,
  effective_from date not null,
  rules          jsonb not null,
  created_by     text not null,
  created_at     timestamptz not null default now(),
  primary key (fund_id, version),
  unique (fund_id, effective_from)
);

-- The loans as the financing lifecycle last reported them (LoanFacts), and the funds each one is enrolled in.
create table compensation.loan (
  loan_id     text primary key,
  institution text not null,
  uscc        text not null,
  facts       jsonb not null,
  updated_at  timestamptz not null default now()
);
create index loan_institution_idx on compensation.loan (institution);

create table compensation.enrolment (
  fund_id       uuid not null references compensation.fund (id),
  loan_id       text not null references compensation.loan (loan_id),
  institution   text not null,
  principal_fen bigint not null check (principal_fen > 0),
  start_date    date not null,
  enrolled_at   timestamptz not null default now(),
  primary key (fund_id, loan_id)
);
create index enrolment_institution_idx on compensation.enrolment (fund_id, institution);

create table compensation.claim (
  id             uuid primary key,
  fund_id        uuid not null references compensation.fund (id),
  loan_id        text not null references compensation.loan (loan_id),
  institution    text not null,
  uscc           text not null,
  year           integer not null,
  status         text not null check (status in ('filed', 'approved', 'rejected', 'paid')),
  rule_version   integer not null,
  unrecovered_fen bigint not null check (unrecovered_fen > 0),
  -- what the institution asked for: kept as it said, never paid from; the fund pays what the rules compute
  claimed_fen    bigint check (claimed_fen > 0),
  computed_fen   bigint not null check (computed_fen >= 0),
  approved_fen   bigint check (approved_fen > 0),
  breakdown      jsonb not null,
  evidence       jsonb not null,
  note           text,
  filed_by       text not null,
  filed_at       timestamptz not null,
  reviewed_by    text,
  reviewed_at    timestamptz,
  review_note    text,
  reject_reason  text,
  paid_by        text,
  paid_at        timestamptz,
  payment_ref    text,
  recovered_fen  bigint not null default 0 check (recovered_fen >= 0),
  returned_fen   bigint not null default 0 check (returned_fen >= 0),
  check (recovered_fen <= unrecovered_fen),
  check (approved_fen is null or returned_fen <= approved_fen)
);
-- one live claim per loan and fund; a rejected one may be filed again
create unique index claim_live_idx on compensation.claim (fund_id, loan_id) where status <> 'rejected';
create index claim_queue_idx on compensation.claim (status, filed_at);
create index claim_institution_idx on compensation.claim (institution, filed_at desc);

create table compensation.claim_event (
  claim_id   uuid not null references compensation.claim (id),
  seq        integer not null,
  at         timestamptz not null,
  action     text not null check (action in ('file', 'approve', 'reject', 'pay', 'recover')),
  actor      text not null,
  actor_role text not null,
  amount_fen bigint,
  note       text,
  entry_id   uuid,
  -- a recovery reported twice under one key counts once, even when it returned nothing to the pool
  idempotency_key text,
  primary key (claim_id, seq),
  unique (claim_id, idempotency_key)
);

create table compensation.subsidy_programme (
  id          uuid primary key,
  name        text not null unique,
  fund_id     uuid not null references compensation.fund (id),
  period_from date not null,
  period_to   date not null check (period_to >= period_from),
  rules       jsonb not null,
  created_by  text not null,
  created_at  timestamptz not null default now()
);

-- One row per programme × repayment: the repayment's key makes a second report of it pay nothing.
create table compensation.subsidy_payment (
  id             uuid primary key,
  programme_id   uuid not null references compensation.subsidy_programme (id),
  loan_id        text not null,
  repayment_key  text not null,
  uscc           text not null,
  institution    text not null,
  repayment_date date not null,
  interest_fen   bigint not null check (interest_fen >= 0),
  amount_fen     bigint not null check (amount_fen >= 0),
  status         text not null check (status in ('paid', 'cap_reached', 'insufficient_funds')),
  reason         text not null,
  entry_id       uuid,
  created_at     timestamptz not null default now(),
  unique (programme_id, loan_id, repayment_key)
);
create index subsidy_payment_uscc_idx on compensation.subsidy_payment (programme_id, uscc, repayment_date);

-- Financing (信易贷): products and their versions, enterprises' needs, applications and the loans they become.
create schema if not exists financing;

create table financing.product (
  id uuid primary key,
  institution text not null,
  created_by text not null,
  created_at timestamptz not null
);
create index product_institution on financing.product (institution);

-- Every edit of a published product is a new version; applications point at the version they applied to.
create table financing.product_version (
  product_id uuid not null references financing.product (id),
  version integer not null,
  status text not null check (status in ('draft', 'submitted', 'rejected', 'published', 'paused', 'retired', 'superseded')),
  product_type text not null,
  name text not null,
  amount_min_fen bigint not null,
  amount_max_fen bigint not null,
  term_min_months integer not null,
  term_max_months integer not null,
  rate_min_bp integer not null,
  rate_max_bp integer not null,
  repayment_ways text[] not null,
  regions text[] not null,
  guarantee_required boolean not null,
  description text not null default '',
  rules jsonb not null,
  review_reason text,
  reviewed_by text,
  reviewed_at timestamptz,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (product_id, version)
);
create index product_version_status on financing.product_version (status);

create table financing.need (
  id uuid primary key,
  subject_key text not null,
  amount_fen bigint not null,
  term_months integer not null,
  purpose text not null,
  collateral text,
  division_code text,
  status text not null check (status in ('open', 'closed')),
  created_by text not null,
  created_at timestamptz not null,
  closed_at timestamptz
);
create index need_subject on financing.need (subject_key);
create index need_open on financing.need (status, division_code);

-- One application, and the loan it becomes once lent (one loan per application: loan id = application id).
create table financing.application (
  id uuid primary key,
  subject_key text not null,
  need_id uuid,
  product_id uuid not null,
  product_version integer not null,
  institution text not null,
  grant_id uuid,
  amount_fen bigint not null,
  term_months integer not null,
  status text not null,
  -- The deadline (Beijing date) of the step the institution owes now; null when it owes none.
  due_step text,
  due_date date,
  reason_code text,
  reason_note text,
  contract_no text,
  principal_fen bigint,
  annual_rate_bp integer,
  repayment_way text,
  start_date date,
  maturity_date date,
  guarantor text,
  credit_loan boolean,
  first_loan boolean,
  outstanding_principal_fen bigint,
  overdue_since date,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (product_id, product_version) references financing.product_version (product_id, version)
);
create index application_subject on financing.application (subject_key);
create index application_institution on financing.application (institution, status);
create index application_due on financing.application (due_date) where due_date is not null;
-- One application in progress per enterprise and product, even when two arrive at the same moment.
create unique index application_in_progress on financing.application (subject_key, product_id) where status in ('submitted', 'accepted', 'approved');

create table financing.application_event (
  application_id uuid not null references financing.application (id),
  seq integer not null,
  at timestamptz not null,
  business_date date not null,
  action text not null,
  from_status text,
  to_status text not null,
  actor text not null,
  actor_role text not null,
  note text,
  details jsonb,
  primary key (application_id, seq)
);

create table financing.repayment (
  application_id uuid not null references financing.application (id),
  seq integer not null,
  repaid_on date not null,
  principal_fen bigint not null,
  interest_fen bigint not null,
  recorded_at timestamptz not null,
  primary key (application_id, seq)
);

-- A step the institution did late (or reported late), kept per institution for statistics.
create table financing.late_step (
  application_id uuid not null references financing.application (id),
  step text not null,
  institution text not null,
  due_date date not null,
  done_date date not null,
  working_days_late integer not null,
  recorded_at timestamptz not null,
  primary key (application_id, step, due_date)
);
create index late_step_institution on financing.late_step (institution);
